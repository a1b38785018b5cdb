// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The control experiment: the cost of reading the next packet of a {@link PacketTrace} and the JMH loop, with no
 * load balancing at all. Every per-packet number in this module includes it.
 *
 * <p>Run:
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar TraceReplayBenchmark -prof gc
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class TraceReplayBenchmark {
  @Param({"1000", "100000", "1000000"})
  int flows;

  private PacketTrace trace;
  private final Burst burst = new Burst();

  @Setup(Level.Trial)
  public void setUp() {
    trace = Fabric.trace(flows);
  }

  @Benchmark
  public long replay() {
    final PacketTrace t = trace;
    final int j = t.next();
    return t.flowKeys[j] ^ t.destinations[j] ^ t.now(j);
  }

  /** The control of the burst benchmarks: copying the next {@value Burst#SIZE} packets out; per packet. */
  @Benchmark
  @OperationsPerInvocation(Burst.SIZE)
  public long replayBurst() {
    final Burst b = burst;
    b.next(trace);
    return b.flowKeys[Burst.SIZE - 1] ^ b.destinations[Burst.SIZE - 1] ^ b.nowNanos;
  }
}
