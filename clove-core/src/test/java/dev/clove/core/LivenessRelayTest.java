// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import dev.clove.api.FeedbackRelay;
import dev.clove.api.FeedbackWord;
import dev.clove.core.internal.RelayTable;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The liveness-only relay of {@link Clove#livenessRelay()}, built through the public builder: it relays heard words
 * and nothing else, each port at most once per {@value RelayTable#LIVENESS_INTERVALS} relay intervals, and counts
 * what it sees (FeedbackRelay's and Counter's Javadoc).
 */
class LivenessRelayTest {
  /** A relay interval, set explicitly. */
  static final long I = 1_000;
  /** The least time between two heard words about one port: 16 relay intervals. */
  static final long LIVENESS = RelayTable.LIVENESS_INTERVALS * I;

  static FeedbackRelay relay(int maxSources) {
    return Clove.livenessRelay().maxSources(maxSources).relayIntervalNanos(I).build();
  }

  @Test
  void aHeardPortIsReportedOnceAtOnceAndAgainOnlyAfterSixteenRelayIntervals() {
    FeedbackRelay r = relay(2);
    assertEquals(FeedbackWord.NONE, r.pollFeedback(1, 0), "nothing heard yet");
    r.onArrival(1, 7000, false, 0);
    assertEquals(FeedbackWord.encodeHeard(7000), r.pollFeedback(1, 0), "a port new to the relay goes out at once");
    assertEquals(FeedbackWord.NONE, r.pollFeedback(1, 0), "one word per news");
    for (long t = 100; t < LIVENESS; t += 100) {
      r.onArrival(1, 7000, false, t); // heard all along
      assertEquals(FeedbackWord.NONE, r.pollFeedback(1, t), "at " + t + ", within 16 intervals of the word");
    }
    r.onArrival(1, 7000, false, LIVENESS - 1);
    assertEquals(FeedbackWord.NONE, r.pollFeedback(1, LIVENESS - 1));
    assertEquals(FeedbackWord.encodeHeard(7000), r.pollFeedback(1, LIVENESS), "16 intervals after the first word");
    assertEquals(FeedbackWord.NONE, r.pollFeedback(1, LIVENESS));
    // Not heard since: nothing more, however long one waits.
    assertEquals(FeedbackWord.NONE, r.pollFeedback(1, 10 * LIVENESS));
    assertEquals(2, r.count(Counter.RELAY_LIVENESS_SENT));
    assertEquals(0, r.count(Counter.RELAY_REPORTS_SENT), "heard words are not reports");
  }

  @Test
  void congestionMarksAreOnlyEvidenceOfHearing() {
    FeedbackRelay r = relay(1);
    r.onArrival(0, 5, true, 0);
    r.onArrival(0, 5, true, 1);
    r.onArrival(0, 6, false, 2);
    Set<Integer> words = new HashSet<>();
    words.add(r.pollFeedback(0, 3));
    words.add(r.pollFeedback(0, 3));
    assertEquals(Set.of(FeedbackWord.encodeHeard(5), FeedbackWord.encodeHeard(6)), words);
    assertEquals(FeedbackWord.NONE, r.pollFeedback(0, 3));
    assertEquals(3, r.count(Counter.RELAY_ARRIVALS));
    assertEquals(2, r.count(Counter.RELAY_CE_ARRIVALS));
    assertEquals(0, r.count(Counter.RELAY_REPORTS_SENT));
    assertEquals(2, r.count(Counter.RELAY_LIVENESS_SENT));
  }

  @Test
  void theDefaultIntervalIsHalfTheBaseRtt() {
    // Base RTT 2,000 ns: relay interval 1,000 ns, liveness every 16,000 ns.
    assertSecondWordComesAt(LIVENESS, Clove.livenessRelay().maxSources(1).baseRttNanos(2 * I).build());
    // The default base RTT, 100 us: 50 us, so 800 us between two heard words about a port.
    assertSecondWordComesAt(800_000, Clove.livenessRelay().maxSources(1).build());
    // A base RTT of 1 ns still has a positive interval: 1 ns, so 16 ns.
    assertSecondWordComesAt(16, Clove.livenessRelay().maxSources(1).baseRttNanos(1).build());
    // An explicit interval wins over the base RTT, whichever is set first.
    assertSecondWordComesAt(16 * 300,
        Clove.livenessRelay().relayIntervalNanos(300).baseRttNanos(10_000).maxSources(1).build());
  }

  /** Port 9 heard at 0 (its word goes out at once) and heard again at 1: its second word is due at {@code at}. */
  static void assertSecondWordComesAt(long at, FeedbackRelay r) {
    r.onArrival(0, 9, false, 0);
    assertEquals(FeedbackWord.encodeHeard(9), r.pollFeedback(0, 0));
    r.onArrival(0, 9, false, 1);
    assertEquals(FeedbackWord.NONE, r.pollFeedback(0, at - 1), "1 ns early");
    assertEquals(FeedbackWord.encodeHeard(9), r.pollFeedback(0, at));
  }

  @Test
  void portsOfOneSourceTakeTurnsAndSourcesAreSeparate() {
    FeedbackRelay r = relay(3);
    for (int port = 100; port < 104; port++) {
      r.onArrival(2, port, false, 0);
    }
    r.onArrival(0, 555, false, 0);
    assertEquals(FeedbackWord.NONE, r.pollFeedback(1, 0), "source 1 heard nothing");
    Set<Integer> ports = new HashSet<>();
    for (int k = 0; k < 4; k++) {
      int word = r.pollFeedback(2, 0);
      assertEquals(FeedbackWord.KIND_EXTENDED, FeedbackWord.kind(word));
      assertEquals(FeedbackWord.SUBKIND_HEARD, FeedbackWord.subKind(word));
      ports.add(FeedbackWord.sourcePort(word));
    }
    assertEquals(Set.of(100, 101, 102, 103), ports, "each heard port once");
    assertEquals(FeedbackWord.NONE, r.pollFeedback(2, 0));
    assertEquals(FeedbackWord.encodeHeard(555), r.pollFeedback(0, 0));
  }

  @Test
  void badSourcesAndPortsAreCountedAndIgnored() {
    FeedbackRelay r = relay(4);
    r.onArrival(-1, 10, false, 0);
    r.onArrival(4, 10, true, 0);
    assertEquals(FeedbackWord.NONE, r.pollFeedback(-1, 0));
    assertEquals(FeedbackWord.NONE, r.pollFeedback(4, 0));
    assertEquals(4, r.count(Counter.FEEDBACK_UNKNOWN_DESTINATION));
    r.onArrival(1, -1, false, 0);
    r.onArrival(1, 0x10000, true, 0);
    assertEquals(2, r.count(Counter.FEEDBACK_INVALID_VALUE));
    assertEquals(FeedbackWord.NONE, r.pollFeedback(1, 0), "nothing valid was heard from source 1");
    // Every arrival counts, valid or not, and so does its CE bit.
    assertEquals(4, r.count(Counter.RELAY_ARRIVALS));
    assertEquals(2, r.count(Counter.RELAY_CE_ARRIVALS));
    // The edges of the valid ranges: source maxSources - 1 and source 0, ports 0 and 65535.
    r.onArrival(3, 0, false, 1);
    r.onArrival(0, 0xFFFF, false, 1);
    assertEquals(FeedbackWord.encodeHeard(0), r.pollFeedback(3, 1));
    assertEquals(FeedbackWord.encodeHeard(0xFFFF), r.pollFeedback(0, 1));
    assertEquals(4, r.count(Counter.FEEDBACK_UNKNOWN_DESTINATION));
    assertEquals(2, r.count(Counter.FEEDBACK_INVALID_VALUE));
    assertEquals(2, r.count(Counter.RELAY_LIVENESS_SENT));
  }

  @Test
  void telemetryIsTheWrongKindOfInput() {
    FeedbackRelay r = relay(2);
    r.onTelemetry(0, 10, 0.5, 0);
    r.onTelemetry(1, 11, Double.NaN, 0);
    assertEquals(2, r.count(Counter.RELAY_WRONG_KIND));
    assertEquals(FeedbackWord.NONE, r.pollFeedback(0, 0), "telemetry is not hearing a port");
    assertEquals(0, r.count(Counter.RELAY_ARRIVALS));
  }

  @Test
  void withLivenessReportsOffNothingIsEverRelayed() {
    FeedbackRelay r = Clove.livenessRelay().maxSources(1).relayIntervalNanos(I).livenessReports(false).build();
    for (long t = 0; t < 3 * LIVENESS; t += I / 2) {
      r.onArrival(0, 40, true, t);
      assertEquals(FeedbackWord.NONE, r.pollFeedback(0, t));
    }
    assertEquals(0, r.count(Counter.RELAY_LIVENESS_SENT));
    assertEquals(0, r.count(Counter.RELAY_LIVENESS_DROPPED));
  }

  @Test
  void portsBeyondTheSlotsAreDroppedAndCounted() {
    FeedbackRelay r = Clove.livenessRelay().maxSources(1).relayIntervalNanos(I).pendingPortsPerSource(2).build();
    r.onArrival(0, 1, false, 0);
    r.onArrival(0, 2, false, 0);
    r.onArrival(0, 3, false, 0); // both slots pending
    assertEquals(1, r.count(Counter.RELAY_LIVENESS_DROPPED));
    Set<Integer> ports = Set.of(FeedbackWord.sourcePort(r.pollFeedback(0, 0)),
        FeedbackWord.sourcePort(r.pollFeedback(0, 0)));
    assertEquals(Set.of(1, 2), ports);
    r.onArrival(0, 3, false, I - 1); // both slots cooling
    assertEquals(2, r.count(Counter.RELAY_LIVENESS_DROPPED));
    assertEquals(FeedbackWord.NONE, r.pollFeedback(0, I - 1));
    r.onArrival(0, 3, false, I); // a slot has cooled: port 3 takes it
    assertEquals(FeedbackWord.encodeHeard(3), r.pollFeedback(0, I));
    assertEquals(0, r.count(Counter.RELAY_REPORTS_DROPPED), "only liveness was lost");
  }

  @Test
  void clockAnomaliesAreCountedByTheRelay() {
    FeedbackRelay r = relay(1);
    r.onArrival(0, 8, false, 5_000);
    r.onArrival(0, 8, false, 4_000); // 1 us back: reordering, no time passes
    assertEquals(1, r.count(Counter.CLOCK_BACKWARDS));
    assertEquals(FeedbackWord.encodeHeard(8), r.pollFeedback(0, Long.MAX_VALUE)); // absurd: held, not used
    assertEquals(1, r.count(Counter.CLOCK_JUMPS));
    assertTrue(r.toString().contains("maxSources=1") && r.toString().contains("relayIntervalNanos=" + I),
        "names its size and its table's interval: " + r);
  }
}
