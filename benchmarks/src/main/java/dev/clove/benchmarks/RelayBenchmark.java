// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.benchmarks;

import dev.clove.api.Counter;
import dev.clove.api.FeedbackRelay;
import dev.clove.api.FeedbackWord;
import dev.clove.ecn.CloveEcn;
import dev.clove.telemetry.CloveInt;
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
 * The receiving hypervisor: recording an arriving packet's congestion mark or telemetry in a
 * {@link FeedbackRelay}, and producing the {@link FeedbackWord} to piggyback on the next packet back to its
 * source. One op is one of each.
 *
 * <p>Run:
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar RelayBenchmark -prof gc
 * }</pre>
 *
 * <ul>
 *   <li>{@code ceArrivalAndPoll}: CLOVE-ECN's relay, {@code onArrival(source, port, CE, now)} then
 *       {@code pollFeedback(source, now)}.</li>
 *   <li>{@code telemetryAndPoll}: CLOVE-INT's relay, {@code onTelemetry(source, port, utilization, now)} then
 *       {@code pollFeedback(source, now)}.</li>
 *   <li>{@code gradedCeArrivalAndPoll}: graded ECN's relay ({@code CloveEcn.gradedRelay()}), the same op as
 *       {@code ceArrivalAndPoll}; the word is a CE fraction (1, since every arrival is marked).</li>
 *   <li>{@code unmarkedArrival} with {@code relay} = {@code binary} or {@code graded}: the common per-packet case,
 *       an arrival without CE and no poll. The paper's relay notes the port as heard (liveness); the graded relay
 *       counts the packet toward the port's fraction.</li>
 * </ul>
 * Sources (256) and ports (8 per source) come uniformly at random from a {@link FeedbackTrace}, and virtual time
 * advances by one relay interval + 1 ns per op, so the port has always cooled down and every poll returns a
 * report (the expensive case; under congestion most marks merge into a pending report and most polls find
 * nothing). Setup and every iteration check {@code RELAY_REPORTS_SENT} equals the number of ops and print it.
 *
 * <p>Not parameterised by flows: the relay keeps state per (source, port), never per flow.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class RelayBenchmark {

  /** A relay and its input. */
  public abstract static class RelayState {
    FeedbackRelay relay;
    FeedbackTrace arrivals;
    private long opsBefore;
    private long sentBefore;

    abstract FeedbackRelay build();

    abstract int op();

    @Setup(Level.Trial)
    public void setUp() {
      relay = build();
      arrivals = new FeedbackTrace(Fabric.REPORT_SPACING_NANOS, 0, Fabric.SEED);
      mark();
      int words = 0;
      for (int i = 0; i < FeedbackTrace.SIZE; i++) {
        words += op() == FeedbackWord.NONE ? 0 : 1;
      }
      Fabric.check(words == FeedbackTrace.SIZE, "every poll should return a word, got " + words);
      System.out.println();
      System.out.print("# [" + relay + "] setup replay:");
      checkAndReport();
    }

    @TearDown(Level.Iteration)
    public void checkAndReport() {
      long ops = arrivals.count() - opsBefore;
      long sent = relay.count(Counter.RELAY_REPORTS_SENT) - sentBefore;
      System.out.print(" [ops=" + ops + " reportsSent=" + sent + "]");
      Fabric.check(ops > 0 && sent == ops, "every op should send a report: " + ops + " ops, " + sent + " sent");
      mark();
    }

    private void mark() {
      opsBefore = arrivals.count();
      sentBefore = relay.count(Counter.RELAY_REPORTS_SENT);
    }
  }

  /** CLOVE-ECN's relay. */
  @State(Scope.Benchmark)
  public static class EcnRelayState extends RelayState {
    @Override
    FeedbackRelay build() {
      return CloveEcn.relay().maxSources(Fabric.DESTINATIONS).relayIntervalNanos(Fabric.RELAY_INTERVAL_NANOS)
          .build();
    }

    @Override
    int op() {
      return ceArrival(this);
    }
  }

  /** Graded ECN's relay. */
  @State(Scope.Benchmark)
  public static class GradedRelayState extends RelayState {
    @Override
    FeedbackRelay build() {
      return CloveEcn.gradedRelay().maxSources(Fabric.DESTINATIONS)
          .relayIntervalNanos(Fabric.RELAY_INTERVAL_NANOS).build();
    }

    @Override
    int op() {
      final FeedbackTrace a = arrivals;
      final int j = a.next();
      final int source = a.destinations[j];
      final long now = a.now();
      relay.onArrival(source, a.ports[j], true, now);
      return relay.pollFeedback(source, now);
    }
  }

  /** Unmarked arrivals only, into the paper's relay or the graded one. */
  @State(Scope.Benchmark)
  public static class ArrivalState {
    @Param({"binary", "graded"})
    String relayKind;
    FeedbackRelay relay;
    FeedbackTrace arrivals;

    @Setup(Level.Trial)
    public void setUp() {
      relay = ("graded".equals(relayKind) ? CloveEcn.gradedRelay() : CloveEcn.relay())
          .maxSources(Fabric.DESTINATIONS).relayIntervalNanos(Fabric.RELAY_INTERVAL_NANOS).build();
      arrivals = new FeedbackTrace(Fabric.REPORT_SPACING_NANOS, 0, Fabric.SEED);
    }

    @TearDown(Level.Iteration)
    public void check() {
      long counted = relay.count(Counter.RELAY_ARRIVALS);
      System.out.print(" [arrivals=" + counted + " dropped=" + relay.count(Counter.RELAY_REPORTS_DROPPED) + "]");
      Fabric.check(counted == arrivals.count(), "every arrival should be counted: " + counted);
    }
  }

  /** CLOVE-INT's relay. */
  @State(Scope.Benchmark)
  public static class IntRelayState extends RelayState {
    @Override
    FeedbackRelay build() {
      return CloveInt.relay().maxSources(Fabric.DESTINATIONS).relayIntervalNanos(Fabric.RELAY_INTERVAL_NANOS)
          .build();
    }

    @Override
    int op() {
      return telemetry(this);
    }
  }

  @Benchmark
  public int ceArrivalAndPoll(EcnRelayState s) {
    return ceArrival(s);
  }

  @Benchmark
  public int telemetryAndPoll(IntRelayState s) {
    return telemetry(s);
  }

  @Benchmark
  public int gradedCeArrivalAndPoll(GradedRelayState s) {
    return s.op();
  }

  @Benchmark
  public void unmarkedArrival(ArrivalState s) {
    final FeedbackTrace a = s.arrivals;
    final int j = a.next();
    s.relay.onArrival(a.destinations[j], a.ports[j], false, a.now());
  }

  static int ceArrival(EcnRelayState s) {
    final FeedbackTrace a = s.arrivals;
    final int j = a.next();
    final int source = a.destinations[j];
    final long now = a.now();
    s.relay.onArrival(source, a.ports[j], true, now);
    return s.relay.pollFeedback(source, now);
  }

  static int telemetry(IntRelayState s) {
    final FeedbackTrace a = s.arrivals;
    final int j = a.next();
    final int source = a.destinations[j];
    final long now = a.now();
    s.relay.onTelemetry(source, a.ports[j], a.utilizations[j], now);
    return s.relay.pollFeedback(source, now);
  }
}
