package dev.clove.examples.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The evaluation's results, averaged over seeds per (fabric, scheme, load) as the paper does ("the average of the
 * three runs", section 3).
 *
 * <p>Threading: build it on one thread after all points have finished; immutable afterwards.
 */
public final class Results {
  /** One aggregated cell. */
  public record Cell(String fabric, String scheme, double load, int seeds, double avgFctMs, double p99MiceMs,
      int unfinished, long drops, long timeouts) {}

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
      Point p = group.get(0).point();
      double avg = 0;
      double p99 = 0;
      int unfinished = 0;
      long drops = 0;
      long timeouts = 0;
      for (PointResult r : group) {
        avg += r.avgFctNanos();
        p99 += r.p99MiceNanos();
        unfinished += r.unfinished();
        drops += r.drops();
        timeouts += r.timeouts();
      }
      Cell cell = new Cell(p.fabric(), p.scheme(), p.load(), group.size(), avg / group.size() / 1e6,
          p99 / group.size() / 1e6, unfinished, drops, timeouts);
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
}
