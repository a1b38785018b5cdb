// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The clock rule against its specification: one absurd time is never used, a real jump is followed at once. */
class GuardedClocksTest {
  private static final long MS = 1_000_000;

  /**
   * A clock ticking every millisecond from {@code start}, with one glitched call at step {@code at}: every call
   * but the glitched one returns its own time, and the glitched one returns the time before it.
   */
  @Property(tries = 500)
  void oneGlitchIsNeverUsed(@ForAll("starts") long start, @ForAll("glitches") long glitch,
      @ForAll @IntRange(min = 1, max = 50) int at) {
    long previous = start + (at - 1) * MS;
    if (glitch - previous >= -10 * MS && glitch - previous <= 1_000 * MS) {
      return; // not a glitch: within what the rule accepts or clamps
    }
    GuardedClocks clock = new GuardedClocks(1);
    for (int step = 0; step < 100; step++) {
      long t = start + step * MS;
      if (step == at) {
        assertEquals(previous, clock.advance(0, glitch));
        assertEquals(GuardedClocks.JUMP_HELD, clock.status());
      }
      assertEquals(t, clock.advance(0, t), "step " + step);
    }
  }

  @Provide
  Arbitrary<Long> starts() {
    return Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.of(0L, Long.MAX_VALUE - 20 * MS, Long.MIN_VALUE));
  }

  @Provide
  Arbitrary<Long> glitches() {
    return Arbitraries.oneOf(Arbitraries.longs(),
        Arbitraries.of(Long.MAX_VALUE, Long.MIN_VALUE, 0L, -1L, Long.MAX_VALUE / 2));
  }

  /** A clock that counts past Long.MAX_VALUE into negative numbers just moves on. */
  @Test
  void wrappingPastLongMaxValueIsTimePassing() {
    GuardedClocks clock = new GuardedClocks(1);
    for (long t = Long.MAX_VALUE - 5 * MS, i = 0; i < 10; i++, t += MS) {
      assertEquals(t, clock.advance(0, t));
      assertEquals(GuardedClocks.ACCEPTED, clock.status());
    }
  }

  /** A real reset, back or forward, is followed on the second call, which confirms it. */
  @Property(tries = 200)
  void aConfirmedJumpIsFollowedOneCallLate(@ForAll @LongRange(min = 11, max = 1_000_000) long jumpMs,
      @ForAll boolean backwards) {
    GuardedClocks clock = new GuardedClocks(1);
    long base = 5_000_000 * MS;
    clock.advance(0, base);
    long target = backwards ? base - jumpMs * MS : base + jumpMs * MS + 1_000 * MS;
    assertEquals(base, clock.advance(0, target));
    assertEquals(GuardedClocks.JUMP_HELD, clock.status());
    assertEquals(target + MS, clock.advance(0, target + MS));
    assertEquals(backwards ? GuardedClocks.REBASED_BACKWARD : GuardedClocks.REBASED_FORWARD, clock.status());
    assertEquals(target + 2 * MS, clock.advance(0, target + 2 * MS));
    assertEquals(GuardedClocks.ACCEPTED, clock.status());
  }

  @Test
  void smallStepsBackAreClampedAndClocksAreIndependent() {
    GuardedClocks clocks = new GuardedClocks(2);
    clocks.advance(0, 100 * MS);
    clocks.advance(1, 7 * MS);
    assertEquals(100 * MS, clocks.advance(0, 95 * MS));
    assertEquals(GuardedClocks.BACKWARDS, clocks.status());
    assertEquals(8 * MS, clocks.advance(1, 8 * MS));
    assertEquals(101 * MS, clocks.advance(0, 101 * MS));
  }
}
