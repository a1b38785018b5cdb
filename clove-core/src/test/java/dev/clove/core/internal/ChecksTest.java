// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The shared argument checks: inclusive ranges, and a policy's base RTT that must agree with the balancer's. */
class ChecksTest {

  @Test
  void aRangeIncludesBothEnds() {
    assertEquals(3, Checks.checkRange("p", 3, 3, 7));
    assertEquals(7, Checks.checkRange("p", 7, 3, 7));
    assertEquals(5, Checks.checkRange("p", 5, 5, 5));
    assertEquals("p must be in 3..7, was 2",
        assertThrows(IllegalArgumentException.class, () -> Checks.checkRange("p", 2, 3, 7)).getMessage());
    assertEquals("p must be in 3..7, was 8",
        assertThrows(IllegalArgumentException.class, () -> Checks.checkRange("p", 8, 3, 7)).getMessage());
  }

  @Test
  void anUnsetPolicyBaseRttInheritsTheBalancers() {
    assertEquals(50_000, Checks.agreedBaseRtt("x.baseRttNanos", 0, 50_000));
    assertEquals(50_000, Checks.agreedBaseRtt("x.baseRttNanos", -1, 50_000));
    assertEquals(50_000, Checks.agreedBaseRtt("x.baseRttNanos", Long.MIN_VALUE, 50_000));
  }

  @Test
  void aSetPolicyBaseRttMustEqualTheBalancers() {
    assertEquals(50_000, Checks.agreedBaseRtt("x.baseRttNanos", 50_000, 50_000));
    assertEquals(1, Checks.agreedBaseRtt("x.baseRttNanos", 1, 1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Checks.agreedBaseRtt("x.baseRttNanos", 1, 50_000));
    assertEquals("x.baseRttNanos=1 differs from the balancer's baseRttNanos=50000; set the base RTT once, on"
        + " Clove.builder(), and the policy inherits it", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Checks.agreedBaseRtt("x.baseRttNanos", 50_001, 50_000));
  }
}
