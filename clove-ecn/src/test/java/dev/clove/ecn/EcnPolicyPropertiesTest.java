// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.ecn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import dev.clove.core.PathSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/** Random event sequences against {@link EcnPolicy}, checked against invariants and {@link EcnModel}. */
class EcnPolicyPropertiesTest {
  static final long INTERVAL = 50_000;

  /** One event: a congestion report, a path-set change, a tick, or a call with an earlier time. */
  record Op(char kind, int index, long dt, List<Integer> ports) {
    @Override
    public String toString() {
      return kind == 'P' ? "paths" + ports : kind + "(" + index + ", +" + dt + ")";
    }
  }

  @Provide
  Arbitrary<List<Op>> events() {
    Arbitrary<Op> congestion = Combinators.combine(Arbitraries.integers().between(0, 15),
        Arbitraries.oneOf(Arbitraries.longs().between(0, 3 * INTERVAL),
            Arbitraries.of(INTERVAL - 1, INTERVAL, INTERVAL + 1))) // the boundaries of interval and memory
        .as((i, dt) -> new Op('C', i, dt, null));
    Arbitrary<Op> burst = Arbitraries.integers().between(0, 15).map(i -> new Op('C', i, 0, null));
    Arbitrary<Op> tick = Arbitraries.longs().between(0, 40 * INTERVAL).map(dt -> new Op('T', 0, dt, null));
    Arbitrary<Op> backwards = Arbitraries.longs().between(1, 4 * INTERVAL).map(dt -> new Op('B', 0, dt, null));
    Arbitrary<Op> paths = Arbitraries.integers().between(1, 8).list().uniqueElements().ofMinSize(1).ofMaxSize(6)
        .map(p -> new Op('P', 0, 0, p));
    return Arbitraries.frequencyOf(Tuple.of(8, congestion), Tuple.of(3, burst), Tuple.of(2, tick),
        Tuple.of(1, backwards), Tuple.of(1, paths)).list().ofMinSize(1).ofMaxSize(80);
  }

  @Property(tries = 400)
  void weightsMatchReferenceModelAndStayADistribution(
      @ForAll("events") List<Op> events,
      @ForAll @DoubleRange(min = 0.05, max = 1.0) double cutFactor,
      @ForAll boolean recovery, @ForAll @IntRange(min = 0, max = 299) int destination) {
    long tau = recovery ? 20 * INTERVAL : 0;
    EcnPolicy policy = CloveEcn.policy().relayIntervalNanos(INTERVAL).cutFactor(cutFactor)
        .recovery(recovery ? Recovery.decayToEqual(tau) : Recovery.none()).build();
    policy.bind(300, 16, 100_000); // 300 destinations: two chunks of the published weights
    EcnModel model = new EcnModel(INTERVAL, INTERVAL, cutFactor, tau);
    List<Integer> initial = List.of(1, 2, 3, 4);
    policy.onPathsChanged(destination, PathSet.EMPTY, PathSet.of(1, 2, 3, 4), 0);
    model.paths(initial);
    PathSet current = PathSet.of(1, 2, 3, 4);
    long t = 1_000_000;
    Map<Integer, Long> cutTimes = new HashMap<>();
    long cutsBefore = 0;
    long suppressedBefore = 0;
    for (Op op : events) {
      switch (op.kind()) {
        case 'C': {
          t += op.dt();
          int i = op.index() % current.size();
          double[] before = policy.weights(destination);
          List<Integer> receivers = model.uncongestedOthers(current.port(i), model.clock == null ? t : Math.max(t, model.clock));
          policy.onCongestion(destination, i, t);
          model.congestion(i, t);
          long cuts = policy.count(Counter.CONGESTION_CUTS);
          if (cuts != cutsBefore) {
            int port = current.port(i);
            long now = model.clock;
            Long previous = cutTimes.put(port, now);
            assertTrue(previous == null || now - previous >= INTERVAL,
                "port " + port + " cut at " + previous + " and again at " + now);
            if (!recovery) {
              assertOneCut(before, policy.weights(destination), i, cutFactor, current, receivers);
            }
            Statistics.collect("cut");
          } else if (policy.count(Counter.CONGESTION_SUPPRESSED) != suppressedBefore) {
            Statistics.collect("suppressed");
          } else {
            assertTrue(receivers.isEmpty(), "a report that neither cut nor was suppressed had receivers");
            Statistics.collect("held");
          }
          cutsBefore = cuts;
          suppressedBefore = policy.count(Counter.CONGESTION_SUPPRESSED);
          break;
        }
        case 'T':
          t += op.dt();
          policy.onTick(t);
          model.tick(t);
          break;
        case 'B':
          policy.onTick(t - op.dt());
          model.tick(t - op.dt());
          break;
        default: {
          PathSet next = PathSet.of(op.ports().stream().mapToInt(Integer::intValue).toArray());
          policy.onPathsChanged(destination, current, next, t);
          model.paths(op.ports());
          cutTimes.keySet().retainAll(op.ports()); // a re-added port starts afresh
          current = next;
        }
      }
      double[] w = policy.weights(destination);
      assertDistribution(w);
      assertArrayEquals(model.weights(), w, 1e-9, () -> "after " + op);
    }
    int other = (destination + 1) % 300;
    assertEquals(0, policy.weights(other).length, "destination " + other + " never had paths");
    policy.onPathsChanged(other, PathSet.EMPTY, PathSet.of(1, 2), t);
    assertArrayEquals(new double[] {0.5, 0.5}, policy.weights(other), 0.0, "a new destination starts equal");
    assertArrayEquals(model.weights(), policy.weights(destination), 1e-9, "and leaves the others alone");
    assertEquals(model.cuts, policy.count(Counter.CONGESTION_CUTS));
    assertEquals(model.suppressed, policy.count(Counter.CONGESTION_SUPPRESSED));
    Statistics.coverage(c -> {
      c.check("cut").count(n -> n > 0);
      c.check("suppressed").count(n -> n > 0);
      c.check("held").count(n -> n > 0); // every other path congested: the no-receiver rule is exercised
    });
  }

  static void assertDistribution(double[] w) {
    double sum = 0;
    for (double x : w) {
      assertTrue(x >= 0, () -> "negative weight in " + java.util.Arrays.toString(w));
      sum += x;
    }
    assertEquals(1.0, sum, 1e-9, () -> "sum of " + java.util.Arrays.toString(w));
  }

  /** The cut took exactly cutFactor of path i's weight and split it equally among the receivers only. */
  static void assertOneCut(double[] before, double[] after, int i, double cutFactor, PathSet paths,
      List<Integer> receivers) {
    double removed = before[i] * cutFactor;
    assertEquals(before[i] - removed, after[i], 1e-12, "cut path");
    for (int j = 0; j < before.length; j++) {
      if (j == i) {
        continue;
      }
      double expected = receivers.contains(paths.port(j)) ? before[j] + removed / receivers.size() : before[j];
      assertEquals(expected, after[j], 1e-12, "path " + j);
    }
  }
}
