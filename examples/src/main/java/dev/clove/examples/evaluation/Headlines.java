// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.examples.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The comparisons the paper draws from Figures 2 and 3, computed from our results, each beside the paper's number
 * where the paper gives one (section 3.1 for the symmetric fabric at 80% load, 3.2 and Figure 3 for the asymmetric
 * fabric at 70% load; the abstract for CLOVE-INT's share).
 *
 * <p>"X is r times better than Y" is the ratio FCT(Y) / FCT(X) of the means over seeds; beside it, the range of the
 * same ratio taken seed by seed (the schemes see the same flows under the same seed). The share of the
 * ECMP-to-CONGA gain that a scheme captures is (FCT(ECMP) - FCT(scheme)) / (FCT(ECMP) - FCT(CONGA)); its
 * denominator is only a gain if ECMP and CONGA differ by more than the seeds do, so the share is reported as
 * n/a when their ranges over seeds overlap, or when a single seed leaves the spread unknown. (A one-seed quick run
 * printed shares of 217% and -1729% from a denominator that was noise.)
 *
 * <p>Threading: static functions of immutable inputs.
 */
public final class Headlines {
  private Headlines() {}

  /** Why a comparison shows no number of ours. Threading: immutable. */
  public enum Missing {
    /** A scheme it needs was not run. */
    SCHEME_NOT_RUN,
    /** ECMP and CONGA are not separated beyond the spread across seeds, or there is one seed. */
    WITHIN_SPREAD
  }

  /**
   * One comparison.
   *
   * @param ours the comparison of the means over seeds; NaN when {@code missing} is set
   * @param paper the paper's number; NaN where the paper states none for that fabric and load
   * @param seedMin the lowest of the per-seed values; NaN with fewer than two seeds
   * @param seedMax the highest of the per-seed values; NaN with fewer than two seeds
   * @param missing why {@code ours} is absent, or null
   *
   * <p>Threading: immutable.
   */
  public record Headline(String fabric, double load, String metric, String claim, double ours, double paper,
      boolean isShare, double seedMin, double seedMax, Missing missing) {

    /** The value formatted as the paper states it: a ratio "2.10x" or a share "78%"; "-" for none. */
    public String format(double value) {
      if (Double.isNaN(value)) {
        return "-";
      }
      return isShare ? String.format(Locale.ROOT, "%.0f%%", 100 * value)
          : String.format(Locale.ROOT, "%.2fx", value);
    }

    /** Our value as the tables show it: the number, "n/a" when the seeds cannot support one, "-" if not run. */
    public String formatOurs() {
      return missing == Missing.WITHIN_SPREAD ? "n/a" : format(ours);
    }

    /** The per-seed range, "1.10x to 1.25x", or "-" without one. */
    public String formatSeedRange() {
      return Double.isNaN(seedMin) || missing != null ? "-" : format(seedMin) + " to " + format(seedMax);
    }
  }

  static final String ECMP = "ecmp";
  static final String EDGE = "edge-flowlet";
  static final String ECN = "clove-ecn";
  static final String INT = "clove-int";
  static final String CONGA = "conga";

  /** A metric of the tables: its mean, range and per-seed value. */
  private enum Metric {
    AVERAGE("average FCT", Results.Cell::avgFctMs, Results.Cell::avgFctMsMin, Results.Cell::avgFctMsMax,
        PointResult::avgFctNanos),
    P99_MICE("p99 FCT of mice", Results.Cell::p99MiceMs, Results.Cell::p99MiceMsMin, Results.Cell::p99MiceMsMax,
        PointResult::p99MiceNanos);

    final String label;
    final ToDoubleFunction<Results.Cell> mean;
    final ToDoubleFunction<Results.Cell> min;
    final ToDoubleFunction<Results.Cell> max;
    final ToDoubleFunction<PointResult> perSeedNanos;

    Metric(String label, ToDoubleFunction<Results.Cell> mean, ToDoubleFunction<Results.Cell> min,
        ToDoubleFunction<Results.Cell> max, ToDoubleFunction<PointResult> perSeedNanos) {
      this.label = label;
      this.mean = mean;
      this.min = min;
      this.max = max;
      this.perSeedNanos = perSeedNanos;
    }
  }

  /** The headline comparisons at 70% and 80% load on every fabric that has the schemes they need. */
  public static List<Headline> compute(Results results) {
    List<Headline> out = new ArrayList<>();
    for (String fabric : results.fabrics()) {
      for (double target : new double[] {0.7, 0.8}) {
        Double load = nearest(results.loads(fabric), target);
        if (load == null) {
          continue;
        }
        for (Metric metric : Metric.values()) {
          add(out, results, fabric, load, metric);
        }
      }
    }
    return out;
  }

  private static void add(List<Headline> out, Results results, String fabric, double load, Metric metric) {
    boolean avg = metric == Metric.AVERAGE;
    boolean asym70 = fabric.equals("asymmetric") && Math.abs(load - 0.7) < 1e-9;
    boolean sym80 = fabric.equals("symmetric") && Math.abs(load - 0.8) < 1e-9;
    double nan = Double.NaN;
    Context c = new Context(results, fabric, load, metric);
    out.add(c.ratio("CLOVE-ECN vs ECMP", ECMP, ECN, avg && asym70 ? 3.0 : avg && sym80 ? 1.4 : nan));
    out.add(c.ratio("CLOVE-ECN vs Edge-Flowlet", EDGE, ECN, avg && asym70 ? 1.8 : avg && sym80 ? 1.2 : nan));
    out.add(c.ratio("CONGA vs CLOVE-ECN", ECN, CONGA, avg && asym70 ? 1.2 : avg && sym80 ? 1.1 : nan));
    out.add(c.ratio("CLOVE-INT vs CLOVE-ECN", ECN, INT, avg && asym70 ? 1.2 : avg && sym80 ? 1.1 : nan));
    out.add(c.share("share of the ECMP-to-CONGA gain captured by CLOVE-ECN", ECN,
        asym70 ? 0.80 : avg && sym80 ? 0.82 : nan));
    out.add(c.share("share of the ECMP-to-CONGA gain captured by CLOVE-INT", INT, avg && asym70 ? 0.95 : nan));
  }

  /** The cells of one fabric, load and metric. */
  private record Context(Results results, String fabric, double load, Metric metric) {

    double mean(String scheme) {
      Results.Cell cell = results.cell(fabric, scheme, load);
      return cell == null ? Double.NaN : metric.mean.applyAsDouble(cell);
    }

    Map<Long, Double> perSeed(String scheme) {
      return results.perSeedMs(fabric, scheme, load, metric.perSeedNanos);
    }

    /** "{@code better} vs {@code worse}": FCT(worse) / FCT(better). */
    Headline ratio(String claim, String worse, String better, double paper) {
      double ours = mean(worse) / mean(better);
      double[] range = seedRange(worse, better, (w, b, e, g) -> w / b);
      return new Headline(fabric, load, metric.label, claim, ours, paper, false, range[0], range[1],
          Double.isNaN(ours) ? Missing.SCHEME_NOT_RUN : null);
    }

    Headline share(String claim, String scheme, double paper) {
      double ecmp = mean(ECMP);
      double conga = mean(CONGA);
      double ours = (ecmp - mean(scheme)) / (ecmp - conga);
      if (Double.isNaN(ours)) {
        return new Headline(fabric, load, metric.label, claim, nan(), paper, true, nan(), nan(),
            Missing.SCHEME_NOT_RUN);
      }
      if (!separated(results.cell(fabric, ECMP, load), results.cell(fabric, CONGA, load))) {
        return new Headline(fabric, load, metric.label, claim, nan(), paper, true, nan(), nan(),
            Missing.WITHIN_SPREAD);
      }
      double[] range = seedRange(scheme, scheme, (s, unused, e, g) -> (e - s) / (e - g));
      return new Headline(fabric, load, metric.label, claim, ours, paper, true, range[0], range[1], null);
    }

    /** Whether two cells have a spread and their ranges over seeds do not overlap. */
    boolean separated(Results.Cell a, Results.Cell b) {
      if (!a.hasSpread() || !b.hasSpread()) {
        return false;
      }
      return metric.max.applyAsDouble(a) < metric.min.applyAsDouble(b)
          || metric.max.applyAsDouble(b) < metric.min.applyAsDouble(a);
    }

    /** The lowest and highest per-seed value of {@code f(x, y, ecmp, conga)} over seeds that all four have. */
    double[] seedRange(String x, String y, SeedFunction f) {
      Map<Long, Double> xs = perSeed(x);
      Map<Long, Double> ys = perSeed(y);
      Map<Long, Double> ecmps = perSeed(ECMP);
      Map<Long, Double> congas = perSeed(CONGA);
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      int n = 0;
      for (Map.Entry<Long, Double> e : xs.entrySet()) {
        Double yv = ys.get(e.getKey());
        if (yv == null) {
          continue;
        }
        double v = f.apply(e.getValue(), yv, ecmps.getOrDefault(e.getKey(), Double.NaN),
            congas.getOrDefault(e.getKey(), Double.NaN));
        if (Double.isNaN(v)) {
          continue;
        }
        min = Math.min(min, v);
        max = Math.max(max, v);
        n++;
      }
      return n < 2 ? new double[] {Double.NaN, Double.NaN} : new double[] {min, max};
    }

    private static double nan() {
      return Double.NaN;
    }
  }

  /** A per-seed comparison of two schemes' values, given that seed's ECMP and CONGA values. */
  @FunctionalInterface
  private interface SeedFunction {
    double apply(double x, double y, double ecmp, double conga);
  }

  /** The load closest to {@code target} within 5 points, or null. */
  static Double nearest(List<Double> loads, double target) {
    Double best = null;
    for (double load : loads) {
      if (Math.abs(load - target) <= 0.05 + 1e-9
          && (best == null || Math.abs(load - target) < Math.abs(best - target))) {
        best = load;
      }
    }
    return best;
  }
}
