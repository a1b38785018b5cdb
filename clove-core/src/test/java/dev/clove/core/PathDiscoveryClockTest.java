// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import dev.clove.core.internal.GuardedClocks;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Discovery's clock follows {@link GuardedClocks}: one absurd time, from a tick or a reply, is never used, so
 * probing stays on schedule and the paths stay; a clock that really went back (two consecutive consistent
 * earlier times) is followed, and probing resumes within one interval. Threading: single-threaded.
 */
class PathDiscoveryClockTest {
  private static final long MS = 1_000_000L;
  private static final long INTERVAL = 500 * MS;
  private static final long TIMEOUT = 50 * MS;
  /** Probes per round once 4 paths are held: (k + probesPerRound) x maxTtl with the defaults. */
  private static final int PROBES_PER_ROUND = (4 + 16) * 8;

  /** Where the run's clock starts: zero, an arbitrary value, or just before it wraps past Long.MAX_VALUE. */
  @Provide
  Arbitrary<Long> starts() {
    return Arbitraries.oneOf(Arbitraries.just(0L), Arbitraries.longs(),
        Arbitraries.longs().between(Long.MAX_VALUE - 3_000 * MS, Long.MAX_VALUE),
        Arbitraries.just(Long.MIN_VALUE + 1));
  }

  /** A glitched time: an extreme value, half the clock's range away, or a jump of any size either way. */
  @Provide
  Arbitrary<Long> glitches() {
    return Arbitraries.oneOf(Arbitraries.of(Long.MAX_VALUE, Long.MIN_VALUE, 0L, -1L), Arbitraries.longs());
  }

  /** Offsets of a glitch from the latest time: a jump back by more than 10 ms, or forward by more than 1 s. */
  @Provide
  Arbitrary<Long> jumps() {
    return Arbitraries.oneOf(Arbitraries.longs().between(-3_600_000 * MS, -GuardedClocks.MAX_REORDER_NANOS - 1),
        Arbitraries.longs().between(GuardedClocks.MAX_STEP_NANOS + 1, 3_600_000 * MS),
        Arbitraries.just(Long.MIN_VALUE), Arbitraries.just(Long.MAX_VALUE));
  }

  /** A harness converged on the four paths, its clock started at {@code start}. */
  private static PathDiscoveryTest.Harness converged(long start) {
    PathDiscoveryTest.Harness h = new PathDiscoveryTest.Harness(HopTraceFabric.twoSpinesTwoLinks(true));
    h.now = start;
    h.rounds(3);
    assertEquals(4, h.pathsOf(h.current()).size());
    return h;
  }

  /** Runs a round at h.now and returns the number of probes its tick sent. */
  private static long roundProbes(PathDiscoveryTest.Harness h) {
    long at = h.now;
    int before = h.fabric.sent().size();
    h.round();
    return h.fabric.sent().subList(before, h.fabric.sent().size()).stream().filter(p -> p.sentAt() == at).count();
  }

  /** The latest time the harness handed discovery: the tick at the previous round's timeout. */
  private static long latest(PathDiscoveryTest.Harness h) {
    return h.now - INTERVAL + TIMEOUT;
  }

  @Property(tries = 200)
  void oneGlitchedTimeChangesNothing(@ForAll("starts") long start, @ForAll("glitches") long absolute,
      @ForAll("jumps") long jump, @ForAll boolean useJump, @ForAll boolean viaReply,
      @ForAll @IntRange(min = 0, max = 440) int msAfterLatest) {
    PathDiscoveryTest.Harness h = converged(start);
    long latest = latest(h);
    long glitch = useJump ? latest + jump : absolute;
    long d = glitch - latest;
    Assume.that(d > GuardedClocks.MAX_STEP_NANOS || d < -GuardedClocks.MAX_REORDER_NANOS); // a real glitch
    int[] paths = h.current();
    int changes = h.changes.size();
    // The glitch, between two rounds (the time passed to it is its only fault).
    if (viaReply) {
      h.discovery.onProbeReply(0, 50_000, 1, 0, 7, false, glitch);
    } else {
      h.discovery.onTick(glitch);
    }
    assertEquals(1, h.counters.get(Counter.CLOCK_JUMPS));
    h.discovery.onTick(latest + msAfterLatest * MS); // an ordinary tick, before the next round is due
    for (int round = 0; round < 4; round++) {
      assertEquals(PROBES_PER_ROUND, roundProbes(h), "round " + round + " after the glitch went out on time");
    }
    assertArrayEquals(paths, h.current());
    assertEquals(changes, h.changes.size());
    assertEquals(1, h.counters.get(Counter.CLOCK_JUMPS), "the later, ordinary times were accepted");
  }

  @Property(tries = 100)
  void aConfirmedResetBackwardsResumesWithinOneInterval(@ForAll("starts") long start,
      @ForAll @IntRange(min = 11, max = 3_600_000) int backMs, @ForAll boolean halfwayAround) {
    PathDiscoveryTest.Harness h = converged(start);
    int[] paths = h.current();
    int changes = h.changes.size();
    long latest = latest(h);
    // The clock is reset to an earlier time (or half its range away, which is as far back as it is ahead).
    long reset = halfwayAround ? latest + Long.MIN_VALUE : latest - backMs * MS;
    int sentBefore = h.fabric.sent().size();
    long firstRoundAt = Long.MIN_VALUE;
    // From the reset on, the host keeps sending and ticking every millisecond, with the new clock. The first
    // call is held; the second, 1 ms later, confirms the reset.
    for (long t = reset; t - (reset + MS + INTERVAL) <= 0; t += MS) {
      h.discovery.noteActivity(0, t);
      h.tick(t);
      h.fabric.deliver(h.discovery, t);
      if (firstRoundAt == Long.MIN_VALUE && h.fabric.sent().size() > sentBefore) {
        firstRoundAt = t;
      }
    }
    assertTrue(firstRoundAt != Long.MIN_VALUE, "a round within one interval of the confirmed reset");
    assertTrue(firstRoundAt - (reset + MS) > 0, "not at the held call itself");
    assertEquals(PROBES_PER_ROUND, h.fabric.sent().size() - sentBefore, "exactly one round in that interval");
    assertArrayEquals(paths, h.current());
    assertEquals(changes, h.changes.size());
    assertEquals(1, h.counters.get(Counter.CLOCK_JUMPS));
  }
}
