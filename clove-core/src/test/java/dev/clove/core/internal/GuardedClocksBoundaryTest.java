// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core.internal;

import static dev.clove.core.internal.GuardedClocks.ACCEPTED;
import static dev.clove.core.internal.GuardedClocks.BACKWARDS;
import static dev.clove.core.internal.GuardedClocks.JUMP_HELD;
import static dev.clove.core.internal.GuardedClocks.MAX_REORDER_NANOS;
import static dev.clove.core.internal.GuardedClocks.MAX_STEP_NANOS;
import static dev.clove.core.internal.GuardedClocks.REBASED_BACKWARD;
import static dev.clove.core.internal.GuardedClocks.REBASED_FORWARD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The clock rule of {@link GuardedClocks} at the exact edges its class description gives: a step of 0 to 1 s is
 * accepted, 0 to 10 ms back is reordering, anything further is a jump; a held jump is confirmed by a call 0 to 1 s
 * after it that is strictly nearer to it than to the latest accepted time. Threading: single-threaded.
 */
class GuardedClocksBoundaryTest {
  private static final long BASE = 1_000 * MAX_STEP_NANOS; // 1000 s, far from any edge of long

  private static GuardedClocks startedAt(long t) {
    GuardedClocks clock = new GuardedClocks(1);
    clock.advance(0, t);
    return clock;
  }

  /** A clock started at BASE that holds a jump to {@code held}. */
  private static GuardedClocks holding(long held) {
    GuardedClocks clock = startedAt(BASE);
    assertStep(clock, held, BASE, JUMP_HELD);
    return clock;
  }

  /** Advances clock 0 to {@code t} and checks what it returned and what it did. */
  private static void assertStep(GuardedClocks clock, long t, long expected, int status) {
    assertEquals(expected, clock.advance(0, t), "returned time");
    assertEquals(status, clock.status(), "status");
  }

  @Test
  void aClockHasStartedOnlyOnceItAcceptedATime() {
    GuardedClocks clocks = new GuardedClocks(2);
    assertFalse(clocks.started(0));
    assertFalse(clocks.started(1));
    clocks.advance(1, BASE);
    assertFalse(clocks.started(0), "advancing clock 1 does not start clock 0");
    assertTrue(clocks.started(1));
  }

  @Test
  void theSameTimeAgainIsAnOrdinaryStepOfZero() {
    GuardedClocks clock = startedAt(BASE);
    assertStep(clock, BASE, BASE, ACCEPTED);
  }

  @Test
  void aStepOfExactlyOneSecondIsAcceptedAndOneNanosecondMoreIsHeld() {
    GuardedClocks clock = startedAt(BASE);
    assertStep(clock, BASE + MAX_STEP_NANOS, BASE + MAX_STEP_NANOS, ACCEPTED);
    long last = BASE + MAX_STEP_NANOS;
    assertStep(clock, last + MAX_STEP_NANOS + 1, last, JUMP_HELD);
  }

  @Test
  void exactlyTenMillisecondsBackIsReorderingAndOneNanosecondMoreIsAJump() {
    GuardedClocks clock = startedAt(BASE);
    assertStep(clock, BASE - MAX_REORDER_NANOS, BASE, BACKWARDS);
    assertStep(clock, BASE - MAX_REORDER_NANOS - 1, BASE, JUMP_HELD);
  }

  @Test
  void theHeldTimeItselfConfirmsAJump() {
    long held = BASE + 5 * MAX_STEP_NANOS;
    GuardedClocks clock = holding(held);
    assertStep(clock, held, held, REBASED_FORWARD);
  }

  @Test
  void aCallOneSecondAfterTheHeldTimeConfirmsItAndOneNanosecondLaterDoesNot() {
    long held = BASE + 5 * MAX_STEP_NANOS;
    GuardedClocks confirmed = holding(held);
    assertStep(confirmed, held + MAX_STEP_NANOS, held + MAX_STEP_NANOS, REBASED_FORWARD);

    GuardedClocks notConfirmed = holding(held);
    assertStep(notConfirmed, held + MAX_STEP_NANOS + 1, BASE, JUMP_HELD); // too far: a new jump, held in turn
  }

  @Test
  void aCallJustBeforeTheHeldTimeDoesNotConfirmIt() {
    long held = BASE - 5 * MAX_STEP_NANOS; // a jump back
    GuardedClocks clock = holding(held);
    assertStep(clock, held - 1, BASE, JUMP_HELD);
  }

  /**
   * Held 1 s back, a call exactly halfway is as near to the held time as to the latest accepted one: not nearer,
   * so it does not confirm (and, 0.5 s back, is a jump of its own). A nanosecond nearer to the held time confirms.
   */
  @Test
  void aCallHalfwayBetweenTheHeldAndTheLatestTimeDoesNotConfirmAndOneNearerDoes() {
    long held = BASE - MAX_STEP_NANOS;
    long halfway = BASE - MAX_STEP_NANOS / 2;
    GuardedClocks clock = holding(held);
    assertStep(clock, halfway, BASE, JUMP_HELD);

    GuardedClocks nearer = holding(held);
    assertStep(nearer, halfway - 1, halfway - 1, REBASED_BACKWARD);
  }
}
