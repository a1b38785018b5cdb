// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class VirtualClockTest {

  @Test
  void movesOnlyForward() {
    VirtualClock clock = new VirtualClock(10);
    assertEquals(10, clock.nanoTime());
    assertEquals(60, clock.advance(50));
    clock.set(60);
    clock.set(100);
    assertEquals(100, clock.nanoTime());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> clock.set(99));
    assertEquals("clock cannot go backwards: set(99) at 100", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> clock.advance(-1));
    assertThrows(ArithmeticException.class, () -> clock.advance(Long.MAX_VALUE));
    assertEquals(100, clock.nanoTime());
  }
}
