// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.ecn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.clove.core.PathSet;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * {@link Recovery#decayToEqual}: between two ticks every weight moves toward the equal share {@code 1/n} by the
 * factor {@code exp(-dt / tau)} of {@link Recovery}'s Javadoc; a deviation left under 1e-12 snaps to exactly equal
 * weights; a decay renormalises. Expectations come from that formula, not from the policy. Threading:
 * single-threaded.
 */
class EcnRecoveryTest {
  private static final long MS = 1_000_000;
  private static final long TAU = MS;
  /** Apart by more than the default relay interval and congestion memory (50 us): every report cuts. */
  private static final long APART = 60_000;

  private static EcnPolicy decaying(int maxPaths, int... ports) {
    EcnPolicy policy = CloveEcn.policy().recovery(Recovery.decayToEqual(TAU)).build();
    policy.bind(1, maxPaths, 100_000);
    policy.onPathsChanged(0, PathSet.EMPTY, PathSet.of(ports), 0);
    return policy;
  }

  @Property(tries = 200)
  void betweenTwoTicksEveryWeightMovesTowardTheEqualShareByExpOfMinusDtOverTau(
      @ForAll @IntRange(min = 2, max = 8) int n, @ForAll @IntRange(min = 1, max = 12) int cuts,
      @ForAll @LongRange(min = 1, max = 40 * TAU) long dt, @ForAll long seed) {
    int[] ports = new int[n];
    for (int j = 0; j < n; j++) {
      ports[j] = 100 + j;
    }
    EcnPolicy policy = decaying(8, ports);
    SplittableRandom random = new SplittableRandom(seed);
    long t = 0;
    for (int i = 0; i < cuts; i++) {
      t += APART;
      policy.onCongestion(0, random.nextInt(n), t);
    }
    policy.onTick(t);
    double[] before = policy.weights(0);
    policy.onTick(t + dt);
    double equal = 1.0 / n;
    double keep = Math.exp(-(double) dt / TAU);
    double[] expected = new double[n];
    for (int j = 0; j < n; j++) {
      expected[j] = equal + (before[j] - equal) * keep;
    }
    assertArrayEquals(expected, policy.weights(0), 1e-12, "after " + dt + " ns with tau " + TAU);
    EcnPolicyPropertiesTest.assertDistribution(policy.weights(0));
  }

  @Test
  void aDeviationLeftUnderOneInATrillionSnapsToExactlyEqualWeights() {
    EcnPolicy policy = decaying(4, 1, 2, 3, 4); // the destination fills every path slot
    policy.onCongestion(0, 0, 0); // [1/6, 5/18, 5/18, 5/18]: the largest deviation from 1/4 is 1/12
    policy.onTick(24 * TAU); // (1/12) e^-24 = 3.2e-12 is left: above the threshold, so not snapped
    double left = Math.exp(-24) / 12;
    double[] w = policy.weights(0);
    assertEquals(0.25 - left, w[0], 1e-15);
    assertNotEquals(0.25, w[0], "not yet equal");
    policy.onTick(26 * TAU); // two more time constants: 4.3e-13 would be left, under 1e-12
    assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, policy.weights(0), 0.0, "exactly equal");
  }

  /**
   * Cuts renormalise only once the sum has drifted 1e-12 from 1; a decay renormalises every time (EcnPolicy's
   * design notes, "Drift"). Twenty thousand cuts of half a weight split five ways leave rounding behind them, and
   * a tick then brings the sum back to 1 within a few ulps.
   */
  @Test
  void aDecayRenormalisesTheWeightsToSumOneWithinRounding() {
    EcnPolicy policy = CloveEcn.policy().relayIntervalNanos(1).congestionMemoryNanos(0).cutFactor(0.5)
        .recovery(Recovery.decayToEqual(1_000 * MS)).build();
    policy.bind(1, 6, 100_000);
    policy.onPathsChanged(0, PathSet.EMPTY, PathSet.of(1, 2, 3, 4, 5, 6), 0);
    SplittableRandom random = new SplittableRandom(1);
    long t = 1_000;
    for (int i = 0; i < 20_000; i++) {
      policy.onCongestion(0, random.nextInt(6), t++);
    }
    policy.onTick(t);
    double sum = 0;
    for (double w : policy.weights(0)) {
      sum += w;
    }
    assertEquals(1.0, sum, 1e-15);
  }

  @Test
  void theTimeConstantIsReportedAsGiven() {
    assertEquals(7, Recovery.decayToEqual(7).timeConstantNanos());
    assertEquals(0, Recovery.none().timeConstantNanos());
    assertEquals(TAU, decaying(2, 1, 2).recovery().timeConstantNanos());
  }
}
