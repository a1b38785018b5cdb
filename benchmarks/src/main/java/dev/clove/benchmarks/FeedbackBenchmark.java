// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.benchmarks;

import dev.clove.api.Counter;
import dev.clove.api.LoadBalancer;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Feedback processing on the sending hypervisor: one relayed ECN report ({@link LoadBalancer#onCongestion}, for
 * CLOVE-ECN: suppression check, weight cut, redistribution, seqlock publish) or one INT utilization reading
 * ({@link LoadBalancer#onUtilization}, for CLOVE-INT: validation, seqlock publish of the reading).
 *
 * <p>Run:
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar FeedbackBenchmark -prof gc
 * }</pre>
 *
 * <p>Reports come from a {@link FeedbackTrace}: uniformly random destination (of 256) and path (of 8), and
 * virtual time advancing by one relay interval + 1 ns per report. So every ECN report really cuts: its path was
 * not cut within the interval, and the other paths of its destination are outside the congestion memory and
 * take the removed weight. Setup applies one replay of the trace and checks exactly that
 * ({@code CONGESTION_CUTS == CONGESTION_REPORTS}, or {@code UTILIZATION_REPORTS} for INT), and prints it; every
 * measured iteration prints it again.
 *
 * <p>{@code CLOVE_ECN_HOPS} and {@code CLOVE_INT_HOPS} share feedback along physical paths
 * ({@code sharePathFeedback}) among the {@value Fabric#DESTINATIONS_PER_LEAF} destinations behind each leaf, so
 * each report is delivered to that many destinations (and, for ECN, cuts that many weights): the ratio to the
 * paper scheme's row is the cost of the option per report.
 *
 * <p>Not parameterised by flows: no per-flow state is on this path (the balancer's control lock, the path set
 * of one destination and the policy's per-destination state), so the flow count cannot change its cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class FeedbackBenchmark {
  @Param({"CLOVE_ECN", "CLOVE_ECN_HOPS", "CLOVE_INT", "CLOVE_INT_HOPS"})
  Scheme scheme;

  private LoadBalancer balancer;
  private FeedbackTrace reports;
  private long reportsBefore;
  private long appliedBefore;

  @Setup(Level.Trial)
  public void setUp() {
    balancer = Fabric.balancer(scheme, 1000);
    long start = Fabric.prime(balancer, scheme);
    reports = new FeedbackTrace(Fabric.REPORT_SPACING_NANOS, start, Fabric.SEED);
    mark();
    for (int i = 0; i < FeedbackTrace.SIZE; i++) {
      report();
    }
    System.out.println();
    System.out.print("# [" + scheme + "] setup replay:");
    checkAndReport();
  }

  @TearDown(Level.Iteration)
  public void checkAndReport() {
    long reported = reported() - reportsBefore;
    long applied = applied() - appliedBefore;
    System.out.print(" [reports=" + reported + " applied=" + applied + "]");
    boolean ecn = scheme.base() == Scheme.CLOVE_ECN;
    long expected = ecn ? reported * Fabric.fanOut(scheme) : reported; // a shared mark cuts every leaf-mate
    Fabric.check(reported > 0 && applied == expected, "every report should be applied: " + reported + " reports, "
        + applied + (ecn ? " cuts" : " accepted") + ", expected " + expected);
    mark();
  }

  private void mark() {
    reportsBefore = reported();
    appliedBefore = applied();
  }

  private long reported() {
    return scheme.base() == Scheme.CLOVE_ECN ? balancer.count(Counter.CONGESTION_REPORTS) : reports.count();
  }

  private long applied() {
    return balancer.count(scheme.base() == Scheme.CLOVE_ECN ? Counter.CONGESTION_CUTS
        : Counter.UTILIZATION_REPORTS);
  }

  @Benchmark
  public int report() {
    final FeedbackTrace r = reports;
    final int j = r.next();
    scheme.feedback(balancer, r.destinations[j], r.ports[j], r.utilizations[j], r.now());
    return j;
  }
}
