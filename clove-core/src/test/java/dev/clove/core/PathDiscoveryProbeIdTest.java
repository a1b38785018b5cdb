// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Discovery believes only answers that quote the id of a probe in flight, and only the first answer to each
 * probe: spoofed, replayed and duplicated answers are counted as {@link Counter#PROBE_REPLIES_REJECTED} and change
 * nothing. Threading: single-threaded.
 */
class PathDiscoveryProbeIdTest {
  private static final long MS = 1_000_000L;

  /** An id no probe with this port and TTL carried (each carries exactly one id). */
  private static int wrong(HopTraceFabric.Probe probe) {
    return probe.probeId() ^ 1;
  }

  /** A harness converged on the four disjoint paths, with the next round's probes sent and not yet answered. */
  private static PathDiscoveryTest.Harness convergedWithARoundInFlight() {
    PathDiscoveryTest.Harness h = new PathDiscoveryTest.Harness(HopTraceFabric.twoSpinesTwoLinks(true));
    h.rounds(3);
    assertEquals(Set.of(0, 1, 2, 3), h.pathsOf(h.current()));
    h.discovery.noteActivity(0, h.now);
    h.tick(h.now);
    assertTrue(h.discovery.roundInProgress(0));
    return h;
  }

  private static List<HopTraceFabric.Probe> inFlight(PathDiscoveryTest.Harness h) {
    return h.fabric.sent().stream().filter(p -> p.sentAt() == h.now).toList();
  }

  private static long[][] hopsOf(PathDiscoveryTest.Harness h, int[] ports) {
    long[][] hops = new long[ports.length][];
    for (int i = 0; i < ports.length; i++) {
      hops[i] = h.discovery.hops(0, ports[i]);
    }
    return hops;
  }

  @Test
  void spoofedDestinationAtTtlOneWithWrongIdsChangesNothing() {
    PathDiscoveryTest.Harness h = convergedWithARoundInFlight();
    int[] before = h.current();
    long[][] hopsBefore = hopsOf(h, before);
    int changes = h.changes.size();
    int spoofed = 0;
    for (HopTraceFabric.Probe probe : inFlight(h)) {
      if (probe.ttl() == 1) { // "the destination already answers at TTL 1": every path would have no hops
        h.discovery.onProbeReply(0, probe.port(), 1, wrong(probe), 0, true, h.now + MS / 2);
        spoofed++;
      }
    }
    h.fabric.deliver(h.discovery, h.now + MS);
    h.tick(h.now + 50 * MS);
    assertEquals(20, spoofed, "4 current ports and 16 fresh ones");
    assertEquals(spoofed, h.counters.get(Counter.PROBE_REPLIES_REJECTED));
    assertArrayEquals(before, h.current());
    assertArrayEquals(hopsBefore, hopsOf(h, before));
    assertEquals(changes, h.changes.size());
  }

  @Test
  void spoofedHopIdsWithWrongIdsChangeNothing() {
    PathDiscoveryTest.Harness h = convergedWithARoundInFlight();
    int[] before = h.current();
    long[][] hopsBefore = hopsOf(h, before);
    int changes = h.changes.size();
    int spoofed = 0;
    for (HopTraceFabric.Probe probe : inFlight(h)) {
      if (probe.ttl() <= 3) { // every switch hop of every port claims one spine and one downlink
        h.discovery.onProbeReply(0, probe.port(), probe.ttl(), wrong(probe), 7_000 + probe.ttl(), false,
            h.now + MS / 2);
        spoofed++;
      }
    }
    h.fabric.deliver(h.discovery, h.now + MS);
    h.tick(h.now + 50 * MS);
    assertEquals(60, spoofed);
    assertEquals(spoofed, h.counters.get(Counter.PROBE_REPLIES_REJECTED));
    assertArrayEquals(before, h.current());
    assertArrayEquals(hopsBefore, hopsOf(h, before));
    assertEquals(changes, h.changes.size());
  }

  @Test
  void aReplayedCorrectReplyIsIgnoredAndCounted() {
    PathDiscoveryTest.Harness h = convergedWithARoundInFlight();
    int[] before = h.current();
    long[][] hopsBefore = hopsOf(h, before);
    HopTraceFabric.Probe first = inFlight(h).stream().filter(p -> p.port() == before[0] && p.ttl() == 1)
        .findFirst().orElseThrow();
    // The switch answers; then someone who saw the answer replays it, once as it was and once claiming to be
    // the destination (a trace of length 0 if believed).
    h.discovery.onProbeReply(0, first.port(), 1, first.probeId(), hopsBefore[0][0], false, h.now + MS / 2);
    h.discovery.onProbeReply(0, first.port(), 1, first.probeId(), hopsBefore[0][0], false, h.now + MS / 2);
    h.discovery.onProbeReply(0, first.port(), 1, first.probeId(), 0, true, h.now + MS / 2);
    assertEquals(2, h.counters.get(Counter.PROBE_REPLIES_REJECTED));
    h.fabric.deliver(h.discovery, h.now + MS); // answers that probe a second time too
    assertEquals(3, h.counters.get(Counter.PROBE_REPLIES_REJECTED));
    h.tick(h.now + 50 * MS);
    assertArrayEquals(before, h.current());
    assertArrayEquals(hopsBefore, hopsOf(h, before));

    // After the round: the same answer again is a late one (counted as a reply, changing nothing); with a wrong
    // id it is rejected.
    long replies = h.counters.get(Counter.PROBE_REPLIES);
    h.discovery.onProbeReply(0, first.port(), 1, first.probeId(), 0, true, h.now + 60 * MS);
    assertEquals(replies + 1, h.counters.get(Counter.PROBE_REPLIES));
    h.discovery.onProbeReply(0, first.port(), 1, wrong(first), 0, true, h.now + 60 * MS);
    assertEquals(4, h.counters.get(Counter.PROBE_REPLIES_REJECTED));
    assertArrayEquals(before, h.current());
  }

  @Test
  void idsAreSixteenBitsAndDistinctOverAFullCycle() {
    // One first round of 1024 fresh ports x 64 TTLs: 65,536 probes, as many as there are ids.
    DiscoveryConfig config = DiscoveryConfig.builder().probesPerRound(1024).maxTtl(64).build();
    PathDiscoveryTest.Harness h = new PathDiscoveryTest.Harness(HopTraceFabric.twoSpinesTwoLinks(true), config, 1);
    h.discovery.noteActivity(0, 0);
    h.tick(0);
    List<HopTraceFabric.Probe> sent = h.fabric.sent();
    assertEquals(1024 * 64, sent.size(), "no current paths yet: only the fresh ports");
    Set<Integer> ids = new HashSet<>();
    for (HopTraceFabric.Probe probe : sent) {
      assertTrue(probe.probeId() >= 0 && probe.probeId() <= 0xFFFF, "16 bits: " + probe.probeId());
      ids.add(probe.probeId());
    }
    assertEquals(65_536, ids.size(), "every id once in 65,536 consecutive probes");
  }

  @Test
  void idsDependOnTheSeed() {
    List<Integer> a = firstIds(1);
    List<Integer> b = firstIds(2);
    assertEquals(a, firstIds(1), "repeatable");
    assertNotEquals(a, b);
  }

  private static List<Integer> firstIds(long seed) {
    HopTraceFabric fabric = HopTraceFabric.twoSpinesTwoLinks(true);
    PathDiscovery discovery = new PathDiscovery(DiscoveryConfig.defaults(), 1, seed, fabric, (d, p) -> { },
        new SharedCounters());
    discovery.noteActivity(0, 0);
    discovery.onTick(0);
    return fabric.sent().stream().map(HopTraceFabric.Probe::probeId).limit(32).toList();
  }
}
