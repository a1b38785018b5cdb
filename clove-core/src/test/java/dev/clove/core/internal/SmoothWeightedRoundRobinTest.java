// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SmoothWeightedRoundRobinTest {

  @Test
  void integerWeightsGiveExactSharesEveryCycleAndSpreadPicksOut() {
    PathWeights weights = new PathWeights(1, 4);
    weights.publish(0, new double[] {5, 1, 1}, 3);
    for (long seed = 0; seed < 16; seed++) {
      SmoothWeightedRoundRobin wrr = new SmoothWeightedRoundRobin(weights, 1, seed);
      int[] picks = new int[7];
      for (int i = 0; i < 7; i++) {
        picks[i] = wrr.next(0, 3);
      }
      // One cycle of the smooth scheme for weights 5,1,1, worked out by hand: path 0 never runs three in a row.
      // Paths 1 and 2 tie for the third pick; the seed's rotation decides which goes first.
      int[] oneFirst = {0, 0, 1, 0, 2, 0, 0};
      int[] twoFirst = {0, 0, 2, 0, 1, 0, 0};
      assertTrue(Arrays.equals(oneFirst, picks) || Arrays.equals(twoFirst, picks),
          "seed " + seed + ": " + Arrays.toString(picks));
    }
  }

  /** Independently seeded senders do not start in lockstep: first picks under equal weights spread evenly. */
  @Test
  void seedsSpreadTheFirstPickOverEqualPaths() {
    PathWeights weights = new PathWeights(1, 4);
    weights.publish(0, new double[] {1, 1, 1, 1}, 4);
    int[] firstPicks = new int[4];
    int senders = 4000;
    for (long seed = 0; seed < senders; seed++) {
      firstPicks[new SmoothWeightedRoundRobin(weights, 1, seed).next(0, 4)]++;
    }
    for (int path = 0; path < 4; path++) {
      // 1,000 expected per path; a binomial standard deviation is about 27, so 850..1150 is over 5 sigma.
      assertTrue(firstPicks[path] > 850 && firstPicks[path] < 1150, Arrays.toString(firstPicks));
    }
    // And one sender still rotates through every path before repeating one.
    SmoothWeightedRoundRobin wrr = new SmoothWeightedRoundRobin(weights, 1, 7);
    Set<Integer> cycle = new HashSet<>();
    for (int i = 0; i < 4; i++) {
      cycle.add(wrr.next(0, 4));
    }
    assertEquals(Set.of(0, 1, 2, 3), cycle);
  }

  /**
   * Over any prefix of n picks, path i has been picked n * w_i / sum(w) times, give or take fewer than k picks:
   * the credits of the smooth scheme stay within (-sum, (k-1) sum), and a path's deviation is its credit / sum.
   */
  @Property(tries = 300)
  void longRunSharesFollowTheWeights(@ForAll("weightVectors") List<Double> w,
      @ForAll @IntRange(min = 1, max = 5000) int picks) {
    int k = w.size();
    double[] array = w.stream().mapToDouble(Double::doubleValue).toArray();
    double sum = 0;
    for (double x : array) {
      sum += x;
    }
    PathWeights weights = new PathWeights(1, 8);
    weights.publish(0, array, k);
    SmoothWeightedRoundRobin wrr = new SmoothWeightedRoundRobin(weights, 1, 42);
    int[] counts = new int[k];
    for (int n = 1; n <= picks; n++) {
      counts[wrr.next(0, k)]++;
      for (int i = 0; i < k; i++) {
        double expected = n * array[i] / sum;
        assertTrue(Math.abs(counts[i] - expected) < k,
            "path " + i + " after " + n + " picks: " + counts[i] + " vs " + expected);
      }
    }
  }

  @Provide
  Arbitrary<List<Double>> weightVectors() {
    return Arbitraries.doubles().between(0.001, 1.0).ofScale(4).list().ofMinSize(1).ofMaxSize(8);
  }

  @Test
  void newlyPublishedWeightsTakeEffectOnTheNextPick() {
    PathWeights weights = new PathWeights(2, 4);
    weights.publish(1, new double[] {1, 0}, 2);
    SmoothWeightedRoundRobin wrr = new SmoothWeightedRoundRobin(weights, 2, 42);
    for (int i = 0; i < 10; i++) {
      assertEquals(0, wrr.next(1, 2));
    }
    weights.publish(1, new double[] {0, 1}, 2);
    int onPathOne = 0;
    for (int i = 0; i < 10; i++) {
      onPathOne += wrr.next(1, 2);
    }
    assertTrue(onPathOne >= 9, "after the switch nearly every pick goes to path 1, got " + onPathOne);
  }

  @Test
  void weightsOfTheWrongSizeFallBackToEqualShares() {
    PathWeights weights = new PathWeights(1, 4);
    weights.publish(0, new double[] {1, 0}, 2); // two weights, but the path set now has three paths
    SmoothWeightedRoundRobin wrr = new SmoothWeightedRoundRobin(weights, 1, 42);
    int[] counts = new int[3];
    for (int i = 0; i < 300; i++) {
      counts[wrr.next(0, 3)]++;
    }
    assertArrayEquals(new int[] {100, 100, 100}, counts);
  }
}
