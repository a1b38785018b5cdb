// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.benchmarks;

import dev.clove.api.LoadBalancer;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The whole per-packet decision, {@link LoadBalancer#selectSourcePort}, for each scheme and number of active
 * flows: flowlet lookup, and for ~10% of packets a new flowlet placed by the scheme's chooser.
 *
 * <p>Run:
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar SelectSourcePortBenchmark -prof gc
 * # the adaptive flowlet gap's per-packet cost, beside CLOVE-ECN's:
 * java -jar benchmarks/target/benchmarks.jar 'SelectSourcePortBenchmark.selectSourcePort$' -p scheme=CLOVE_ECN \
 *     -p adaptiveGap=false,true -prof gc
 * }</pre>
 *
 * <p>The balancer is single-threaded here (one dataplane), built as in {@link Fabric}: 256 destinations of 8
 * paths, flowlet gap 100 us, flowlet table sized to the next power of two {@code >= 2 x flows}, and primed with
 * feedback ({@link Fabric#prime}: uneven CLOVE-ECN weights, fresh CLOVE-INT readings) so that new flowlets take
 * each scheme's real placement path. The input is a {@link PacketTrace}; setup replays it twice, once to fill the
 * flowlet table and once to count the real mix, which it prints and checks (and it prints the mix of every
 * measured iteration too).
 *
 * <p>{@code selectSourcePortsBurst} feeds the same trace in bursts of {@value Burst#SIZE} packets through
 * {@link LoadBalancer#selectSourcePorts}, as a vswitch's receive loop would; its setup replays in bursts too.
 * Its score is per packet ({@code @OperationsPerInvocation}), comparable with {@code selectSourcePort}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class SelectSourcePortBenchmark {
  @Param({"1000", "100000", "1000000"})
  int flows;

  @Param
  Scheme scheme;

  /**
   * With the adaptive flowlet gap ({@code BalancerBuilder.adaptiveFlowletGap}), primed so that the gap it reads per
   * packet equals the fixed one ({@link Fabric#primeDelays}): same decisions, so the difference is the option's
   * per-packet read. Off by default; compare with {@code -p adaptiveGap=false,true}.
   */
  @Param({"false"})
  boolean adaptiveGap;

  private PacketTrace trace;
  private LoadBalancer balancer;
  private Mix mix;

  /** The burst benchmark's input; null when measuring per packet. */
  private Burst burst;

  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) {
    trace = Fabric.trace(flows);
    balancer = Fabric.balancer(scheme, flows, adaptiveGap);
    Fabric.prime(balancer, scheme);
    if (adaptiveGap) {
      Fabric.primeDelays(balancer);
    }
    burst = params.getBenchmark().endsWith("Burst") ? new Burst() : null;
    mix = Mix.warmAndMeasure(balancer, trace, burst, scheme.usesFlowlets(), scheme.name());
  }

  @TearDown(Level.Iteration)
  public void reportMix() {
    System.out.print(" [" + mix + "]");
    mix.reset();
  }

  @Benchmark
  public int selectSourcePort() {
    final PacketTrace t = trace;
    final int j = t.next();
    return balancer.selectSourcePort(t.destinations[j], t.flowKeys[j], Fabric.PACKET_LENGTH, t.now(j));
  }

  /**
   * {@link LoadBalancer#selectSourcePorts} on the next {@value Burst#SIZE} packets of the trace, all at the last
   * one's time; the score is per packet. Includes copying the burst out of the trace (see {@link Burst}).
   */
  @Benchmark
  @OperationsPerInvocation(Burst.SIZE)
  public int selectSourcePortsBurst() {
    final Burst b = burst;
    b.next(trace);
    return b.select(balancer);
  }
}
