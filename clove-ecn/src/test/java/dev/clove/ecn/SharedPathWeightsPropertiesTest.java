// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.ecn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.clove.api.LoadBalancer;
import dev.clove.core.Clove;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * CLOVE-ECN behind a balancer that shares feedback by physical path ({@code sharePathFeedback}): destinations that
 * reach the same fabric paths under different ports, in different orders, end with the same weight per physical
 * path whichever of them each report came through, and that weight is the one {@link EcnModel} (one destination
 * whose "ports" are the physical paths) computes from the same reports. Threading: single-threaded.
 */
class SharedPathWeightsPropertiesTest {
  private static final long INTERVAL = 50_000;

  /** A report: through destination {@code via}, about physical path {@code path}, {@code dt} after the last. */
  record Report(int via, int path, long dt) {}

  @Provide
  Arbitrary<List<Report>> reports() {
    Arbitrary<Long> gaps = Arbitraries.oneOf(Arbitraries.longs().between(0, 3 * INTERVAL),
        Arbitraries.of(0L, INTERVAL - 1, INTERVAL, INTERVAL + 1)); // bursts and the interval's boundaries
    return Combinators.combine(Arbitraries.integers().between(0, 63), Arbitraries.integers().between(0, 63), gaps)
        .as(Report::new).list().ofMinSize(1).ofMaxSize(60);
  }

  /** Destinations sharing {@code paths} physical paths: each with its own ports and its own order of the paths. */
  static final class Fabric {
    final int destinations;
    final int paths;
    /** [destination][index]: the physical path (0..paths-1) of the destination's path index. */
    final int[][] physical;
    final int[][] ports;

    Fabric(int destinations, int paths, long seed) {
      this.destinations = destinations;
      this.paths = paths;
      this.physical = new int[destinations][];
      this.ports = new int[destinations][];
      Random random = new Random(seed);
      for (int d = 0; d < destinations; d++) {
        List<Integer> order = new ArrayList<>();
        for (int p = 0; p < paths; p++) {
          order.add(p);
        }
        Collections.shuffle(order, random);
        physical[d] = order.stream().mapToInt(Integer::intValue).toArray();
        ports[d] = new int[paths];
        int base = 1000 * (d + 1) + random.nextInt(900); // ports differ between destinations too
        for (int i = 0; i < paths; i++) {
          ports[d][i] = base + i;
        }
      }
    }

    int portOf(int destination, int physicalPath) {
      for (int i = 0; i < paths; i++) {
        if (physical[destination][i] == physicalPath) {
          return ports[destination][i];
        }
      }
      throw new AssertionError();
    }

    LoadBalancer balancer(EcnPolicy policy, boolean share) {
      var b = Clove.builder().maxDestinations(destinations).policy(policy).seed(11).silenceTimeoutNanos(0)
          .sharePathFeedback(share);
      for (int d = 0; d < destinations; d++) {
        long[] ids = new long[paths];
        for (int i = 0; i < paths; i++) {
          ids[i] = 500 + physical[d][i];
        }
        b.staticPaths(d, ports[d], ids);
      }
      return b.build();
    }
  }

  @Property(tries = 300)
  void sharedPathStateConvergesToTheSameWeightsWhicheverDestinationReports(
      @ForAll("reports") List<Report> reports,
      @ForAll @IntRange(min = 2, max = 5) int destinations,
      @ForAll @IntRange(min = 2, max = 4) int paths,
      @ForAll @DoubleRange(min = 0.05, max = 1.0) double cutFactor,
      @ForAll long layoutSeed) {
    Fabric fabric = new Fabric(destinations, paths, layoutSeed);
    EcnPolicy policy = CloveEcn.policy().relayIntervalNanos(INTERVAL).cutFactor(cutFactor).build();
    LoadBalancer lb = fabric.balancer(policy, true);
    EcnModel model = new EcnModel(INTERVAL, INTERVAL, cutFactor, 0);
    List<Integer> physicalPaths = new ArrayList<>();
    for (int p = 0; p < paths; p++) {
      physicalPaths.add(p);
    }
    model.paths(physicalPaths); // the model's "ports" are the physical paths, its index p is path p
    long t = 1_000_000;
    for (Report r : reports) {
      t += r.dt();
      int via = r.via() % destinations;
      int path = r.path() % paths;
      lb.onCongestion(via, fabric.portOf(via, path), t);
      model.congestion(path, t);
      double[] expected = model.weights();
      for (int d = 0; d < destinations; d++) {
        double[] w = policy.weights(d);
        for (int i = 0; i < paths; i++) {
          assertEquals(expected[fabric.physical[d][i]], w[i], 1e-9,
              "destination " + d + " path " + i + " (physical " + fabric.physical[d][i] + ") after " + r);
        }
      }
    }
  }

  /** Without the option each destination keeps its own weights: the same two reports leave them different. */
  @Test
  void withoutSharingAReportMovesOnlyTheReportersWeights() {
    Fabric fabric = new Fabric(2, 3, 7);
    EcnPolicy policy = CloveEcn.policy().relayIntervalNanos(INTERVAL).build();
    LoadBalancer lb = fabric.balancer(policy, false);
    lb.onCongestion(0, fabric.portOf(0, 1), 1_000_000);
    double[] reporter = policy.weights(0);
    double[] other = policy.weights(1);
    int reporterIndex = indexOf(fabric.physical[0], 1);
    int otherIndex = indexOf(fabric.physical[1], 1);
    assertNotEquals(1.0 / 3, reporter[reporterIndex], 1e-12);
    assertEquals(1.0 / 3, other[otherIndex], 1e-12);
  }

  private static int indexOf(int[] values, int value) {
    for (int i = 0; i < values.length; i++) {
      if (values[i] == value) {
        return i;
      }
    }
    throw new AssertionError();
  }
}
