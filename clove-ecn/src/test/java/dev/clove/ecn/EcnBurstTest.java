// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.ecn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import dev.clove.api.LoadBalancer;
import dev.clove.core.Clove;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * CLOVE-ECN in bursts ({@link LoadBalancer#selectSourcePorts}) decides exactly as packet by packet, while relayed
 * congestion reshapes the weights between bursts. clove-core's BurstTest covers the burst mechanics (unknown
 * destinations, chunking, clocks); this checks the real weighted policy. Threading: single-threaded.
 */
class EcnBurstTest {

  private static LoadBalancer sender() {
    return Clove.builder().maxDestinations(4).baseRttNanos(50_000).flowletTableCapacity(256)
        .policy(CloveEcn.policy().baseRttNanos(50_000).build()).staticPaths(0, 100, 101, 102, 103)
        .staticPaths(1, 200, 201, 202).seed(3).build();
  }

  @Property(tries = 100)
  void burstsAndSinglePacketsAgreeUnderCongestion(@ForAll long seed,
      @ForAll @IntRange(min = 0, max = 200) int burstSize) {
    LoadBalancer single = sender();
    LoadBalancer burst = sender();
    SplittableRandom random = new SplittableRandom(seed);
    int[] destinations = new int[burstSize];
    long[] flows = new long[burstSize];
    int[] lengths = new int[burstSize];
    int[] expected = new int[burstSize];
    int[] ports = new int[burstSize];
    long now = 0;
    for (int round = 0; round < 20; round++) {
      for (int i = 0; i < burstSize; i++) {
        destinations[i] = random.nextInt(5) - 1; // -1 and 3: fallback; 2: no paths
        flows[i] = random.nextInt(300);
        expected[i] = single.selectSourcePort(destinations[i], flows[i], lengths[i], now);
      }
      burst.selectSourcePorts(destinations, flows, lengths, burstSize, now, ports);
      assertArrayEquals(expected, ports, "round " + round);
      int port = 100 + random.nextInt(4);
      now += random.nextInt(4) == 0 ? 150_000 : 20_000; // sometimes beyond the 100 us flowlet gap
      single.onCongestion(0, port, now);
      burst.onCongestion(0, port, now);
    }
    assertTrue(single.count(Counter.CONGESTION_CUTS) > 0, "the weights changed");
    for (Counter counter : Counter.values()) {
      assertEquals(single.count(counter), burst.count(counter), counter.name());
    }
  }
}
