// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.benchmarks;

import dev.clove.core.internal.FlowletTable;

/**
 * Not a benchmark: how many packets evict a still-active flowlet, by flowlet table capacity relative to the
 * active flows, on the benchmarks' own traces. It backs the sizing advice in {@code FlowletTable}'s Javadoc and
 * the "Sizing" table of benchmarks/README.md.
 *
 * <p>For each size (1k, 100k, 1M flows) and capacity (the next power of two at or above 1, 2, 4 and 8 times the
 * flows), it replays the trace once to fill the table, then once more, and prints the evictions of live flowlets
 * during the second replay as a share of its packets. Run (about a minute, 2 GB heap):
 * <pre>{@code
 * java -Xmx2g -cp benchmarks/target/benchmarks.jar dev.clove.benchmarks.SizingReport
 * }</pre>
 */
public final class SizingReport {
  private SizingReport() {}

  public static void main(String[] args) {
    int[] multiples = {1, 2, 4, 8};
    System.out.println("| flows | 1x | 2x (the benchmarks) | 4x (recommended) | 8x |");
    System.out.println("|---:|---:|---:|---:|---:|");
    for (int flows : new int[] {1_000, 100_000, 1_000_000}) {
      PacketTrace trace = Fabric.trace(flows);
      StringBuilder row = new StringBuilder(String.format("| %,d |", flows));
      for (int multiple : multiples) {
        row.append(' ').append(percent(evictedActiveShare(trace, multiple))).append(" |");
      }
      System.out.println(row);
    }
  }

  /** Evictions of live flowlets per packet in the second of two replays, at {@code multiple} x the flows. */
  static double evictedActiveShare(PacketTrace trace, int multiple) {
    FlowletTable table = FlowletTable.create(PacketTrace.nextPowerOfTwo((long) multiple * trace.flows),
        Fabric.FLOWLET_GAP_NANOS, Fabric.SEED);
    replay(table, trace);
    long before = table.evictedActive();
    replay(table, trace);
    return (double) (table.evictedActive() - before) / trace.length();
  }

  private static void replay(FlowletTable table, PacketTrace trace) {
    for (int i = 0, n = trace.length(); i < n; i++) {
      int j = trace.next();
      if (table.lookup(trace.flowKeys[j], trace.now(j)) == FlowletTable.NEW_FLOWLET) {
        table.assign(j & 0xFFFF);
      }
    }
  }

  private static String percent(double share) {
    return share == 0 ? "0" : String.format("%.3g%%", share * 100);
  }
}
