// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** ECMP hashing, path structure of the presets, and link failure. */
class FabricTest {

  static Sim sim(Topology topology, long seed) {
    return new Sim(Simulation.builder().topology(topology).scheme("ecmp")
        .workload(Workload.explicit(List.of(new Workload.Flow(0, 0, 16, 1000)))).seed(seed).build());
  }

  @Property(tries = 25)
  void ecmpSpreadsManyFlowsEvenlyOverUplinks(@ForAll long seed) {
    Sim s = sim(Topologies.paperSymmetric(), seed);
    int flows = 16_000;
    int[] perUplink = new int[s.ports.count];
    for (int i = 0; i < flows; i++) {
      int src = i % 16;
      int dst = 16 + (i / 16) % 16;
      int sport = 49152 + (i * 7919) % 16384;
      perUplink[s.switches.tracePath(src, dst, sport)[1]]++;
    }
    double mean = flows / 4.0;
    for (int up : s.ports.leafUp[0]) {
      // Binomial standard deviation here is about 1.4% of the mean; 6% is over four deviations.
      assertTrue(Math.abs(perUplink[up] - mean) < 0.06 * mean,
          "uplink " + s.ports.name(up) + " carried " + perUplink[up] + " of " + flows);
    }
  }

  private static Set<List<Integer>> distinctPaths(Sim s, int src, int dst) {
    Set<List<Integer>> paths = new HashSet<>();
    for (int sport = 49152; sport < 49152 + 4096; sport++) {
      List<Integer> p = new ArrayList<>();
      for (int port : s.switches.tracePath(src, dst, sport)) {
        p.add(port);
      }
      paths.add(p);
    }
    return paths;
  }

  @Test
  void symmetricPresetHasEightPathsAndFourDisjointOnes() {
    Sim s = sim(Topologies.paperSymmetric(), 3);
    assertEquals(8, distinctPaths(s, 0, 16).size());
    int[] ports = s.switches.oraclePorts(0, 16);
    assertEquals(4, ports.length);
    assertEquals(4 * 2, fabricLinks(s, ports).size(), "four pairwise link-disjoint leaf-to-leaf paths");
  }

  @Test
  void asymmetricPresetHasSixPathsAndOnlyThreeDisjointOnes() {
    Sim s = sim(Topologies.paperAsymmetric(), 3);
    assertEquals(6, distinctPaths(s, 0, 16).size());
    int[] ports = s.switches.oraclePorts(0, 16);
    assertEquals(4, ports.length, "one path per uplink");
    // Four paths over four uplinks, but only three downlinks reach leaf 1: exactly one link is shared.
    assertEquals(4 * 2 - 1, fabricLinks(s, ports).size());
    assertEquals(3, fabricLinks(s, java.util.Arrays.copyOf(ports, 3)).size() / 2, "the first three are disjoint");
  }

  private static Set<Integer> fabricLinks(Sim s, int[] ports) {
    Set<Integer> links = new HashSet<>();
    for (int sport : ports) {
      int[] path = s.switches.tracePath(0, 16, sport);
      links.add(path[1]);
      links.add(path[2]);
    }
    return links;
  }

  /** Every leaf-0 host sends 2 MB to its peer under leaf 1, all at once, by ECMP, on {@code topology}. */
  private static RunSummary sixteenFlows(Topology topology) {
    List<Workload.Flow> flows = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      flows.add(new Workload.Flow(0, i, 16 + i, 2_000_000));
    }
    // Without path discovery the warm-up is 1 ms, so the failure at 3 ms hits the flows in full swing.
    RunSummary r = Simulation.builder().topology(topology).scheme("ecmp").workload(Workload.explicit(flows)).seed(5)
        .pathDiscovery(false).build().run();
    assertTrue(r.unfinished().isEmpty(), r.unfinished().toString());
    return r;
  }

  @Test
  void failedLinkDropsInFlightPacketsAndTrafficMovesOff() {
    RunSummary healthy = sixteenFlows(Topologies.paperSymmetric());
    RunSummary r = sixteenFlows(Topologies.paperSymmetric().toBuilder().failLink(0, 0, 0, 3_000_000).build());
    assertTrue(r.link("L0->S0#0").failed());
    assertTrue(r.link("L0->S0#0").packets() > 0, "carried traffic before the failure");
    assertTrue(r.failureDrops() > 0, "packets queued on or crossing the link were lost");
    assertTrue(r.retransmits() > 0, "and TCP recovered them");
    // Each flow needs at least 16 ms at its host's 1 Gbps, and the link failed 2 ms after they started: it can
    // have carried only the first eighth or so of what it carries in the same run without the failure.
    long failedBytes = r.link("L0->S0#0").bytes();
    long healthyBytes = healthy.link("L0->S0#0").bytes();
    assertTrue(healthyBytes > 0, "the healthy run puts flows on the link");
    assertTrue(failedBytes < healthyBytes / 4, "failed link carried " + failedBytes + " of " + healthyBytes);
    // Every flow completed, so what the failed link stopped carrying crossed the three other uplinks: they carried
    // at least that much more than without the failure (retransmissions add to it; 10% margin for the healthy
    // run's own retransmissions).
    String[] others = {"L0->S0#1", "L0->S1#0", "L0->S1#1"};
    long moved = 0;
    for (String name : others) {
      moved += r.link(name).bytes() - healthy.link(name).bytes();
    }
    assertTrue(moved > 0.9 * (healthyBytes - failedBytes),
        "the other uplinks carried " + moved + " bytes more; the failed link " + (healthyBytes - failedBytes) + " less");
  }

  @Test
  void removedLinkCarriesNothing() {
    RunSummary r = Simulation.builder().topology(Topologies.paperAsymmetric()).scheme("ecmp")
        .workload(Workload.clientServer(FlowSizeDistribution.fixed(50_000))).load(0.3).flows(300).seed(2)
        .build().run();
    assertTrue(r.unfinished().isEmpty());
    assertEquals(0, r.link("S1->L1#0").packets());
    assertEquals(0, r.link("L1->S1#0").packets());
    assertEquals(0, r.failureDrops());
  }
}
