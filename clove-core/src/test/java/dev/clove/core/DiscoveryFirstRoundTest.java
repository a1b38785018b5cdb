// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import dev.clove.api.LoadBalancer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A destination's first probe round starts at the first tick after its first packet, not at its staggered slot
 * up to a probe interval later; later rounds keep the stagger. Threading: single-threaded.
 */
class DiscoveryFirstRoundTest {
  private static final long MS = 1_000_000L;
  private static final long US = 1_000L;
  private static final long INTERVAL = DiscoveryConfig.DEFAULT_PROBE_INTERVAL_NANOS;

  /** Round start times of {@code destination}: the distinct times its probes were sent, ascending. */
  private static List<Long> roundStarts(HopTraceFabric fabric, int destination) {
    TreeSet<Long> starts = new TreeSet<>();
    for (HopTraceFabric.Probe p : fabric.sent()) {
      if (p.destination() == destination) {
        starts.add(p.sentAt());
      }
    }
    return new ArrayList<>(starts);
  }

  @Test
  void withTheDefaultIntervalTheFirstProbesLeaveAtTheNextTickAndPathsFollowOneRoundTripLater() {
    HopTraceFabric fabric = HopTraceFabric.twoSpinesTwoLinks(true);
    // Default discovery settings: a 500 ms interval, over which 4 destinations' slots are spread 125 ms apart.
    LoadBalancer lb = Clove.builder().maxDestinations(4).seed(11).fallbackPortRange(40000, 40099)
        .pathDiscovery(DiscoveryConfig.defaults(), fabric).build();
    int destination = 2;
    for (long t = 0; t <= 10 * MS; t += MS) { // the balancer runs a while before any traffic
      fabric.setTime(t);
      lb.onTick(t);
    }
    assertEquals(0, lb.count(Counter.PROBES_SENT), "no traffic, no probes");

    long firstPacket = 10 * MS + 300 * US;
    int port = lb.selectSourcePort(destination, 1, 1500, firstPacket);
    assertTrue(port >= 40000 && port <= 40099, "no paths yet: the fallback hash, got " + port);
    assertEquals(1, lb.count(Counter.FALLBACK_NO_PATH));

    long firstTick = 11 * MS;
    fabric.setTime(firstTick);
    lb.onTick(firstTick);
    assertEquals(List.of(firstTick), roundStarts(fabric, destination),
        "the first round starts at the first tick after the first packet");
    // A fresh round probes probesPerRound ports at TTLs 1..maxTtl.
    DiscoveryConfig c = DiscoveryConfig.defaults();
    assertEquals((long) c.probesPerRound() * c.maxTtl(), lb.count(Counter.PROBES_SENT));

    long roundTrip = 50 * US;
    fabric.deliver(lb, firstTick + roundTrip);
    Set<Integer> paths = new HashSet<>();
    for (long flow = 100; flow < 500; flow++) {
      int p = lb.selectSourcePort(destination, flow, 1500, firstTick + roundTrip);
      assertTrue(p < 40000 || p > 40099, "a discovered port, not the fallback: " + p);
      paths.add(fabric.pathOf(p));
    }
    assertEquals(Set.of(0, 1, 2, 3), paths, "one round trip after the tick, all four paths are in use");
    assertEquals(1, lb.count(Counter.FALLBACK_NO_PATH), "only the very first packet took the fallback");
  }

  @Test
  void afterAnEarlyFirstRoundReprobesKeepTheStaggerAndComeNoSoonerThanHalfAnInterval() {
    int destinations = 4;
    HopTraceFabric fabric = HopTraceFabric.twoSpinesTwoLinks(true);
    PathDiscovery discovery = new PathDiscovery(DiscoveryConfig.defaults(), destinations, 3, fabric,
        (d, ports) -> { }, new SharedCounters());
    // Every destination starts sending at 10 ms and keeps sending; ticks every millisecond for 2.1 s.
    for (long t = 0; t <= 2_100 * MS; t += MS) {
      if (t >= 10 * MS) {
        for (int d = 0; d < destinations; d++) {
          discovery.noteActivity(d, t);
        }
      }
      fabric.setTime(t);
      discovery.onTick(t);
      fabric.deliver(discovery, t + 50 * US);
    }
    Set<Long> phases = new HashSet<>();
    for (int d = 0; d < destinations; d++) {
      List<Long> starts = roundStarts(fabric, d);
      assertEquals(10 * MS, (long) starts.get(0), "destination " + d + ": first round at the first tick");
      assertTrue(starts.get(1) - starts.get(0) >= INTERVAL / 2,
          "destination " + d + ": second round at least half an interval after the first: " + starts);
      for (int i = 2; i < starts.size(); i++) {
        assertEquals(INTERVAL, starts.get(i) - starts.get(i - 1), "destination " + d + ": " + starts);
      }
      assertTrue(starts.size() >= 4, "destination " + d + ": " + starts);
      phases.add(starts.get(1) % INTERVAL);
    }
    // Re-probes are staggered: the four destinations' rounds sit at four distinct offsets, a quarter apart.
    assertEquals(destinations, phases.size(), "distinct offsets " + phases);
    List<Long> sorted = new ArrayList<>(new TreeSet<>(phases));
    for (int i = 1; i < sorted.size(); i++) {
      assertEquals(INTERVAL / destinations, sorted.get(i) - sorted.get(i - 1), "offsets " + sorted);
    }
  }

  @Test
  void aDestinationAlreadyProbedOnItsScheduleGetsNoExtraRound() {
    DiscoveryConfig config = DiscoveryConfig.builder().probeOnlyActive(false).build();
    HopTraceFabric fabric = HopTraceFabric.twoSpinesTwoLinks(true);
    PathDiscovery discovery = new PathDiscovery(config, 2, 3, fabric, (d, ports) -> { }, new SharedCounters());
    // Slots of the two destinations: 0 and 250 ms into each 500 ms interval. Tick to 600 ms: every destination
    // had its scheduled rounds (one or two), and the next slot is at 750 ms.
    long end = 600 * MS;
    for (long t = 0; t < end; t += MS) {
      fabric.setTime(t);
      discovery.onTick(t);
      fabric.deliver(discovery, t);
    }
    assertEquals(Set.of(0, 1), Set.copyOf(fabric.sent().stream().map(HopTraceFabric.Probe::destination).toList()));
    int before = fabric.sent().size();
    discovery.noteActivity(0, end);
    discovery.noteActivity(1, end);
    fabric.setTime(end + MS);
    discovery.onTick(end + MS);
    assertEquals(before, fabric.sent().size(), "first traffic to a probed destination probes nothing extra");
  }
}
