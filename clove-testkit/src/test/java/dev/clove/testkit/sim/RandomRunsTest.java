// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * Random small workloads on random small fabrics, under every scheme: every run checks its own invariants
 * (RunSummary exists only if they held), every flow completes, and no FCT beats the physics.
 */
class RandomRunsTest {

  @Property(tries = 100)
  @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
  void everyFlowCompletesAndInvariantsHold(@ForAll("fabrics") Topology topology, @ForAll("schemes") String scheme,
      @ForAll("seeds") long seed) {
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    List<Workload.Flow> flows = new ArrayList<>();
    long t = 0;
    int n = 1 + random.nextInt(40);
    for (int i = 0; i < n; i++) {
      t += random.nextInt(200_000);
      int src = random.nextInt(topology.hosts());
      int dst = random.nextInt(topology.hosts() - 1);
      dst = dst >= src ? dst + 1 : dst;
      long bytes = 1 + random.nextInt(random.nextBoolean() ? 5_000 : 400_000);
      flows.add(new Workload.Flow(t, src, dst, bytes));
    }
    RunSummary r = Simulation.builder().topology(topology).scheme(scheme).workload(Workload.explicit(flows))
        .delayedAckNanos(random.nextBoolean() ? 0 : 40_000).seed(seed).build().run();
    assertTrue(r.unfinished().isEmpty(), r.unfinished().toString());
    assertEquals(n, r.flowsCompleted());
    for (int i = 0; i < n; i++) {
      Workload.Flow f = flows.get(i);
      // At least one round trip, and the serialization of the payload at the host link rate.
      long floor = topology.hostLinkDelayNanos() * 4 + f.bytes() * 8_000_000_000L / topology.hostLinkBps();
      assertTrue(r.fctNanos(i) >= floor, "flow " + f + " took " + r.fctNanos(i) + " < " + floor);
    }
    Statistics.label("drops").collect(r.drops() > 0);
  }

  @Provide
  Arbitrary<Topology> fabrics() {
    return Combinators.combine(Arbitraries.integers().between(1, 3), Arbitraries.integers().between(2, 3),
        Arbitraries.integers().between(1, 2), Arbitraries.integers().between(1, 4), Arbitraries.of(false, true))
        .as((spines, leaves, links, hosts, asymmetric) -> {
          Topology.Builder b = Topology.leafSpine().spines(spines).leaves(leaves).linksPerLeafSpine(links)
              .hostsPerLeaf(hosts).switchBufferPackets(8);
          if (asymmetric && spines * links > 1) {
            b.removeLink(0, leaves - 1, 0);
          }
          return b.build();
        });
  }

  @Provide
  Arbitrary<String> schemes() {
    return Arbitraries.of(List.copyOf(Schemes.names()));
  }

  @Provide
  Arbitrary<Long> seeds() {
    return Arbitraries.longs();
  }
}
