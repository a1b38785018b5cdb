// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import static dev.clove.core.DiscoveryScript.MS;
import static dev.clove.core.DiscoveryScript.answer;
import static dev.clove.core.DiscoveryScript.harness;
import static dev.clove.core.DiscoveryScript.roundWithSilentTtl;
import static dev.clove.core.DiscoveryScript.sentAt;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Discovery's rounds at the edges of the rules {@link DiscoveryConfig} documents: which answers count, how a trace
 * ends, what a lost or silent hop does to current paths, and how ports are drawn; and its input checks at the
 * ends of their ranges. Threading: single-threaded.
 */
class PathDiscoveryRoundEdgesTest {
  private static final long T = 10_000 * MS;

  private static PathDiscoveryTest.Harness converged(DiscoveryConfig config) {
    PathDiscoveryTest.Harness h = harness(config, 1);
    h.now = T;
    h.rounds(3);
    assertEquals(Set.of(0, 1, 2, 3), h.pathsOf(h.current()));
    return h;
  }

  @Test
  void destinationsJustOutOfRangeAreIgnoredAndCounted() {
    PathDiscoveryTest.Harness h = harness(DiscoveryConfig.builder().probeOnlyActive(false).build(), 2);
    h.discovery.noteActivity(2, T);
    h.discovery.noteActivity(-1, T);
    assertEquals(0, h.discovery.currentPorts(2).length);
    assertNull(h.discovery.hops(2, 50_000));
    assertFalse(h.discovery.roundInProgress(2));
    h.discovery.onPathFailure(2, 50_000, T);
    h.discovery.onPathSilent(2, 50_000, T);
    h.discovery.onProbeReply(2, 50_000, 1, 0, 7, false, T);
    assertEquals(3, h.counters.get(Counter.FEEDBACK_UNKNOWN_DESTINATION));
  }

  @Test
  void ttlsFromOneToMaxTtlAreValidAndOthersAreNot() {
    PathDiscoveryTest.Harness h = converged(DiscoveryConfig.defaults());
    int port = h.current()[0];
    h.discovery.onProbeReply(0, port, 8, 0, 7, false, h.now);
    h.discovery.onProbeReply(0, port, 1, 0, 7, false, h.now);
    assertEquals(0, h.counters.get(Counter.FEEDBACK_INVALID_VALUE), "TTL 1 and TTL 8 are in range");
    h.discovery.onProbeReply(0, port, 9, 0, 7, false, h.now);
    h.discovery.onProbeReply(0, port, 0, 0, 7, false, h.now);
    assertEquals(2, h.counters.get(Counter.FEEDBACK_INVALID_VALUE));
  }

  @Test
  void aSilentPathLeavesAtOnceWithoutCountingAsAReportedFailure() {
    PathDiscoveryTest.Harness h = converged(DiscoveryConfig.defaults());
    int[] before = h.current();
    h.discovery.onPathSilent(0, before[1], h.now);
    assertEquals(3, h.current().length);
    assertFalse(Arrays.stream(h.current()).anyMatch(p -> p == before[1]));
    assertArrayEquals(h.current(), h.lastChange(), "the listener was told");
    assertEquals(0, h.counters.get(Counter.PATH_FAILURES));
    assertEquals(1, h.counters.get(Counter.PATHS_REMOVED));
  }

  /**
   * An answer quoting a wrong id for a port of the round in flight, or of the latest finished round, is
   * rejected, not unexpected: that holds for the round's lowest port too (the first of its sorted ports).
   */
  @Test
  void aWrongIdForTheLowestPortOfARoundIsRejected() {
    PathDiscoveryTest.Harness h = harness(DiscoveryConfig.defaults(), 1);
    h.discovery.noteActivity(0, T);
    h.tick(T); // the first round: there is no earlier one
    HopTraceFabric.Probe lowest = sentAt(h, T).stream()
        .min((a, b) -> a.port() != b.port() ? Integer.compare(a.port(), b.port()) : Integer.compare(a.ttl(), b.ttl()))
        .orElseThrow();
    int wrongId = (lowest.probeId() + 1) & 0xFFFF;
    h.discovery.onProbeReply(0, lowest.port(), lowest.ttl(), wrongId, 7, false, T + MS);
    assertEquals(1, h.counters.get(Counter.PROBE_REPLIES_REJECTED), "in flight");
    h.fabric.dropPending();
    h.tick(T + 50 * MS); // the round ends unanswered
    assertFalse(h.discovery.roundInProgress(0));
    h.discovery.onProbeReply(0, lowest.port(), lowest.ttl(), wrongId, 7, false, T + 51 * MS);
    assertEquals(2, h.counters.get(Counter.PROBE_REPLIES_REJECTED), "of the latest finished round");
    assertEquals(0, h.counters.get(Counter.PROBE_REPLIES_UNEXPECTED));
  }

  /**
   * A trace ends at the smallest TTL the destination answered, in whatever order the answers come: with every
   * answer arriving in reverse order of sending, the round still completes at once and finds the fabric's hops.
   */
  @Test
  void answersInReverseOrderEndATraceAtTheSmallestTtlTheDestinationAnswered() {
    PathDiscoveryTest.Harness h = harness(DiscoveryConfig.defaults(), 1);
    h.discovery.noteActivity(0, T);
    h.tick(T);
    answer(h, T + MS, p -> true, true);
    assertFalse(h.discovery.roundInProgress(0), "every trace is complete before the timeout");
    assertTrue(h.current().length > 0);
    for (int port : h.current()) {
      assertArrayEquals(h.fabric.path(h.fabric.pathOf(port)), h.discovery.hops(0, port));
    }
  }

  /**
   * Probe ids are a keyed permutation of the sending order (note 7): one who sees a probe cannot tell the next
   * one's id from it. Over a round, a random 16-bit id follows its predecessor's plus one about 160 / 65,536
   * times; the counter itself would do so every time.
   */
  @Test
  void probeIdsDoNotFollowTheSendingOrder() {
    PathDiscoveryTest.Harness h = harness(DiscoveryConfig.defaults(), 1);
    h.discovery.noteActivity(0, T);
    h.tick(T);
    List<HopTraceFabric.Probe> probes = sentAt(h, T);
    assertEquals(128, probes.size());
    int successors = 0;
    for (int i = 1; i < probes.size(); i++) {
      if (probes.get(i).probeId() == ((probes.get(i - 1).probeId() + 1) & 0xFFFF)) {
        successors++;
      }
    }
    assertTrue(successors <= 2, successors + " ids follow their predecessor");
  }

  /**
   * A path reported failed during a round stops that round from completing early (its trace is discarded);
   * the round after it is a new one: with every probe answered, it completes at once.
   */
  @Test
  void aFailureDuringOneRoundDoesNotHoldUpTheNext() {
    PathDiscoveryTest.Harness h = converged(DiscoveryConfig.defaults());
    for (int failed : h.current()) {
      long t = h.now;
      h.discovery.noteActivity(0, t);
      h.tick(t);
      h.discovery.onPathFailure(0, failed, t + MS);
      h.fabric.deliver(h.discovery, t + 2 * MS);
      assertTrue(h.discovery.roundInProgress(0), "the failed port's trace never completes");
      h.tick(t + 50 * MS);
      h.now = t + 500 * MS;
      t = h.now;
      h.discovery.noteActivity(0, t);
      h.tick(t);
      h.fabric.deliver(h.discovery, t + MS);
      assertFalse(h.discovery.roundInProgress(0), "the next round completed with its answers");
      h.tick(t + 50 * MS);
      h.now = t + 500 * MS;
    }
  }

  /**
   * Removing a path keeps every other path's count of missed rounds: a path that missed two rounds is removed
   * by its third miss although an earlier path left in between.
   */
  @Test
  void removingAnEarlierPathKeepsALaterPathsMissedRounds() {
    PathDiscoveryTest.Harness h = converged(DiscoveryConfig.defaults()); // expiry after 3 rounds
    int[] ports = h.current();
    int dying = ports[3];
    h.fabric.blackhole(h.fabric.pathOf(dying));
    h.rounds(2);
    assertTrue(Arrays.stream(h.current()).anyMatch(p -> p == dying), "two misses: still held");
    h.discovery.onPathFailure(0, ports[0], h.now);
    h.round();
    assertFalse(Arrays.stream(h.current()).anyMatch(p -> p == dying), "the third miss removes it");
  }

  /** Paths first traced through a silent switch (TTL 2); then the switch answers. */
  private static PathDiscoveryTest.Harness foundThroughASilentHop(DiscoveryConfig config) {
    PathDiscoveryTest.Harness h = harness(config, 1);
    h.now = T;
    for (int i = 0; i < 3; i++) {
      roundWithSilentTtl(h, 2);
    }
    assertEquals(Set.of(0, 1, 2, 3), h.pathsOf(h.current()));
    for (int port : h.current()) {
      assertEquals(PathSelection.UNKNOWN_HOP, h.discovery.hops(0, port)[1]);
    }
    return h;
  }

  @Test
  void aCompleteTraceFillsInTheHopAPathHadAsUnknown() {
    PathDiscoveryTest.Harness h = foundThroughASilentHop(DiscoveryConfig.defaults());
    roundWithSilentTtl(h, 0);
    for (int port : h.current()) {
      assertArrayEquals(h.fabric.path(h.fabric.pathOf(port)), h.discovery.hops(0, port));
    }
  }

  /**
   * A fresh port's complete trace that fits a current path (here: agrees with it wherever the path is known)
   * is that path, represented by the current port, even when the current port's own trace got no answer: it
   * never becomes a second port on the same path, though k leaves room for one.
   */
  @Test
  void aFreshTraceThatFitsAnUnconfirmedPathDoesNotDuplicateIt() {
    PathDiscoveryTest.Harness h = foundThroughASilentHop(DiscoveryConfig.builder().pathsPerDestination(5).build());
    int[] before = h.current();
    int unanswered = before[0];
    int path = h.fabric.pathOf(unanswered);
    long t = h.now;
    h.discovery.noteActivity(0, t);
    h.tick(t);
    Set<Integer> current = new HashSet<>();
    Arrays.stream(before).forEach(current::add);
    assertTrue(sentAt(h, t).stream().anyMatch(p -> !current.contains(p.port()) && h.fabric.pathOf(p.port()) == path),
        "a fresh port took the unanswered path");
    // The unanswered port gets no answer at all; fresh ports are answered only on its path; the other current
    // ports in full.
    answer(h, t + MS, p -> p.port() != unanswered
        && (current.contains(p.port()) || h.fabric.pathOf(p.port()) == path), false);
    h.tick(t + 50 * MS);
    assertArrayEquals(before, h.current(), "no port added, none removed");
  }

  /**
   * A round in which every switch at TTL 2 lost its answer (the current paths witness that a switch there
   * answers) moves no path, even after the fabric re-hashed the ports: the traces are incomplete, and an
   * incomplete trace that does not fit only fails to re-confirm its path.
   */
  @Test
  void tracesThatLostAHopWitnessedOnlyByCurrentPathsMoveNothing() {
    PathDiscoveryTest.Harness h = converged(DiscoveryConfig.defaults());
    int[] before = h.current();
    long[][] hopsBefore = new long[before.length][];
    for (int i = 0; i < before.length; i++) {
      hopsBefore[i] = h.discovery.hops(0, before[i]);
    }
    int[] pathBefore = Arrays.stream(before).map(h.fabric::pathOf).toArray();
    h.fabric.rehash(777);
    assertFalse(Arrays.equals(pathBefore, Arrays.stream(before).map(h.fabric::pathOf).toArray()),
        "the re-hash moved some port");
    roundWithSilentTtl(h, 2);
    assertArrayEquals(before, h.current());
    for (int i = 0; i < before.length; i++) {
      assertArrayEquals(hopsBefore[i], h.discovery.hops(0, before[i]), "port " + before[i] + " did not move");
    }
  }

  /**
   * Fresh ports are drawn from the whole configured range, both ends included, distinct from each other and
   * from the current paths' ports.
   */
  @Test
  void freshPortsCoverTheWholeRangeAndAreDistinctWithinARound() {
    DiscoveryConfig config = DiscoveryConfig.builder().sourcePortRange(50_000, 50_009).probesPerRound(3)
        .pathsPerDestination(1).build();
    PathDiscoveryTest.Harness h = harness(config, 1);
    h.now = T;
    Set<Integer> seen = new TreeSet<>();
    for (int round = 0; round < 40; round++) {
      long t = h.now;
      int[] current = h.current();
      h.round();
      List<Integer> ports = sentAt(h, t).stream().filter(p -> p.ttl() == 1).map(HopTraceFabric.Probe::port)
          .toList();
      assertEquals(current.length + 3, ports.size(), "round " + round);
      assertEquals(ports.size(), new HashSet<>(ports).size(), "distinct ports in round " + round);
      seen.addAll(ports);
    }
    Set<Integer> range = new TreeSet<>();
    for (int p = 50_000; p <= 50_009; p++) {
      range.add(p);
    }
    assertEquals(range, seen);
  }
}
