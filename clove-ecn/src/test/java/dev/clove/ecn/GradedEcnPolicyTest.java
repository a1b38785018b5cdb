// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.ecn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import dev.clove.api.FeedbackWord;
import dev.clove.api.LoadBalancer;
import dev.clove.core.Clove;
import dev.clove.core.PathSet;
import org.junit.jupiter.api.Test;

/** Graded CLOVE-ECN ({@code CloveEcn.policy().graded(true)}): worked examples, each computed by hand. */
class GradedEcnPolicyTest {
  static final long I = 50_000;
  static final double EPS = 1e-12;

  private static EcnPolicy bound(boolean graded) {
    EcnPolicy p = CloveEcn.policy().relayIntervalNanos(I).graded(graded).build();
    p.bind(4, 8, 100_000);
    p.onPathsChanged(1, PathSet.EMPTY, PathSet.of(10, 11, 12, 13), 0);
    return p;
  }

  /** The report as the balancer delivers it: as a fraction to a graded policy, as a mark (if above 0) otherwise. */
  private static void report(EcnPolicy p, int path, double fraction, long now) {
    if (p.consumesCongestionFraction()) {
      p.onCongestionFraction(1, path, fraction, now);
    } else if (fraction > 0) {
      p.onCongestion(1, path, now);
    }
  }

  @Test
  void aReportCutsInProportionToItsFraction() {
    // A first report on path 0, no other path recent: the baseline is 0 and the excess the whole fraction 0.6.
    // Cut: 0.25 x 1/3 x 0.6 = 0.05, split equally over the three unreported paths (all have excess 0).
    EcnPolicy p = bound(true);
    p.onCongestionFraction(1, 0, 0.6, 1_000_000);
    double share = 0.05 / 3;
    assertArrayEquals(new double[] {0.20, 0.25 + share, 0.25 + share, 0.25 + share}, p.weights(1), EPS);
    // Half the fraction, half the cut.
    EcnPolicy q = bound(true);
    q.onCongestionFraction(1, 0, 0.3, 1_000_000);
    assertArrayEquals(new double[] {0.225, 0.25 + 0.025 / 3, 0.25 + 0.025 / 3, 0.25 + 0.025 / 3}, q.weights(1),
        EPS);
    assertEquals(1, q.count(Counter.CONGESTION_CUTS));
  }

  @Test
  void equalFractionsOnEveryPathMoveNothing() {
    // Fails with graded(false): there every marked report cuts a third, whichever path it is about.
    EcnPolicy p = bound(true);
    long t = 1_000_000;
    for (int j = 0; j < 4; j++) {
      report(p, j, 0.4, t += 1000); // the first report has no comparison yet and cuts; the others are common mode
    }
    double[] settled = p.weights(1);
    for (int round = 0; round < 50; round++) {
      for (int j = 0; j < 4; j++) {
        report(p, j, 0.4, t += I / 4);
      }
    }
    assertArrayEquals(settled, p.weights(1), 0.0, "common-mode marks must not move weight");
    assertEquals(1, p.count(Counter.CONGESTION_CUTS));
  }

  @Test
  void withoutGradingTheSameCommonModeMarksMoveWeight() {
    // The control for the test above: the paper's policy reads each of these fractions as a mark and cuts.
    EcnPolicy p = bound(false);
    long t = 1_000_000;
    double[] start = p.weights(1);
    for (int round = 0; round < 10; round++) {
      for (int j = 0; j < 4; j++) {
        report(p, j, 0.4, t += I / 4);
      }
    }
    assertTrue(p.count(Counter.CONGESTION_CUTS) > 1);
    assertFalse(java.util.Arrays.equals(start, p.weights(1)));
  }

  @Test
  void onlyTheExcessOverTheCommonModeCuts() {
    EcnPolicy p = bound(true);
    long t = 1_000_000;
    for (int j = 0; j < 4; j++) {
      p.onCongestionFraction(1, j, 0.3, t += 1000);
    }
    double[] w = p.weights(1); // path 0 was cut by the first report; the rest are common mode
    // Path 2 rises to 0.7: its level becomes (0.3 + 0.7) / 2 = 0.5, the baseline is 0.3 (paths 0, 1, 3), and the
    // excess min(0.7, 0.5) - 0.3 = 0.2. Cut: w2 x 1/3 x 0.2, to paths 0, 1, 3 in equal margins (0.2 - 0 each).
    p.onCongestionFraction(1, 2, 0.7, t += I);
    double removed = w[2] / 3 * 0.2;
    assertArrayEquals(new double[] {w[0] + removed / 3, w[1] + removed / 3, w[2] - removed, w[3] + removed / 3},
        p.weights(1), EPS);
  }

  @Test
  void lessMarkedPathsGainInProportionToTheirMargin() {
    EcnPolicy p = bound(true);
    long t = 1_000_000;
    // Fresh levels: path 1 at 0.1, path 2 at 0.2 (path 0 and 3 not yet reported).
    p.onCongestionFraction(1, 1, 0.1, t); // first: cuts path 1 against unreported paths
    p.onCongestionFraction(1, 2, 0.2, t + 1); // baseline 0.1: excess 0.1
    double[] w = p.weights(1);
    // Path 3 reports 0.5 fresh: level 0.5, baseline min(0.1, 0.2, 0.5) = 0.1, excess 0.4, own margin 0.4.
    // Margins: path 0 unreported, excess 0: 0.4; path 1 excess 0: 0.4; path 2 excess 0.1: 0.3. Sum 1.1.
    p.onCongestionFraction(1, 3, 0.5, t + 2);
    double removed = w[3] / 3 * 0.4;
    assertArrayEquals(new double[] {w[0] + removed * 0.4 / 1.1, w[1] + removed * 0.4 / 1.1,
        w[2] + removed * 0.3 / 1.1, w[3] - removed}, p.weights(1), EPS);
  }

  @Test
  void aClearReportDoesNotCutAPathWhoseAverageLags() {
    EcnPolicy p = bound(true);
    p.onCongestionFraction(1, 0, 0.8, 1_000_000);
    double[] w = p.weights(1);
    p.onCongestionFraction(1, 0, 0, 1_000_000 + I); // level 0.4, but this report shows no mark
    assertArrayEquals(w, p.weights(1), 0.0);
  }

  @Test
  void reportsWithinARelayIntervalOfACutAreSuppressed() {
    EcnPolicy p = bound(true);
    p.onCongestionFraction(1, 0, 1, 1_000_000);
    double[] w = p.weights(1);
    p.onCongestionFraction(1, 0, 1, 1_000_000 + I - 1);
    assertArrayEquals(w, p.weights(1), 0.0);
    assertEquals(1, p.count(Counter.CONGESTION_SUPPRESSED));
  }

  @Test
  void aOneBitMarkIsAFractionOfOneAndCutsThePapersThirdFromAFreshStart() {
    EcnPolicy policy = CloveEcn.policy().graded(true).build();
    LoadBalancer lb = Clove.builder().seed(1).policy(policy).staticPaths(3, 100, 101, 102, 103).build();
    lb.onFeedbackWord(3, FeedbackWord.encodeCongestion(100), 1_000_000);
    double cut = 0.25 / 3;
    assertArrayEquals(new double[] {0.25 - cut, 0.25 + cut / 3, 0.25 + cut / 3, 0.25 + cut / 3},
        policy.weights(3), EPS);
    // A graded word through the same balancer reaches the graded rule: path 101 reports 0.5 fresh (level 0.5);
    // the baseline is min(0.5, path 100's level 1) = 0.5, so path 101 is the least marked: no excess, no move.
    double[] before = policy.weights(3);
    lb.onFeedbackWord(3, FeedbackWord.encodeCongestionFraction(101, 0.5), 1_000_000 + I);
    assertArrayEquals(before, policy.weights(3), 0.0);
  }

  @Test
  void builderChecksTheWindowAndReportsTheSettings() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CloveEcn.policy().commonModeWindowNanos(0));
    assertTrue(e.getMessage().contains("commonModeWindowNanos") && e.getMessage().contains("0"), e.getMessage());
    EcnPolicy p = CloveEcn.policy().relayIntervalNanos(I).graded(true).build();
    assertTrue(p.graded());
    assertTrue(p.consumesCongestionFraction());
    assertEquals(20 * I, p.commonModeWindowNanos());
    assertFalse(CloveEcn.policy().build().consumesCongestionFraction(), "off by default: the paper's policy");
    assertEquals(7, CloveEcn.policy().commonModeWindowNanos(7).graded(true).build().commonModeWindowNanos());
  }

  @Test
  void roundingNoiseBetweenEqualLevelsIsNoExcessAndDoesNotHoldBackTheNextCut() {
    // Found by GradedEcnPropertiesTest. Path 0's level reaches 0.65 as 0.5 + (0.8 - 0.5) / 2 and path 1's as
    // 0.3 + (1 - 0.3) / 2: equal, but not to the last ulp. Before NO_EXCESS the difference "cut" path 0 by about
    // 1e-18 and started its suppression interval, so the real excess of the next report (0.825 - 0.65) moved nothing.
    EcnPolicy p = bound(true);
    long t = 1_000_000;
    report(p, 0, 0, t);
    report(p, 1, 0, t);
    report(p, 1, 1, t); // path 1: level 0.5, cut
    report(p, 1, 0.1, t); // 0.3
    report(p, 1, 1, t); // 0.65
    report(p, 2, 1, t); // path 2: level 1, cut
    report(p, 0, 1, t); // path 0: level 0.5, below the baseline 0.65: nothing
    report(p, 0, 0.8, t); // path 0: level 0.65, the baseline: nothing
    double before = p.weights(1)[0];
    report(p, 0, 1, t); // path 0: level 0.825, 0.175 above the baseline: a cut
    assertTrue(p.weights(1)[0] < before - 1e-4, "path 0 was cut: " + before + " -> " + p.weights(1)[0]);
  }
}
