// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.telemetry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clove.api.Counter;
import dev.clove.core.PathChooser;
import dev.clove.core.PathSet;
import org.junit.jupiter.api.Test;

/**
 * A confirmed reset of the policy's clock to an earlier time (IntPolicy's design notes, "Time"): a reading stamped
 * after the new time would look fresh until real time caught up with it, so it is marked never read and
 * republished; readings stamped at or before the new time keep their stamps. Threading: single-threaded.
 */
class IntClockResetTest {
  private static final long MS = 1_000_000;
  private static final long RESET = 11_000 * MS;
  private static final PathSet THREE = PathSet.of(10, 11, 12);

  @Test
  void readingsStampedAfterTheResetAreForgottenAndTheOthersKept() {
    IntPolicy policy = CloveInt.policy().staleAfterNanos(2_000 * MS).build(); // every reading here stays fresh
    policy.bind(2, 3, 100_000); // destination 0 fills every path slot; destination 1 never gets paths
    policy.onPathsChanged(0, PathSet.EMPTY, THREE, 0);
    PathChooser chooser = policy.newChooser(4);
    policy.onUtilization(0, 0, 0.5, RESET - 500 * MS); // before the time the clock will go back to
    policy.onUtilization(0, 1, 0.6, RESET); // exactly at it
    policy.onUtilization(0, 2, 0.1, RESET + 500 * MS); // after it: the least utilized path
    assertEquals(2, chooser.choose(0, THREE, 1, RESET + 500 * MS), "before the reset path 2 wins");

    policy.onTick(RESET - 1); // half a second back: held
    policy.onTick(RESET); // one nanosecond after the held time: confirmed, the clock is reset
    assertEquals(1, policy.count(Counter.CLOCK_JUMPS));

    long[] times = new long[3];
    double[] utilizations = new double[3];
    assertEquals(3, policy.readings().read(0, new int[3], utilizations, times));
    assertArrayEquals(new long[] {RESET - 500 * MS, RESET, IntPolicy.NEVER}, times, "published to the choosers");
    assertArrayEquals(new double[] {0.5, 0.6, 0.1}, policy.utilizations(0), 0.0, "the latest values stay");
    // Path 2 is unknown now: explored once, then the least utilized fresh path (0) takes the new flowlets.
    int[] hits = new int[3];
    for (long flow = 1; flow <= 10; flow++) {
      hits[chooser.choose(0, THREE, flow, RESET + MS)]++;
    }
    assertArrayEquals(new int[] {9, 0, 1}, hits);
  }
}
