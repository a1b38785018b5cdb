// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.ecn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/** The ECN relay against a plain model: per (source, port) a pending flag and the time of the last report. */
class EcnRelayPropertiesTest {
  static final long I = 50_000;

  record Op(char kind, int source, int port, boolean ce, long dt) {}

  @Provide
  Arbitrary<List<Op>> events() {
    Arbitrary<Op> arrival = Combinators.combine(Arbitraries.integers().between(0, 1),
        Arbitraries.integers().between(100, 105), Arbitraries.of(true, true, false),
        Arbitraries.longs().between(0, I)).as((s, p, ce, dt) -> new Op('A', s, p, ce, dt));
    Arbitrary<Op> poll = Combinators.combine(Arbitraries.integers().between(0, 1),
        Arbitraries.longs().between(0, 2 * I)).as((s, dt) -> new Op('P', s, 0, false, dt));
    Arbitrary<Op> junk = Combinators.combine(Arbitraries.of(-1, 2, Integer.MIN_VALUE, Integer.MAX_VALUE),
        Arbitraries.of(-1, 65536, 100)).as((s, p) -> new Op('A', s, p, true, 0));
    Arbitrary<Op> backwards = Arbitraries.longs().between(1, 3 * I).map(dt -> new Op('B', 0, 0, false, dt));
    return Arbitraries.frequencyOf(Tuple.of(6, arrival), Tuple.of(6, poll), Tuple.of(1, junk),
        Tuple.of(1, backwards)).list().ofMaxSize(120);
  }

  /**
   * With 1 to 8 slots per source for 6 ports, so that the table overflows: a mark is either dropped (and counted)
   * or reported, once, at most once per interval, and never lost or handed to another port's slot.
   */
  @Property(tries = 500)
  void atMostOnePerPortPerIntervalAndNothingLost(@ForAll("events") List<Op> events,
      @ForAll @IntRange(min = 1, max = 8) int slots) {
    FeedbackRelay relay = CloveEcn.relay().maxSources(2).relayIntervalNanos(I).pendingPortsPerSource(slots)
        .livenessReports(false).build(); // CE reports only
    long dropped = 0;
    Map<Long, Boolean> pending = new HashMap<>(); // key: source << 32 | port
    Map<Long, Long> lastSent = new HashMap<>();
    long[] clock = {Long.MIN_VALUE, Long.MIN_VALUE};
    long t = 1_000;
    long sent = 0;
    long arrivals = 0;
    long ce = 0;
    for (Op op : events) {
      if (op.kind() == 'B') {
        // an earlier time on both sources: treated as no time passing
        relay.onArrival(0, 100, false, t - op.dt());
        arrivals++;
        int w = relay.pollFeedback(1, t - op.dt());
        sent += check(w, 1, clampedNow(clock, 1, t - op.dt()), pending, lastSent);
        continue;
      }
      t += op.dt();
      if (op.kind() == 'A') {
        relay.onArrival(op.source(), op.port(), op.ce(), t);
        arrivals++;
        if (op.ce()) {
          ce++;
          if (op.source() >= 0 && op.source() < 2 && op.port() >= 0 && op.port() <= 0xFFFF) {
            clampedNow(clock, op.source(), t);
            if (relay.count(Counter.RELAY_REPORTS_DROPPED) == dropped) {
              pending.put(key(op.source(), op.port()), true);
            } else {
              dropped++; // every slot held another port's pending or cooling news
              assertTrue(!Boolean.TRUE.equals(pending.get(key(op.source(), op.port()))),
                  "a mark for a port already pending was dropped");
              Statistics.label("overflow").collect("dropped");
            }
          }
        }
      } else {
        int w = relay.pollFeedback(op.source(), t);
        sent += check(w, op.source(), clampedNow(clock, op.source(), t), pending, lastSent);
      }
    }
    // Drain: a full interval later every pending mark comes out, each exactly once.
    t += I;
    for (int s = 0; s < 2; s++) {
      final int source = s;
      Set<Integer> expectedHere = new HashSet<>();
      pending.forEach((k, v) -> {
        if (v && (k >> 32) == source) {
          expectedHere.add((int) (k & 0xFFFF));
        }
      });
      Set<Integer> drained = new HashSet<>();
      for (int w; (w = relay.pollFeedback(s, t)) != FeedbackWord.NONE; ) {
        assertTrue(drained.add(FeedbackWord.sourcePort(w)), "reported twice in one interval");
        sent++;
      }
      assertEquals(expectedHere, drained);
      Statistics.collect(drained.isEmpty() ? "nothing left" : "drained");
    }
    assertEquals(sent, relay.count(Counter.RELAY_REPORTS_SENT));
    assertEquals(arrivals, relay.count(Counter.RELAY_ARRIVALS));
    assertEquals(ce, relay.count(Counter.RELAY_CE_ARRIVALS));
    assertEquals(dropped, relay.count(Counter.RELAY_REPORTS_DROPPED));
  }

  static long key(int source, int port) {
    return ((long) source << 32) | port;
  }

  static long clampedNow(long[] clock, int source, long t) {
    if (clock[source] != Long.MIN_VALUE && t < clock[source]) {
      return clock[source];
    }
    return clock[source] = t;
  }

  /** Checks one poll result against the model and updates it; returns 1 if a report was sent. */
  static int check(int word, int source, long now, Map<Long, Boolean> pending, Map<Long, Long> lastSent) {
    boolean anyEligible = false;
    for (Map.Entry<Long, Boolean> e : pending.entrySet()) {
      if (e.getValue() && (e.getKey() >> 32) == source) {
        Long last = lastSent.get(e.getKey());
        anyEligible |= last == null || now - last >= I;
      }
    }
    if (word == FeedbackWord.NONE) {
      assertTrue(!anyEligible, "a pending, reportable mark was held back");
      return 0;
    }
    assertEquals(FeedbackWord.KIND_CONGESTION, FeedbackWord.kind(word));
    long k = key(source, FeedbackWord.sourcePort(word));
    assertEquals(Boolean.TRUE, pending.get(k), "reported a port with no mark since its last report");
    Long last = lastSent.get(k);
    assertTrue(last == null || now - last >= I, "second report within an interval");
    assertNotEquals(null, pending.put(k, false));
    lastSent.put(k, now);
    Statistics.collect("report");
    return 1;
  }
}
