// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.examples.evaluation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * The evaluation's results, averaged over seeds per (fabric, scheme, load) as the paper does ("the average of the
 * three runs", section 3), with the lowest and highest seed's value beside each mean so that a reader sees how much
 * of a difference between schemes the seeds alone can produce.
 *
 * <p>Each cell sums its seeds in seed order, whatever order the results arrive in, so the same results give the
 * same bits (a merged sharded sweep equals the sweep run in one piece).
 *
 * <p>Threading: build it on one thread after all points have finished; immutable afterwards.
 */
public final class Results {
  /**
   * One aggregated cell: means over seeds, and the range over seeds ({@code min}/{@code max}; equal to the mean
   * when there is one seed).
   *
   * <p>Threading: immutable.
   */
  public record Cell(String fabric, String scheme, double load, int seeds, double avgFctMs, double p99MiceMs,
      int unfinished, long drops, long timeouts, double avgFctMsMin, double avgFctMsMax, double p99MiceMsMin,
      double p99MiceMsMax) {

    /** Whether the cell has a spread to show (two or more seeds). */
    public boolean hasSpread() {
      return seeds > 1;
    }
  }

  private final List<String> schemes;
  private final Map<String, Map<String, TreeMap<Double, Cell>>> cells = new TreeMap<>();
  private final List<PointResult> raw;

  Results(List<String> schemes, List<PointResult> results) {
    this.schemes = List.copyOf(schemes);
    this.raw = List.copyOf(results);
    Map<String, List<PointResult>> groups = new TreeMap<>();
    for (PointResult r : results) {
      Point p = r.point();
      groups.computeIfAbsent(p.fabric() + "|" + p.scheme() + "|" + p.load(), k -> new ArrayList<>()).add(r);
    }
    for (List<PointResult> group : groups.values()) {
      group.sort(Comparator.comparingLong(r -> r.point().seed()));
      Point p = group.get(0).point();
      double avg = 0;
      double p99 = 0;
      double avgMin = Double.POSITIVE_INFINITY;
      double avgMax = Double.NEGATIVE_INFINITY;
      double p99Min = Double.POSITIVE_INFINITY;
      double p99Max = Double.NEGATIVE_INFINITY;
      int unfinished = 0;
      long drops = 0;
      long timeouts = 0;
      for (PointResult r : group) {
        avg += r.avgFctNanos();
        p99 += r.p99MiceNanos();
        avgMin = Math.min(avgMin, r.avgFctNanos());
        avgMax = Math.max(avgMax, r.avgFctNanos());
        p99Min = Math.min(p99Min, r.p99MiceNanos());
        p99Max = Math.max(p99Max, r.p99MiceNanos());
        unfinished += r.unfinished();
        drops += r.drops();
        timeouts += r.timeouts();
      }
      Cell cell = new Cell(p.fabric(), p.scheme(), p.load(), group.size(), avg / group.size() / 1e6,
          p99 / group.size() / 1e6, unfinished, drops, timeouts, avgMin / 1e6, avgMax / 1e6, p99Min / 1e6,
          p99Max / 1e6);
      cells.computeIfAbsent(p.fabric(), f -> new TreeMap<>())
          .computeIfAbsent(p.scheme(), s -> new TreeMap<>())
          .put(p.load(), cell);
    }
  }

  /** The schemes, in the order they were asked for. */
  public List<String> schemes() {
    return schemes;
  }

  /** The fabrics that have results, in name order. */
  public List<String> fabrics() {
    return new ArrayList<>(cells.keySet());
  }

  /** The loads that have results on {@code fabric}, ascending. */
  public List<Double> loads(String fabric) {
    TreeSet<Double> loads = new TreeSet<>();
    cells.getOrDefault(fabric, Map.of()).values().forEach(m -> loads.addAll(m.keySet()));
    return new ArrayList<>(loads);
  }

  /** The cell, or null if that combination was not run. */
  public Cell cell(String fabric, String scheme, double load) {
    return cells.getOrDefault(fabric, Map.of()).getOrDefault(scheme, new TreeMap<>()).get(load);
  }

  /** Every simulation's own result. */
  public List<PointResult> raw() {
    return raw;
  }

  /** The per-seed values of one cell in milliseconds, by seed; empty if that combination was not run. */
  Map<Long, Double> perSeedMs(String fabric, String scheme, double load, ToDoubleFunction<PointResult> nanos) {
    Map<Long, Double> bySeed = new TreeMap<>();
    for (PointResult r : raw) {
      Point p = r.point();
      if (p.fabric().equals(fabric) && p.scheme().equals(scheme) && p.load() == load) {
        bySeed.put(p.seed(), nanos.applyAsDouble(r) / 1e6);
      }
    }
    return bySeed;
  }
}
