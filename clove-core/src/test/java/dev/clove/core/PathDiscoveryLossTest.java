// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

/**
 * Discovery when switches' time-exceeded replies get lost: a missing hop is unknown, never a match, so a lost
 * reply neither collapses distinct paths into one nor makes the set churn. Threading: single-threaded.
 */
class PathDiscoveryLossTest {
  private static final long MS = 1_000_000L;
  private static final int ROUNDS = 200;
  /**
   * Rounds within which a lossy run must first hold all 4 paths. A round draws 16 fresh ports; each lands on a
   * given path with probability 1/4 and, with 30% of replies lost, keeps all 3 of its hop replies and the
   * destination's first answer with probability at least 0.7^4 = 0.24. So a round misses a given path with
   * probability at most (1 - 0.24/4)^16 < 0.37, and 20 rounds miss it with probability < 0.37^20 < 1e-8.
   */
  private static final int CONVERGENCE_ROUNDS = 20;

  /** What a lossy run looked like, sampled after every round. */
  record Run(int firstFullRound, int fullSamples, int samples, long changesAfterConvergence, int listenerCalls) {}

  static Run run(HopTraceFabric fabric, double loss, boolean destinationToo, long seed) {
    if (destinationToo) {
      fabric.loseAllReplies(loss, seed);
    } else {
      fabric.loseHopReplies(loss, seed);
    }
    SharedCounters counters = new SharedCounters();
    int[] listenerCalls = {0};
    PathDiscovery discovery = new PathDiscovery(DiscoveryConfig.defaults(), 1, seed, fabric,
        (destination, ports) -> listenerCalls[0]++, counters);
    long now = 0;
    int firstFull = -1;
    int full = 0;
    int samples = 0;
    long changesAtConvergence = 0;
    int callsAtConvergence = 0;
    for (int round = 0; round < ROUNDS; round++) {
      // The Harness's round: activity, the round's tick, the answers 1 ms later, a tick at the timeout.
      discovery.noteActivity(0, now);
      fabric.setTime(now);
      discovery.onTick(now);
      fabric.deliver(discovery, now + MS);
      discovery.onTick(now + 50 * MS);
      now += 500 * MS;
      Set<Integer> paths = Arrays.stream(discovery.currentPorts(0)).map(fabric::pathOf).boxed()
          .collect(Collectors.toSet());
      boolean allFour = paths.size() == 4 && discovery.currentPorts(0).length == 4;
      if (firstFull < 0 && allFour) {
        firstFull = round;
        changesAtConvergence = counters.get(Counter.PATHS_ADDED) + counters.get(Counter.PATHS_REMOVED);
        callsAtConvergence = listenerCalls[0];
      }
      if (firstFull >= 0) {
        samples++;
        full += allFour ? 1 : 0;
      }
    }
    long changes = counters.get(Counter.PATHS_ADDED) + counters.get(Counter.PATHS_REMOVED) - changesAtConvergence;
    return new Run(firstFull, full, samples, changes, listenerCalls[0] - callsAtConvergence);
  }

  /**
   * Over random loss of up to 30% of switch replies, on two 4-path fabrics (one whose paths differ only at the
   * spine, so that a trace without its spine fits all four, and one whose paths differ at two hops), the set
   * holds all 4 distinct paths at 99% of the samples after it first did, and does not change at all after
   * that. The churn bound is zero, not "small": when only switch replies are lost, every current port's trace
   * reaches the destination every round and (complete or not) fits its path, which re-confirms it; nothing
   * expires; and with all 4 paths of the fabric held, no fresh trace is a new path. Any change would be a trace
   * with a lost hop being taken for a different path. When the destination's answers are lost too, a trace
   * may lose all 5 of them (TTL 4 to 8), with probability 0.3^5 < 0.0025 per port and round, and a path goes
   * only after 3 such rounds in a row: below 2e-8 per path and round, so zero is still the bound to expect over
   * these 200 rounds x 4 paths x 60 tries (the seed is fixed, so the check is deterministic).
   */
  @Property(tries = 60, seed = "20261129")
  void lostRepliesNeverShrinkTheSetNorChurnIt(@ForAll @DoubleRange(min = 0, max = 0.30) double loss,
      @ForAll long seed, @ForAll boolean spineOnly, @ForAll boolean destinationRepliesToo) {
    HopTraceFabric fabric = spineOnly ? HopTraceFabric.fourSpines() : HopTraceFabric.twoSpinesTwoLinks(true);
    Run run = run(fabric, loss, destinationRepliesToo, seed);
    assertTrue(run.firstFullRound() >= 0 && run.firstFullRound() < CONVERGENCE_ROUNDS,
        "all 4 paths within " + CONVERGENCE_ROUNDS + " rounds: " + run);
    assertTrue(run.fullSamples() >= 0.99 * run.samples(), "all 4 paths at >= 99% of samples: " + run);
    assertEquals(0, run.changesAfterConvergence(), "no path added or removed after convergence: " + run);
    assertEquals(0, run.listenerCalls(), "the listener hears of no change after convergence: " + run);
  }

  /**
   * The example: 4 paths that differ only at the spine, one round in which the spine's reply to one
   * current port's probe is lost. That trace fits all four paths; it must re-confirm its own and touch no other.
   */
  @Test
  void oneLostSpineReplyKeepsAllFourPaths() {
    PathDiscoveryTest.Harness h = new PathDiscoveryTest.Harness(HopTraceFabric.fourSpines());
    h.rounds(10);
    int[] before = h.current();
    assertEquals(Set.of(0, 1, 2, 3), h.pathsOf(before), "converged without loss");
    int changes = h.changes.size();
    h.fabric.loseReplyOnce(before[0], 2);
    h.round();
    assertArrayEquals(before, h.current());
    assertEquals(changes, h.changes.size(), "the listener was not told of any change");
    assertArrayEquals(new long[] {100, 200 + 1 + h.fabric.pathOf(before[0]), 300}, h.discovery.hops(0, before[0]),
        "the stored hops keep the spine");
  }

  /** A fresh trace that lost its spine fits every path: it must not become a path of its own, nor replace one. */
  @Test
  void aTraceWithALostHopIsNotANewPath() {
    PathDiscoveryTest.Harness h = new PathDiscoveryTest.Harness(HopTraceFabric.fourSpines(),
        DiscoveryConfig.builder().pathsPerDestination(8).build(), 1);
    h.rounds(10);
    int[] before = h.current();
    assertEquals(4, before.length, "four distinct paths, though k is 8");
    // Every fresh port of the next round loses its spine's reply.
    h.discovery.noteActivity(0, h.now);
    h.tick(h.now);
    for (HopTraceFabric.Probe probe : h.fabric.sent()) {
      if (probe.sentAt() == h.now && probe.ttl() == 2 && Arrays.stream(before).noneMatch(p -> p == probe.port())) {
        h.fabric.loseReplyOnce(probe.port(), 2);
      }
    }
    h.fabric.deliver(h.discovery, h.now + MS);
    h.tick(h.now + 50 * MS);
    assertArrayEquals(before, h.current(), "no port with an unknown spine joined");
  }

  /**
   * A trace that contradicts its port's path but lost a hop may be wrong about where the port goes: it neither
   * moves the path nor removes it at once; it only fails to re-confirm it, and after expiryRounds (3) such
   * rounds in a row the path goes.
   */
  @Test
  void anIncompleteContradictingTraceIsAMissNotAMove() {
    PathDiscoveryTest.Harness h = new PathDiscoveryTest.Harness(HopTraceFabric.twoSpinesTwoLinks(true));
    h.rounds(3);
    int[] before = h.current();
    int port = before[0];
    long[] hops = h.discovery.hops(0, port);
    int oldPath = h.fabric.pathOf(port);
    long salt = 1;
    while (h.fabric.pathOf(port) == oldPath) {
      h.fabric.rehash(salt++); // until the fabric moves the port onto a path with another spine and downlink
    }
    for (int round = 1; round <= 3; round++) {
      h.fabric.loseReplyOnce(port, 2);
      h.round();
      if (round < 3) {
        assertEquals(port, h.current()[0], "round " + round + ": still the first path");
        assertArrayEquals(hops, h.discovery.hops(0, port), "round " + round + ": the hops did not move");
      } else {
        assertTrue(Arrays.stream(h.current()).noneMatch(p -> p == port), "gone after 3 rounds of misses");
      }
    }
  }
}
