// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.benchmarks;

import dev.clove.core.internal.FlowletTable;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Flowlet detection alone: {@link FlowletTable} against {@link HashMapFlowletTable}, the obvious
 * {@code HashMap<FlowKey, MutableEntry>} with the same gap rule, on the same trace in the same run.
 *
 * <p>Run:
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar FlowletTableBenchmark -prof gc
 * }</pre>
 *
 * <p>Per packet: look the flow up; on a new flowlet (~10% of packets, see {@link PacketTrace}) assign it the next
 * of 8 paths in rotation (a stand-in for a chooser, identical on both sides). Table capacity is the next power of
 * two {@code >= 2 x flows}; the map grows as it likes. Setup replays the trace twice (fill, then count) and prints
 * the new-flowlet fraction each structure saw.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class FlowletTableBenchmark {
  /** Set in a result when the packet started a flowlet, so that setup can count the mix. */
  static final int NEW_FLOWLET_MARK = 1 << 16;

  /** The fixed-size, set-associative table from clove-core. */
  @State(Scope.Benchmark)
  public static class TableState {
    @Param({"1000", "100000", "1000000"})
    int flows;

    PacketTrace trace;
    FlowletTable table;
    int nextPath;

    @Setup(Level.Trial)
    public void setUp() {
      trace = Fabric.trace(flows);
      table = FlowletTable.create(PacketTrace.tableCapacityFor(flows), Fabric.FLOWLET_GAP_NANOS, Fabric.SEED);
      for (int i = 0; i < trace.length(); i++) { // fill
        replay(this);
      }
      int newFlowlets = 0;
      for (int i = 0; i < trace.length(); i++) {
        newFlowlets += (replay(this) & NEW_FLOWLET_MARK) != 0 ? 1 : 0;
      }
      report("FlowletTable", trace, newFlowlets, "capacity=" + table.capacity() + " evictedActive="
          + table.evictedActive());
    }
  }

  /** The HashMap baseline. */
  @State(Scope.Benchmark)
  public static class HashMapState {
    @Param({"1000", "100000", "1000000"})
    int flows;

    PacketTrace trace;
    HashMapFlowletTable table;
    int nextPath;

    @Setup(Level.Trial)
    public void setUp() {
      trace = Fabric.trace(flows);
      table = new HashMapFlowletTable(Fabric.FLOWLET_GAP_NANOS);
      for (int i = 0; i < trace.length(); i++) { // fill
        replay(this);
      }
      int newFlowlets = 0;
      for (int i = 0; i < trace.length(); i++) {
        newFlowlets += (replay(this) & NEW_FLOWLET_MARK) != 0 ? 1 : 0;
      }
      report("HashMap", trace, newFlowlets, "size=" + table.size());
    }
  }

  static void report(String label, PacketTrace trace, int newFlowlets, String detail) {
    System.out.println();
    System.out.printf("# [%s] flows=%d trace=%d packets, second replay: newFlowlets=%.2f%% %s%n", label,
        trace.flows, trace.length(), 100.0 * newFlowlets / trace.length(), detail);
    double f = (double) newFlowlets / trace.length();
    if (!(f > PacketTrace.NEW_FLOWLET_FRACTION / 2 && f < PacketTrace.NEW_FLOWLET_FRACTION * 2)) {
      throw new IllegalStateException("the trace's new-flowlet fraction is off design: " + f);
    }
  }

  @Benchmark
  public int flowletTable(TableState s) {
    return replay(s);
  }

  @Benchmark
  public int hashMapBaseline(HashMapState s) {
    return replay(s);
  }

  static int replay(TableState s) {
    final PacketTrace t = s.trace;
    final int j = t.next();
    final FlowletTable table = s.table;
    int path = table.lookup(t.flowKeys[j], t.now(j));
    if (path == FlowletTable.NEW_FLOWLET) {
      path = s.nextPath = (s.nextPath + 1) & (Fabric.PATHS - 1);
      table.assign(path);
      return path | NEW_FLOWLET_MARK;
    }
    return path;
  }

  static int replay(HashMapState s) {
    final PacketTrace t = s.trace;
    final int j = t.next();
    final HashMapFlowletTable table = s.table;
    int path = table.lookup(t.flowKeys[j], t.now(j));
    if (path == HashMapFlowletTable.NEW_FLOWLET) {
      path = s.nextPath = (s.nextPath + 1) & (Fabric.PATHS - 1);
      table.assign(path);
      return path | NEW_FLOWLET_MARK;
    }
    return path;
  }
}
