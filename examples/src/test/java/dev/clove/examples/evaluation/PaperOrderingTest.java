// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.examples.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.testkit.sim.FlowSizeDistribution;
import dev.clove.testkit.sim.RunSummary;
import dev.clove.testkit.sim.Simulation;
import dev.clove.testkit.sim.Topologies;
import dev.clove.testkit.sim.Workload;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A reduced-scale point of Figure 2c at the simulator's defaults (load in wire bytes, one 500 us flowlet timeout
 * for every flowlet scheme): the asymmetric fabric at 70% load, where ECMP sends half the traffic to the spine
 * that lost a link. Averaged over seeds 1 to 3, as the evaluation averages its seeds, the simulator must show the
 * two orderings of the paper that hold at this scale: ECMP worst by a clear margin, behind every other scheme, and
 * CONGA best on average FCT. Seeds are fixed, so the run is the same every time.
 *
 * <p>CONGA's lead is small at this point (about 1% over the best edge scheme, and not in every single seed; the
 * full evaluation's table in {@code docs/results/README.md} has it at the paper's scale), so this test pins an
 * ordering, not a ratio. What this point does not show is congestion awareness at the edge: the edge schemes'
 * margin over ECMP comes from flowlets (a flow that loses packets on the bottleneck pauses, and its next flowlet
 * may take another path), so Edge-Flowlet has it too. That the relayed feedback itself moves traffic off a
 * congested path is checked where only the feedback can do it: clove-testkit's {@code FeedbackMattersTest} (in
 * the simulator) and clove-ecn's {@code EcnFeedbackLoopTest} and clove-int's {@code IntFeedbackLoopTest} (the
 * libraries in a small closed loop), each against the same run with the feedback cut.
 */
class PaperOrderingTest {

  private static final List<String> SCHEMES = List.of("ecmp", "edge-flowlet", "clove-ecn", "clove-int", "conga");
  private static final int SEEDS = 3;
  private static final int FLOWS = 1500;

  @Test
  void onTheAsymmetricFabricAtHighLoadEcmpIsWorstAndCongaBest() {
    // One simulation per (scheme, seed), independent and deterministic, so they may run in parallel.
    double[] avgFctNs = new double[SCHEMES.size() * SEEDS];
    IntStream.range(0, avgFctNs.length).parallel().forEach(i -> {
      String scheme = SCHEMES.get(i / SEEDS);
      RunSummary summary = Simulation.builder()
          .topology(Topologies.paperAsymmetric())
          .scheme(scheme)
          .workload(Workload.clientServer(FlowSizeDistribution.webSearch()))
          .load(0.7)
          .flows(FLOWS)
          .seed(1 + i % SEEDS)
          .build()
          .run();
      assertEquals(FLOWS, summary.flowsCompleted(), scheme + ": " + summary.unfinished());
      avgFctNs[i] = summary.all().meanNanos();
    });
    Map<String, Double> meanMs = new LinkedHashMap<>();
    for (int s = 0; s < SCHEMES.size(); s++) {
      double sum = 0;
      for (int seed = 0; seed < SEEDS; seed++) {
        sum += avgFctNs[s * SEEDS + seed];
      }
      meanMs.put(SCHEMES.get(s), sum / SEEDS / 1e6);
    }
    double ecmp = meanMs.get("ecmp");
    double conga = meanMs.get("conga");
    for (String scheme : SCHEMES.subList(1, SCHEMES.size())) {
      assertTrue(ecmp > 1.2 * meanMs.get(scheme), "ECMP should be worst by over 20%: " + meanMs);
    }
    for (String scheme : SCHEMES.subList(1, SCHEMES.size() - 1)) {
      assertTrue(conga < meanMs.get(scheme), "CONGA should be best on average FCT: " + meanMs);
    }
  }
}
