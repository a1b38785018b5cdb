// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.ecn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import dev.clove.api.FeedbackRelay;
import dev.clove.api.FeedbackWord;
import java.lang.management.ManagementFactory;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EcnRelayTest {
  static final long I = 50_000;

  @Test
  void marksMergeWithinAnIntervalAndComeBackInTheNext() {
    FeedbackRelay r = CloveEcn.relay().maxSources(4).livenessReports(false).build(); // 50 us
    assertEquals(FeedbackWord.NONE, r.pollFeedback(1, 0));
    r.onArrival(1, 7000, true, 0);
    r.onArrival(1, 7000, true, 10);
    r.onArrival(1, 7001, false, 10);
    assertEquals(FeedbackWord.encodeCongestion(7000), r.pollFeedback(1, 20));
    assertEquals(FeedbackWord.NONE, r.pollFeedback(1, 21)); // merged: one report
    r.onArrival(1, 7000, true, 30); // a new mark, but the port was reported at 20
    assertEquals(FeedbackWord.NONE, r.pollFeedback(1, 20 + I - 1));
    assertEquals(FeedbackWord.encodeCongestion(7000), r.pollFeedback(1, 20 + I));
    assertEquals(FeedbackWord.NONE, r.pollFeedback(0, 20 + I)); // other sources are separate
    assertEquals(3, r.count(Counter.RELAY_CE_ARRIVALS));
    assertEquals(4, r.count(Counter.RELAY_ARRIVALS));
    assertEquals(2, r.count(Counter.RELAY_REPORTS_SENT));
  }

  @Test
  void pendingPortsAreServedRoundRobin() {
    FeedbackRelay r = CloveEcn.relay().maxSources(1).relayIntervalNanos(I).build();
    long t = 0;
    for (int round = 0; round < 5; round++) {
      for (int port = 1; port <= 3; port++) {
        r.onArrival(0, port, true, t);
      }
      Set<Integer> seen = new HashSet<>();
      for (int i = 0; i < 3; i++) {
        int w = r.pollFeedback(0, t);
        assertEquals(FeedbackWord.KIND_CONGESTION, FeedbackWord.kind(w));
        seen.add(FeedbackWord.sourcePort(w));
      }
      assertEquals(Set.of(1, 2, 3), seen);
      t += I;
    }
  }

  @Test
  void overflowIsCountedAndCoolingPortsAreNotEvicted() {
    FeedbackRelay r = CloveEcn.relay().maxSources(1).relayIntervalNanos(I).pendingPortsPerSource(2).build();
    r.onArrival(0, 1, true, 0);
    r.onArrival(0, 2, true, 0);
    r.onArrival(0, 3, true, 0); // both slots pending
    assertEquals(1, r.count(Counter.RELAY_REPORTS_DROPPED));
    int first = r.pollFeedback(0, 0);
    int second = r.pollFeedback(0, 0);
    assertEquals(Set.of(1, 2), Set.of(FeedbackWord.sourcePort(first), FeedbackWord.sourcePort(second)));
    r.onArrival(0, 3, true, 1); // both slots cooling: evicting one would allow a second report within I
    assertEquals(2, r.count(Counter.RELAY_REPORTS_DROPPED));
    r.onArrival(0, 3, true, I); // cooled: the slot is reused
    assertEquals(FeedbackWord.encodeCongestion(3), r.pollFeedback(0, I));
    r.onArrival(0, 1, true, I);
    assertEquals(FeedbackWord.encodeCongestion(1), r.pollFeedback(0, I));
  }

  @Test
  void junkIsCountedNotThrown() {
    FeedbackRelay r = CloveEcn.relay().maxSources(2).build();
    r.onArrival(-1, 5, true, 0);
    r.onArrival(2, 5, true, 0);
    assertEquals(FeedbackWord.NONE, r.pollFeedback(7, 0));
    assertEquals(3, r.count(Counter.FEEDBACK_UNKNOWN_DESTINATION));
    r.onArrival(0, -1, true, 0);
    r.onArrival(0, 65536, true, 0);
    assertEquals(2, r.count(Counter.FEEDBACK_INVALID_VALUE));
    r.onTelemetry(0, 5, Double.NaN, 0); // not ECN's business: ignored
    r.onArrival(0, 5, true, 100);
    r.onArrival(0, 6, true, 50); // earlier: no time passes
    assertEquals(1, r.count(Counter.CLOCK_BACKWARDS));
    // An absurd time is held, not used: the poll happens at the latest good time.
    assertEquals(FeedbackWord.KIND_CONGESTION, FeedbackWord.kind(r.pollFeedback(0, Long.MIN_VALUE)));
    assertEquals(1, r.count(Counter.CLOCK_BACKWARDS));
    assertEquals(1, r.count(Counter.CLOCK_JUMPS));
  }

  @Test
  void steadyStateDoesNotAllocate() {
    com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    FeedbackRelay r = CloveEcn.relay().maxSources(64).relayIntervalNanos(I).build();
    long t = 0;
    long words = 0;
    for (int pass = 0; pass < 2; pass++) {
      long before = bean.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < 300_000; i++) {
        t += 997;
        r.onArrival(i & 63, 40_000 + (i % 12), (i & 3) == 0, t);
        words += r.pollFeedback((i * 7) & 63, t);
      }
      long allocated = bean.getCurrentThreadAllocatedBytes() - before;
      if (pass == 1) {
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes");
      }
    }
    assertTrue(r.count(Counter.RELAY_REPORTS_SENT) > 0, "sent " + words);
  }
}
