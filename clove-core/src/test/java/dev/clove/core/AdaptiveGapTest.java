// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import dev.clove.api.FeedbackWord;
import dev.clove.api.LoadBalancer;
import dev.clove.core.internal.FlowletTable;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * The sender's adaptive flowlet gap ({@link BalancerBuilder#adaptiveFlowletGap}), through the public API: a flow
 * idle for longer than the reported spread (plus its margin) but less than the fixed gap starts a new flowlet only
 * with the option on; stale, lone, partial and absurd reports do not shrink the gap; and, as a property, the gap
 * the sender uses is never below the largest spread it has fresh.
 */
class AdaptiveGapTest {
  static final long FIXED = 500_000;
  static final long MIN = 20_000;
  static final long STALE = 400_000;
  static final int[] PORTS = {50001, 50002};

  static LoadBalancer balancer(boolean adaptive) {
    BalancerBuilder b = Clove.builder().maxDestinations(4).flowletGapNanos(FIXED).seed(3)
        .policy(Policies.edgeFlowlet()).staticPaths(1, PORTS);
    return (adaptive ? b.adaptiveFlowletGap(MIN, STALE) : b).build();
  }

  /** New flowlets of flow {@code flow} whose packets come {@code idle} apart, {@code packets} of them. */
  static long newFlowlets(LoadBalancer lb, long flow, long start, long idle, int packets) {
    long before = lb.count(Counter.NEW_FLOWLETS);
    for (int i = 0; i < packets; i++) {
      lb.selectSourcePort(1, flow, 1500, start + i * idle);
    }
    return lb.count(Counter.NEW_FLOWLETS) - before;
  }

  static void report(LoadBalancer lb, long spread, long at) {
    lb.onFeedbackWord(1, FeedbackWord.encodePathDelay(PORTS.length, spread), at);
  }

  @Test
  void aPauseAboveTheSpreadButBelowTheFixedGapStartsANewFlowletOnlyWithTheOption() {
    for (boolean adaptive : new boolean[] {false, true}) {
      LoadBalancer lb = balancer(adaptive);
      report(lb, 100_000, 0);
      report(lb, 80_000, 1_000);
      // Gap: 1.25 x 100 us = 125 us (the larger fresh report, a quarter above), until 400 us (the report at 0 is
      // then stale). A pause of 200 us, below the fixed 500 us, ends the flowlet only with the option.
      assertEquals(adaptive ? 2 : 1, newFlowlets(lb, 1, 2_000, 200_000, 2), "adaptive " + adaptive);
      // A pause of 120 us, below 125 us: one flowlet either way.
      assertEquals(1, newFlowlets(lb, 2, 2_000, 120_000, 2), "adaptive " + adaptive);
    }
  }

  @Test
  void oneReportAloneIsNotEnoughAndTheGapReturnsToTheFixedOneWhenReportsGoStale() {
    LoadBalancer lb = balancer(true);
    report(lb, 1_000, 0); // an absurdly small spread, alone
    assertEquals(1, newFlowlets(lb, 1, 10, 200_000, 2), "one report does not shrink the gap");
    report(lb, 1_000, 5_000); // a second, agreeing: now the gap is the minimum, 20 us
    assertEquals(2, newFlowlets(lb, 2, 10_000, 25_000, 2));
    assertEquals(1, newFlowlets(lb, 3, 10_000, 19_000, 2), "not below the minimum gap");
    // The second-newest report (at 0) goes stale at 400 us: from then on the fixed gap, with no tick needed.
    assertEquals(1, newFlowlets(lb, 4, STALE, 200_000, 2), "stale: the fixed gap again");
  }

  @Test
  void aTinyReportIsOutvotedByTheLargestFreshOneAndAHugeOneIsClampedToTheFixedGap() {
    LoadBalancer lb = balancer(true);
    report(lb, 300_000, 0);
    report(lb, 1_000, 1_000); // absurdly small: the gap stays 1.25 x 300 = 375 us
    assertEquals(1, newFlowlets(lb, 1, 2_000, 350_000, 2));
    assertEquals(2, newFlowlets(lb, 2, 2_000, 380_000, 2));
    report(lb, 60_000_000, 3_000); // 60 ms: clamped to the fixed gap, which it then holds
    assertEquals(1, lb.count(Counter.PATH_DELAY_CLAMPED));
    assertEquals(1, newFlowlets(lb, 3, 4_000, 380_000, 2), "the gap is the fixed one while the report is fresh");
    assertEquals(3, lb.count(Counter.PATH_DELAY_REPORTS));
  }

  @Test
  void aReportThatComparedFewerPortsThanTheSenderHasPathsIsNotUsed() {
    LoadBalancer lb = balancer(true);
    lb.onFeedbackWord(1, FeedbackWord.encodePathDelay(1, 1_000), 0);
    lb.onFeedbackWord(1, FeedbackWord.encodePathDelay(1, 1_000), 10);
    assertEquals(2, lb.count(Counter.PATH_DELAY_PARTIAL));
    assertEquals(1, newFlowlets(lb, 1, 20, 200_000, 2), "partial reports leave the fixed gap");
  }

  @Test
  void theBuilderChecksItsValues() {
    assertThrows(IllegalArgumentException.class, () -> Clove.builder().adaptiveFlowletGap(0, 1));
    assertThrows(IllegalArgumentException.class, () -> Clove.builder().adaptiveFlowletGap(1, -1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Clove.builder().flowletGapNanos(100_000).adaptiveFlowletGap(200_000, 1_000_000).build());
    assertTrue(e.getMessage().contains("minGapNanos") && e.getMessage().contains("200000"), e.getMessage());
    // Reports about a destination out of range are counted, not applied.
    LoadBalancer lb = balancer(true);
    report(lb, 1_000, 0);
    lb.onFeedbackWord(9, FeedbackWord.encodePathDelay(2, 1_000), 0);
    assertEquals(1, lb.count(Counter.FEEDBACK_UNKNOWN_DESTINATION));
  }

  /**
   * Property (issue 15): the gap the sender uses is never below the largest delay difference it has measured among
   * the destination's paths while that measurement is fresh. The model: a report is fresh at {@code t} when it
   * arrived at most {@code STALE} before (strictly less); the bound at {@code t} is the largest fresh spread, cut
   * to the fixed gap (the gap never exceeds that, and a larger spread can only be met by it). The gap used is what
   * a packet at {@code t} gets: {@link AdaptiveGaps#gapTicks} ticks of the flowlet table.
   */
  @Property(tries = 500)
  void theGapIsNeverBelowTheLargestFreshSpread(@ForAll @IntRange(min = 1, max = 40) int reports,
      @ForAll long seed, @ForAll @LongRange(min = 1, max = 600_000) long maxSpread) {
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    AdaptiveGaps gaps = new AdaptiveGaps(2, FIXED, MIN, STALE);
    SharedCounters counters = new SharedCounters();
    long tick = FlowletTable.create(8, FIXED, 1).tickNanos();
    List<long[]> received = new ArrayList<>(); // {time, spread}
    long t = random.nextLong(1L << 40) - (1L << 39); // any origin, negative too
    for (int k = 0; k < reports; k++) {
      t += random.nextLong(2 * STALE / 3);
      long spread = random.nextInt(10) == 0 ? random.nextLong(1, 100_000_000) : random.nextLong(maxSpread + 1);
      // Decoded spreads are what a sender gets: round through the word.
      spread = FeedbackWord.pathDelayNanos(FeedbackWord.encodePathDelay(2, spread));
      gaps.report(1, 2, 2, spread, t, counters);
      received.add(new long[] {t, spread});
      // Packets at a few times before the next report.
      for (int q = 0; q < 4; q++) {
        long at = t + random.nextLong(STALE + STALE / 2);
        long bound = 0;
        for (long[] r : received) {
          if (at - r[0] < STALE) {
            bound = Math.max(bound, Math.min(FIXED, r[1]));
          }
        }
        long used = gaps.gapTicks(1, at) * tick;
        assertTrue(used >= bound, "at " + at + " the gap is " + used + " ns, below the fresh spread " + bound);
        assertTrue(used <= FlowletTable.gapTicksFor(FIXED, FIXED) * tick, "never above the fixed gap");
      }
    }
  }
}
