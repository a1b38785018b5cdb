// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * {@link RelayTable} against a model of its documented rules, with tables small enough to overflow: two sources
 * that share port numbers, one to four slots each. The model knows a slot only by the number the table returned
 * for it, so it checks where news goes (a slot of its own source, never one that holds another port's pending or
 * cooling news) without knowing the order slots are scanned in. Threading: single-threaded.
 */
class RelayTablePropertiesTest {
  static final long I = 1_000;
  static final long LIVENESS = RelayTable.LIVENESS_INTERVALS * I;
  static final long NEVER = Long.MIN_VALUE;
  static final int SOURCES = 2;

  /** One call: 'M' mark (a report), 'H' markHeard, 'P' poll; after {@code dt} more nanoseconds. */
  record Op(char kind, int source, int port, long dt) {}

  /** The model's view of one occupied slot. */
  static final class Entry {
    final int port;
    boolean pending;
    boolean report;
    long lastSent = NEVER;

    /** A port new to the table counts as sent one liveness interval ago: ready at once, overdue a liveness later. */
    Entry(int port, boolean report, long now) {
      this.port = port;
      this.pending = true;
      this.report = report;
      this.lastSent = now - LIVENESS;
    }

    /** Liveness ready for a further liveness interval takes its turn with the reports. */
    boolean overdue(long now) {
      return lastSent == NEVER || now - lastSent >= 2 * LIVENESS;
    }

    boolean cooled(long now) {
      return lastSent == NEVER || now - lastSent >= I;
    }

    boolean ready(long now) {
      return pending && (lastSent == NEVER || now - lastSent >= (report ? I : LIVENESS));
    }
  }

  @Provide
  Arbitrary<List<Op>> calls() {
    Arbitrary<Integer> sources = Arbitraries.integers().between(0, SOURCES - 1);
    Arbitrary<Integer> ports = Arbitraries.integers().between(0, 5); // port 0 included: it may sit in slot 0
    Arbitrary<Long> steps = Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.longs().between(0, I / 4)),
        Tuple.of(3, Arbitraries.of(I - 1, I, I + 1)),
        Tuple.of(1, Arbitraries.longs().between(I, 2 * LIVENESS)));
    Arbitrary<Op> mark = Combinators.combine(sources, ports, steps).as((s, p, dt) -> new Op('M', s, p, dt));
    Arbitrary<Op> heard = Combinators.combine(sources, ports, steps).as((s, p, dt) -> new Op('H', s, p, dt));
    Arbitrary<Op> poll = Combinators.combine(sources, steps).as((s, dt) -> new Op('P', s, 0, dt));
    return Arbitraries.frequencyOf(Tuple.of(4, mark), Tuple.of(3, heard), Tuple.of(4, poll)).list().ofMaxSize(150);
  }

  @Property(tries = 250)
  void followsTheModelWhenSlotsRunOut(@ForAll("calls") List<Op> calls,
      @ForAll @IntRange(min = 1, max = 4) int slots, @ForAll boolean liveness) {
    RelayTable table = new RelayTable(SOURCES, slots, I, liveness);
    assertEquals(SOURCES * slots, table.capacity());
    assertEquals(liveness, table.keepsLiveness());
    List<Map<Integer, Entry>> model = List.of(new HashMap<>(), new HashMap<>()); // per source: slot -> entry
    long now = 1_000_000;
    long dropped = 0;
    long livenessDropped = 0;
    for (Op op : calls) {
      now += op.dt();
      Map<Integer, Entry> bySlot = model.get(op.source());
      String where = op + " at " + now;
      switch (op.kind()) {
        case 'M':
        case 'H': {
          boolean isReport = op.kind() == 'M';
          int slot = isReport ? table.mark(op.source(), op.port(), now)
              : table.markHeard(op.source(), op.port(), now);
          if (!isReport && !liveness) {
            assertEquals(RelayTable.NO_SLOT, slot, where + ": a table without liveness keeps none");
            break;
          }
          Integer owned = slotOf(bySlot, op.port());
          if (owned != null) {
            assertEquals(owned.intValue(), slot, where + ": news about a port in the table goes to its slot");
            Entry e = bySlot.get(owned);
            if (!e.pending) {
              e.pending = true;
              e.report = isReport;
            } else if (isReport) {
              e.report = true;
            }
            Statistics.label("news").collect("merged");
            break;
          }
          boolean reusable = bySlot.size() < slots;
          boolean livenessOnly = false;
          for (Entry e : bySlot.values()) {
            reusable |= !e.pending && e.cooled(now);
            livenessOnly |= e.pending && !e.report && e.cooled(now);
          }
          if (!reusable && !(isReport && livenessOnly)) {
            assertEquals(RelayTable.NO_SLOT, slot, where + ": every slot is busy");
            if (isReport) {
              dropped++;
            } else {
              livenessDropped++;
            }
            Statistics.label("news").collect("dropped");
            break;
          }
          int base = op.source() * slots;
          assertTrue(slot >= base && slot < base + slots, where + ": slot " + slot + " is not the source's own");
          Entry previous = bySlot.get(slot);
          if (reusable) {
            assertTrue(previous == null || (!previous.pending && previous.cooled(now)),
                where + ": took the slot of port " + (previous == null ? -1 : previous.port)
                    + ", which has pending or cooling news");
          } else {
            assertTrue(previous != null && previous.pending && !previous.report && previous.cooled(now),
                where + ": a report may take over only a ready slot that holds liveness only");
            livenessDropped++;
            Statistics.label("news").collect("took over liveness");
          }
          bySlot.put(slot, new Entry(op.port(), isReport, now));
          assertEquals(op.port(), table.port(slot));
          Statistics.label("news").collect(previous == null ? "free slot" : "reused slot");
          break;
        }
        default: {
          int slot = table.poll(op.source(), now);
          boolean anyReady = false;
          boolean reportReady = false;
          for (Entry e : bySlot.values()) {
            anyReady |= e.ready(now);
            reportReady |= e.ready(now) && e.report;
          }
          if (!anyReady) {
            assertEquals(RelayTable.NO_SLOT, slot, where + ": nothing is ready");
            break;
          }
          assertNotEquals(RelayTable.NO_SLOT, slot, where + ": ready news held back");
          Entry e = bySlot.get(slot);
          assertTrue(e != null && e.ready(now), where + ": slot " + slot + " was not ready");
          assertEquals(e.port, table.port(slot), where);
          assertEquals(e.report, table.hasReport(slot), where);
          if (reportReady) {
            assertTrue(e.report || e.overdue(now), where + ": liveness went before a ready report, not overdue");
          }
          e.pending = false;
          e.lastSent = now;
          Statistics.label("poll").collect(e.report ? "report" : "liveness");
        }
      }
      assertEquals(dropped, table.dropped(), where);
      assertEquals(livenessDropped, table.livenessDropped(), where);
    }
    long[] relayCounts = new long[Counter.values().length];
    relayCounts[Counter.RELAY_REPORTS_SENT.ordinal()] = 7;
    assertEquals(dropped, table.count(Counter.RELAY_REPORTS_DROPPED, relayCounts));
    assertEquals(livenessDropped, table.count(Counter.RELAY_LIVENESS_DROPPED, relayCounts));
    assertEquals(0, table.count(Counter.CLOCK_BACKWARDS, relayCounts));
    assertEquals(0, table.count(Counter.CLOCK_JUMPS, relayCounts));
    assertEquals(7, table.count(Counter.RELAY_REPORTS_SENT, relayCounts), "the relay's own counts pass through");
    Statistics.label("news").coverage(c -> {
      c.check("dropped").count(n -> n > 0);
      c.check("reused slot").count(n -> n > 0);
    });
  }

  private static Integer slotOf(Map<Integer, Entry> bySlot, int port) {
    for (Map.Entry<Integer, Entry> e : bySlot.entrySet()) {
      if (e.getValue().port == port) {
        return e.getKey();
      }
    }
    return null;
  }

  /** Ready ports take turns: with three reports ready at once, three polls hand out three different ports. */
  @Property(tries = 50)
  void readyReportsAreServedRoundRobin(@ForAll @IntRange(min = 0, max = 1) int source) {
    RelayTable table = new RelayTable(SOURCES, 4, I, false);
    for (int round = 0; round < 3; round++) {
      long now = round * I;
      for (int port = 10; port < 13; port++) {
        table.mark(source, port, now);
      }
      java.util.Set<Integer> served = new java.util.HashSet<>();
      for (int k = 0; k < 3; k++) {
        int slot = table.poll(source, now);
        assertNotEquals(RelayTable.NO_SLOT, slot);
        assertTrue(served.add(table.port(slot)), "port " + table.port(slot) + " served twice in round " + round);
      }
      assertEquals(RelayTable.NO_SLOT, table.poll(source, now));
      assertEquals(RelayTable.NO_SLOT, table.poll(1 - source, now), "the other source has nothing");
    }
  }

  /** A time earlier than one seen is counted and treated as no time passing: a cooling port stays cooling. */
  @Property(tries = 20)
  void anEarlierTimeIsNoTimePassing(@ForAll @IntRange(min = 1, max = 999) int back) {
    RelayTable table = new RelayTable(1, 2, I, false);
    table.mark(0, 5, 10_000);
    assertEquals(5, table.port(table.poll(0, 10_000)));
    table.mark(0, 5, 10_000 + I - 1);
    assertEquals(RelayTable.NO_SLOT, table.poll(0, 10_000 + I - 1 - back), "still cooling");
    assertEquals(1, table.clockBackwards());
    assertEquals(1, table.count(Counter.CLOCK_BACKWARDS, new long[Counter.values().length]));
    assertEquals(5, table.port(table.poll(0, 10_000 + I)), "ready one interval after its report");
  }
}
