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
