// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import dev.clove.api.LoadBalancer;
import org.junit.jupiter.api.Test;

/** A reported failure of a static path is not forever: the path returns after the hold-down, by itself. */
class StaticPathRecoveryTest {
  private static final long MS = 1_000_000;
  private static final int[] PORTS = {50001, 50002, 50003};

  private static LoadBalancer balancer() {
    return Clove.builder().maxDestinations(2).staticPaths(1, PORTS).staticPathHoldDownNanos(100 * MS).seed(3)
        .build();
  }

  @Test
  void aFailedStaticPathReturnsAfterTheHoldDown() {
    LoadBalancer lb = balancer();
    lb.onTick(0);
    lb.onPathFailure(1, 50002, 10 * MS);
    assertArrayEquals(new int[] {50001, 50003}, lb.paths(1).ports());
    lb.onTick(10 * MS);
    lb.onTick(99 * MS);
    assertArrayEquals(new int[] {50001, 50003}, lb.paths(1).ports(), "still held down");
    lb.onTick(101 * MS);
    assertArrayEquals(PORTS, lb.paths(1).ports(), "re-admitted, in its configured place");
    assertEquals(1, lb.count(Counter.PATHS_REMOVED));
    assertEquals(1, lb.count(Counter.PATHS_ADDED));
  }

  @Test
  void aRepeatedReportRestartsTheHoldDown() {
    LoadBalancer lb = balancer();
    lb.onTick(0);
    lb.onPathFailure(1, 50001, 0);
    lb.onTick(80 * MS);
    lb.onPathFailure(1, 50001, 80 * MS); // still down: reported again
    lb.onTick(150 * MS);
    assertArrayEquals(new int[] {50002, 50003}, lb.paths(1).ports());
    lb.onTick(181 * MS);
    assertArrayEquals(PORTS, lb.paths(1).ports());
    assertEquals(1, lb.count(Counter.PATHS_REMOVED), "the second report removed nothing new");
    assertEquals(2, lb.count(Counter.PATH_FAILURES));
  }

  @Test
  void aDestinationWhosePathsAllFailedLeavesTheFallbackRangeAgain() {
    LoadBalancer lb = balancer();
    lb.onTick(0);
    for (int port : PORTS) {
      lb.onPathFailure(1, port, 5 * MS);
    }
    int fallback = lb.selectSourcePort(1, 77, 100, 6 * MS);
    assertTrue(fallback >= 49152, "no paths: the fallback hash");
    assertEquals(1, lb.count(Counter.FALLBACK_NO_PATH));
    lb.onTick(200 * MS);
    int port = lb.selectSourcePort(1, 78, 100, 201 * MS);
    assertTrue(port == 50001 || port == 50002 || port == 50003, "back on the static paths, got " + port);
  }

  @Test
  void aFarFutureReportTimeCannotHoldAPathDownForever() {
    LoadBalancer lb = balancer();
    lb.onTick(0);
    lb.onPathFailure(1, 50003, Long.MAX_VALUE); // a clock glitch in the reporter
    lb.onTick(101 * MS);
    assertArrayEquals(PORTS, lb.paths(1).ports());
  }

  @Test
  void theHoldDownMustBePositive() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Clove.builder().staticPathHoldDownNanos(0));
    assertEquals("staticPathHoldDownNanos must be > 0, was 0", e.getMessage());
  }
}
