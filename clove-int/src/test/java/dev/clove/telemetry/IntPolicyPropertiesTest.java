// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.telemetry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import dev.clove.core.PathChooser;
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
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Random readings, time jumps and path changes: after each event a chooser must pick a path whose utilization is
 * minimal among the fresh readings of a plain model, or fall back (and count it) when there are none; a path
 * without a fresh reading is chosen only as an exploration, at most once per staleness interval, and then it must
 * be.
 */
class IntPolicyPropertiesTest {
  static final long STALE = 100_000;

  record Op(char kind, int index, double utilization, long dt, List<Integer> ports) {}

  @Provide
  Arbitrary<List<Op>> events() {
    // Utilizations on a coarse grid so that ties are frequent.
    Arbitrary<Op> reading = Combinators.combine(Arbitraries.integers().between(0, 15),
        Arbitraries.integers().between(0, 16).map(k -> k / 8.0), Arbitraries.longs().between(0, STALE / 2))
        .as((i, u, dt) -> new Op('U', i, u, dt, null));
    Arbitrary<Op> junk = Combinators.combine(Arbitraries.integers().between(-1, 20),
        Arbitraries.of(Double.NaN, -0.5, 16.5, Double.POSITIVE_INFINITY)).as((i, u) -> new Op('U', i, u, 0, null));
    Arbitrary<Op> wait = Arbitraries.longs().between(0, 2 * STALE).map(dt -> new Op('W', 0, 0, dt, null));
    Arbitrary<Op> backwards = Arbitraries.longs().between(1, STALE).map(dt -> new Op('B', 0, 0, dt, null));
    Arbitrary<Op> paths = Arbitraries.integers().between(1, 8).list().uniqueElements().ofMinSize(1).ofMaxSize(6)
        .map(p -> new Op('P', 0, 0, 0, p));
    return Arbitraries.frequencyOf(Tuple.of(10, reading), Tuple.of(1, junk), Tuple.of(3, wait),
        Tuple.of(1, backwards), Tuple.of(1, paths)).list().ofMinSize(1).ofMaxSize(60);
  }

  @Property(tries = 400)
  void picksALeastUtilizedFreshPath(@ForAll("events") List<Op> events, @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 299) int destination) {
    IntPolicy policy = CloveInt.policy().staleAfterNanos(STALE).build();
    policy.bind(300, 16, 100_000); // 300 destinations: two chunks of readings
    PathChooser chooser = policy.newChooser(seed);
    PathSet paths = PathSet.of(1, 2, 3, 4);
    policy.onPathsChanged(destination, PathSet.EMPTY, paths, 0);
    Map<Integer, double[]> model = new HashMap<>(); // port -> {utilization, time}
    long t = 1_000_000;
    long clock = Long.MIN_VALUE;
    long fallbacks = 0;
    long lastExploration = Long.MIN_VALUE;
    long lastExplorer = -1;
    int step = 0;
    for (Op op : events) {
      switch (op.kind()) {
        case 'U': {
          t += op.dt();
          policy.onUtilization(destination, op.index(), op.utilization(), t);
          boolean valid = op.utilization() >= 0 && op.utilization() <= 16 && op.index() < paths.size();
          if (valid) {
            clock = Math.max(clock, t);
            model.put(paths.port(op.index()), new double[] {op.utilization(), clock});
          }
          break;
        }
        case 'W':
          t += op.dt();
          break;
        case 'B':
          policy.onUtilization(destination, 0, 0.5, t - op.dt()); // earlier time: treated as the latest seen
          clock = Math.max(clock, t - op.dt());
          model.put(paths.port(0), new double[] {0.5, clock});
          break;
        default: {
          PathSet next = PathSet.of(op.ports().stream().mapToInt(Integer::intValue).toArray());
          policy.onPathsChanged(destination, paths, next, t);
          model.keySet().retainAll(op.ports());
          paths = next;
        }
      }
      // The model: the least utilized fresh path, except that one new flowlet per STALE goes to a path without a
      // fresh reading while there is one and some path is fresh.
      double best = Double.POSITIVE_INFINITY;
      boolean allFresh = true;
      boolean anyFresh = false;
      for (int i = 0; i < paths.size(); i++) {
        double[] reading = model.get(paths.port(i));
        boolean fresh = reading != null && t - (long) reading[1] <= STALE;
        allFresh &= fresh;
        anyFresh |= fresh;
        if (fresh) {
          best = Math.min(best, reading[0]);
        }
      }
      // Three flows take turns; an exploration never goes to the flow that made the last one (a flow retrying
      // after timeouts would otherwise take every exploration to the same unknown path).
      long flow = 40 + (step++ % 3);
      boolean explorationDue = lastExploration == Long.MIN_VALUE
          || (t - lastExploration >= STALE && flow != lastExplorer);
      int chosen = chooser.choose(destination, paths, flow, t);
      assertTrue(chosen >= 0 && chosen < paths.size(), "index " + chosen);
      double[] r = model.get(paths.port(chosen));
      final boolean chosenFresh = r != null && t - (long) r[1] <= STALE;
      if (!anyFresh) {
        fallbacks++;
        Statistics.collect("fallback");
      } else if (allFresh) {
        assertTrue(chosenFresh, "with every reading fresh, a fresh path wins");
        assertEquals(best, r[0], 0.0, "chose a path that is not least utilized");
        Statistics.collect("least of all fresh");
      } else if (explorationDue) {
        assertTrue(!chosenFresh, "an exploration was due but a fresh path was chosen");
        lastExploration = t;
        lastExplorer = flow;
        Statistics.collect("exploration");
      } else {
        assertTrue(chosenFresh, "a path without a fresh reading was preferred to a fresh one");
        assertEquals(best, r[0], 0.0, "chose a path that is not least utilized");
        Statistics.collect("least, some unknown");
      }
      assertEquals(fallbacks, chooser.count(Counter.TELEMETRY_STALE_FALLBACK));
      double[] expected = new double[paths.size()];
      for (int i = 0; i < expected.length; i++) {
        double[] reading = model.get(paths.port(i));
        expected[i] = reading == null ? Double.NaN : reading[0];
      }
      assertArrayEquals(expected, policy.utilizations(destination), 0.0);
    }
    int other = (destination + 1) % 300;
    assertEquals(0, policy.utilizations(other).length, "destination " + other + " never had paths");
    policy.onPathsChanged(other, PathSet.EMPTY, PathSet.of(1, 2), t);
    policy.onUtilization(other, 1, 0.75, t);
    assertArrayEquals(new double[] {Double.NaN, 0.75}, policy.utilizations(other), 0.0);
    assertEquals(paths.size(), policy.utilizations(destination).length, "the other destination's readings are apart");
    Statistics.coverage(c -> {
      c.check("fallback").count(n -> n > 0);
      c.check("least of all fresh").count(n -> n > 0);
      c.check("least, some unknown").count(n -> n > 0);
      c.check("exploration").count(n -> n > 0);
    });
  }
}
