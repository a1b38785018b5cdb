// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.benchmarks;

import dev.clove.api.LoadBalancer;
import dev.clove.core.BalancerBuilder;
import dev.clove.core.Clove;
import dev.clove.core.DiscoveryConfig;
import dev.clove.ecn.CloveEcn;
import dev.clove.telemetry.CloveInt;

/**
 * Not a benchmark: the heap a balancer takes per destination up front, by policy, measured by building one for
 * 2^20 destinations and reading the used heap after full collections. It backs the memory figures in
 * {@code BalancerBuilder.maxDestinations}'s Javadoc. Per-path state (weights, readings, path sets) grows with the
 * destinations in use and is not part of these figures: each balancer here forwards to one destination only.
 * Run (a few seconds, 4 GB heap):
 * <pre>{@code
 * java -Xmx4g -cp benchmarks/target/benchmarks.jar dev.clove.benchmarks.MemoryReport
 * }</pre>
 */
public final class MemoryReport {
  private static final int DESTINATIONS = 1 << 20;

  private MemoryReport() {}

  public static void main(String[] args) {
    System.out.println("| policy | bytes per destination, one dataplane | more per extra dataplane |");
    System.out.println("|---|---:|---:|");
    for (String policy : new String[] {"Edge-Flowlet", "CLOVE-ECN", "CLOVE-INT", "Edge-Flowlet + discovery"}) {
      long before = usedHeap();
      BalancerBuilder builder = Clove.builder().maxDestinations(DESTINATIONS).flowletTableCapacity(8).seed(1);
      if (policy.equals("CLOVE-ECN")) {
        builder.policy(CloveEcn.policy().build());
      } else if (policy.equals("CLOVE-INT")) {
        builder.policy(CloveInt.policy().build());
      } else if (policy.endsWith("discovery")) {
        builder.pathDiscovery(DiscoveryConfig.defaults(), (destination, port, ttl, probeId) -> { });
      }
      try (LoadBalancer first = builder.build()) {
        first.selectSourcePort(0, 1, 100, 0);
        long one = usedHeap();
        try (LoadBalancer second = first.newDataplane()) {
          second.selectSourcePort(0, 1, 100, 0);
          long two = usedHeap();
          System.out.printf("| %s | %.0f | %.0f |%n", policy, (one - before) / (double) DESTINATIONS,
              (two - one) / (double) DESTINATIONS);
        }
      }
    }
  }

  private static long usedHeap() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 5; i++) {
      System.gc();
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
