// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import dev.clove.api.DestinationPaths;
import dev.clove.api.LoadBalancer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Discovery in a balancer over many rounds: fresh ports are drawn every round however small the port range is,
 * a destination with steady traffic is probed for as long as the traffic lasts (under ECMP too), and a path removed
 * from the middle of a set leaves the others' hop lists with their own ports. Threading: single-threaded.
 */
class DiscoveryOverManyRoundsTest {
  private static final long MS = 1_000_000;

  private static DiscoveryConfig.Builder everyMillisecond() {
    return DiscoveryConfig.builder().probeIntervalNanos(MS).replyTimeoutNanos(MS / 4);
  }

  /**
   * A range of 24 ports and rounds of 16 fresh ports plus 4 current ones: every round draws its fresh ports anew
   * from the whole range, so 500 rounds go by (a draw that remembered earlier rounds' ports would run dry in the
   * second round and never finish).
   */
  @Test
  void freshPortsAreDrawnAnewEveryRoundInANarrowRange() {
    HopTraceFabric fabric = HopTraceFabric.twoSpinesTwoLinks(true);
    DiscoveryConfig config = everyMillisecond().sourcePortRange(50_000, 50_023).probesPerRound(16)
        .pathsPerDestination(4).build();
    LoadBalancer lb = Clove.builder().maxDestinations(2).seed(3).pathDiscovery(config, fabric).build();
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      for (long t = 0; t <= 500 * MS; t += MS / 2) {
        lb.selectSourcePort(1, t, 100, t); // steady traffic keeps destination 1 probed
        fabric.setTime(t);
        lb.onTick(t);
        fabric.deliver(lb, t);
      }
    });
    long rounds = lb.count(Counter.PROBES_SENT) / (20 * config.maxTtl());
    assertTrue(rounds >= 490, "rounds: " + rounds);
    for (int port : lb.paths(1).ports()) {
      assertTrue(port >= 50_000 && port <= 50_023, "port " + port);
    }
    assertEquals(4, lb.paths(1).size());
  }

  /** Under ECMP every packet is a placement: steady traffic must keep its destination probed, round after round. */
  @Test
  void steadyTrafficKeepsADestinationProbedUnderEcmp() {
    for (PathPolicy policy : new PathPolicy[] {Policies.ecmp(), Policies.edgeFlowlet()}) {
      HopTraceFabric fabric = HopTraceFabric.twoSpinesTwoLinks(true);
      DiscoveryConfig config = everyMillisecond().activityWindowNanos(5 * MS).build();
      LoadBalancer lb = Clove.builder().maxDestinations(2).seed(3).policy(policy).flowletGapNanos(10 * MS)
          .pathDiscovery(config, fabric).build();
      long probesAt50 = 0;
      for (long t = 0; t <= 100 * MS; t += MS / 4) {
        lb.selectSourcePort(1, 42, 100, t); // one long flow, never idle
        fabric.setTime(t);
        lb.onTick(t);
        fabric.deliver(lb, t);
        if (t == 50 * MS) {
          probesAt50 = lb.count(Counter.PROBES_SENT);
        }
      }
      long later = lb.count(Counter.PROBES_SENT) - probesAt50;
      assertTrue(later >= 40 * 8, policy + ": probes in the last 50 ms: " + later);
    }
  }

  /** After the path at index 1 of 4 fails, each remaining port still has its own path's hops. */
  @Test
  void removingAMiddlePathKeepsEveryOtherPortWithItsOwnHops() {
    HopTraceFabric fabric = HopTraceFabric.twoSpinesTwoLinks(true);
    DiscoveryConfig config = everyMillisecond().expiryRounds(2).build();
    LoadBalancer lb = Clove.builder().maxDestinations(2).seed(9).pathDiscovery(config, fabric).build();
    long t = 0;
    for (; t <= 5 * MS; t += MS / 4) {
      lb.selectSourcePort(1, t, 100, t);
      fabric.setTime(t);
      lb.onTick(t);
      fabric.deliver(lb, t);
    }
    DestinationPaths before = lb.paths(1);
    assertEquals(4, before.size());
    int failed = before.port(1);
    lb.onPathFailure(1, failed, t);
    DestinationPaths after = lb.paths(1);
    assertArrayEquals(new int[] {before.port(0), before.port(2), before.port(3)}, after.ports());
    assertHopsMatchTheFabric(fabric, after);
    long removed = lb.count(Counter.PATHS_REMOVED);
    // Rounds go on: the three survivors are re-confirmed, never dropped for a trace that is not theirs.
    for (long end = t + 20 * MS; t <= end; t += MS / 4) {
      lb.selectSourcePort(1, t, 100, t);
      fabric.setTime(t);
      lb.onTick(t);
      fabric.deliver(lb, t);
    }
    DestinationPaths later = lb.paths(1);
    for (int i = 0; i < 3; i++) {
      assertEquals(after.port(i), later.port(i), "survivor " + i + " kept its place");
    }
    assertHopsMatchTheFabric(fabric, later);
    assertEquals(removed, lb.count(Counter.PATHS_REMOVED), "no survivor was removed later");
  }

  private static void assertHopsMatchTheFabric(HopTraceFabric fabric, DestinationPaths paths) {
    for (int i = 0; i < paths.size(); i++) {
      assertArrayEquals(fabric.path(fabric.pathOf(paths.port(i))), paths.hops(i), "port " + paths.port(i));
    }
  }
}
