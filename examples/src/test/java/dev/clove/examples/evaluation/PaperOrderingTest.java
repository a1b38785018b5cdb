// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.examples.evaluation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.testkit.sim.FlowSizeDistribution;
import dev.clove.testkit.sim.RunSummary;
import dev.clove.testkit.sim.Simulation;
import dev.clove.testkit.sim.Topologies;
import dev.clove.testkit.sim.Workload;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A reduced-scale point of Figure 2c: the asymmetric fabric at 70% load, where ECMP sends half the traffic to
 * the spine that lost a link. The simulator must show ECMP worst by a clear margin, and CLOVE-ECN ahead of it.
 * Seeds are fixed, so the run is the same every time; the margin is what the test can fail on.
 */
class PaperOrderingTest {

  @Test
  void onTheAsymmetricFabricAtHighLoadEcmpIsWorstAndCloveEcnBeatsIt() {
    Map<String, Double> avgFctMs = new LinkedHashMap<>();
    for (String scheme : new String[] {"ecmp", "edge-flowlet", "clove-ecn"}) {
      RunSummary summary = Simulation.builder()
          .topology(Topologies.paperAsymmetric())
          .scheme(scheme)
          .workload(Workload.clientServer(FlowSizeDistribution.webSearch()))
          .load(0.7)
          .flows(1500)
          .seed(1)
          .build()
          .run();
      assertTrue(summary.flowsCompleted() == 1500, scheme + ": " + summary.unfinished());
      avgFctMs.put(scheme, summary.all().meanNanos() / 1e6);
    }
    double ecmp = avgFctMs.get("ecmp");
    double edge = avgFctMs.get("edge-flowlet");
    double ecn = avgFctMs.get("clove-ecn");
    assertTrue(ecmp > 1.1 * Math.max(edge, ecn), "ECMP should be worst by over 10%: " + avgFctMs);
    assertTrue(ecn < ecmp, "CLOVE-ECN should beat ECMP: " + avgFctMs);
  }
}
