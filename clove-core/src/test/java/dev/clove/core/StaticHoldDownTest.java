// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clove.api.Counter;
import dev.clove.api.LoadBalancer;
import org.junit.jupiter.api.Test;

/**
 * The hold-down of a static path taken out of service (BalancerCore.removeStatic): how long it lasts, to the
 * nanosecond, after a reported failure and after silent removals (doubled while a path is found silent again within
 * its last hold-down of its re-admission), and what a tick clock reset back does to it.
 */
class StaticHoldDownTest {
  static final long MS = 1_000_000;
  static final long HOLD = 100 * MS;
  static final int D = 1;
  static final int[] PORTS = {50001, 50002, 50003};
  static final int[] WITHOUT_2 = {50001, 50003};

  static LoadBalancer balancer() {
    return Clove.builder().maxDestinations(2).staticPaths(D, PORTS).staticPathHoldDownNanos(HOLD).seed(3).build();
  }

  /** The balancer's silence detector found {@code port} silent at the current tick (what its scan would do). */
  static void silent(LoadBalancer lb, int port, long nowNanos) {
    BalancerCore core = ((CloveBalancer) lb).core;
    synchronized (core.control) {
      core.silentPath(D, port, nowNanos);
    }
  }

  /** Ticks at {@code t} and checks whether port 50002 is in service afterwards. */
  static void assertAfterTick(LoadBalancer lb, long t, boolean inService) {
    lb.onTick(t);
    assertArrayEquals(inService ? PORTS : WITHOUT_2, lb.paths(D).ports(), "at " + t);
  }

  @Test
  void aReportedFailureHoldsThePathExactlyTheHoldDown() {
    LoadBalancer lb = balancer();
    lb.onTick(0);
    lb.onTick(10 * MS);
    lb.onPathFailure(D, 50002, 10 * MS);
    assertAfterTick(lb, 10 * MS + HOLD - 1, false);
    assertAfterTick(lb, 10 * MS + HOLD, true);
    assertEquals(1, lb.count(Counter.PATHS_ADDED));
  }

  @Test
  void aFirstSilentRemovalHoldsThePathOneHoldDownEvenEarlyInTheBalancersLife() {
    // 50 ms after the balancer started, less than a hold-down: the path was never re-admitted, so nothing doubles.
    LoadBalancer lb = balancer();
    lb.onTick(0);
    lb.onTick(50 * MS);
    silent(lb, 50002, 50 * MS);
    assertEquals(1, lb.count(Counter.PATHS_SILENT));
    assertEquals(0, lb.count(Counter.PATH_FAILURES));
    assertAfterTick(lb, 50 * MS + HOLD - 1, false);
    assertAfterTick(lb, 50 * MS + HOLD, true);
  }

  @Test
  void aPathFoundSilentSoonAfterItsReturnIsHeldTwiceAsLongAndOnceItLastedAHoldDownOnlyOnce() {
    LoadBalancer lb = balancer();
    lb.onTick(0);
    silent(lb, 50002, 0);
    assertAfterTick(lb, HOLD, true); // re-admitted at 100 ms
    lb.onTick(150 * MS);
    silent(lb, 50002, 150 * MS); // 50 ms after its return, within its 100 ms hold-down: held 200 ms
    assertAfterTick(lb, 350 * MS - 1, false);
    assertAfterTick(lb, 350 * MS, true); // re-admitted at 350 ms, after a 200 ms hold-down
    lb.onTick(550 * MS);
    silent(lb, 50002, 550 * MS); // exactly its last hold-down after its return: not "within", so no doubling
    assertAfterTick(lb, 650 * MS - 1, false);
    assertAfterTick(lb, 650 * MS, true);
    assertEquals(3, lb.count(Counter.PATHS_SILENT));
    assertEquals(3, lb.count(Counter.PATHS_ADDED));
  }

  @Test
  void aFailureReportedWhileASilentPathIsHeldRestartsAnUndoubledHoldDown() {
    LoadBalancer lb = balancer();
    lb.onTick(0);
    silent(lb, 50002, 0);
    assertAfterTick(lb, HOLD, true);
    lb.onTick(120 * MS);
    silent(lb, 50002, 120 * MS); // within the hold-down of its return: held 200 ms, to 320 ms
    lb.onTick(130 * MS);
    lb.onPathFailure(D, 50002, 130 * MS); // reported while held: a failure's hold-down, from now (to 230 ms)
    assertAfterTick(lb, 230 * MS - 1, false);
    assertAfterTick(lb, 230 * MS, true);
  }

  @Test
  void aTickClockResetBackPullsLaterHoldDownsBackToTheNewTime() {
    LoadBalancer lb = Clove.builder().maxDestinations(2).staticPaths(D, PORTS).staticPathHoldDownNanos(1_000 * MS)
        .seed(3).build();
    for (long t = 0; t <= 1_500 * MS; t += 500 * MS) {
      lb.onTick(t);
    }
    lb.onPathFailure(D, 50001, 1_500 * MS); // held until 2.5 s
    lb.onTick(2_000 * MS);
    lb.onPathFailure(D, 50002, 2_000 * MS); // held until 3 s on the old time line
    assertArrayEquals(new int[] {50003}, lb.paths(D).ports());
    // The clock is reset to 1.8 s: the first tick there is held as a possible glitch, the next one confirms it.
    lb.onTick(1_800 * MS);
    assertEquals(1, lb.count(Counter.CLOCK_JUMPS));
    lb.onTick(1_801 * MS);
    // 50002's hold-down "started" in the future of the new time line: it counts from 1.801 s now. 50001's started
    // at 1.5 s, before the new time, and keeps its end.
    lb.onTick(2_500 * MS - 1);
    assertArrayEquals(new int[] {50003}, lb.paths(D).ports());
    lb.onTick(2_500 * MS);
    assertArrayEquals(new int[] {50001, 50003}, lb.paths(D).ports());
    lb.onTick(2_801 * MS - 1);
    assertArrayEquals(new int[] {50001, 50003}, lb.paths(D).ports());
    lb.onTick(2_801 * MS);
    assertArrayEquals(PORTS, lb.paths(D).ports());
  }

  @Test
  void aDoubledHoldDownIsExactUpToTheLargestTime() {
    // A hold-down of Long.MAX_VALUE / 2, rounded down: doubled once it is 2^63 - 2, one short of the largest time,
    // and the path returns exactly then (tick times wrap, as GuardedClocks allows).
    long hold = Long.MAX_VALUE >> 1;
    long doubled = hold << 1;
    assertEquals(Long.MAX_VALUE - 1, doubled);
    LoadBalancer lb = Clove.builder().maxDestinations(2).staticPaths(D, PORTS).staticPathHoldDownNanos(hold)
        .seed(3).build();
    lb.onTick(0);
    silent(lb, 50002, 0);
    jumpTo(lb, hold);
    assertArrayEquals(PORTS, lb.paths(D).ports(), "back after one hold-down");
    silent(lb, 50002, hold); // at once: held twice as long
    jumpTo(lb, hold + doubled - 1);
    assertArrayEquals(WITHOUT_2, lb.paths(D).ports());
    assertAfterTick(lb, hold + doubled, true);
  }

  /** Ticks at {@code t}, a jump of more than a second: held as a glitch once, followed at the second tick. */
  static void jumpTo(LoadBalancer lb, long t) {
    long jumps = lb.count(Counter.CLOCK_JUMPS);
    lb.onTick(t);
    lb.onTick(t);
    assertEquals(jumps + 1, lb.count(Counter.CLOCK_JUMPS));
  }
}
