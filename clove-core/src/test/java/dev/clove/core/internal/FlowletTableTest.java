// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

class FlowletTableTest {
  private static final long GAP = 1_000;
  /** The documented tick for GAP: the largest power of two <= GAP / 256 = 3.9, so 2 ns. */
  private static final long TICK = 2;
  /** The documented 23-bit tick counter wraps after this many nanoseconds. */
  private static final long WRAP = TICK << 23;

  /** The tick, as documented: the largest power of two nanoseconds <= gap / 256, at least 1. */
  private static long documentedTick(long gap) {
    long t = 1;
    while (t * 2 <= gap / 256) {
      t *= 2;
    }
    return t;
  }

  /** A fresh table (64 flows, {@code gap}): {@code flow} was seen at {@code time} and assigned {@code value}. */
  private static FlowletTable seen(long gap, long flow, long time, int value) {
    FlowletTable table = FlowletTable.create(64, gap, 1);
    assertEquals(FlowletTable.NEW_FLOWLET, table.lookup(flow, time));
    table.assign(value);
    return table;
  }

  @Test
  void theTickIsTheLargestPowerOfTwoAtMostAGap256th() {
    assertEquals(TICK, FlowletTable.create(64, GAP, 1).tickNanos());
    assertEquals(256, FlowletTable.create(64, 100_000, 1).tickNanos(), "100 us gap: 390 ns -> 256 ns");
    assertEquals(1, FlowletTable.create(64, 100, 1).tickNanos(), "below 256 ns the tick is 1 ns");
    assertEquals(1, FlowletTable.create(64, 511, 1).tickNanos());
    assertEquals(2, FlowletTable.create(64, 512, 1).tickNanos());
  }

  @Test
  void idleUpToTheGapContinuesAndFromGapPlusTwoTicksStartsANewFlowlet() {
    for (long start = 10_000; start < 10_000 + 4 * TICK; start++) { // every phase against the tick boundaries
      FlowletTable table = FlowletTable.create(64, GAP, 1);
      assertEquals(FlowletTable.NEW_FLOWLET, table.lookup(42, start));
      table.assign(7);
      assertEquals(7, table.lookup(42, start + GAP), "idle == gap is the same flowlet: never early");
      long last = start + GAP;
      assertEquals(7, table.lookup(42, last + GAP), "measured from the last packet");
      last += GAP;
      assertEquals(FlowletTable.NEW_FLOWLET, table.lookup(42, last + GAP + 2 * TICK), "idle >= gap + 2 ticks is new");
    }
  }

  @Test
  void belowA256NanosecondGapTheBoundaryIsExact() {
    FlowletTable table = seen(100, 42, 5_000, 7);
    assertEquals(7, table.lookup(42, 5_100), "idle == gap is the same flowlet");
    assertEquals(FlowletTable.NEW_FLOWLET, table.lookup(42, 5_201), "idle == gap + 1 is new");
  }

  @Test
  void aNewFlowletWithoutAnAssignedValueStaysNewUntilAssigned() {
    FlowletTable table = FlowletTable.create(64, GAP, 1);
    assertEquals(FlowletTable.NEW_FLOWLET, table.lookup(5, 0));
    assertEquals(FlowletTable.NEW_FLOWLET, table.lookup(5, 1), "no value assigned yet");
    table.assign(3);
    assertEquals(3, table.lookup(5, 2));
  }

  @Test
  void aClockGoingBackwardsByUpToAGapKeepsThePathAndIsCounted() {
    FlowletTable table = seen(GAP, 9, 50_000, 4);
    assertEquals(4, table.lookup(9, 50_000 - GAP + TICK), "a time up to a gap in the past: no time passed");
    assertEquals(1, table.clockBackwards());
    assertEquals(4, table.lookup(9, 50_000 + GAP), "the later time is kept as last seen");
    assertEquals(1, table.clockBackwards());
  }

  @Test
  void aClockJumpingBackMoreThanTwoGapsLooksLikeALongIdleTime() {
    FlowletTable table = seen(GAP, 9, 50_000, 4);
    assertEquals(FlowletTable.NEW_FLOWLET, table.lookup(9, 50_000 - 2 * GAP - 2 * TICK));
    assertEquals(0, table.clockBackwards());
  }

  @Test
  void aFlowIdleForExactlyOneWrapOfTheTickCounterLooksRecentButOneGapMoreIsNew() {
    assertEquals(6, seen(GAP, 3, 1_000_000, 6).lookup(3, 1_000_000 + WRAP),
        "documented: a multiple of 2^23 ticks looks recent");
    assertEquals(FlowletTable.NEW_FLOWLET, seen(GAP, 3, 1_000_000, 6).lookup(3, 1_000_000 + WRAP + 2 * GAP));
    assertEquals(FlowletTable.NEW_FLOWLET, seen(GAP, 3, 1_000_000, 6).lookup(3, 1_000_000 + WRAP / 2),
        "half a wrap: a long idle");
  }

  @Test
  void negativeTimesWork() {
    FlowletTable table = seen(100_000, 1, -150_000, 2); // System.nanoTime() may be negative
    assertEquals(2, table.lookup(1, -60_000));
    assertEquals(2, table.lookup(1, 30_000), "across zero");
    assertEquals(FlowletTable.NEW_FLOWLET, table.lookup(1, 30_000 + 100_000 + 2 * 256));
  }

  @Test
  void evictingAnActiveFlowletIsCountedButEvictingAnEndedOneIsNot() {
    FlowletTable table = FlowletTable.create(FlowletTable.WAYS, GAP, 1); // one set: every flow collides
    for (int flow = 0; flow < FlowletTable.WAYS; flow++) {
      table.lookup(flow, 0);
      table.assign(flow);
    }
    table.lookup(100, 10); // all eight still active: one must go
    assertEquals(1, table.evictedActive());

    long later = 10 + 2 * GAP; // everyone's flowlet has ended
    for (int flow = 200; flow < 200 + FlowletTable.WAYS; flow++) {
      table.lookup(flow, later);
      table.assign(1);
    }
    assertEquals(1, table.evictedActive(), "replacing ended flowlets loses nothing");
  }

  @Test
  void aMissEvictsTheFlowIdleLongest() {
    FlowletTable table = FlowletTable.create(FlowletTable.WAYS, GAP, 1);
    for (int flow = 0; flow < FlowletTable.WAYS; flow++) {
      table.lookup(flow, flow == 3 ? 0 : 100);
      table.assign(flow);
    }
    table.lookup(100, 200); // flow 3 is the oldest
    for (int flow = 0; flow < FlowletTable.WAYS; flow++) {
      if (flow != 3) {
        assertEquals(flow, table.lookup(flow, 300), "flow " + flow + " kept its entry");
      }
    }
    assertEquals(FlowletTable.NEW_FLOWLET, table.lookup(3, 300), "flow 3 was evicted");
  }

  /**
   * A one-set table where flows 0-5 have had a second packet continue their flowlets (at times 0 and 1) and flows 6
   * and 7 have had one packet each, later (at 50 and 60): all eight flowlets active.
   */
  private static FlowletTable setOfSixSeenTwiceAndTwoSeenOnce() {
    FlowletTable table = FlowletTable.create(FlowletTable.WAYS, GAP, 1);
    for (int flow = 0; flow < 6; flow++) {
      table.lookup(flow, 0);
      table.assign(flow);
      assertEquals(flow, table.lookup(flow, 1));
    }
    table.lookup(6, 50);
    table.assign(6);
    table.lookup(7, 60);
    table.assign(7);
    return table;
  }

  @Test
  void aMissEvictsAFlowletSeenOnceBeforeAnOlderOneSeenTwice() {
    FlowletTable table = setOfSixSeenTwiceAndTwoSeenOnce();
    table.lookup(100, 70); // flows 0-5 are idle longest, but a second packet protects them
    assertEquals(1, table.evictedActive(), "flow 6's active flowlet went, and was counted");
    table.assign(100);
    for (int flow = 0; flow < 6; flow++) {
      assertEquals(flow, table.lookup(flow, 80), "flow " + flow + " kept its entry");
    }
    assertEquals(7, table.lookup(7, 80), "flow 7 was seen once too, but more recently than flow 6");
    assertEquals(FlowletTable.NEW_FLOWLET, table.lookup(6, 80), "flow 6, seen once and idle longest, was evicted");
  }

  @Test
  void aMissEvictsAnEndedFlowletBeforeAnActiveOneSeenOnce() {
    FlowletTable table = setOfSixSeenTwiceAndTwoSeenOnce();
    long later = 1 + GAP + 2 * TICK; // flows 0-5 have ended their flowlets, 6 and 7 have not
    table.lookup(100, later);
    assertEquals(0, table.evictedActive(), "an ended flowlet went");
    assertEquals(6, table.lookup(6, later));
    assertEquals(7, table.lookup(7, later));
  }

  @Test
  void aNewFlowletOfAKnownFlowIsSeenOnceAgain() {
    FlowletTable table = setOfSixSeenTwiceAndTwoSeenOnce();
    for (int flow = 1; flow < 8; flow++) {
      assertEquals(flow, table.lookup(flow, GAP / 2)); // all but flow 0 seen twice, at GAP / 2
    }
    long restart = 1 + GAP + 2 * TICK;
    assertEquals(FlowletTable.NEW_FLOWLET, table.lookup(0, restart), "flow 0 idle beyond the gap: a new flowlet");
    table.assign(0);
    table.lookup(100, restart + 1); // flows 1-7 are idle longer, but their flowlets were seen twice
    assertEquals(1, table.evictedActive());
    for (int flow = 1; flow < 8; flow++) {
      assertEquals(flow, table.lookup(flow, restart + 2), "flow " + flow + " kept its entry");
    }
    assertEquals(FlowletTable.NEW_FLOWLET, table.lookup(0, restart + 2), "flow 0's new flowlet, seen once, went");
  }

  @Test
  void whenEveryWayHoldsAnActiveFlowletSeenTwiceTheOneIdleLongestGoes() {
    FlowletTable table = FlowletTable.create(FlowletTable.WAYS, GAP, 1);
    for (int flow = 0; flow < FlowletTable.WAYS; flow++) {
      table.lookup(flow, 0);
      table.assign(flow);
      table.lookup(flow, flow == 4 ? 10 : 20); // flow 4 is idle longest
    }
    table.lookup(100, 30);
    assertEquals(1, table.evictedActive());
    assertEquals(FlowletTable.NEW_FLOWLET, table.lookup(4, 40));
  }

  /**
   * Seven flows seen twice and 50,000 one-packet flows in one set. The flood's keys are chosen so that no two share
   * a tag (the top 16 bits of the hash, a zero stored as one; class Javadoc and note 3): a key that matched an
   * active flood entry's tag would be that entry's second packet in the table's eyes (see note 6).
   */
  @Test
  void aFloodOfOnePacketFlowsEvictsOnlyItsOwnKindWhileTheSetHasOneWayForIt() {
    FlowletTable table = FlowletTable.create(FlowletTable.WAYS, GAP, 1);
    java.util.Set<Long> floodTags = new java.util.HashSet<>();
    long nextKey = 1_000;
    for (int flow = 0; flow < FlowletTable.WAYS - 1; flow++) { // seven flows seen twice
      table.lookup(flow, 0);
      table.assign(flow);
      table.lookup(flow, 1);
    }
    long now = 2;
    for (int step = 0; step < 50; step++) {
      for (int n = 0; n < 1_000; n++) { // 1,000 one-packet flows per half gap
        while (!floodTags.add(Math.max(1, table.hash(nextKey) >>> 48))) {
          nextKey++;
        }
        if (table.lookup(nextKey++, now) == FlowletTable.NEW_FLOWLET) {
          table.assign(FlowletTable.MAX_VALUE);
        }
      }
      now += GAP / 2;
      for (int flow = 0; flow < FlowletTable.WAYS - 1; flow++) {
        assertEquals(flow, table.lookup(flow, now), "flow " + flow + " at step " + step);
      }
    }
  }

  @Test
  void valuesOutsideTwentyFourBitsAreRejectedNamingTheValue() {
    FlowletTable table = FlowletTable.create(64, GAP, 1);
    table.lookup(1, 0);
    table.assign((1 << 24) - 2);
    assertEquals((1 << 24) - 2, table.lookup(1, 1), "the largest value round-trips");
    table.assign(0);
    assertEquals(0, table.lookup(1, 2));
    for (int bad : new int[] {-1, (1 << 24) - 1, 1 << 24, Integer.MAX_VALUE}) {
      var e = assertThrows(IllegalArgumentException.class, () -> table.assign(bad));
      assertTrue(e.getMessage().contains(Integer.toString(bad)), e.getMessage());
    }
  }

  @Test
  void configurationErrorsNameTheParameter() {
    var capacity = assertThrows(IllegalArgumentException.class, () -> FlowletTable.create(100, GAP, 1));
    assertTrue(capacity.getMessage().contains("flowletTableCapacity") && capacity.getMessage().contains("100"));
    var gap = assertThrows(IllegalArgumentException.class, () -> FlowletTable.create(64, 0, 1));
    assertTrue(gap.getMessage().contains("flowletGapNanos") && gap.getMessage().contains("0"));
  }

  // ---- two flows in one entry ----

  /**
   * Two flow keys that share an entry in a one-set table with seed {@code seed}, found from the outside: flow 1
   * is assigned a value, and a candidate that reads that value back (instead of a new flowlet) shares its entry.
   * With a 16-bit tag this takes about 2^16 candidates.
   */
  private static long[] sharingPair(long seed) {
    final long first = 1;
    for (long candidate = 2; candidate < 2_000_000; candidate++) {
      FlowletTable table = FlowletTable.create(FlowletTable.WAYS, GAP, seed);
      table.lookup(first, 0);
      table.assign(77);
      if (table.lookup(candidate, 0) == 77) {
        return new long[] {first, candidate, candidate};
      }
    }
    throw new AssertionError("no two flows shared an entry among 2M candidates: tags are not 16 bits");
  }

  @Test
  void aFlowMatchesAnotherFlowsEntryAboutOnceIn65536Tries() {
    long[] pair = sharingPair(5);
    assertTrue(pair[2] > 100, "found after " + pair[2] + " candidates: the tag is much shorter than 16 bits");
  }

  /**
   * Two flows forced into one entry: a packet of either that comes at most {@code gap} after that flow's
   * own previous packet always continues that flow's flowlet (same value), however the two interleave. So
   * sharing never moves an active flow.
   */
  @Property(tries = 100)
  void flowsSharingAnEntryNeverStartANewFlowletWhileActive(@ForAll("sharedSchedules") int[][] schedule) {
    long[] pair = SHARED_PAIR;
    FlowletTable table = FlowletTable.create(FlowletTable.WAYS, GAP, SHARED_SEED);
    long now = 1_000_000;
    long[] lastSeen = {Long.MIN_VALUE, Long.MIN_VALUE};
    int[] lastValue = {-1, -1};
    int nextValue = 0;
    for (int[] step : schedule) {
      int who = step[0];
      now += step[1];
      int value = table.lookup(pair[who], now);
      boolean active = lastSeen[who] != Long.MIN_VALUE && now - lastSeen[who] <= GAP;
      if (active) {
        assertEquals(lastValue[who], value, "flow " + who + " idle " + (now - lastSeen[who]) + " ns");
        Statistics.label("active packet").collect("checked");
      }
      if (value == FlowletTable.NEW_FLOWLET) {
        value = nextValue++;
        table.assign(value);
      }
      lastSeen[who] = now;
      lastValue[who] = value;
    }
  }

  private static final long SHARED_SEED = 11;
  private static final long[] SHARED_PAIR = sharingPair(SHARED_SEED);

  @Provide
  Arbitrary<int[][]> sharedSchedules() {
    Arbitrary<Integer> who = Arbitraries.integers().between(0, 1);
    Arbitrary<Integer> step = Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.integers().between(0, (int) GAP / 2)),
        Tuple.of(3, Arbitraries.integers().between((int) GAP / 2, (int) GAP)),
        Tuple.of(1, Arbitraries.integers().between((int) GAP, 3 * (int) GAP)));
    return Combinators.combine(who, step).as((w, s) -> new int[] {w, s}).array(int[][].class).ofMinSize(2)
        .ofMaxSize(60);
  }

  // ---- the model ----

  /**
   * Model-based: the real table and a {@link HashMap} that applies the documented, quantised flowlet rule in the
   * plainest way agree on every packet, as long as no set overflows (at most {@value FlowletTable#WAYS} distinct
   * flows).
   */
  @Property(tries = 300)
  void agreesWithAQuantisedModel(@ForAll("chains") ActionChain<Pair> chain) {
    chain.run();
    Statistics.label("outcome").coverage(coverage -> {
      coverage.check("new").percentage(p -> p > 5);
      coverage.check("continues").percentage(p -> p > 10);
      coverage.check("backwards").percentage(p -> p > 1);
    });
  }

  @Provide
  Arbitrary<ActionChain<Pair>> chains() {
    return ActionChain.<Pair>startWith(() -> new Pair(FlowletTable.create(64, GAP, 99)))
        .withAction(new Packet())
        .withMaxTransformations(200);
  }

  /** The same model, against the scan that large tables use one packet at a time (branches per way). */
  @Property(tries = 200)
  void theBranchingScanAgreesWithTheModelToo(@ForAll("branchingChains") ActionChain<Pair> chain) {
    chain.run();
  }

  @Provide
  Arbitrary<ActionChain<Pair>> branchingChains() {
    return ActionChain.<Pair>startWith(() -> new Pair(FlowletTable.create(64, GAP, 99, true)))
        .withAction(new Packet())
        .withMaxTransformations(200);
  }

  /**
   * The two tag scans are two ways of finding the same way: on any packet stream, including one that overflows the
   * sets (48 flows in 16 entries: evictions, empty and idle victims), they return the same values and count the
   * same evictions and backward clocks.
   */
  @Property(tries = 200)
  void bothScansDecideAlike(@ForAll("overflowingStreams") long[][] stream, @ForAll long seed) {
    FlowletTable swar = FlowletTable.create(16, GAP, seed, false);
    FlowletTable branchy = FlowletTable.create(16, GAP, seed, true);
    long now = 1L << 30;
    int nextValue = 0;
    for (long[] packet : stream) {
      now += packet[1];
      int a = swar.lookup(packet[0], now);
      int b = branchy.lookup(packet[0], now);
      assertEquals(a, b, "flow " + packet[0] + " at " + now);
      if (a == FlowletTable.NEW_FLOWLET) {
        swar.assign(nextValue);
        branchy.assign(nextValue);
        nextValue = (nextValue + 1) % (FlowletTable.MAX_VALUE + 1);
      }
    }
    assertEquals(swar.evictedActive(), branchy.evictedActive());
    assertEquals(swar.clockBackwards(), branchy.clockBackwards());
  }

  @Provide
  Arbitrary<long[][]> overflowingStreams() {
    Arbitrary<Long> flows = Arbitraries.longs().between(0, 47).map(f -> f * 0x9E3779B97F4A7C15L);
    Arbitrary<Long> steps = Arbitraries.frequencyOf(
        Tuple.of(8, Arbitraries.longs().between(0, GAP / 4)),
        Tuple.of(2, Arbitraries.longs().between(GAP / 4, 3 * GAP)),
        Tuple.of(1, Arbitraries.longs().between(-GAP, -1)));
    return Combinators.combine(flows, steps).as((flow, step) -> new long[] {flow, step})
        .array(long[][].class).ofMinSize(1).ofMaxSize(400);
  }

  @Test
  void tablesAbove4MegabytesScanWithBranches() {
    assertFalse(FlowletTable.create(1 << 19, GAP, 1).scansWithBranches(), "4 MB: the branch-free scan");
    assertTrue(FlowletTable.create(1 << 20, GAP, 1).scansWithBranches(), "8 MB: the branching scan");
  }

  /** The system under test and its model, side by side. */
  static final class Pair {
    final FlowletTable table;
    final Map<Long, long[]> model = new HashMap<>(); // flow -> {lastTick, value}
    long now = 1_000_000;

    Pair(FlowletTable table) {
      this.table = table;
    }

    /**
     * The documented rule on exact tick numbers (floor(time / tick), no wrap in these short runs): d ticks since
     * the last packet; 0 <= d <= gapTicks = ceil(gap / tick) continues, d > gapTicks is new, -gapTicks <= d < 0
     * is a clock that went backwards (no change), d < -gapTicks looks like a long idle time (new).
     */
    String modelLookup(long flow, long time) {
      long tick = Math.floorDiv(time, TICK);
      long gapTicks = (GAP + TICK - 1) / TICK;
      long[] entry = model.get(flow);
      if (entry == null) {
        model.put(flow, new long[] {tick, -1});
        return "new";
      }
      long d = tick - entry[0];
      if (d < 0 && d >= -gapTicks) {
        return "backwards";
      }
      entry[0] = tick;
      if (d > gapTicks || d < 0) {
        entry[1] = -1;
      }
      return entry[1] == -1 ? "new" : "continues";
    }
  }

  static final class Packet implements Action.Independent<Pair> {
    @Override
    public Arbitrary<Transformer<Pair>> transformer() {
      Arbitrary<Long> flows = Arbitraries.longs().between(0, FlowletTable.WAYS - 1).map(f -> f * 0x9E3779B97F4A7C15L);
      Arbitrary<Long> steps = Arbitraries.frequencyOf(
          Tuple.of(6, Arbitraries.longs().between(0, GAP)),                        // inside the flowlet
          Tuple.of(2, Arbitraries.longs().between(GAP - 2 * TICK, GAP + 2 * TICK)), // at the boundary
          Tuple.of(2, Arbitraries.longs().between(GAP + 1, 5 * GAP)),              // past it
          Tuple.of(1, Arbitraries.longs().between(-GAP - 2 * TICK, -1)),            // clock back up to a gap
          Tuple.of(1, Arbitraries.longs().between(-3 * GAP, -GAP)));               // further back
      Arbitrary<Integer> values = Arbitraries.integers().between(0, FlowletTable.MAX_VALUE);
      return Combinators.combine(flows, steps, values).as((flow, step, value) ->
          Transformer.mutate("packet flow=" + flow + " step=" + step, pair -> {
            pair.now += step;
            long backwardsBefore = pair.table.clockBackwards();
            long[] before = pair.model.get(flow);
            long valueBefore = before == null ? -1 : before[1];
            String outcome = pair.modelLookup(flow, pair.now);
            int actual = pair.table.lookup(flow, pair.now);
            Statistics.label("outcome").collect(outcome);
            String where = "flow " + flow + " at " + pair.now;
            switch (outcome) {
              case "new":
                assertEquals(FlowletTable.NEW_FLOWLET, actual, where);
                break;
              case "backwards":
                assertEquals(valueBefore, actual, where);
                assertEquals(backwardsBefore + 1, pair.table.clockBackwards(), where);
                break;
              default:
                assertEquals(pair.model.get(flow)[1], actual, where);
                assertNotEquals(FlowletTable.NEW_FLOWLET, actual, where);
            }
            if (actual == FlowletTable.NEW_FLOWLET) {
              pair.table.assign(value);
              pair.model.get(flow)[1] = value;
            }
          }));
    }
  }

  // ---- the model with eviction: more flows than ways ----

  /** Flow keys whose tags differ (a tag is the top 16 bits of the keyed hash, a zero stored as one; note 3). */
  private static long[] flowsWithDistinctTags(FlowletTable table, int count) {
    long[] keys = new long[count];
    java.util.Set<Long> tags = new java.util.HashSet<>();
    long candidate = 1;
    for (int i = 0; i < count; candidate++) {
      if (tags.add(Math.max(1, table.hash(candidate) >>> 48))) {
        keys[i++] = candidate;
      }
    }
    return keys;
  }

  /**
   * Model-based with overflow: up to 16 flows in a one-set table of {@value FlowletTable#WAYS} ways. The model
   * holds the eight ways and applies the documented rules on exact tick numbers modulo 2^23: a hit continues
   * within the gap (and marks the flowlet seen twice), a clock back by up to a gap keeps the path, a longer idle
   * starts a new flowlet seen once; a miss takes the first empty way, else the way with the highest class (ended,
   * then active seen once, then active seen twice) and within it the one idle longest, the first way on a tie;
   * evicting an active flowlet with a value is counted.
   */
  @Property(tries = 150)
  void agreesWithAModelOfEvictionWhenFlowsOutnumberTheWays(@ForAll("overflowingSchedules") long[][] schedule,
      @ForAll boolean branchy) {
    FlowletTable table = FlowletTable.create(FlowletTable.WAYS, GAP, 3, branchy);
    long[] keys = flowsWithDistinctTags(table, 16);
    final int timeMask = (1 << 23) - 1;
    final long gapTicks = (GAP + TICK - 1) / TICK;
    final long backwardsFrom = (1L << 23) - gapTicks;
    long[][] ways = new long[FlowletTable.WAYS][]; // {flow index, tick, value (-1: none), seen twice (0/1)}
    long now = 1_000_000;
    long evicted = 0;
    long backwards = 0;
    int nextValue = 0;
    for (long[] step : schedule) {
      int flow = (int) step[0];
      now += step[1];
      long tick = now / TICK;
      String where = "flow " + flow + " at " + now;
      int actual = table.lookup(keys[flow], now);
      long[] way = null;
      for (long[] w : ways) {
        if (w != null && w[0] == flow) {
          way = w;
        }
      }
      int expected;
      if (way != null) {
        long idle = (tick - way[1]) & timeMask;
        if (idle <= gapTicks) {
          way[1] = tick;
          way[3] = 1;
          expected = (int) way[2];
          Statistics.label("eviction model").collect("continues");
        } else if (idle >= backwardsFrom) {
          backwards++;
          way[3] = 1;
          expected = (int) way[2];
        } else {
          way[1] = tick;
          way[2] = -1;
          way[3] = 0;
          expected = FlowletTable.NEW_FLOWLET;
        }
      } else {
        int victim = -1;
        long victimClass = -1;
        long victimIdle = -1;
        for (int w = 0; w < ways.length; w++) {
          if (ways[w] == null) {
            victim = w;
            victimClass = Long.MAX_VALUE;
            break;
          }
          long idle = (tick - ways[w][1]) & timeMask;
          idle = idle >= backwardsFrom ? 0 : idle;
          long cls = idle > gapTicks ? 2 : ways[w][3] == 0 ? 1 : 0;
          if (cls > victimClass || (cls == victimClass && idle > victimIdle)) {
            victim = w;
            victimClass = cls;
            victimIdle = idle;
          }
        }
        if (victimClass != Long.MAX_VALUE) {
          if (ways[victim][2] != -1 && victimIdle <= gapTicks) {
            evicted++;
          }
          Statistics.label("eviction model").collect("evicts class " + victimClass);
        }
        ways[victim] = new long[] {flow, tick, -1, 0};
        way = ways[victim];
        expected = FlowletTable.NEW_FLOWLET;
      }
      assertEquals(expected, actual, where);
      assertEquals(evicted, table.evictedActive(), where);
      assertEquals(backwards, table.clockBackwards(), where);
      if (actual == FlowletTable.NEW_FLOWLET && step[2] != 0) {
        int value = nextValue;
        nextValue = (nextValue + 0x9E37) % (FlowletTable.MAX_VALUE + 1);
        table.assign(value);
        way[2] = value;
      }
    }
    Statistics.label("eviction model").coverage(c -> {
      c.check("evicts class 0").count(n -> n > 0);
      c.check("evicts class 1").count(n -> n > 0);
      c.check("evicts class 2").count(n -> n > 0);
    });
  }

  @Provide
  Arbitrary<long[][]> overflowingSchedules() {
    Arbitrary<Integer> flowCounts = Arbitraries.integers().between(9, 16);
    Arbitrary<Long> steps = Arbitraries.frequencyOf(
        Tuple.of(16, Arbitraries.longs().between(0, GAP / 32)),
        Tuple.of(1, Arbitraries.longs().between(GAP - 2 * TICK, GAP + 2 * TICK)),
        Tuple.of(1, Arbitraries.longs().between(GAP, 3 * GAP)),
        Tuple.of(1, Arbitraries.longs().between(-GAP, -1)));
    Arbitrary<Long> assigns = Arbitraries.of(1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 0L); // 1 in 10 left unassigned
    // Eight hot flows (their flowlets fill the set and are seen twice) and a few cold ones that must evict them.
    return flowCounts.flatMap(flows -> Combinators.combine(Arbitraries.frequencyOf(
            Tuple.of(8, Arbitraries.longs().between(0, FlowletTable.WAYS - 1)),
            Tuple.of(1, Arbitraries.longs().between(FlowletTable.WAYS, flows - 1))), steps, assigns)
        .as((f, dt, a) -> new long[] {f, dt, a}).array(long[][].class).ofMinSize(100).ofMaxSize(300));
  }

  @Property(tries = 300)
  void idleTimesFarFromTheGapFollowItExactly(
      @ForAll @LongRange(min = 1, max = 10_000_000) long gap,
      @ForAll @LongRange(min = 0, max = 1L << 40) long start,
      @ForAll @IntRange(min = 0, max = 1000) int permille) {
    long tick = documentedTick(gap);
    long idle = gap * permille / 500; // 0 .. 2 gaps
    FlowletTable table = FlowletTable.create(16, gap, 7);
    table.lookup(1, start);
    table.assign(5);
    int result = table.lookup(1, start + idle);
    if (idle <= gap) {
      assertEquals(5, result, "idle " + idle + " <= gap: never a new flowlet early");
    } else if (idle >= gap + 2 * tick) {
      assertEquals(FlowletTable.NEW_FLOWLET, result, "idle " + idle + " >= gap + 2 ticks");
    }
  }
}
