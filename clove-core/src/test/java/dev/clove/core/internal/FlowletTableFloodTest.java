// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/**
 * A flood of one-packet flows against long-lived flows (project issue "Resilience", item 8): the flood evicts its
 * own kind, not the live flows' flowlets (FlowletTable note 6).
 *
 * <p>The guarantee tested, as FlowletTable documents it: a miss evicts an active flowlet that a second packet has
 * continued only when every way of its set holds one. So a flow whose packets come at most a gap apart keeps its
 * flowlet's value from its first continuing packet on, whatever the rate of one-packet flows, as long as fewer
 * than {@value FlowletTable#WAYS} such flows map to its set. Which flows map to which set is computed here with
 * the table's public {@link FlowletTable#hash} and {@link FlowletTable#setOffset}, nothing else.
 */
class FlowletTableFloodTest {
  private static final long GAP = 100_000;

  /** What a flood did to the live flows. */
  record FloodOutcome(
      int liveFlows,
      int rePathed,
      int brokenAfterContinuing,
      int unguardedFlows,
      int rePathedGuarded,
      long livePackets,
      long floodPackets) {
    double rePathedFraction() {
      return (double) rePathed / liveFlows;
    }
  }

  /**
   * Replays live flows against a flood of one-packet flows.
   *
   * @param liveFlows flows that each send a packet every {@code minIdle..maxIdle} ns ({@code maxIdle <= GAP}: their
   *     flowlets never end)
   * @param floodStart when the flood starts; the live flows start in the first gap
   * @param floodPerGap one-packet flows per gap, evenly spaced
   * @param gaps how long the run lasts, in gaps from time 0
   * @param distinctFlood when true, no two flood flows share an entry (same set and tag): each is a one-packet flow
   *     in the table's eyes too. A real flood's keys may share one by chance (about 1 in 8,192 per lookup in a full
   *     set), which makes that entry look seen twice
   */
  static FloodOutcome flood(
      int liveFlows, int capacity, long minIdle, long maxIdle, long floodStart, long floodPerGap, int gaps,
      boolean distinctFlood, long seed) {
    FlowletTable table = FlowletTable.create(capacity, GAP, seed);
    SplittableRandom random = new SplittableRandom(seed);
    long[] keys = new long[liveFlows];
    Map<Integer, Integer> liveInSet = new HashMap<>();
    for (int i = 0; i < liveFlows; i++) {
      keys[i] = random.nextLong();
      liveInSet.merge(table.setOffset(table.hash(keys[i])), 1, Integer::sum);
    }
    int[] value = new int[liveFlows];
    boolean[] continued = new boolean[liveFlows];
    boolean[] rePathed = new boolean[liveFlows];
    boolean[] broken = new boolean[liveFlows];
    // (time of the flow's next packet) * 2^16 + flow: a long that orders the queue by time
    PriorityQueue<Long> due = new PriorityQueue<>();
    for (int i = 0; i < liveFlows; i++) {
      value[i] = -1;
      due.add((random.nextLong(GAP) << 16) | i);
    }
    Set<Long> floodEntries = new HashSet<>();
    long end = gaps * GAP;
    long livePackets = 0;
    long floodPackets = 0;
    for (long k = 0; ; k++) {
      long floodAt = floodPerGap == 0 ? end : floodStart + k * GAP / floodPerGap;
      while (due.peek() >>> 16 <= Math.min(floodAt, end - 1)) {
        long next = due.poll();
        long at = next >>> 16;
        int i = (int) (next & 0xFFFF);
        int got = table.lookup(keys[i], at);
        livePackets++;
        if (got == FlowletTable.NEW_FLOWLET) {
          rePathed[i] |= value[i] != -1;
          broken[i] |= continued[i];
          got = i; // a distinct value per flow
          table.assign(got);
        } else {
          broken[i] |= continued[i] && got != value[i];
          continued[i] = true;
        }
        value[i] = got;
        due.add(((at + minIdle + random.nextLong(maxIdle - minIdle + 1)) << 16) | i);
      }
      if (floodAt >= end) {
        break;
      }
      long floodKey = random.nextLong();
      if (distinctFlood) {
        while (!floodEntries.add(entryOf(table, floodKey))) {
          floodKey = random.nextLong();
        }
      }
      if (table.lookup(floodKey, floodAt) == FlowletTable.NEW_FLOWLET) {
        table.assign(0);
      }
      floodPackets++;
    }
    int rePaths = 0;
    int brokenCount = 0;
    int unguarded = 0;
    int rePathedGuarded = 0;
    for (int i = 0; i < liveFlows; i++) {
      boolean guarded = liveInSet.get(table.setOffset(table.hash(keys[i]))) < FlowletTable.WAYS;
      rePaths += rePathed[i] ? 1 : 0;
      unguarded += guarded ? 0 : 1;
      if (guarded) {
        brokenCount += broken[i] ? 1 : 0;
        rePathedGuarded += rePathed[i] ? 1 : 0;
      }
    }
    return new FloodOutcome(liveFlows, rePaths, brokenCount, unguarded, rePathedGuarded, livePackets, floodPackets);
  }

  /**
   * The entry a key lands in: its set and its 16-bit tag, the top 16 bits of its hash (FlowletTable Javadoc and
   * note 3). A zero tag is stored as another value, so tags 0 and 1 count as one here.
   */
  private static long entryOf(FlowletTable table, long key) {
    long hash = table.hash(key);
    long tag = Math.max(1, hash >>> 48);
    return (long) table.setOffset(hash) << 16 | tag;
  }

  private static void print(String label, FloodOutcome o) {
    System.out.printf("[flood] %s: live=%d rePathed=%d (%.3f%%) inSetsOf8+=%d rePathedInSetsUnder8=%d"
            + " brokenAfterContinuingInSetsUnder8=%d livePackets=%d floodPackets=%d%n", label, o.liveFlows(),
        o.rePathed(), 100 * o.rePathedFraction(), o.unguardedFlows(), o.rePathedGuarded(),
        o.brokenAfterContinuing(), o.livePackets(), o.floodPackets());
  }

  /**
   * The scenario scaled down: 4,096 live flows (a packet every 10-90 us, from the first gap on), a table of
   * 16,384 (4x the live flows), a 100 us gap and, from the third gap, a flood of 20 Mpps (a new one-packet flow
   * every 50 ns: 2,000 per gap) for 20 ms. On the code before protection, 534 of the 4,096 live flows (13.0%)
   * were re-pathed, 492 of them in sets of fewer than eight live flows. With protection, only flows whose set holds
   * eight or more live flows can be (there the live flows alone fill the set, and a newcomer must evict one of
   * them): 42 (1.0%) with this seed, all 42 flows of such sets.
   */
  @Test
  void aFloodOfOnePacketFlowsAt20MppsRePathsOnlyLiveFlowsInSetsTheyFill() {
    FloodOutcome outcome = flood(4096, 16384, GAP / 10, GAP * 9 / 10, 2 * GAP, 2000, 202, false, 42);
    print("capacity 16384 = 4 x live", outcome);
    assertEquals(400_000, outcome.floodPackets(), "20 ms at one flood packet per 50 ns");
    assertEquals(0, outcome.rePathedGuarded(), "a live flow in a set of fewer than 8 live flows was re-pathed");
    assertTrue(outcome.rePathed() <= outcome.unguardedFlows());
    assertTrue(outcome.rePathedFraction() < 0.02, "re-pathed " + outcome.rePathed() + " of 4096 live flows");
  }

  /**
   * Sized as FlowletTable and BalancerBuilder advise, 4 x (live flows + flood rate x gap) = 4 x (4,096 + 2,000),
   * rounded up to a power of two: 32,768. No set then holds eight live flows here, and no live flow is re-pathed
   * (the code before protection re-pathed 11, 0.27%).
   */
  @Test
  void sizedForLiveFlowsPlusFloodRateTimesGapNoLiveFlowIsRePathed() {
    FloodOutcome outcome = flood(4096, 32768, GAP / 10, GAP * 9 / 10, 2 * GAP, 2000, 202, false, 42);
    print("capacity 32768 = 4 x (live + flood x gap)", outcome);
    assertEquals(0, outcome.unguardedFlows(), "this seed's table has no set of 8 live flows");
    assertEquals(0, outcome.rePathed());
  }

  /**
   * The model: M long-lived flows, a packet every 1 ns to one gap (so their flowlets never end, the gap itself
   * included), in a table of about 4M, against a flood of R one-packet flows per gap, R from none to twice the
   * capacity. Every long-lived flow in a set of fewer than eight long-lived flows keeps its value from its first
   * continuing packet on: its active flowlet is never evicted.
   */
  @Property(tries = 40)
  void aFloodOfOnePacketFlowsNeverEvictsAContinuedFlowletInASetWithAFreeWay(
      @ForAll @IntRange(min = 16, max = 512) int longLived,
      @ForAll("floodPercents") int floodPercentOfCapacity,
      @ForAll long seed) {
    int capacity = Integer.highestOneBit(4 * longLived - 1) << 1; // the power of two >= 4M
    long floodPerGap = (long) capacity * floodPercentOfCapacity / 100;
    FloodOutcome outcome = flood(longLived, capacity, 1, GAP, 0, floodPerGap, 20, true, seed);
    assertEquals(0, outcome.brokenAfterContinuing(),
        outcome.brokenAfterContinuing() + " of " + longLived + " long-lived flows lost their flowlet (capacity "
            + capacity + ", " + floodPerGap + " one-packet flows per gap)");
    Statistics.label("flood").collect(floodPerGap == 0 ? "none" : floodPerGap < capacity ? "< capacity per gap"
        : ">= capacity per gap");
    Statistics.label("some set full of long-lived flows").collect(outcome.unguardedFlows() > 0);
    Statistics.label("flood").coverage(coverage -> {
      coverage.check("< capacity per gap").percentage(p -> p > 10);
      coverage.check(">= capacity per gap").percentage(p -> p > 10);
    });
  }

  /** Flood rates from none to twice the capacity per gap, uniformly (not biased to small values). */
  @Provide
  Arbitrary<Integer> floodPercents() {
    return Arbitraries.integers().between(0, 200).withDistribution(RandomDistribution.uniform())
        .edgeCases(edges -> edges.includeOnly(0, 200));
  }
}
