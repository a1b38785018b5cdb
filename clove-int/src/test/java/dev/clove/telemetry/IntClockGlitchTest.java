// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.clove.api.Counter;
import dev.clove.api.LoadBalancer;
import dev.clove.core.Clove;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** A reading reported with an absurd time is not stamped with it: it cannot stay fresh for ever. */
class IntClockGlitchTest {
  private static final long MS = 1_000_000;
  private static final long START = 10_000 * MS;

  @Provide
  Arbitrary<Long> glitches() {
    return Arbitraries.oneOf(Arbitraries.of(Long.MAX_VALUE, START + 3_600_000 * MS), Arbitraries.longs()
        .filter(g -> g - START > 1_000 * MS || g - START < -10 * MS));
  }

  @Property(tries = 100)
  void aGlitchedReadingIsStampedWithTheLatestGoodTime(@ForAll("glitches") long glitch) {
    IntPolicy policy = CloveInt.policy().build();
    LoadBalancer lb = Clove.builder().maxDestinations(1).baseRttNanos(100_000).policy(policy)
        .staticPaths(0, 50001, 50002).seed(1).build();
    lb.onTick(START);
    lb.onUtilization(0, 50001, 0.25, glitch);
    long[] times = new long[2];
    policy.readings().read(0, new int[2], new double[2], times);
    assertEquals(START, times[0], "stamped with the last accepted time, not the glitch");
    assertEquals(1, lb.count(Counter.CLOCK_JUMPS));
    lb.onUtilization(0, 50002, 0.5, START + MS);
    policy.readings().read(0, new int[2], new double[2], times);
    assertEquals(START + MS, times[1], "and the next correct report is stamped normally");
    assertNotEquals(glitch, times[0]);
  }
}
