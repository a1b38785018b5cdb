// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.benchmarks;

import dev.clove.api.LoadBalancer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
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
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Two dataplane threads selecting paths while a third thread applies feedback to the same balancer: the
 * threading model of {@link LoadBalancer} under load (the dataplanes share paths and weights, each owns its
 * flowlet table, and feedback publishes weights that the dataplanes read without locks).
 *
 * <p>Run:
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar ConcurrentDataplaneBenchmark -prof gc
 * }</pre>
 *
 * <p>Each dataplane thread ({@code select}) replays its own {@link PacketTrace} of {@code flows} flows through
 * its own {@link LoadBalancer#newDataplane() dataplane}, so its score compares directly with
 * {@link SelectSourcePortBenchmark} at the same {@code flows}. The feedback thread ({@code feedback}) applies the
 * scheme's reports ({@link Scheme#feedback}: ECN marks for CLOVE-ECN, utilizations for CLOVE-INT) spaced in
 * virtual time beyond the relay interval, so each one changes the weights or readings the dataplanes read. The
 * balancer is primed as in {@link SelectSourcePortBenchmark} ({@link Fabric#prime}); CLOVE-INT readings are
 * timestamped in the dataplanes' future so that they stay fresh.
 * <ul>
 *   <li>{@code NONE}: the control experiment: the third thread spins on its own trace and applies nothing, so
 *       the cost of sharing two cores between three threads is measured apart from the cost of feedback.</li>
 *   <li>{@code SATURATED}: back to back, the worst case for the shared cache lines. Note the machine the results
 *       were taken on has 2 cores, so three busy threads share them and every thread's time per op includes
 *       waiting for a core.</li>
 *   <li>{@code PACED}: one report, then {@code parkNanos(10 us)} (about 60 us on Linux, i.e. ~15k reports/s):
 *       feedback at a realistic rate, leaving the two cores to the dataplanes. The feedback score is then the
 *       pacing period, not a cost.</li>
 * </ul>
 *
 * <p>The group {@code dataplaneBursts} is the same with the dataplanes calling
 * {@link LoadBalancer#selectSourcePorts} on bursts of {@value Burst#SIZE} packets ({@code selectBurst}, as
 * {@link SelectSourcePortBenchmark#selectSourcePortsBurst}); both its scores are per packet and per report. JMH
 * applies {@code @OperationsPerInvocation} to a whole group, so its feedback thread applies {@value Burst#SIZE}
 * reports per call ({@code feedbackDuringBursts}) to keep its score per report. Only this group:
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar 'ConcurrentDataplaneBenchmark.dataplaneBursts' -prof gc
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class ConcurrentDataplaneBenchmark {
  static final int DATAPLANE_THREADS = 2;
  static final long PACE_NANOS = 10_000;

  /** How hard the feedback thread works. */
  public enum FeedbackRate {
    /** Control experiment: the third thread is busy but applies nothing (its own trace only). */
    NONE,
    SATURATED,
    PACED
  }

  /** The balancer the group shares. */
  @State(Scope.Group)
  public static class Shared {
    @Param({"1000", "100000", "1000000"})
    int flows;

    @Param({"CLOVE_ECN", "CLOVE_INT"})
    Scheme scheme;

    @Param
    FeedbackRate rate;

    LoadBalancer balancer;
    FeedbackTrace reports;

    @Setup(Level.Trial)
    public void setUp() {
      balancer = Fabric.balancer(scheme, flows);
      long start = Fabric.prime(balancer, scheme);
      reports = new FeedbackTrace(Fabric.REPORT_SPACING_NANOS, start, Fabric.SEED);
    }
  }

  /** One dataplane thread's own balancer and trace, and its burst arrays when it selects in bursts. */
  @State(Scope.Thread)
  public static class Dataplane {
    LoadBalancer balancer;
    PacketTrace trace;
    final Burst burst = new Burst();

    @Setup(Level.Trial)
    public void setUp(Shared shared, ThreadParams thread) {
      int index = thread.getSubgroupThreadIndex();
      synchronized (shared) {
        balancer = shared.balancer.newDataplane();
      }
      trace = PacketTrace.generate(shared.flows, Fabric.DESTINATIONS, Fabric.FLOWLET_GAP_NANOS,
          PacketTrace.NEW_FLOWLET_FRACTION, Fabric.SEED ^ shared.flows ^ ((long) index << 40));
      // The mix counters of a shared balancer sum over all dataplanes, so this thread's share is not separable;
      // warming still fills this dataplane's table, and the check is done by SelectSourcePortBenchmark.
      Mix.warm(balancer, trace);
    }
  }

  @Benchmark
  @Group("dataplanes")
  @GroupThreads(DATAPLANE_THREADS)
  public int select(Dataplane d) {
    final PacketTrace t = d.trace;
    final int j = t.next();
    return d.balancer.selectSourcePort(t.destinations[j], t.flowKeys[j], Fabric.PACKET_LENGTH, t.now(j));
  }

  @Benchmark
  @Group("dataplaneBursts")
  @GroupThreads(DATAPLANE_THREADS)
  @OperationsPerInvocation(Burst.SIZE)
  public int selectBurst(Dataplane d) {
    d.burst.next(d.trace);
    return d.burst.select(d.balancer);
  }

  @Benchmark
  @Group("dataplaneBursts")
  @GroupThreads(1)
  @OperationsPerInvocation(Burst.SIZE)
  public int feedbackDuringBursts(Shared s) {
    int last = 0;
    for (int i = 0; i < Burst.SIZE; i++) {
      last = feedback(s);
    }
    return last;
  }

  @Benchmark
  @Group("dataplanes")
  @GroupThreads(1)
  public int feedback(Shared s) {
    final FeedbackTrace r = s.reports;
    final int j = r.next();
    if (s.rate == FeedbackRate.NONE) {
      return j;
    }
    s.scheme.feedback(s.balancer, r.destinations[j], r.ports[j], r.utilizations[j], r.now());
    if (s.rate == FeedbackRate.PACED) {
      LockSupport.parkNanos(PACE_NANOS);
    }
    return j;
  }
}
