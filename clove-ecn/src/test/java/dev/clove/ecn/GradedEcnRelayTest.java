// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.ecn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import dev.clove.api.FeedbackRelay;
import dev.clove.api.FeedbackWord;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The graded relay ({@link CloveEcn#gradedRelay()}): what it counts, per port and per report window. */
class GradedEcnRelayTest {
  static final long I = 50_000;

  /** Polls until NONE and returns port to fraction. */
  private static Map<Integer, Double> drain(FeedbackRelay r, int source, long now) {
    Map<Integer, Double> words = new HashMap<>();
    for (int w = r.pollFeedback(source, now); w != FeedbackWord.NONE; w = r.pollFeedback(source, now)) {
      assertEquals(FeedbackWord.KIND_EXTENDED, FeedbackWord.kind(w));
      assertEquals(FeedbackWord.SUBKIND_CE_FRACTION, FeedbackWord.subKind(w));
      assertTrue(FeedbackWord.isWellFormed(w));
      Double before = words.put(FeedbackWord.sourcePort(w), FeedbackWord.congestionFraction(w));
      assertEquals(null, before, "a port is reported at most once per interval");
    }
    return words;
  }

  @Test
  void eachHeardPortIsReportedOnceWithItsMarkedShare() {
    FeedbackRelay r = CloveEcn.gradedRelay().maxSources(4).relayIntervalNanos(I).build();
    // Port 7000: 1 of 4 marked. Port 7001: 3 unmarked. Port 7002 of another source: 2 of 2 marked.
    r.onArrival(1, 7000, false, 0);
    r.onArrival(1, 7001, false, 1);
    r.onArrival(1, 7000, true, 2);
    r.onArrival(1, 7000, false, 3);
    r.onArrival(1, 7001, false, 4);
    r.onArrival(1, 7000, false, 5);
    r.onArrival(1, 7001, false, 6);
    r.onArrival(2, 7002, true, 7);
    r.onArrival(2, 7002, true, 8);
    assertEquals(Map.of(7000, 0.25, 7001, 0.0), roundToSteps(drain(r, 1, 10)));
    assertEquals(Map.of(7002, 1.0), drain(r, 2, 10));
    assertEquals(Map.of(), drain(r, 1, 10 + I), "nothing heard since: nothing to report");
    assertEquals(9, r.count(Counter.RELAY_ARRIVALS));
    assertEquals(3, r.count(Counter.RELAY_CE_ARRIVALS));
    assertEquals(2, r.count(Counter.RELAY_REPORTS_SENT)); // 7000 and 7002
    assertEquals(1, r.count(Counter.RELAY_LIVENESS_SENT)); // 7001's 0
  }

  @Test
  void aWindowRunsFromOneReportToTheNextAndNeverSooner() {
    FeedbackRelay r = CloveEcn.gradedRelay().maxSources(1).relayIntervalNanos(I).build();
    r.onArrival(0, 9, true, 0);
    assertEquals(Map.of(9, 1.0), drain(r, 0, 0));
    // While the port cools, arrivals count toward its next report: 1 marked of 3.
    r.onArrival(0, 9, false, 10);
    r.onArrival(0, 9, true, 20);
    r.onArrival(0, 9, false, I - 1);
    assertEquals(Map.of(), drain(r, 0, I - 1), "still within the interval of the last report");
    r.onArrival(0, 9, false, I); // 1 of 4
    assertEquals(Map.of(9, 0.25), roundToSteps(drain(r, 0, I)));
    // The next window: 0 of 1.
    r.onArrival(0, 9, false, 3 * I);
    assertEquals(Map.of(9, 0.0), drain(r, 0, 3 * I));
  }

  @Test
  void morePortsThanSlotsDropsTheExtraPortsPacketsAndReportsTheRest() {
    FeedbackRelay r = CloveEcn.gradedRelay().maxSources(1).relayIntervalNanos(I).pendingPortsPerSource(2).build();
    r.onArrival(0, 1, true, 0);
    r.onArrival(0, 2, false, 0);
    r.onArrival(0, 3, true, 0); // no slot: every slot is pending
    r.onArrival(0, 3, true, 1);
    assertEquals(2, r.count(Counter.RELAY_REPORTS_DROPPED), "one per packet of the port without a slot");
    assertEquals(Map.of(1, 1.0, 2, 0.0), drain(r, 0, 2));
    // Ports 1 and 2 cool for an interval; after it, with no news on port 1, port 3 takes its slot.
    r.onArrival(0, 2, false, I + 2);
    r.onArrival(0, 3, true, I + 2);
    assertEquals(Map.of(2, 0.0, 3, 1.0), drain(r, 0, I + 2));
  }

  @Test
  void theBinaryRelaySendsNoFractions() {
    // The same arrivals through the paper's relay give a one-bit word: the graded relay is what makes them graded.
    FeedbackRelay r = CloveEcn.relay().maxSources(1).relayIntervalNanos(I).build();
    r.onArrival(0, 9, true, 0);
    r.onArrival(0, 9, false, 1);
    int w = r.pollFeedback(0, 2);
    assertEquals(FeedbackWord.KIND_CONGESTION, FeedbackWord.kind(w));
  }

  @Test
  void badInputIsCountedNotThrown() {
    FeedbackRelay r = CloveEcn.gradedRelay().maxSources(2).build();
    r.onArrival(-1, 9, true, 0);
    r.onArrival(2, 9, false, 0);
    r.onArrival(0, -1, true, 0);
    r.onArrival(0, 0x10000, false, 0);
    r.onTelemetry(0, 9, 0.5, 0);
    assertEquals(FeedbackWord.NONE, r.pollFeedback(0, 1));
    assertEquals(FeedbackWord.NONE, r.pollFeedback(5, 1));
    assertEquals(3, r.count(Counter.FEEDBACK_UNKNOWN_DESTINATION));
    assertEquals(2, r.count(Counter.FEEDBACK_INVALID_VALUE));
    assertEquals(1, r.count(Counter.RELAY_WRONG_KIND));
  }

  /** An arrival (port, marked) or, for port -1, a poll; each event advances time by its gap. */
  record Event(int port, boolean marked, long gap) {}

  @Provide
  Arbitrary<List<Event>> events() {
    Arbitrary<Event> arrival = Combinators.combine(Arbitraries.integers().between(0, 5), Arbitraries.of(true, false),
        Arbitraries.longs().between(0, I)).as(Event::new);
    Arbitrary<Event> poll = Arbitraries.longs().between(0, 2 * I).map(gap -> new Event(-1, false, gap));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, arrival), net.jqwik.api.Tuple.of(1, poll)).list().ofMaxSize(300);
  }

  /**
   * Against a reference model kept here: each word carries, for its port, the marked share of the packets that
   * arrived since that port's previous word (to the nearest 1/1023 step), a port is reported at most once per
   * interval, and with slots for every port no arrival is lost.
   */
  @Property(tries = 300)
  void fractionsMatchAReferenceCount(@ForAll("events") List<Event> events) {
    FeedbackRelay r = CloveEcn.gradedRelay().maxSources(3).relayIntervalNanos(I).pendingPortsPerSource(6).build();
    Map<Integer, int[]> model = new HashMap<>(); // port -> {arrived, marked} since its last word
    Map<Integer, Long> lastWord = new HashMap<>();
    long now = 0;
    for (Event e : events) {
      now += e.gap();
      if (e.port() >= 0) {
        r.onArrival(1, e.port(), e.marked(), now);
        int[] c = model.computeIfAbsent(e.port(), p -> new int[2]);
        c[0]++;
        c[1] += e.marked() ? 1 : 0;
        continue;
      }
      Set<Integer> seen = new HashSet<>();
      for (int w = r.pollFeedback(1, now); w != FeedbackWord.NONE; w = r.pollFeedback(1, now)) {
        int port = FeedbackWord.sourcePort(w);
        assertTrue(seen.add(port));
        int[] c = model.remove(port);
        assertTrue(c != null && c[0] > 0, "a word only for a port heard since its last word");
        assertEquals((double) c[1] / c[0], FeedbackWord.congestionFraction(w), 0.5 / 1023 + 1e-12);
        Long last = lastWord.put(port, now);
        assertTrue(last == null || now - last >= I, "at most one word per port per interval");
      }
      for (int port : model.keySet()) { // every port not reported must still be cooling
        Long last = lastWord.get(port);
        assertTrue(last != null && now - last < I, "port " + port + " was heard and is ready but not reported");
      }
    }
    assertEquals(0, r.count(Counter.RELAY_REPORTS_DROPPED));
  }

  private static Map<Integer, Double> roundToSteps(Map<Integer, Double> words) {
    Map<Integer, Double> out = new HashMap<>();
    words.forEach((port, f) -> out.put(port, Math.round(f * 1023) / 1023.0 == f ? snap(f) : f));
    return out;
  }

  /** Maps a decoded step back to the simple fraction it stands for, when it is one of those the tests use. */
  private static double snap(double f) {
    for (double simple : new double[] {0, 0.25, 0.5, 1.0 / 3, 1}) {
      if (Math.abs(f - simple) <= 0.5 / 1023) {
        return simple;
      }
    }
    return f;
  }
}
