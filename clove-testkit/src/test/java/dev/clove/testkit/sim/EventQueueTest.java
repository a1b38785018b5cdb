// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The event queue against a sorted-list model: time order, ties in insertion order, payloads intact. */
class EventQueueTest {

  @Property(tries = 300)
  @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
  void popsInTimeThenInsertionOrder(
      @ForAll @Size(max = 400) List<@IntRange(min = 0, max = 50) Integer> times,
      @ForAll @IntRange(min = 0, max = 3) int popEvery) {
    EventQueue q = new EventQueue(1); // small, so that growth is exercised
    List<long[]> model = new ArrayList<>(); // {time, seq}
    int seq = 0;
    int ties = 0;
    for (int t : times) {
      q.push(t, t % 5, seq, seq * 3);
      model.add(new long[] {t, seq});
      seq++;
      if (popEvery > 0 && seq % (popEvery + 1) == 0) {
        popAndCompare(q, model);
      }
    }
    while (!model.isEmpty()) {
      long[] before = model.size() > 1 ? min(model) : null;
      popAndCompare(q, model);
      if (before != null && !model.isEmpty() && min(model)[0] == before[0]) {
        ties++;
      }
    }
    assertEquals(0, q.size());
    Statistics.label("ties").collect(ties > 0);
    // The generator must reach the interesting case: equal times, where only the sequence decides.
    Statistics.label("ties").coverage(c -> c.check(true).percentage(p -> p > 30));
  }

  private static long[] min(List<long[]> model) {
    return model.stream().min(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1])).get();
  }

  private static void popAndCompare(EventQueue q, List<long[]> model) {
    long[] expected = min(model);
    model.remove(expected);
    assertEquals(expected[0], q.peekTime());
    q.pop();
    assertEquals(expected[0], q.time());
    assertEquals((int) expected[1], q.a());
    assertEquals((int) expected[1] * 3, q.b());
    assertEquals((int) (expected[0] % 5), q.type());
  }
}
