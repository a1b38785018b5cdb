// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import dev.clove.api.LoadBalancer;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Path discovery wired into a balancer: probes go out on ticks, answers become the ports packets use. */
class BalancerDiscoveryTest {
  private static final long MS = 1_000_000;

  @Test
  void discoveredPortsReplaceTheFallbackHash() {
    HopTraceFabric fabric = HopTraceFabric.twoSpinesTwoLinks(true);
    DiscoveryConfig config = DiscoveryConfig.builder().probeIntervalNanos(TimeUnit.MILLISECONDS.toNanos(10))
        .replyTimeoutNanos(TimeUnit.MILLISECONDS.toNanos(1)).build();
    LoadBalancer lb = Clove.builder().maxDestinations(4).seed(5).policy(Policies.edgeFlowlet())
        .fallbackPortRange(40000, 40099).pathDiscovery(config, fabric).build();

    int before = lb.selectSourcePort(2, 1, 100, 0); // traffic to destination 2 makes it worth probing
    assertTrue(before >= 40000 && before <= 40099, "no paths yet: fallback hash, got " + before);

    for (long t = 0; t <= 20 * MS; t += MS / 2) {
      fabric.setTime(t);
      lb.onTick(t);
      fabric.deliver(lb, t);
    }
    assertTrue(lb.count(Counter.PROBES_SENT) > 0);
    assertEquals(4, lb.count(Counter.PATHS_ADDED), "the fixture fabric has four distinct paths");

    Set<Integer> pathsUsed = new HashSet<>();
    Set<Integer> ports = new HashSet<>();
    for (long flow = 0; flow < 400; flow++) {
      int port = lb.selectSourcePort(2, flow, 100, 21 * MS);
      ports.add(port);
      pathsUsed.add(fabric.pathOf(port));
    }
    assertEquals(4, ports.size(), "one port per discovered path");
    assertEquals(4, pathsUsed.size(), "and they really lead to the four paths");
    assertEquals(0, lb.count(Counter.PROBE_REPLIES_UNEXPECTED), "every answer matched a probe");
  }

  @Test
  void destinationsWithoutTrafficAreNotProbed() {
    HopTraceFabric fabric = HopTraceFabric.twoSpinesTwoLinks(true);
    LoadBalancer lb = Clove.builder().maxDestinations(4).seed(5)
        .pathDiscovery(DiscoveryConfig.builder().probeIntervalNanos(TimeUnit.MILLISECONDS.toNanos(10))
            .replyTimeoutNanos(TimeUnit.MILLISECONDS.toNanos(1)).build(), fabric).build();
    for (long t = 0; t <= 50 * MS; t += MS) {
      lb.onTick(t);
    }
    assertEquals(0, lb.count(Counter.PROBES_SENT));
  }

  @Test
  void discoveryMustNotKeepMorePathsThanTheBalancerHolds() {
    var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Clove.builder()
        .maxPathsPerDestination(2)
        .pathDiscovery(DiscoveryConfig.builder().pathsPerDestination(4).build(), (d, p, t, id) -> { })
        .build());
    assertTrue(e.getMessage().contains("pathsPerDestination=4") && e.getMessage().contains("maxPathsPerDestination=2"));
  }
}
