// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.ecn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import dev.clove.api.FeedbackRelay;
import dev.clove.api.FeedbackWord;
import dev.clove.api.LoadBalancer;
import dev.clove.core.Clove;
import org.junit.jupiter.api.Test;

/**
 * A simulated clock, four paths, one of them congested for a while: the share of new flowlets it gets, through a
 * real balancer.
 */
class EcnScenarioTest {
  static final int[] PORTS = {50001, 50002, 50003, 50004};
  static final int HOT = 50001;
  static final long INTERVAL = 50_000; // relay interval: RTT/2 for the default 100 us RTT
  static final int FLOWLETS_PER_INTERVAL = 100;

  /** Drives one balancer: new flowlets every 500 ns, a congestion report per interval while congested. */
  static final class Run {
    final LoadBalancer lb;
    long now = 1_000_000;
    long flowKey = 1;

    Run(EcnPolicy policy) {
      lb = Clove.builder().policy(policy).staticPaths(0, PORTS).seed(7).build();
    }

    /** Runs {@code intervals} relay intervals; returns the share of new flowlets sent on the hot path. */
    double intervals(int intervals, boolean congested) {
      int hot = 0;
      int total = 0;
      for (int k = 0; k < intervals; k++) {
        if (congested) {
          lb.onFeedbackWord(0, FeedbackWord.encodeCongestion(HOT), now);
        }
        for (int i = 0; i < FLOWLETS_PER_INTERVAL; i++) {
          int port = lb.selectSourcePort(0, flowKey++, 1500, now); // a new flow: always a new flowlet
          hot += port == HOT ? 1 : 0;
          total++;
          now += INTERVAL / FLOWLETS_PER_INTERVAL;
          if (i % 20 == 0) {
            lb.onTick(now);
          }
        }
      }
      return (double) hot / total;
    }
  }

  @Test
  void congestedPathLosesItsShareAndStaysLowWithoutRecovery() {
    EcnPolicy policy = CloveEcn.policy().build();
    Run run = new Run(policy);
    double before = run.intervals(10, false);
    assertEquals(0.25, before, 0.01); // equal weights, smooth WRR: an exact quarter
    run.intervals(5, true);
    // After 5 cuts the hot weight is at most 1/4 (2/3)^5 = 0.033; it keeps falling while congested.
    double during = run.intervals(5, true);
    assertTrue(during < 0.05, "hot share while congested " + during);
    assertEquals(10, run.lb.count(Counter.CONGESTION_CUTS));
    double after = run.intervals(200, false); // 10 ms with no report at all
    assertTrue(after < 0.05, "the paper's rule has no recovery; share " + after);
    assertTrue(policy.weights(0)[0] < 0.01);
  }

  @Test
  void withRecoveryTheShareReturnsTowardAQuarter() {
    long tau = 20 * INTERVAL; // 1 ms
    EcnPolicy policy = CloveEcn.policy().recovery(Recovery.decayToEqual(tau)).build();
    Run run = new Run(policy);
    run.intervals(5, true);
    double during = run.intervals(5, true);
    // Between cuts the weight decays back by a factor exp(-1/20) of its distance to 1/4; the cut-decay cycle
    // settles near 0.034, so the hot share stays clearly below a quarter.
    assertTrue(during < 0.08, "hot share while congested " + during);
    run.intervals(100, false); // 5 tau: within 1% of 1/4
    double recovered = run.intervals(20, false);
    assertEquals(0.25, recovered, 0.02);
    assertEquals(0.25, policy.weights(0)[0], 0.005);
  }

  @Test
  void aFailedPathLeavesAndSurvivorsKeepTheirWeights() {
    EcnPolicy policy = CloveEcn.policy().build();
    Run run = new Run(policy);
    run.intervals(3, true); // hot: 1/4 (2/3)^3 = 2/27; the others 1/4 + (1/4 - 2/27) / 3 = 25/81 each
    run.lb.onPathFailure(0, 50004, run.now); // no discovery: the balancer drops the port and republishes
    double hot = 2.0 / 27;
    double other = 25.0 / 81;
    double total = hot + 2 * other;
    assertArrayEquals(new double[] {hot / total, other / total, other / total}, policy.weights(0), 1e-12);
    double share = run.intervals(5, false);
    assertEquals(hot / total, share, 0.01);
  }

  @Test
  void endToEndThroughTheRelay() {
    // The receiver marks CE on every packet of the hot path; the relay's reports ride back at once.
    EcnPolicy policy = CloveEcn.policy().build();
    LoadBalancer lb = Clove.builder().policy(policy).staticPaths(0, PORTS).seed(3).build();
    FeedbackRelay relay = CloveEcn.relay().maxSources(1).build();
    long now = 0;
    int hot = 0;
    int total = 0;
    for (int i = 0; i < 40_000; i++) {
      now += 500;
      int port = lb.selectSourcePort(0, i, 1500, now);
      relay.onArrival(0, port, port == HOT, now);
      lb.onFeedbackWord(0, relay.pollFeedback(0, now), now);
      if (i >= 20_000) {
        hot += port == HOT ? 1 : 0;
        total++;
      }
    }
    // Each visit to the hot path after an interval costs it a third of its weight.
    assertTrue((double) hot / total < 0.02, "hot share " + (double) hot / total);
    assertEquals(relay.count(Counter.RELAY_REPORTS_SENT), lb.count(Counter.CONGESTION_REPORTS));
    assertEquals(lb.count(Counter.CONGESTION_REPORTS),
        lb.count(Counter.CONGESTION_CUTS) + lb.count(Counter.CONGESTION_SUPPRESSED));
  }
}
