// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Discovery against the scripted {@link HopTraceFabric}. Threading: single-threaded. */
class PathDiscoveryTest {
  private static final long MS = 1_000_000L;
  private static final long INTERVAL = 500 * MS;
  private static final long TIMEOUT = 50 * MS;

  /** A discovery wired to a fabric, a recording listener and counters, on a virtual clock. */
  static final class Harness {
    final HopTraceFabric fabric;
    final SharedCounters counters = new SharedCounters();
    final List<int[]> changes = new ArrayList<>();
    final List<Integer> changedDestinations = new ArrayList<>();
    final DiscoveryConfig config;
    final PathDiscovery discovery;
    long now;

    Harness(HopTraceFabric fabric, DiscoveryConfig config, int maxDestinations) {
      this.fabric = fabric;
      this.config = config;
      this.discovery = new PathDiscovery(config, maxDestinations, 42, fabric, (destination, ports) -> {
        changedDestinations.add(destination);
        changes.add(ports);
      }, counters);
    }

    Harness(HopTraceFabric fabric) {
      this(fabric, DiscoveryConfig.defaults(), 1);
    }

    void tick(long t) {
      now = t;
      fabric.setTime(t);
      discovery.onTick(t);
    }

    /** One round to destination 0: activity, the round's tick, the answers 1 ms later, a tick at the timeout. */
    void round() {
      discovery.noteActivity(0, now);
      tick(now);
      fabric.deliver(discovery, now + MS);
      tick(now + TIMEOUT);
      now += INTERVAL - TIMEOUT;
    }

    void rounds(int n) {
      for (int i = 0; i < n; i++) {
        round();
      }
    }

    int[] current() {
      return discovery.currentPorts(0);
    }

    int[] lastChange() {
      return changes.get(changes.size() - 1);
    }

    Set<Integer> pathsOf(int[] ports) {
      return Arrays.stream(ports).map(fabric::pathOf).boxed().collect(Collectors.toSet());
    }

    Set<Integer> probedPorts(int destination) {
      return fabric.sent().stream().filter(p -> p.destination() == destination)
          .map(HopTraceFabric.Probe::port).collect(Collectors.toSet());
    }
  }

  @Test
  void findsAllFourPathsOfTheTwoSpineTwoLinkFabric() {
    Harness h = new Harness(HopTraceFabric.twoSpinesTwoLinks(true));
    h.rounds(3);
    int[] ports = h.current();
    assertEquals(4, ports.length);
    assertEquals(Set.of(0, 1, 2, 3), h.pathsOf(ports), "one port on each of the four paths");
    assertArrayEquals(ports, h.lastChange(), "the listener saw the final set");
    assertTrue(h.probedPorts(0).containsAll(Arrays.stream(ports).boxed().toList()));
    assertEquals(4, h.counters.get(Counter.PATHS_ADDED));
    assertEquals(0, h.counters.get(Counter.PATHS_REMOVED));
    // The fabric answers every probe (TTL 4 to 8 from the destination), and a round ends as soon as its traces
    // are complete: the answers of the TTLs past the path that are delivered after that moment arrive after the
    // round. They are expected answers, so each of the fabric's answers counts as a reply, none as unexpected.
    assertEquals(0, h.fabric.pendingCount(), "every probe was answered");
    assertEquals(h.fabric.sent().size(), h.counters.get(Counter.PROBE_REPLIES), "late answers are counted replies");
    assertEquals(0, h.counters.get(Counter.PROBE_REPLIES_UNEXPECTED), "late answers are expected answers");
    assertEquals(0, h.counters.get(Counter.PROBE_REPLIES_REJECTED));
  }

  @Test
  void keepsFourLinkDisjointPathsOutOfEightAndThenStaysStable() {
    Harness h = new Harness(HopTraceFabric.twoSpinesTwoLinks(false));
    h.rounds(5);
    int[] ports = h.current();
    assertEquals(4, ports.length);
    // Disjoint here means: no uplink (TTL 2 hop) and no downlink (TTL 3 hop) used twice.
    Set<Long> uplinks = new HashSet<>();
    Set<Long> downlinks = new HashSet<>();
    for (int port : ports) {
      long[] hops = h.fabric.path(h.fabric.pathOf(port));
      uplinks.add(hops[1]);
      downlinks.add(hops[2]);
    }
    assertEquals(4, uplinks.size(), "uplinks " + uplinks);
    assertEquals(4, downlinks.size(), "downlinks " + downlinks);

    int changesBefore = h.changes.size();
    h.rounds(5);
    assertEquals(changesBefore, h.changes.size(), "a disjoint set is not churned");
    assertArrayEquals(ports, h.current());
  }

  @Test
  void portsOnTheSamePathAreMergedIntoOne() {
    HopTraceFabric fabric = new HopTraceFabric(List.of(new long[] {1, 2, 3}, new long[] {1, 4, 3}));
    Harness h = new Harness(fabric);
    h.rounds(3);
    int[] ports = h.current();
    assertEquals(2, ports.length, Arrays.toString(ports));
    assertEquals(Set.of(0, 1), h.pathsOf(ports));
    assertEquals(2, h.counters.get(Counter.PATHS_ADDED));
    // Each round probes 16 fresh ports that all land on these two paths, yet nothing is added or churned.
    assertEquals(1, h.changes.size());
  }

  @Test
  void aVanishedPathExpiresAfterExpiryRoundsAndTheOthersKeepTheirPorts() {
    Harness h = new Harness(HopTraceFabric.twoSpinesTwoLinks(true));
    h.rounds(3);
    int[] before = h.current();
    assertEquals(4, before.length);
    int gone = before[1];
    h.fabric.blackhole(h.fabric.pathOf(gone));
    int changes = h.changes.size();

    h.rounds(DiscoveryConfig.DEFAULT_EXPIRY_ROUNDS - 1);
    assertEquals(changes, h.changes.size(), "still within the expiry rounds");
    assertArrayEquals(before, h.current());

    h.round();
    int[] expected = {before[0], before[2], before[3]};
    assertArrayEquals(expected, h.lastChange(), "the survivors keep their ports and their order");
    assertArrayEquals(expected, h.current());
    assertEquals(1, h.counters.get(Counter.PATHS_REMOVED));
  }

  @Test
  void aRehashedFabricKeepsOnePortPerPath() {
    Harness h = new Harness(HopTraceFabric.twoSpinesTwoLinks(true));
    h.rounds(3);
    h.fabric.rehash(12345);
    h.rounds(3);
    int[] ports = h.current();
    assertEquals(4, ports.length);
    assertEquals(Set.of(0, 1, 2, 3), h.pathsOf(ports), "after re-hashing, still one port per path");
  }

  @Test
  void aPathFailureRemovesThePortAtOnce() {
    Harness h = new Harness(HopTraceFabric.twoSpinesTwoLinks(true));
    h.rounds(3);
    int[] before = h.current();
    int changes = h.changes.size();

    h.discovery.onPathFailure(0, before[2], h.now);

    assertEquals(changes + 1, h.changes.size());
    assertArrayEquals(new int[] {before[0], before[1], before[3]}, h.lastChange());
    assertEquals(1, h.counters.get(Counter.PATH_FAILURES));
    assertEquals(1, h.counters.get(Counter.PATHS_REMOVED));
  }

  @Test
  void aPortThatFailedDuringARoundIsNotReadmittedByThatRound() {
    Harness h = new Harness(HopTraceFabric.twoSpinesTwoLinks(true));
    h.rounds(3);
    int failed = h.current()[0];
    h.discovery.noteActivity(0, h.now);
    h.tick(h.now);
    assertTrue(h.discovery.roundInProgress(0));
    h.discovery.onPathFailure(0, failed, h.now);
    h.fabric.deliver(h.discovery, h.now + MS);
    h.tick(h.now + TIMEOUT);
    assertFalse(Arrays.stream(h.current()).anyMatch(p -> p == failed));
  }

  @Test
  void onlyDestinationsWithRecentTrafficAreProbed() {
    Harness h = new Harness(HopTraceFabric.twoSpinesTwoLinks(true), DiscoveryConfig.defaults(), 3);
    long lastActivity = 0;
    for (long t = 0; t <= 5_000 * MS; t += MS) {
      if (t <= 1_000 * MS) {
        h.discovery.noteActivity(1, t);
        lastActivity = t;
      }
      h.tick(t);
      h.fabric.deliver(h.discovery, t);
    }
    assertFalse(h.fabric.sent().isEmpty());
    assertEquals(Set.of(1), h.fabric.sent().stream().map(HopTraceFabric.Probe::destination)
        .collect(Collectors.toSet()));
    long window = 2 * INTERVAL;
    long lastProbe = h.fabric.sent().stream().mapToLong(HopTraceFabric.Probe::sentAt).max().orElseThrow();
    assertTrue(lastProbe <= lastActivity + window, "probing stops once the activity window has passed");
    assertTrue(lastProbe > lastActivity, "but not before");
  }

  @Test
  void roundsOfDifferentDestinationsAreStaggeredEvenly() {
    DiscoveryConfig config = DiscoveryConfig.builder().probeOnlyActive(false).build();
    int destinations = 4;
    Harness h = new Harness(HopTraceFabric.twoSpinesTwoLinks(true), config, destinations);
    for (long t = 0; t < 1_000 * MS; t += MS) {
      h.tick(t);
      h.fabric.deliver(h.discovery, t);
    }
    // Round start times per destination, from the probes.
    TreeMap<Integer, Set<Long>> starts = new TreeMap<>();
    for (HopTraceFabric.Probe p : h.fabric.sent()) {
      starts.computeIfAbsent(p.destination(), d -> new HashSet<>()).add(p.sentAt());
    }
    // Each destination gets one round per interval, and the destinations' rounds are spread evenly over it
    // (0, 125, 250, 375 ms), in an order rotated per instance.
    Set<Long> firstRounds = new HashSet<>();
    for (int d = 0; d < destinations; d++) {
      long first = java.util.Collections.min(starts.get(d));
      assertEquals(Set.of(first, first + INTERVAL), starts.get(d), "destination " + d);
      firstRounds.add(first);
    }
    Set<Long> even = new HashSet<>();
    for (int i = 0; i < destinations; i++) {
      even.add(i * (INTERVAL / destinations));
    }
    assertEquals(even, firstRounds);
  }

  @Test
  void hypervisorsStartedTogetherDoNotProbeADestinationAtTheSameMoment() {
    DiscoveryConfig config = DiscoveryConfig.builder().probeOnlyActive(false).build();
    Set<Long> firstProbeOfDestinationZero = new HashSet<>();
    for (long seed = 1; seed <= 8; seed++) {
      HopTraceFabric fabric = HopTraceFabric.twoSpinesTwoLinks(true);
      PathDiscovery discovery = new PathDiscovery(config, 32, seed, fabric, (d, ports) -> { },
          new SharedCounters());
      for (long t = 0; t < INTERVAL; t += MS) {
        fabric.setTime(t);
        discovery.onTick(t);
      }
      fabric.sent().stream().filter(p -> p.destination() == 0).findFirst()
          .ifPresent(p -> firstProbeOfDestinationZero.add(p.sentAt()));
    }
    assertTrue(firstProbeOfDestinationZero.size() >= 6,
        "eight hypervisors should probe destination 0 at (nearly) eight different times: "
            + firstProbeOfDestinationZero);
  }

  @Test
  void aRoundProbesEveryPortAtEveryTtlAndReprobesTheCurrentPorts() {
    Harness h = new Harness(HopTraceFabric.twoSpinesTwoLinks(true));
    h.round();
    List<HopTraceFabric.Probe> first = new ArrayList<>(h.fabric.sent());
    DiscoveryConfig c = h.config;
    assertEquals(c.probesPerRound() * c.maxTtl(), first.size());
    assertEquals(first.size(), h.counters.get(Counter.PROBES_SENT));
    Set<Integer> ports = first.stream().map(HopTraceFabric.Probe::port).collect(Collectors.toSet());
    assertEquals(c.probesPerRound(), ports.size(), "fresh ports are distinct");
    for (int port : ports) {
      assertTrue(port >= 49152 && port <= 65535, "port " + port);
      Set<Integer> ttls = first.stream().filter(p -> p.port() == port).map(HopTraceFabric.Probe::ttl)
          .collect(Collectors.toSet());
      assertEquals(Set.of(1, 2, 3, 4, 5, 6, 7, 8), ttls);
    }

    int[] current = h.current();
    h.round();
    List<HopTraceFabric.Probe> second = h.fabric.sent().subList(first.size(), h.fabric.sent().size());
    Set<Integer> secondPorts = second.stream().map(HopTraceFabric.Probe::port).collect(Collectors.toSet());
    assertEquals((c.probesPerRound() + current.length) * c.maxTtl(), second.size());
    for (int port : current) {
      assertTrue(secondPorts.contains(port), "current port " + port + " re-probed");
    }
  }

  @Test
  void aRoundWithASilentHopEndsAtTheTimeoutAndCountsWhatItHas() {
    HopTraceFabric fabric = HopTraceFabric.twoSpinesTwoLinks(true);
    fabric.silence(2); // spines never answer; the downlink hop still tells the four paths apart
    Harness h = new Harness(fabric);
    h.discovery.noteActivity(0, 0);
    h.tick(0);
    fabric.deliver(h.discovery, MS);
    assertTrue(h.discovery.roundInProgress(0), "incomplete traces keep the round open");
    h.tick(TIMEOUT - 1);
    assertTrue(h.changes.isEmpty());
    h.tick(TIMEOUT);
    assertFalse(h.discovery.roundInProgress(0));
    assertEquals(Set.of(0, 1, 2, 3), h.pathsOf(h.current()));
  }

  @Test
  void aRoundWithNoAnswersAddsNothing() {
    Harness h = new Harness(HopTraceFabric.twoSpinesTwoLinks(true));
    h.discovery.noteActivity(0, 0);
    h.tick(0);
    h.fabric.dropPending();
    h.tick(TIMEOUT);
    assertEquals(0, h.current().length);
    assertTrue(h.changes.isEmpty());
  }

  @Test
  void junkIsCountedAndNeverThrown() {
    Harness h = new Harness(HopTraceFabric.twoSpinesTwoLinks(true), DiscoveryConfig.defaults(), 2);
    PathDiscovery d = h.discovery;
    // Before any round.
    d.onProbeReply(0, 50000, 1, 0, 7, false, 0);               // no round ever: unexpected
    d.onProbeReply(-1, 50000, 1, 0, 7, false, 0);              // unknown destination
    d.onProbeReply(2, 50000, 1, 0, 7, false, 0);               // unknown destination
    d.onPathFailure(5, 50000, 0);                              // unknown destination
    d.onPathFailure(0, 50000, 0);                              // unknown path
    d.noteActivity(-3, 0);                                     // ignored silently
    d.noteActivity(Integer.MAX_VALUE, 0);
    d.noteActivity(0, 0);
    long t0 = 0; // destination 0's first round starts at a per-instance slot of the interval
    for (h.tick(t0); !d.roundInProgress(0); h.tick(t0)) {
      t0 += MS;
      d.noteActivity(0, t0);
    }
    HopTraceFabric.Probe first = h.fabric.sent().get(0);
    int probed = first.port();
    int id = first.probeId();
    assertEquals(1, first.ttl());
    d.onProbeReply(0, 70000, 1, id, 7, false, t0 + 1);                  // port not probed: unexpected
    d.onProbeReply(0, -1, 1, id, 7, false, t0 + 1);                     // port not probed: unexpected
    d.onProbeReply(0, probed, 0, id, 7, false, t0 + 1);                 // TTL 0: invalid
    d.onProbeReply(0, probed, 9, id, 7, false, t0 + 1);                 // TTL > maxTtl: invalid
    d.onProbeReply(0, probed, 1, id, PathSelection.UNKNOWN_HOP, false, t0 + 1); // reserved hop id: invalid
    h.tick(t0 - 5 * MS);                                               // clock backwards
    d.onProbeReply(0, probed, 1, id, 100, false, t0 - 9 * MS);         // clock backwards, but a valid reply

    assertEquals(3, h.counters.get(Counter.PROBE_REPLIES_UNEXPECTED));
    assertEquals(3, h.counters.get(Counter.FEEDBACK_UNKNOWN_DESTINATION));
    assertEquals(1, h.counters.get(Counter.FEEDBACK_UNKNOWN_PATH));
    assertEquals(2, h.counters.get(Counter.PATH_FAILURES));
    assertEquals(3, h.counters.get(Counter.FEEDBACK_INVALID_VALUE));
    assertEquals(2, h.counters.get(Counter.CLOCK_BACKWARDS));
    assertEquals(1, h.counters.get(Counter.PROBE_REPLIES));
    assertTrue(h.changes.isEmpty());
    // And discovery still works afterwards.
    h.fabric.deliver(d, t0 + 2 * MS);
    assertEquals(Set.of(0, 1, 2, 3), h.pathsOf(h.current()));
  }

  @Test
  void noteActivityIsSafeFromManyThreads() throws InterruptedException {
    Harness h = new Harness(HopTraceFabric.twoSpinesTwoLinks(true), DiscoveryConfig.defaults(), 8);
    Thread[] threads = new Thread[4];
    for (int i = 0; i < threads.length; i++) {
      int id = i;
      threads[i] = new Thread(() -> {
        for (long t = 0; t < 100_000; t++) {
          h.discovery.noteActivity((int) ((t + id) % 8), t * 1_000);
        }
      });
      threads[i].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    // Every destination saw its first activity, from four racing threads, so each was queued exactly once and
    // gets exactly one first round at the first tick.
    h.tick(100 * MS);
    int perRound = h.config.probesPerRound() * h.config.maxTtl();
    assertEquals(8 * perRound, h.fabric.sent().size(), "one round per destination");
    for (int d = 0; d < 8; d++) {
      int destination = d;
      assertEquals(perRound, h.fabric.sent().stream().filter(p -> p.destination() == destination).count(),
          "destination " + d);
    }
  }

  @Test
  void aTickThatComesVeryLateStartsEachDestinationOnce() {
    DiscoveryConfig config = DiscoveryConfig.builder().probeOnlyActive(false)
        .probeIntervalNanos(TimeUnit.MILLISECONDS.toNanos(500)).build();
    Harness h = new Harness(HopTraceFabric.twoSpinesTwoLinks(true), config, 4);
    h.tick(0);
    int afterFirst = h.fabric.sent().size();
    h.tick(3_600_000 * MS); // an hour later: a jump, held until the next call confirms it
    assertEquals(afterFirst, h.fabric.sent().size(), "a single jump is not used");
    h.tick(3_600_000 * MS + MS);
    long rounds = h.fabric.sent().stream().skip(afterFirst).map(HopTraceFabric.Probe::destination).distinct()
        .count();
    int perRound = config.probesPerRound() * config.maxTtl();
    assertEquals(4, rounds);
    assertEquals(4 * perRound, h.fabric.sent().size() - afterFirst, "one round per destination, not 7200");
  }
}
