// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.clove.api.LoadBalancer;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The fallback hash (destinations without paths) spreads flows over its whole configured range, the top ports
 * included, and each seed keys it differently. Threading: single-threaded.
 */
class FallbackPortRangeTest {
  /** The ports 2,000 flows to a destination without paths take. */
  private static Set<Integer> fallbackPorts(LoadBalancer lb, int destination) {
    Set<Integer> ports = new TreeSet<>();
    for (long flow = 0; flow < 2_000; flow++) {
      ports.add(lb.selectSourcePort(destination, flow, 100, 0));
    }
    return ports;
  }

  @Test
  void everyPortOfTheRangeIsUsedAndNoOther() {
    for (PathPolicy policy : new PathPolicy[] {Policies.edgeFlowlet(), Policies.ecmp()}) {
      LoadBalancer lb = Clove.builder().maxDestinations(2).policy(policy).fallbackPortRange(5000, 5003).build();
      assertEquals(Set.of(5000, 5001, 5002, 5003), fallbackPorts(lb, 1), "no paths: the whole range");
      assertEquals(Set.of(5000, 5001, 5002, 5003), fallbackPorts(lb, 7), "unknown destination: the whole range");
    }
  }

  @Test
  void aOnePortRangeIsThatPort() {
    LoadBalancer lb = Clove.builder().maxDestinations(2).fallbackPortRange(6000, 6000).build();
    assertEquals(Set.of(6000), fallbackPorts(lb, 0));
  }

  /** Seeds that differ in one bit: each must key both the fallback hash and ECMP's differently. */
  @Test
  void seedsThatDifferInOneBitHashFlowsDifferently() {
    for (int bit = 0; bit < 64; bit++) {
      long a = 0x1234_5678_9ABC_DEF0L;
      long b = a ^ (1L << bit);
      assertNotEquals(placements(a, false), placements(b, false), "fallback, seeds differing in bit " + bit);
      assertNotEquals(placements(a, true), placements(b, true), "ECMP over paths, seeds differing in bit " + bit);
    }
  }

  /** Where 64 flows go: over the fallback range, or over eight static paths under ECMP. */
  private static String placements(long seed, boolean overPaths) {
    LoadBalancer lb = Clove.builder().maxDestinations(2).seed(seed).policy(Policies.ecmp())
        .fallbackPortRange(7000, 7999).staticPaths(1, 1, 2, 3, 4, 5, 6, 7, 8).maxPathsPerDestination(8).build();
    StringBuilder out = new StringBuilder();
    for (long flow = 0; flow < 64; flow++) {
      out.append(lb.selectSourcePort(overPaths ? 1 : 0, flow, 100, 0)).append(',');
    }
    return out.toString();
  }
}
