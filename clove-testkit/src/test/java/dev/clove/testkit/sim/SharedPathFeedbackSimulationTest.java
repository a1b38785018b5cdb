// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import org.junit.jupiter.api.Test;

/**
 * The schemes {@code clove-ecn-hops} and {@code clove-int-hops} share feedback along physical paths in a real
 * simulation, with the oracle's path ids and with discovered hops alike. Without sharing a relayed mark cuts at
 * most one weight (its own destination's), so more cuts than reports can only come from the fan-out; the 16
 * hosts behind the other leaf share its paths, so most reports should reach several destinations.
 * Threading: single-threaded.
 */
class SharedPathFeedbackSimulationTest {

  private static RunSummary run(String scheme, boolean discovery) {
    return Simulation.builder().topology(Topologies.paperAsymmetric()).scheme(scheme)
        .workload(Workload.clientServer(FlowSizeDistribution.webSearch())).load(0.7).flows(200).seed(4)
        .pathDiscovery(discovery).build().run();
  }

  @Test
  void aMarkCutsTheSharedPathOfSeveralDestinationsWithOraclePathsAndWithDiscovery() {
    for (boolean discovery : new boolean[] {false, true}) {
      RunSummary plain = run(Schemes.CLOVE_ECN, discovery);
      assertTrue(plain.counter(Counter.CONGESTION_CUTS) <= plain.counter(Counter.CONGESTION_REPORTS),
          "discovery=" + discovery + ": without sharing a report cuts at most once");
      RunSummary shared = run(Schemes.CLOVE_ECN_HOPS, discovery);
      long reports = shared.counter(Counter.CONGESTION_REPORTS);
      long cuts = shared.counter(Counter.CONGESTION_CUTS);
      assertTrue(reports > 100, "discovery=" + discovery + ": the run should relay marks, relayed " + reports);
      assertTrue(cuts > 2 * reports, "discovery=" + discovery + ": " + reports + " reports, " + cuts + " cuts");
    }
  }
}
