// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.BitSet;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * The guest TCP receiver's out-of-order bookkeeping against a plain model (a bit per byte): after every
 * arriving segment, in any order and with duplicates and overlaps, the cumulative ACK point is the end of the
 * longest received prefix.
 */
class ReceiverTest {

  @Property(tries = 300)
  @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
  void cumulativeAckIsTheReceivedPrefix(
      @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 40) Integer> starts,
      @ForAll @IntRange(min = 1, max = 3) int lengthUnits) {
    Simulation config = Simulation.builder().scheme("ecmp")
        .workload(Workload.explicit(List.of(new Workload.Flow(0, 0, 16, 1)))).build();
    Sim sim = new Sim(config);
    sim.tcp.startFlow(0, 0, 16, 100_000); // creates connection 0; its own segments are never delivered
    final int unit = 100;
    BitSet received = new BitSet();
    int outOfOrder = 0;
    for (int start : starts) {
      long seq = (long) start * unit;
      int len = lengthUnits * unit;
      if (seq > received.nextClearBit(0)) {
        outOfOrder++;
      }
      sim.tcp.onData(0, seq, len, false);
      received.set((int) seq, (int) seq + len);
      assertEquals(received.nextClearBit(0), sim.tcp.rcvNxt[0], "after segment at " + seq);
    }
    Statistics.label("out of order").collect(outOfOrder > 0);
    Statistics.label("out of order").coverage(c -> c.check(true).percentage(p -> p > 50));
  }
}
