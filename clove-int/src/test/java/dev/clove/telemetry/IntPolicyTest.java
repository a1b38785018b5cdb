// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.telemetry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import dev.clove.api.FeedbackRelay;
import dev.clove.api.LoadBalancer;
import dev.clove.core.Clove;
import dev.clove.core.PathChooser;
import dev.clove.core.PathSet;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class IntPolicyTest {
  static final PathSet FOUR = PathSet.of(10, 11, 12, 13);

  static IntPolicy bound(long staleAfter) {
    IntPolicy p = CloveInt.policy().staleAfterNanos(staleAfter).build();
    p.bind(2, 16, 100_000);
    p.onPathsChanged(0, PathSet.EMPTY, FOUR, 0);
    return p;
  }

  @Test
  void defaults() {
    assertEquals(1_000_000, CloveInt.policy().build().staleAfterNanos());
    assertEquals(500_000, CloveInt.policy().baseRttNanos(50_000).build().staleAfterNanos());
  }

  @Test
  void leastUtilizedFreshPathWins() {
    IntPolicy p = bound(1_000);
    PathChooser c = p.newChooser(1);
    p.onUtilization(0, 0, 0.9, 100);
    p.onUtilization(0, 1, 0.3, 100);
    p.onUtilization(0, 2, 0.5, 100);
    p.onUtilization(0, 3, 0.7, 100);
    for (int i = 0; i < 20; i++) {
      assertEquals(1, c.choose(0, FOUR, i, 200));
    }
    // Path 1 gets busier, then its reading goes stale: it is explored once, not preferred.
    p.onUtilization(0, 1, 0.95, 100);
    p.onUtilization(0, 0, 0.9, 900);
    p.onUtilization(0, 2, 0.5, 900);
    p.onUtilization(0, 3, 0.7, 900);
    assertEquals(2, c.choose(0, FOUR, 1, 1_100)); // exactly staleAfter old is still fresh: 0.95 loses to 0.5
    assertEquals(1, c.choose(0, FOUR, 1, 1_101)); // one nanosecond later path 1 is unknown: explored once
    assertEquals(2, c.choose(0, FOUR, 2, 1_102)); // and then the least utilized fresh path wins again
    assertEquals(0, c.count(Counter.TELEMETRY_STALE_FALLBACK));
  }

  @Test
  void aPathWhoseReadingsStoppedIsNeverPreferredToFreshOnes() {
    // Path 2 was the least utilized, then its readings stopped (its packets are being dropped), while the other
    // paths keep reporting higher utilizations. Counting it idle would send it every new flowlet; it may get at
    // most one exploration flowlet per staleness interval.
    long stale = 10_000;
    IntPolicy p = bound(stale);
    PathChooser c = p.newChooser(7);
    for (int i = 0; i < 4; i++) {
      p.onUtilization(0, i, i == 2 ? 0.05 : 0.5 + 0.1 * i, 0);
    }
    int[] chosen = new int[4];
    long start = stale + 1;
    long end = start + 20 * stale;
    for (long t = start; t < end; t += 10) {
      for (int i = 0; i < 4; i++) {
        if (i != 2 && t % 1_000 == 1) {
          p.onUtilization(0, i, 0.5 + 0.1 * i, t); // the live paths keep reporting
        }
      }
      chosen[c.choose(0, FOUR, t, t)]++;
    }
    int intervals = (int) ((end - start) / stale);
    assertTrue(chosen[2] <= intervals + 1, "the silent path got " + chosen[2] + " flowlets in " + intervals
        + " staleness intervals");
    assertTrue(chosen[2] >= intervals - 1, "the silent path was not explored: " + chosen[2]);
    assertEquals(chosen[0] + chosen[1] + chosen[3] + chosen[2], (end - start) / 10);
    assertTrue(chosen[0] > 0.99 * (end - start) / 10 - intervals, "the least utilized fresh path, 0, wins: "
        + java.util.Arrays.toString(chosen));
  }

  /**
   * The class Javadoc's exploration rule: while a fresh path exists, at most one new flowlet per staleAfterNanos
   * goes to an unknown path, the next one round robin; and (CHANGELOG, Unreleased) never two in a row to the same
   * flow.
   */
  @Test
  void explorationsVisitTheUnknownPathsRoundRobinAndSkipTheLastExplorersFlow() {
    IntPolicy p = bound(1_000); // paths 10 to 13; only path 0 is measured
    PathChooser c = p.newChooser(11);
    p.onUtilization(0, 0, 0.5, 100);
    assertEquals(1, c.choose(0, FOUR, 1, 100), "the first unknown path after 0");
    assertEquals(0, c.choose(0, FOUR, 2, 101), "one exploration per staleness interval");
    assertEquals(0, c.choose(0, FOUR, 3, 1_099), "still within it");
    p.onUtilization(0, 0, 0.5, 1_100); // path 0 stays fresh
    assertEquals(0, c.choose(0, FOUR, 1, 1_100), "due, but flow 1 made the last exploration");
    assertEquals(2, c.choose(0, FOUR, 3, 1_100), "another flow takes it, to the next unknown path");
    p.onUtilization(0, 0, 0.5, 2_100);
    assertEquals(3, c.choose(0, FOUR, 1, 2_100));
    p.onUtilization(0, 0, 0.5, 3_100);
    assertEquals(1, c.choose(0, FOUR, 4, 3_100), "round robin wraps past the measured path");
    assertEquals(0, c.count(Counter.TELEMETRY_STALE_FALLBACK));
  }

  @Test
  void tiesAreBrokenRandomlyAndReproduciblyBySeed() {
    IntPolicy p = bound(1_000_000);
    for (int i = 0; i < 4; i++) {
      p.onUtilization(0, i, i == 2 ? 0.5 : 0.25, 0);
    }
    PathChooser a = p.newChooser(5);
    PathChooser b = p.newChooser(5);
    PathChooser other = p.newChooser(6);
    int[] hits = new int[4];
    boolean differs = false;
    for (int i = 0; i < 3000; i++) {
      int x = a.choose(0, FOUR, i, 10);
      assertEquals(x, b.choose(0, FOUR, i, 10));
      differs |= other.choose(0, FOUR, i, 10) != x;
      hits[x]++;
    }
    assertEquals(0, hits[2]);
    for (int i : new int[] {0, 1, 3}) {
      assertEquals(1000, hits[i], 120, "tied path " + i + " chosen " + hits[i] + " times"); // ~ 4.5 sigma
    }
    assertTrue(differs);
  }

  @Test
  void allStaleFallsBackToUniformAndCounts() {
    IntPolicy p = bound(1_000);
    PathChooser c = p.newChooser(9);
    p.onUtilization(0, 0, 0.1, 0);
    int[] hits = new int[4];
    for (int i = 0; i < 4000; i++) {
      hits[c.choose(0, FOUR, i, 5_000)]++;
    }
    for (int h : hits) {
      assertEquals(1000, h, 130);
    }
    assertEquals(4000, c.count(Counter.TELEMETRY_STALE_FALLBACK));
    assertEquals(0, c.count(Counter.PACKETS));
  }

  @Test
  void readingsFromTheFutureCountAsFresh() {
    IntPolicy p = bound(1_000);
    PathChooser c = p.newChooser(9);
    for (int i = 0; i < 4; i++) {
      p.onUtilization(0, i, i == 3 ? 0.1 : 0.6, 1_000_000);
    }
    assertEquals(3, c.choose(0, FOUR, 1, 999_000)); // a dataplane clock slightly behind the feedback thread
    assertEquals(0, c.count(Counter.TELEMETRY_STALE_FALLBACK));
  }

  @Test
  void pathChangesKeepSurvivingReadings() {
    IntPolicy p = bound(1_000);
    p.onUtilization(0, 0, 0.5, 10);
    p.onUtilization(0, 3, 0.75, 10);
    PathSet next = PathSet.of(13, 20, 10);
    p.onPathsChanged(0, FOUR, next, 20);
    assertArrayEquals(new double[] {0.75, Double.NaN, 0.5}, p.utilizations(0), 0);
    assertEquals(1, p.newChooser(1).choose(0, next, 1, 30), "the new, unmeasured path counts as idle");
    // A chooser that still sees another set (the policy has not republished yet) matches by port.
    assertEquals(1, p.newChooser(1).choose(0, PathSet.of(13, 10), 1, 30));
  }

  /**
   * A chooser may be handed a path set the readings do not match yet (the policy republishes after the balancer
   * swaps sets): each path's reading is found by port, wherever it sits, and a port without one is unknown.
   */
  @Test
  void aChooserFindsEachPathsReadingByPortWhenTheSetAndTheReadingsDisagree() {
    IntPolicy p = CloveInt.policy().staleAfterNanos(1_000).build();
    p.bind(1, 4, 100_000);
    p.onPathsChanged(0, PathSet.EMPTY, PathSet.of(10, 11, 12), 0);
    p.onUtilization(0, 0, 0.5, 100);
    p.onUtilization(0, 1, 0.9, 100);
    p.onUtilization(0, 2, 0.1, 100);
    // Swapped order: 11 sits where the readings hold 10's 0.5, and 10 where they hold 11's 0.9.
    PathChooser swapped = p.newChooser(1);
    assertEquals(1, swapped.choose(0, PathSet.of(11, 10), 1, 200), "port 10 (0.5) beats port 11 (0.9)");
    assertEquals(0, swapped.count(Counter.TELEMETRY_STALE_FALLBACK), "both readings were found");
    // A port the readings do not hold is unknown: explored first, then the least utilized known path wins.
    PathChooser c = p.newChooser(2);
    PathSet withNewcomer = PathSet.of(10, 11, 99);
    assertEquals(2, c.choose(0, withNewcomer, 1, 200), "the unknown port 99 is explored");
    assertEquals(0, c.choose(0, withNewcomer, 2, 201), "and then 10 (0.5) beats 11 (0.9)");
    // The chooser has seen 12's reading at index 2; once 12 has left, that copy must not be read for it.
    PathChooser d = p.newChooser(3);
    PathSet three = PathSet.of(10, 11, 12);
    assertEquals(2, d.choose(0, three, 1, 200), "12 (0.1) wins while it is measured");
    p.onPathsChanged(0, three, PathSet.of(10, 11), 300);
    p.onUtilization(0, 0, 0.5, 300);
    p.onUtilization(0, 1, 0.9, 300);
    assertEquals(2, d.choose(0, three, 2, 400), "12 has no reading now: explored");
    assertEquals(0, d.choose(0, three, 3, 401), "and not preferred: 10 (0.5) wins");
    assertEquals(0, c.count(Counter.TELEMETRY_STALE_FALLBACK) + d.count(Counter.TELEMETRY_STALE_FALLBACK));
  }

  @Test
  void pathSetsAtAndBeyondTheBoundsAreAcceptedOrCounted() {
    IntPolicy p = CloveInt.policy().staleAfterNanos(1_000).build();
    p.bind(256, 3, 100_000); // one full chunk of 256 destinations
    p.onPathsChanged(256, PathSet.EMPTY, PathSet.of(1, 2), 0);
    assertEquals(1, p.count(Counter.FEEDBACK_UNKNOWN_DESTINATION), "the first id past the last destination");
    assertEquals(0, p.utilizations(256).length);
    p.onPathsChanged(255, PathSet.EMPTY, PathSet.of(1, 2, 3, 4), 0);
    assertEquals(1, p.count(Counter.FEEDBACK_INVALID_VALUE), "four paths where three fit");
    assertEquals(0, p.utilizations(255).length);
    p.onPathsChanged(255, PathSet.EMPTY, PathSet.of(1, 2, 3), 0); // exactly as many as fit
    p.onUtilization(255, 2, 0.25, 10);
    assertArrayEquals(new double[] {Double.NaN, Double.NaN, 0.25}, p.utilizations(255), 0);
    p.onPathsChanged(255, PathSet.of(1, 2, 3), PathSet.EMPTY, 20); // and then none
    assertEquals(0, p.utilizations(255).length);
    assertEquals(1, p.count(Counter.FEEDBACK_INVALID_VALUE));
  }

  /** The largest number of destinations a balancer accepts (2^24): the last of them is served like the first. */
  @Test
  void thePolicyServesTheLastOfTheLargestNumberOfDestinations() {
    IntPolicy p = CloveInt.policy().staleAfterNanos(1_000).build();
    int last = (1 << 24) - 1;
    p.bind(last + 1, 2, 100_000);
    p.onPathsChanged(last, PathSet.EMPTY, PathSet.of(1, 2), 0);
    p.onUtilization(last, 1, 0.5, 10);
    assertArrayEquals(new double[] {Double.NaN, 0.5}, p.utilizations(last), 0);
  }

  /**
   * The default stale-after time is ten base RTTs, so a base RTT up to {@code Long.MAX_VALUE / 10} binds and a
   * larger one is refused by name, unless {@code staleAfterNanos} is set.
   */
  @Test
  void aBalancersHugeBaseRttBindsUpToATenthOfTheLargestTime() {
    long largest = Long.MAX_VALUE / 10;
    IntPolicy atTheLimit = CloveInt.policy().build();
    atTheLimit.bind(1, 2, largest);
    assertEquals(10 * largest, atTheLimit.staleAfterNanos());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CloveInt.policy().build().bind(1, 2, largest + 1));
    assertTrue(e.getMessage().startsWith("baseRttNanos=" + (largest + 1) + " "), e.getMessage());
    IntPolicy explicit = CloveInt.policy().staleAfterNanos(5_000).build();
    explicit.bind(1, 2, largest + 1);
    assertEquals(5_000, explicit.staleAfterNanos());
  }

  @Test
  void junkIsCountedNotThrown() {
    IntPolicy p = bound(1_000);
    p.onUtilization(0, 0, Double.NaN, 1);
    p.onUtilization(0, 0, -0.1, 1);
    p.onUtilization(0, 0, 16.01, 1);
    assertEquals(3, p.count(Counter.FEEDBACK_INVALID_VALUE));
    p.onUtilization(0, 4, 0.1, 1);
    p.onUtilization(1, 0, 0.1, 1);
    assertEquals(2, p.count(Counter.FEEDBACK_UNKNOWN_PATH));
    p.onUtilization(2, 0, 0.1, 1);
    p.onUtilization(-1, 0, 0.1, 1);
    assertEquals(2, p.count(Counter.FEEDBACK_UNKNOWN_DESTINATION));
    p.onUtilization(0, 0, 16.0, 5);
    p.onUtilization(0, 1, 0.0, 4);
    assertEquals(1, p.count(Counter.CLOCK_BACKWARDS));
    assertEquals(0, p.utilizations(5).length);
    assertArrayEquals(new double[] {16.0, 0.0, Double.NaN, Double.NaN}, p.utilizations(0), 0);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.bind(1, 1, 100_000));
    assertTrue(e.getMessage().contains("already bound"));
  }

  @Test
  void configurationErrorsNameTheParameterAndValue() {
    assertError("staleAfterNanos", "0", () -> CloveInt.policy().staleAfterNanos(0));
    assertError("baseRttNanos", "-3", () -> CloveInt.policy().baseRttNanos(-3));
    assertError("baseRttNanos", "0", () -> CloveInt.policy().baseRttNanos(0));
    assertError("baseRttNanos", Long.toString(Long.MAX_VALUE), () -> CloveInt.policy().baseRttNanos(Long.MAX_VALUE));
    // The largest accepted base RTT still gives a stale-after time of ten RTTs.
    long largest = Long.MAX_VALUE / 10;
    assertEquals(10 * largest, CloveInt.policy().baseRttNanos(largest).build().staleAfterNanos());
    assertError("maxSources", "0", () -> CloveInt.relay().maxSources(0));
    assertError("relayIntervalNanos", "0", () -> CloveInt.relay().relayIntervalNanos(0));
    assertError("baseRttNanos", "0", () -> CloveInt.relay().baseRttNanos(0));
    assertError("pendingPortsPerSource", "300", () -> CloveInt.relay().pendingPortsPerSource(300));
    assertError("maxSources x pendingPortsPerSource", "16777216 x 17",
        () -> CloveInt.relay().maxSources(1 << 24).pendingPortsPerSource(17).build());
  }

  static void assertError(String parameter, String value, Runnable r) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(e.getMessage().startsWith(parameter + " "), e.getMessage());
    assertTrue(e.getMessage().endsWith(value), e.getMessage());
  }

  @Test
  void throughABalancerAndTheRelayFlowletsAvoidTheBusyPath() {
    IntPolicy policy = CloveInt.policy().build(); // stale after 1 ms
    LoadBalancer lb = Clove.builder().policy(policy).staticPaths(0, 50001, 50002, 50003, 50004).seed(1).build();
    FeedbackRelay relay = CloveInt.relay().maxSources(1).build();
    double[] load = {0.2, 0.9, 0.4, 0.6};
    long now = 0;
    int[] hits = new int[4];
    for (int i = 0; i < 10_000; i++) {
      now += 1_000;
      int port = lb.selectSourcePort(0, i, 1500, now);
      hits[port - 50001]++;
      for (int j = 0; j < 4; j++) { // telemetry for every path, as probes carrying INT would give
        relay.onTelemetry(0, 50001 + j, load[j], now);
      }
      for (int w; (w = relay.pollFeedback(0, now)) != 0; ) {
        lb.onFeedbackWord(0, w, now);
      }
    }
    assertEquals(1, hits[1] + hits[2] + hits[3]); // only the very first flowlet, before any reading, strayed
    assertEquals(1, lb.count(Counter.TELEMETRY_STALE_FALLBACK));
    assertNotEquals(0, lb.count(Counter.UTILIZATION_REPORTS));
  }

  @Test
  void choosingAndReadingsDoNotAllocate() {
    com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    IntPolicy p = bound(50_000);
    PathChooser c = p.newChooser(3);
    long t = 0;
    long sum = 0;
    // The first pass warms up. A pass after it that allocates under 1 KB shows that nothing is allocated per
    // reading or choice (300,000 of each); up to four are tried, as on a loaded machine the compiler may not have
    // finished with the loop by the second pass (seen once under PIT's instrumentation).
    long allocated = Long.MAX_VALUE;
    for (int pass = 0; pass < 5 && allocated >= 1024; pass++) {
      long before = bean.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < 300_000; i++) {
        t += 331;
        p.onUtilization(0, i & 3, (i % 100) / 100.0, t);
        sum += c.choose(0, FOUR, i, t);
      }
      if (pass > 0) {
        allocated = bean.getCurrentThreadAllocatedBytes() - before;
      }
    }
    assertTrue(allocated < 1024, "allocated " + allocated + " bytes in the last pass");
    assertTrue(sum > 0);
  }
}
