// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.ecn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import dev.clove.core.PathSet;
import org.junit.jupiter.api.Test;

/**
 * CLOVE-ECN's weights over a long run: two million cuts must leave them a distribution (the class Javadoc's "always
 * sum to 1"), however the rounding of millions of redistributions adds up. Threading: single-threaded.
 */
class EcnLongRunTest {
  /**
   * Six paths, reported in a random order one nanosecond apart, with a relay interval of 1 ns and no congestion
   * memory: every report cuts half the path's weight and hands a fifth of it to each of the other five, a split
   * that no double represents exactly (left alone, the rounding of this run adds up to about 4e-12). The design
   * notes promise that the sum never drifts more than 1e-12 from 1.
   */
  @Test
  void twoMillionCutsLeaveTheWeightsSummingToOne() {
    EcnPolicy policy = CloveEcn.policy().relayIntervalNanos(1).congestionMemoryNanos(0).cutFactor(0.5)
        .recovery(Recovery.none()).build();
    policy.bind(300, 6, 100_000);
    int destination = 270;
    policy.onPathsChanged(destination, PathSet.EMPTY, PathSet.of(1, 2, 3, 4, 5, 6), 0);
    int cuts = 2_000_000;
    java.util.SplittableRandom random = new java.util.SplittableRandom(1);
    for (int i = 0; i < cuts; i++) {
      policy.onCongestion(destination, random.nextInt(6), 1_000 + i);
    }
    assertEquals(cuts, policy.count(Counter.CONGESTION_CUTS), "every report cut: none suppressed, none held");
    double sum = 0;
    for (double w : policy.weights(destination)) {
      assertTrue(w > 0, "weight " + w);
      sum += w;
    }
    assertEquals(1.0, sum, 1e-12, "drifted after " + cuts + " cuts");
  }
}
