// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import dev.clove.api.FeedbackRelay;
import dev.clove.api.FeedbackWord;
import java.lang.management.ManagementFactory;
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
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

/** The INT relay against a plain model: per port the latest reading, a pending flag and the last report time. */
class IntRelayTest {
  static final long I = 50_000;

  record Op(char kind, int port, double utilization, long dt) {}

  @Provide
  Arbitrary<List<Op>> events() {
    Arbitrary<Op> reading = Combinators.combine(Arbitraries.integers().between(200, 206),
        Arbitraries.doubles().between(0, 3).ofScale(6), Arbitraries.longs().between(0, I))
        .as((p, u, dt) -> new Op('T', p, u, dt));
    Arbitrary<Op> invalid = Arbitraries.of(Double.NaN, -1.0, 16.0001, Double.NEGATIVE_INFINITY)
        .map(u -> new Op('T', 201, u, 0));
    Arbitrary<Op> poll = Arbitraries.longs().between(0, 2 * I).map(dt -> new Op('P', 0, 0, dt));
    return Arbitraries.frequencyOf(Tuple.of(6, reading), Tuple.of(1, invalid), Tuple.of(6, poll))
        .list().ofMaxSize(120);
  }

  @Property(tries = 500)
  void relaysTheLatestReadingAtMostOncePerIntervalAndLosesNone(@ForAll("events") List<Op> events) {
    FeedbackRelay relay = CloveInt.relay().maxSources(1).relayIntervalNanos(I).build();
    Map<Integer, Double> latest = new HashMap<>();
    Set<Integer> pending = new HashSet<>();
    Map<Integer, Long> lastSent = new HashMap<>();
    long t = 0;
    long invalid = 0;
    for (Op op : events) {
      t += op.dt();
      if (op.kind() == 'T') {
        relay.onTelemetry(0, op.port(), op.utilization(), t);
        if (op.utilization() >= 0 && op.utilization() <= 16) {
          latest.put(op.port(), op.utilization());
          pending.add(op.port());
        } else {
          invalid++;
        }
      } else {
        int w = relay.pollFeedback(0, t);
        check(w, t, latest, pending, lastSent);
      }
    }
    t += I;
    Set<Integer> expected = new HashSet<>(pending);
    Set<Integer> drained = new HashSet<>();
    for (int w; (w = relay.pollFeedback(0, t)) != FeedbackWord.NONE; ) {
      assertTrue(drained.add(FeedbackWord.sourcePort(w)), "twice in one interval");
      assertEquals(Math.min(latest.get(FeedbackWord.sourcePort(w)), FeedbackWord.MAX_UTILIZATION),
          FeedbackWord.utilization(w), 1.0 / 16384);
    }
    assertEquals(expected, drained);
    assertEquals(invalid, relay.count(Counter.FEEDBACK_INVALID_VALUE));
    assertEquals(0, relay.count(Counter.RELAY_REPORTS_DROPPED));
  }

  static void check(int w, long now, Map<Integer, Double> latest, Set<Integer> pending, Map<Integer, Long> lastSent) {
    boolean anyEligible = false;
    for (int p : pending) {
      Long last = lastSent.get(p);
      anyEligible |= last == null || now - last >= I;
    }
    if (w == FeedbackWord.NONE) {
      assertTrue(!anyEligible, "a reportable reading was held back");
      return;
    }
    assertEquals(FeedbackWord.KIND_UTILIZATION, FeedbackWord.kind(w));
    int port = FeedbackWord.sourcePort(w);
    assertTrue(pending.remove(port), "relayed a port with no new reading");
    Long last = lastSent.put(port, now);
    assertTrue(last == null || now - last >= I, "second report within an interval");
    assertEquals(Math.min(latest.get(port), FeedbackWord.MAX_UTILIZATION), FeedbackWord.utilization(w),
        1.0 / 16384);
  }

  @Test
  void roundRobinOverflowAndJunk() {
    FeedbackRelay r = CloveInt.relay().maxSources(2).relayIntervalNanos(I).pendingPortsPerSource(3).build();
    r.onTelemetry(1, 1, 0.1, 0);
    r.onTelemetry(1, 2, 0.2, 0);
    r.onTelemetry(1, 3, 0.3, 0);
    r.onTelemetry(1, 4, 0.4, 0);
    assertEquals(1, r.count(Counter.RELAY_REPORTS_DROPPED));
    r.onTelemetry(1, 2, 0.25, 1); // newer reading replaces the pending one
    Map<Integer, Double> got = new HashMap<>();
    for (int i = 0; i < 3; i++) {
      int w = r.pollFeedback(1, 2);
      got.put(FeedbackWord.sourcePort(w), FeedbackWord.utilization(w));
    }
    assertEquals(Set.of(1, 2, 3), got.keySet());
    assertEquals(0.25, got.get(2), 1.0 / 16384);
    assertEquals(FeedbackWord.NONE, r.pollFeedback(1, 3));
    assertEquals(3, r.count(Counter.RELAY_REPORTS_SENT));
    r.onTelemetry(-1, 1, 0.1, 0);
    r.onTelemetry(2, 1, 0.1, 0);
    r.pollFeedback(9, 0);
    assertEquals(3, r.count(Counter.FEEDBACK_UNKNOWN_DESTINATION));
    r.onTelemetry(0, 70_000, 0.1, 0);
    r.onTelemetry(0, 1, Double.NaN, 0);
    assertEquals(2, r.count(Counter.FEEDBACK_INVALID_VALUE));
    r.onArrival(0, 1, true, 0);
    r.onArrival(0, 1, false, 0);
    assertEquals(2, r.count(Counter.RELAY_ARRIVALS));
    assertEquals(1, r.count(Counter.RELAY_CE_ARRIVALS));
    assertEquals(FeedbackWord.encodeHeard(1), r.pollFeedback(0, 0)); // CE marks are not INT's business: liveness
    assertEquals(FeedbackWord.NONE, r.pollFeedback(0, 0));
    assertEquals(1, r.count(Counter.RELAY_LIVENESS_SENT));
  }

  @Test
  void steadyStateDoesNotAllocate() {
    com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    FeedbackRelay r = CloveInt.relay().maxSources(64).relayIntervalNanos(I).build();
    long t = 0;
    long words = 0;
    for (int pass = 0; pass < 2; pass++) {
      long before = bean.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < 300_000; i++) {
        t += 997;
        r.onTelemetry(i & 63, 40_000 + (i % 12), (i % 50) / 50.0, t);
        words += r.pollFeedback((i * 7) & 63, t);
      }
      long allocated = bean.getCurrentThreadAllocatedBytes() - before;
      if (pass == 1) {
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes");
      }
    }
    assertTrue(r.count(Counter.RELAY_REPORTS_SENT) > 0, "words " + words);
  }
}
