// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * A spine-leaf link turns gray mid-run (it stays in the ECMP groups and drops everything that enters it): the edge
 * schemes' balancers, hearing nothing back from the paths through it, stop using them, and every flow completes.
 */
class GrayLinkTest {
  static final long MS = 1_000_000;
  static final long GRAY_AT = 41 * MS; // 40 ms into the flows (the warm-up without discovery is 1 ms)

  static RunSummary run(String scheme, boolean gray) {
    Topology.Builder t = Topologies.paperSymmetric().toBuilder();
    if (gray) {
      t.grayLink(0, 1, 0, GRAY_AT, 1.0);
    }
    // Every host sends 20 KB flows to the host under the other leaf: busy pairs, so each balancer places new
    // flowlets on every path every millisecond or so. That needs a flowlet timeout below the pairs' silences
    // between flows, so the run uses twice the unloaded RTT (97.6 us), not the 500 us default, under which most
    // of a pair's flows continue one flowlet; and the flow rate the bound below was checked with, 60% of 16 Gbps
    // in payload bytes (1,875 flows per second per pair), not in wire bytes (6% fewer flows).
    return Simulation.builder().topology(t.build()).scheme(scheme)
        .workload(Workload.stride(FlowSizeDistribution.fixed(20_000), 16)).load(0.6).flows(6_000).seed(4)
        .loadDefinition(LoadDefinition.PAYLOAD).flowletGapNanos(0)
        .pathDiscovery(false).maxSimNanos(5_000 * MS).build().run();
  }

  @ParameterizedTest
  @ValueSource(strings = {"edge-flowlet", "clove-ecn", "clove-int"})
  void edgeSchemesStopUsingAGrayPathAndEveryFlowCompletes(String scheme) {
    RunSummary r = run(scheme, true);
    assertEquals(6_000, r.flowsCompleted(), scheme + ": " + r.unfinished());
    assertTrue(r.grayLinkEntries() > 0, scheme + ": nothing used the gray link");
    long[] exposures = r.grayLinkPairExposures();
    // Per host pair, from its first packet onto the gray path to its last, by SilenceDetector's rules with timeout
    // T: another flow's flowlet at least T/4 later, another path heard more than T after that (found by a scan
    // up to T/10 later), then the next flowlet on the suspected path (up to a millisecond for these busy pairs),
    // another path heard T/4 after it and eight reports since the suspicion (and a scan, note 11), so 1.7 T and a
    // millisecond; plus 5 ms for the relay's liveness interval, the host's transmit queue and the fabric's queues on
    // the way out and back.
    long t = Schemes.SILENCE_TIMEOUT_NANOS;
    long bound = t / 4 + t + t / 10 + MS + t / 4 + t / 10 + 5 * MS;
    assertTrue(exposures[exposures.length - 1] < bound, scheme + ": pairs kept using the gray path for "
        + Arrays.toString(exposures) + " ns");
    assertTrue(r.counter(Counter.PATHS_SILENT) > 0, scheme);
    assertTrue(r.grayLinkLastPlacementNanos() - GRAY_AT < bound, scheme + ": last placement "
        + (r.grayLinkLastPlacementNanos() - GRAY_AT));
  }

  @Test
  void aHealthyRunRemovesNothingAndReportsNoGrayTraffic() {
    RunSummary r = run("clove-ecn", false);
    assertEquals(6_000, r.flowsCompleted());
    assertEquals(0, r.counter(Counter.PATHS_SILENT));
    assertEquals(0, r.grayLinkEntries());
    assertEquals(-1, r.grayLinkLastPlacementNanos());
    assertEquals(0, r.grayLinkPairExposures().length);
  }

  @Test
  void aPartlyGrayLinkDropsAboutItsFraction() {
    Topology t = Topologies.paperSymmetric().toBuilder().grayLink(0, 1, 0, 0, 0.25).build();
    RunSummary r = Simulation.builder().topology(t).scheme("ecmp")
        .workload(Workload.stride(FlowSizeDistribution.fixed(20_000), 16)).load(0.3).flows(1_000).seed(2)
        .pathDiscovery(false).maxSimNanos(20_000 * MS).build().run();
    assertEquals(1_000, r.flowsCompleted(), "TCP recovers from a quarter of the packets lost");
    double share = (double) r.failureDrops() / r.grayLinkEntries();
    assertTrue(share > 0.2 && share < 0.3, "dropped " + share + " of what entered the gray link");
  }

  @Test
  void grayLinksAreValidated() {
    Topology.Builder b = Topologies.paperSymmetric().toBuilder();
    assertThrows(IllegalArgumentException.class, () -> b.grayLink(0, 0, 0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> b.grayLink(0, 0, 0, 0, 1.5));
    assertThrows(IllegalArgumentException.class, () -> b.grayLink(0, 0, 0, -1, 1));
    assertThrows(IllegalArgumentException.class, () -> b.grayLink(5, 0, 0, 0, 1).build());
  }
}
