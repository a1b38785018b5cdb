// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.DestinationPaths;
import dev.clove.api.LoadBalancer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link LoadBalancer#paths} and {@link LoadBalancer#pathsVersion}: what an integrator sees of a destination. */
class PathsViewTest {
  private static final long MS = 1_000_000;

  @Test
  void staticPathsShowTheirPortsNoHopsAndAVersionThatMovesOnChange() {
    LoadBalancer lb = Clove.builder().maxDestinations(4).staticPaths(2, 50001, 50002, 50003).seed(1).build();
    DestinationPaths p = lb.paths(2);
    assertEquals(2, p.destination());
    assertArrayEquals(new int[] {50001, 50002, 50003}, p.ports());
    assertEquals(0, p.hops(1).length, "static paths have no traced hops");
    assertEquals(0, p.publishedAtNanos(), "the builder publishes static paths at time 0");
    assertEquals(5 * MS, p.ageNanos(5 * MS));
    assertEquals(p.version(), lb.pathsVersion(2));
    assertTrue(p.version() > 0);

    lb.onPathFailure(2, 50002, 7 * MS);
    assertNotEquals(p.version(), lb.pathsVersion(2), "a change is visible without copying");
    DestinationPaths after = lb.paths(2);
    assertArrayEquals(new int[] {50001, 50003}, after.ports());
    assertEquals(7 * MS, after.publishedAtNanos());
    assertEquals(after.version(), lb.pathsVersion(2));
  }

  @Test
  void destinationsWithoutPathsOrOutOfRangeAreEmpty() {
    LoadBalancer lb = Clove.builder().maxDestinations(4).seed(1).build();
    assertEquals(0, lb.paths(3).size());
    assertEquals(0, lb.paths(3).version());
    assertEquals(Long.MAX_VALUE, lb.paths(3).ageNanos(MS), "never published");
    assertEquals(0, lb.pathsVersion(3));
    assertEquals(0, lb.paths(4).size());
    assertEquals(-1, lb.pathsVersion(4));
    assertEquals(-1, lb.pathsVersion(-1));
  }

  @Test
  void discoveredPathsShowTheHopsTheirProbesTraced() {
    HopTraceFabric fabric = HopTraceFabric.twoSpinesTwoLinks(true);
    LoadBalancer lb = Clove.builder().maxDestinations(4).seed(5).pathDiscovery(DiscoveryConfig.defaults(), fabric)
        .build();
    lb.selectSourcePort(1, 1, 100, 0);
    for (long t = 0; t <= 1_200 * MS; t += MS) {
      fabric.setTime(t);
      lb.onTick(t);
      fabric.deliver(lb, t);
    }
    DestinationPaths p = lb.paths(1);
    assertEquals(4, p.size(), p.toString());
    for (int i = 0; i < p.size(); i++) {
      long[] expected = fabric.path(fabric.pathOf(p.port(i)));
      long[] traced = p.hops(i);
      assertTrue(traced.length >= expected.length, p.toString());
      assertArrayEquals(expected, Arrays.copyOf(traced, expected.length),
          "path " + i + " (port " + p.port(i) + ") shows the hops the fabric routes it over: " + p);
    }
    assertTrue(p.publishedAtNanos() >= 0 && p.publishedAtNanos() <= 1_200 * MS, "published by a round: " + p);
  }
}
