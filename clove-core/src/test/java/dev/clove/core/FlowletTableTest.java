package dev.clove.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class FlowletTableTest {
  private static final long GAP = 1_000;

  @Test
  void idleTimeEqualToTheGapContinuesTheFlowletAndOneMoreNanosecondStartsANewOne() {
    FlowletTable table = FlowletTable.create(64, GAP, 1);
    assertEquals(FlowletTable.NEW_FLOWLET, table.lookup(42, 10_000));
    table.assign(7);
    assertEquals(7, table.lookup(42, 10_000 + GAP), "idle == gap is the same flowlet");
    assertEquals(7, table.lookup(42, 10_000 + 2 * GAP), "idle == gap again, measured from the last packet");
    assertEquals(FlowletTable.NEW_FLOWLET, table.lookup(42, 10_000 + 3 * GAP + 1), "idle == gap + 1 is new");
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
  void clockGoingBackwardsKeepsThePathAndIsCounted() {
    FlowletTable table = FlowletTable.create(64, GAP, 1);
    table.lookup(9, 50_000);
    table.assign(4);
    assertEquals(4, table.lookup(9, 10_000), "a time far in the past is treated as no time passing");
    assertEquals(1, table.clockBackwards());
    assertEquals(4, table.lookup(9, 50_000 + GAP), "the later time is kept as last seen");
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
  void configurationErrorsNameTheParameter() {
    var capacity = assertThrows(IllegalArgumentException.class, () -> FlowletTable.create(100, GAP, 1));
    assertTrue(capacity.getMessage().contains("flowletTableCapacity") && capacity.getMessage().contains("100"));
    var gap = assertThrows(IllegalArgumentException.class, () -> FlowletTable.create(64, 0, 1));
    assertTrue(gap.getMessage().contains("flowletGapNanos") && gap.getMessage().contains("0"));
  }

  /**
   * Model-based: the real table and a {@link HashMap} that implements the flowlet rule in the plainest way
   * agree on every packet, as long as no set overflows (at most {@value FlowletTable#WAYS} distinct flows).
   */
  @Property(tries = 300)
  void agreesWithAHashMapModel(@ForAll("chains") ActionChain<Pair> chain) {
    chain.run();
    Statistics.label("outcome").coverage(coverage -> {
      coverage.check("new").percentage(p -> p > 5);
      coverage.check("continues").percentage(p -> p > 10);
    });
  }

  @Provide
  Arbitrary<ActionChain<Pair>> chains() {
    return ActionChain.<Pair>startWith(() -> new Pair(FlowletTable.create(64, GAP, 99)))
        .withAction(new Packet())
        .withMaxTransformations(200);
  }

  /** The system under test and its model, side by side. */
  static final class Pair {
    final FlowletTable table;
    final Map<Long, long[]> model = new HashMap<>(); // flow -> {lastSeen, value}
    long now = 1_000_000;

    Pair(FlowletTable table) {
      this.table = table;
    }

    /** The plain rule: new if unseen, or idle more than the gap, or nothing assigned; a past time changes nothing. */
    int modelLookup(long flow, long time) {
      long[] entry = model.get(flow);
      if (entry == null) {
        model.put(flow, new long[] {time, -1});
        return -1;
      }
      if (time < entry[0]) {
        return (int) entry[1];
      }
      long idle = time - entry[0];
      entry[0] = time;
      if (idle > GAP) {
        entry[1] = -1;
      }
      return (int) entry[1];
    }
  }

  static final class Packet implements Action.Independent<Pair> {
    @Override
    public Arbitrary<Transformer<Pair>> transformer() {
      Arbitrary<Long> flows = Arbitraries.longs().between(0, FlowletTable.WAYS - 1).map(f -> f * 0x9E3779B97F4A7C15L);
      Arbitrary<Long> steps = Arbitraries.frequencyOf(
          net.jqwik.api.Tuple.of(6, Arbitraries.longs().between(0, GAP)),           // inside the flowlet
          net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(GAP - 2, GAP + 2)), // at the boundary
          net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(GAP + 1, 5 * GAP)), // past it
          net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(-3 * GAP, -1)));    // clock going backwards
      Arbitrary<Integer> values = Arbitraries.integers().between(0, 1 << 30);
      return net.jqwik.api.Combinators.combine(flows, steps, values).as((flow, step, value) ->
          Transformer.mutate("packet flow=" + flow + " step=" + step, pair -> {
            pair.now += step;
            int expected = pair.modelLookup(flow, pair.now);
            int actual = pair.table.lookup(flow, pair.now);
            Statistics.label("outcome").collect(expected == -1 ? "new" : "continues");
            assertEquals(expected, actual, "flow " + flow + " at " + pair.now);
            if (actual == FlowletTable.NEW_FLOWLET) {
              pair.table.assign(value);
              pair.model.get(flow)[1] = value;
            }
          }));
    }
  }

  @Property(tries = 200)
  void neverReportsAContinuationAfterMoreThanTheGap(
      @ForAll @LongRange(min = 1, max = 1_000_000) long gap,
      @ForAll @LongRange(min = 0, max = 3_000_000) long idle) {
    FlowletTable table = FlowletTable.create(16, gap, 7);
    table.lookup(1, 0);
    table.assign(5);
    int result = table.lookup(1, idle);
    assertEquals(idle > gap ? FlowletTable.NEW_FLOWLET : 5, result);
  }
}
