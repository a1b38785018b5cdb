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
    assertEquals(BASE, clock.advance(0, BASE));
    assertEquals(ACCEPTED, clock.status());
  }

  @Test
  void aStepOfExactlyOneSecondIsAcceptedAndOneNanosecondMoreIsHeld() {
    GuardedClocks clock = startedAt(BASE);
    assertEquals(BASE + MAX_STEP_NANOS, clock.advance(0, BASE + MAX_STEP_NANOS));
    assertEquals(ACCEPTED, clock.status());
    long last = BASE + MAX_STEP_NANOS;
    assertEquals(last, clock.advance(0, last + MAX_STEP_NANOS + 1));
    assertEquals(JUMP_HELD, clock.status());
  }

  @Test
  void exactlyTenMillisecondsBackIsReorderingAndOneNanosecondMoreIsAJump() {
    GuardedClocks clock = startedAt(BASE);
    assertEquals(BASE, clock.advance(0, BASE - MAX_REORDER_NANOS));
    assertEquals(BACKWARDS, clock.status());
    assertEquals(BASE, clock.advance(0, BASE - MAX_REORDER_NANOS - 1));
    assertEquals(JUMP_HELD, clock.status());
  }

  @Test
  void theHeldTimeItselfConfirmsAJump() {
    long held = BASE + 5 * MAX_STEP_NANOS;
    GuardedClocks clock = startedAt(BASE);
    clock.advance(0, held);
    assertEquals(held, clock.advance(0, held));
    assertEquals(REBASED_FORWARD, clock.status());
  }

  @Test
  void aCallOneSecondAfterTheHeldTimeConfirmsItAndOneNanosecondLaterDoesNot() {
    long held = BASE + 5 * MAX_STEP_NANOS;
    GuardedClocks confirmed = startedAt(BASE);
    confirmed.advance(0, held);
    assertEquals(held + MAX_STEP_NANOS, confirmed.advance(0, held + MAX_STEP_NANOS));
    assertEquals(REBASED_FORWARD, confirmed.status());

    GuardedClocks notConfirmed = startedAt(BASE);
    notConfirmed.advance(0, held);
    assertEquals(BASE, notConfirmed.advance(0, held + MAX_STEP_NANOS + 1));
    assertEquals(JUMP_HELD, notConfirmed.status(), "too far after the held time: a new jump, held in turn");
  }

  @Test
  void aCallJustBeforeTheHeldTimeDoesNotConfirmIt() {
    long held = BASE - 5 * MAX_STEP_NANOS; // a jump back
    GuardedClocks clock = startedAt(BASE);
    clock.advance(0, held);
    assertEquals(BASE, clock.advance(0, held - 1));
    assertEquals(JUMP_HELD, clock.status());
  }

  /**
   * Held 1 s back, a call exactly halfway is as near to the held time as to the latest accepted one: not nearer,
   * so it does not confirm (and, 0.5 s back, is a jump of its own). A nanosecond nearer to the held time confirms.
   */
  @Test
  void aCallHalfwayBetweenTheHeldAndTheLatestTimeDoesNotConfirmAndOneNearerDoes() {
    long held = BASE - MAX_STEP_NANOS;
    long halfway = BASE - MAX_STEP_NANOS / 2;
    GuardedClocks clock = startedAt(BASE);
    clock.advance(0, held);
    assertEquals(JUMP_HELD, clock.status());
    assertEquals(BASE, clock.advance(0, halfway));
    assertEquals(JUMP_HELD, clock.status());

    GuardedClocks nearer = startedAt(BASE);
    nearer.advance(0, held);
    assertEquals(halfway - 1, nearer.advance(0, halfway - 1));
    assertEquals(REBASED_BACKWARD, nearer.status());
  }
}
