// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.ecn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.core.PathSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.DoubleRange;

/**
 * Graded CLOVE-ECN under random sequences of fraction reports, one-bit marks, path-set changes, ticks and slightly
 * earlier times: the weights stay a distribution, and they follow {@link Model}, a plain reference written from the
 * rule in {@link EcnPolicy}'s class comment.
 */
class GradedEcnPropertiesTest {
  static final long I = 50_000;
  static final long WINDOW = 20 * I;

  /** 'F' fraction report, 'M' one-bit mark, 'P' path-set change, 'T' tick, 'B' a time slightly in the past. */
  record Op(char kind, int index, double fraction, long dt, List<Integer> ports) {
    @Override
    public String toString() {
      return kind == 'P' ? "paths" + ports : kind + "(" + index + ", " + fraction + ", +" + dt + ")";
    }
  }

  @Provide
  Arbitrary<List<Op>> events() {
    Arbitrary<Double> fractions = Arbitraries.oneOf(Arbitraries.of(0.0, 1.0, 0.5),
        Arbitraries.doubles().between(0, 1));
    Arbitrary<Long> gaps = Arbitraries.oneOf(Arbitraries.longs().between(0, 3 * I),
        Arbitraries.of(I - 1, I, WINDOW, WINDOW + 1), Arbitraries.longs().between(0, 2 * WINDOW));
    Arbitrary<Op> fraction = Combinators.combine(Arbitraries.integers().between(0, 15), fractions, gaps)
        .as((i, f, dt) -> new Op('F', i, f, dt, null));
    Arbitrary<Op> mark = Combinators.combine(Arbitraries.integers().between(0, 15), gaps)
        .as((i, dt) -> new Op('M', i, 1, dt, null));
    Arbitrary<Op> tick = Arbitraries.longs().between(0, 10 * I).map(dt -> new Op('T', 0, 0, dt, null));
    Arbitrary<Op> back = Arbitraries.longs().between(1, 4 * I).map(dt -> new Op('B', 0, 0, dt, null));
    Arbitrary<Op> paths = Arbitraries.integers().between(1, 8).list().uniqueElements().ofMinSize(1).ofMaxSize(6)
        .map(p -> new Op('P', 0, 0, 0, p));
    return Arbitraries.frequencyOf(Tuple.of(10, fraction), Tuple.of(2, mark), Tuple.of(2, tick), Tuple.of(1, back),
        Tuple.of(1, paths)).list().ofMinSize(1).ofMaxSize(80);
  }

  /** Graded weights stay normalized: sum 1 within 1e-9, each in [0, 1], one per path; with or without recovery. */
  @Property(tries = 400)
  void gradedWeightsStayNormalized(@ForAll("events") List<Op> events,
      @ForAll @DoubleRange(min = 0.05, max = 1.0) double cutFactor, @ForAll boolean recovery) {
    EcnPolicy policy = CloveEcn.policy().relayIntervalNanos(I).cutFactor(cutFactor).graded(true)
        .recovery(recovery ? Recovery.decayToEqual(20 * I) : Recovery.none()).build();
    policy.bind(4, 16, 100_000);
    PathSet current = PathSet.of(1, 2, 3, 4);
    policy.onPathsChanged(2, PathSet.EMPTY, current, 0);
    long t = 1_000_000;
    for (Op op : events) {
      switch (op.kind()) {
        case 'F' -> policy.onCongestionFraction(2, op.index() % current.size(), op.fraction(), t += op.dt());
        case 'M' -> policy.onCongestion(2, op.index() % current.size(), t += op.dt());
        case 'T' -> policy.onTick(t += op.dt());
        case 'B' -> policy.onCongestionFraction(2, 0, 0.5, t - op.dt());
        default -> {
          PathSet next = PathSet.of(op.ports().stream().mapToInt(Integer::intValue).toArray());
          policy.onPathsChanged(2, current, next, t);
          current = next;
        }
      }
      double[] w = policy.weights(2);
      assertEquals(current.size(), w.length);
      double sum = 0;
      for (double v : w) {
        assertTrue(v >= 0 && v <= 1, "weight out of [0, 1]: " + v);
        sum += v;
      }
      assertEquals(1, sum, 1e-9, "after " + op);
    }
  }

  /** The implementation's weights equal the reference model's after every event (no recovery). */
  @Property(tries = 400)
  void cutsFollowTheReferenceModel(@ForAll("events") List<Op> events,
      @ForAll @DoubleRange(min = 0.05, max = 1.0) double cutFactor) {
    EcnPolicy policy = CloveEcn.policy().relayIntervalNanos(I).cutFactor(cutFactor).graded(true).build();
    policy.bind(4, 16, 100_000);
    PathSet current = PathSet.of(1, 2, 3, 4);
    policy.onPathsChanged(2, PathSet.EMPTY, current, 0);
    Model model = new Model(cutFactor);
    model.paths(List.of(1, 2, 3, 4));
    long t = 1_000_000;
    for (Op op : events) {
      switch (op.kind()) {
        case 'F' -> {
          int i = op.index() % current.size();
          policy.onCongestionFraction(2, i, op.fraction(), t += op.dt());
          model.report(current.port(i), op.fraction(), model.time(t));
        }
        case 'M' -> {
          int i = op.index() % current.size();
          policy.onCongestion(2, i, t += op.dt());
          model.report(current.port(i), 1, model.time(t));
        }
        case 'T' -> {
          policy.onTick(t += op.dt());
          model.time(t);
        }
        case 'B' -> {
          policy.onCongestionFraction(2, 0, 0.5, t - op.dt());
          model.report(current.port(0), 0.5, model.time(t - op.dt())); // earlier than seen: no time passes
        }
        default -> {
          PathSet next = PathSet.of(op.ports().stream().mapToInt(Integer::intValue).toArray());
          policy.onPathsChanged(2, current, next, t);
          current = next;
          model.paths(op.ports());
        }
      }
      double[] w = policy.weights(2);
      for (int j = 0; j < current.size(); j++) {
        assertEquals(model.weight.get(current.port(j)), w[j], 1e-9, "path " + current.port(j) + " after " + op);
      }
    }
  }

  /** A plain model of the graded rule for one destination, keyed by port. */
  static final class Model {
    final double cutFactor;
    List<Integer> ports = new ArrayList<>();
    Map<Integer, Double> weight = new HashMap<>();
    Map<Integer, Double> level = new HashMap<>();
    Map<Integer, Long> reported = new HashMap<>();
    Map<Integer, Long> cut = new HashMap<>();
    Long clock;

    Model(double cutFactor) {
      this.cutFactor = cutFactor;
    }

    /** The policy's time for a call at {@code t}: never earlier than a time already seen. */
    long time(long t) {
      clock = clock == null ? t : Math.max(clock, t);
      return clock;
    }

    boolean recent(int port, long now) {
      Long r = reported.get(port);
      return r != null && now - r <= WINDOW;
    }

    void report(int port, double f, long now) {
      double lv = recent(port, now) ? (level.get(port) + f) / 2 : f;
      level.put(port, lv);
      reported.put(port, now);
      Double base = null;
      for (int q : ports) {
        if (q != port && recent(q, now)) {
          base = base == null ? level.get(q) : Math.min(base, level.get(q));
        }
      }
      double baseline = base == null ? 0 : Math.min(base, lv);
      double excess = Math.min(f, lv) - baseline;
      if (excess <= 1e-9) { // rounding noise between equal levels is no excess (EcnPolicy.NO_EXCESS)
        return;
      }
      Long last = cut.get(port);
      if (last != null && now - last < I) {
        return;
      }
      double own = lv - baseline;
      Map<Integer, Double> margin = new HashMap<>();
      double total = 0;
      for (int q : ports) {
        if (q != port) {
          double e = recent(q, now) ? Math.max(0, level.get(q) - baseline) : 0;
          double m = Math.max(0, own - e);
          margin.put(q, m);
          total += m;
        }
      }
      if (total <= 0) {
        return;
      }
      double removed = weight.get(port) * cutFactor * excess;
      weight.put(port, weight.get(port) - removed);
      for (int q : margin.keySet()) {
        weight.put(q, weight.get(q) + removed * margin.get(q) / total);
      }
      cut.put(port, now);
    }

    void paths(List<Integer> next) {
      Map<Integer, Double> w = new HashMap<>();
      double survivors = 0;
      int added = 0;
      for (int q : next) {
        if (weight.containsKey(q)) {
          w.put(q, weight.get(q));
          survivors += weight.get(q);
        } else {
          w.put(q, 1.0 / next.size());
          added++;
          level.remove(q);
          reported.remove(q);
          cut.remove(q);
        }
      }
      if (!(survivors > 0) && added < next.size()) {
        next.forEach(q -> w.put(q, 1.0 / next.size()));
      }
      double sum = w.values().stream().mapToDouble(Double::doubleValue).sum();
      w.replaceAll((q, v) -> v / sum);
      weight = w;
      ports = new ArrayList<>(next);
    }
  }
}
