// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The traffic patterns pick the hosts they promise, at the offered load they promise. */
class WorkloadTest {

  private static RunSummary run(Workload w, double load, int flows) {
    return Simulation.builder().scheme("ecmp").workload(w).load(load).flows(flows).seed(13).build().run();
  }

  @Test
  void clientServerSendsFromLeafZeroToLeafOne() {
    RunSummary r = run(Workload.clientServer(FlowSizeDistribution.fixed(2_000)), 0.3, 500);
    int[] src = r.flowSources();
    int[] dst = r.flowDestinations();
    boolean[] seenClient = new boolean[16];
    boolean[] seenServer = new boolean[16];
    for (int i = 0; i < src.length; i++) {
      assertTrue(src[i] < 16 && dst[i] >= 16, "flow " + i + ": " + src[i] + " -> " + dst[i]);
      seenClient[src[i]] = true;
      seenServer[dst[i] - 16] = true;
    }
    for (int h = 0; h < 16; h++) {
      assertTrue(seenClient[h] && seenServer[h], "host " + h + " took part");
    }
  }

  @Test
  void allToAllUsesEveryHostBothWays() {
    RunSummary r = run(Workload.allToAll(FlowSizeDistribution.fixed(2_000)), 0.3, 1000);
    int[] src = r.flowSources();
    int[] dst = r.flowDestinations();
    int sameLeaf = 0;
    for (int i = 0; i < src.length; i++) {
      assertNotEquals(src[i], dst[i]);
      sameLeaf += src[i] / 16 == dst[i] / 16 ? 1 : 0;
    }
    // A random other host is under the same leaf with probability 15/31.
    assertEquals(1000 * 15 / 31.0, sameLeaf, 60);
  }

  @Test
  void strideSendsToTheHostStrideAway() {
    RunSummary r = run(Workload.stride(FlowSizeDistribution.fixed(2_000), 5), 0.3, 300);
    int[] src = r.flowSources();
    int[] dst = r.flowDestinations();
    for (int i = 0; i < src.length; i++) {
      assertEquals((src[i] + 5) % 32, dst[i]);
    }
  }

  @Test
  void arrivalRateMatchesTheOfferedLoad() {
    // 20 KB flows go as 13 full 1,460-byte segments and one of 1,020, each with 40 bytes of IPv4 and TCP
    // headers and 50 of VXLAN: 21,260 bytes on the wire. At 50% of 16 Gbps in wire bytes (the default load
    // definition) that is 47,037 flows per second, so 5,000 flows take about 106 ms to arrive.
    RunSummary r = run(Workload.clientServer(FlowSizeDistribution.fixed(20_000)), 0.5, 5_000);
    long[] start = r.flowStartNanos();
    double span = start[start.length - 1] - start[0];
    double flowsPerSecond = 0.5 * 16e9 / ((20_000 + 14 * (40 + 50)) * 8);
    double expected = (start.length - 1) / flowsPerSecond * 1e9;
    assertEquals(expected, span, expected * 0.05);
    assertTrue(r.unfinished().isEmpty());
  }
}
