// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import dev.clove.api.LoadBalancer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What BalancerCore publishes when discovery (or a static path's return) hands it a destination's ports: at most
 * maxPathsPerDestination of them, in order, without repeats or invalid ports (counted); and where a path found
 * silent goes when discovery owns the destination's paths.
 */
class PathPublishingTest {
  static final long MS = 1_000_000;

  static BalancerCore core(LoadBalancer lb) {
    return ((CloveBalancer) lb).core;
  }

  static void publish(LoadBalancer lb, int destination, int... ports) {
    BalancerCore core = core(lb);
    synchronized (core.control) {
      core.publishPaths(destination, ports, 5 * MS);
    }
  }

  @Test
  void repeatedAndInvalidPortsAreDroppedAndTheRestKeepTheirOrder() {
    LoadBalancer lb = Clove.builder().maxDestinations(4).seed(1).build();
    publish(lb, 3, 1000, -1, 1001, 1000, 0x10000, 1002, 1001);
    assertArrayEquals(new int[] {1000, 1001, 1002}, lb.paths(3).ports());
    assertEquals(2, lb.count(Counter.FEEDBACK_INVALID_VALUE));
    assertEquals(5 * MS, lb.paths(3).publishedAtNanos());
    // The extremes of the port range are valid.
    publish(lb, 3, 0, 0xFFFF);
    assertArrayEquals(new int[] {0, 0xFFFF}, lb.paths(3).ports());
    assertEquals(2, lb.count(Counter.FEEDBACK_INVALID_VALUE));
  }

  @Test
  void atMostMaxPathsPerDestinationArePublished() {
    LoadBalancer lb = Clove.builder().maxDestinations(4).maxPathsPerDestination(2).seed(1).build();
    publish(lb, 0, 7, 7, 8, 9);
    assertArrayEquals(new int[] {7, 8}, lb.paths(0).ports(), "the first two distinct ports");
    publish(lb, 0, 10);
    assertArrayEquals(new int[] {10}, lb.paths(0).ports());
    publish(lb, 0);
    assertEquals(0, lb.paths(0).size());
    // Every selection lands on a published port, never on a slot the cleaning left empty.
    publish(lb, 1, 20, 20);
    for (long flow = 0; flow < 64; flow++) {
      assertEquals(20, lb.selectSourcePort(1, flow, 100, 6 * MS));
    }
  }

  @Test
  void theLastDestinationIsInRangeAndTheNextIsNot() {
    LoadBalancer lb = Clove.builder().maxDestinations(4).staticPaths(0, 400).staticPaths(3, 500, 501).seed(1)
        .build();
    assertArrayEquals(new int[] {400}, lb.paths(0).ports(), "the first destination is in range too");
    assertTrue(lb.pathsVersion(0) > 0);
    assertEquals(lb.paths(0).version(), lb.pathsVersion(0));
    assertArrayEquals(new int[] {500, 501}, lb.paths(3).ports());
    assertEquals(lb.paths(3).version(), lb.pathsVersion(3));
    assertEquals(0, lb.paths(4).size());
    assertEquals(0, lb.paths(4).version());
    assertEquals(-1, lb.pathsVersion(4));
    assertEquals(0, lb.paths(-1).size());
    assertEquals(-1, lb.pathsVersion(Integer.MIN_VALUE));
  }

  @Test
  void aSilentDiscoveredPathLeavesDiscoverysSetWithoutCountingAsAFailure() {
    HopTraceFabric fabric = HopTraceFabric.twoSpinesTwoLinks(true);
    DiscoveryConfig config = DiscoveryConfig.builder().probeIntervalNanos(TimeUnit.MILLISECONDS.toNanos(10))
        .replyTimeoutNanos(TimeUnit.MILLISECONDS.toNanos(1)).build();
    LoadBalancer lb = Clove.builder().maxDestinations(4).seed(5).policy(Policies.edgeFlowlet())
        .pathDiscovery(config, fabric).build();
    lb.selectSourcePort(2, 1, 100, 0);
    for (long t = 0; t <= 5 * MS; t += MS / 2) {
      fabric.setTime(t);
      lb.onTick(t);
      fabric.deliver(lb, t);
    }
    int[] found = lb.paths(2).ports();
    assertEquals(4, found.length, "the fixture fabric has four distinct paths");
    BalancerCore core = core(lb);
    synchronized (core.control) {
      core.silentPath(2, found[1], 5 * MS);
    }
    assertArrayEquals(new int[] {found[0], found[2], found[3]}, lb.paths(2).ports());
    assertEquals(1, lb.count(Counter.PATHS_SILENT));
    assertEquals(1, lb.count(Counter.PATHS_REMOVED));
    assertEquals(0, lb.count(Counter.PATH_FAILURES));
  }
}
