// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Collections;
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

/**
 * {@link SmoothWeightedRoundRobin} against a reference model of the smooth scheme its class description gives
 * (add each weight to its credit, take the most credit, lowest index on a tie, debit the total), with ties broken
 * by a rotation that starts at a seeded index and walks the indices upwards; and its equal-share fallback while
 * weights and paths disagree in number. Threading: single-threaded.
 */
class SmoothWeightedRoundRobinModelTest {
  private static final double TIE_BREAK = 1e-9;

  /** The model's picks: credits start at the rotation's offsets, path start highest. */
  private static int[] modelPicks(double[] w, int start, int picks) {
    int n = w.length;
    double[] credit = new double[n];
    for (int j = 0; j < n && n > 1; j++) {
      credit[(start + j) % n] = -j * TIE_BREAK;
    }
    int[] out = new int[picks];
    for (int p = 0; p < picks; p++) {
      double total = 0;
      int best = 0;
      for (int i = 0; i < n; i++) {
        total += w[i];
        credit[i] += w[i];
        if (credit[i] > credit[best]) {
          best = i;
        }
      }
      credit[best] -= total;
      out[p] = best;
    }
    return out;
  }

  /** Every seed's picks are the model's for one rotation start. */
  @Property(tries = 300)
  void picksFollowTheSmoothSchemeWithASeededRotation(@ForAll("weightVectors") List<Double> weightList,
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 200) int picks) {
    double[] w = weightList.stream().mapToDouble(Double::doubleValue).toArray();
    int n = w.length;
    PathWeights weights = new PathWeights(1, 8);
    weights.publish(0, w, n);
    SmoothWeightedRoundRobin wrr = new SmoothWeightedRoundRobin(weights, 1, seed);
    int[] actual = new int[picks];
    for (int p = 0; p < picks; p++) {
      actual[p] = wrr.next(0, n);
    }
    boolean matched = false;
    for (int start = 0; start < n && !matched; start++) {
      matched = Arrays.equals(modelPicks(w, start, picks), actual);
    }
    assertTrue(matched, "weights " + Arrays.toString(w) + ": " + Arrays.toString(actual));
  }

  /** Weight vectors summing to 1, as a policy publishes them; often all equal, so that ties decide. */
  @Provide
  Arbitrary<List<Double>> weightVectors() {
    Arbitrary<List<Double>> equal = Arbitraries.integers().between(1, 8)
        .map(n -> Collections.nCopies(n, 1.0 / n));
    Arbitrary<List<Double>> random = Arbitraries.integers().between(1, 1000).list().ofMinSize(1).ofMaxSize(8)
        .map(list -> {
          double sum = list.stream().mapToInt(Integer::intValue).sum();
          return list.stream().map(x -> x / sum).toList();
        });
    return Arbitraries.oneOf(equal, random);
  }

  /** Equal weights: each seed's first picks walk the indices upwards from its start, wrapping around. */
  @Test
  void equalWeightsRotateUpwardsFromTheStart() {
    PathWeights weights = new PathWeights(1, 8);
    weights.publish(0, new double[] {0.2, 0.2, 0.2, 0.2, 0.2}, 5);
    for (long seed = 0; seed < 50; seed++) {
      SmoothWeightedRoundRobin wrr = new SmoothWeightedRoundRobin(weights, 1, seed);
      int first = wrr.next(0, 5);
      for (int j = 1; j < 10; j++) {
        int expected = (first + j) % 5;
        int actual = wrr.next(0, 5);
        assertTrue(actual == expected, "seed " + seed + ", pick " + j + ": " + actual + " not " + expected);
      }
    }
  }

  /** Each destination has its own rotation: one sender's destinations do not all start on the same path. */
  @Test
  void destinationsOfOneSenderStartOnDifferentPaths() {
    int destinations = 64;
    PathWeights weights = new PathWeights(destinations, 4);
    for (int d = 0; d < destinations; d++) {
      weights.publish(d, new double[] {0.25, 0.25, 0.25, 0.25}, 4);
    }
    SmoothWeightedRoundRobin wrr = new SmoothWeightedRoundRobin(weights, destinations, 99);
    Set<Integer> firstPicks = new HashSet<>();
    for (int d = 0; d < destinations; d++) {
      firstPicks.add(wrr.next(d, 4));
    }
    // With independent starts, all 64 agreeing has probability 4^-63.
    assertTrue(firstPicks.size() > 1, "every destination started on path " + firstPicks);
  }

  /**
   * When the weights are republished for fewer paths than the destination has, the picks fall back to equal
   * shares from a fresh start, whatever the credits were: each run of four picks takes each path once.
   */
  @Test
  void theEqualShareFallbackStartsFreshWhenTheWeightCountChanges() {
    PathWeights weights = new PathWeights(1, 4);
    weights.publish(0, new double[] {100, 1, 1, 1}, 4);
    SmoothWeightedRoundRobin wrr = new SmoothWeightedRoundRobin(weights, 1, 5);
    for (int i = 0; i < 20; i++) {
      assertTrue(wrr.next(0, 4) == 0); // paths 1 to 3 build up credit: 1 per pick, 20 by now
    }
    weights.publish(0, new double[] {0.5, 0.5}, 2); // the policy has not caught up with four paths yet
    for (int run = 0; run < 5; run++) {
      int[] counts = new int[4];
      for (int i = 0; i < 4; i++) {
        counts[wrr.next(0, 4)]++;
      }
      assertArrayEquals(new int[] {1, 1, 1, 1}, counts, "run " + run);
    }
  }

  /**
   * A moment of disagreement between weights and paths (a path gone for a few picks, then back before the policy
   * republished) does not tilt the shares after it: back at four equal weights, 40 picks give each path 10 give
   * or take 4.
   */
  @Test
  void aMomentOfEqualSharesLeavesTheWeightedSharesAfterItAlone() {
    PathWeights weights = new PathWeights(1, 4);
    weights.publish(0, new double[] {0.25, 0.25, 0.25, 0.25}, 4);
    SmoothWeightedRoundRobin wrr = new SmoothWeightedRoundRobin(weights, 1, 11);
    for (int i = 0; i < 4; i++) {
      wrr.next(0, 4);
    }
    for (int i = 0; i < 30; i++) {
      int pick = wrr.next(0, 3);
      assertTrue(pick < 3);
    }
    int[] counts = new int[4];
    for (int i = 0; i < 40; i++) {
      counts[wrr.next(0, 4)]++;
    }
    for (int c : counts) {
      assertTrue(Math.abs(c - 10) <= 4, Arrays.toString(counts));
    }
  }
}
