package dev.clove.examples.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The comparisons the paper draws from Figures 2 and 3, computed from our results, each beside the paper's number
 * where the paper gives one (section 3.1 for the symmetric fabric at 80% load, 3.2 and Figure 3 for the asymmetric
 * fabric at 70% load; the abstract for CLOVE-INT's share).
 *
 * <p>"X is r times better than Y" is the ratio FCT(Y) / FCT(X). The share of the ECMP-to-CONGA gain that a scheme
 * captures is (FCT(ECMP) - FCT(scheme)) / (FCT(ECMP) - FCT(CONGA)).
 *
 * <p>Threading: static functions of immutable inputs.
 */
public final class Headlines {
  private Headlines() {}

  /** One comparison; {@code paper} is NaN where the paper states no number for that fabric and load. */
  public record Headline(String fabric, double load, String metric, String claim, double ours, double paper,
      boolean isShare) {

    /** The value formatted as the paper states it: a ratio "2.1x" or a share "78%". */
    public String format(double value) {
      if (Double.isNaN(value)) {
        return "-";
      }
      return isShare ? String.format("%.0f%%", 100 * value) : String.format("%.2fx", value);
    }
  }

  static final String ECMP = "ecmp";
  static final String EDGE = "edge-flowlet";
  static final String ECN = "clove-ecn";
  static final String INT = "clove-int";
  static final String CONGA = "conga";

  /** The headline comparisons at 70% and 80% load on every fabric that has the schemes they need. */
  public static List<Headline> compute(Results results) {
    List<Headline> out = new ArrayList<>();
    for (String fabric : results.fabrics()) {
      for (double target : new double[] {0.7, 0.8}) {
        Double load = nearest(results.loads(fabric), target);
        if (load == null) {
          continue;
        }
        add(out, results, fabric, load, "average FCT", Results.Cell::avgFctMs);
        add(out, results, fabric, load, "p99 FCT of mice", Results.Cell::p99MiceMs);
      }
    }
    return out;
  }

  private static void add(List<Headline> out, Results results, String fabric, double load, String metric,
      ToDoubleFunction<Results.Cell> value) {
    double ecmp = value(results, fabric, ECMP, load, value);
    double edge = value(results, fabric, EDGE, load, value);
    double ecn = value(results, fabric, ECN, load, value);
    double in = value(results, fabric, INT, load, value);
    double conga = value(results, fabric, CONGA, load, value);
    boolean avg = metric.startsWith("average");
    boolean asym70 = fabric.equals("asymmetric") && Math.abs(load - 0.7) < 1e-9;
    boolean sym80 = fabric.equals("symmetric") && Math.abs(load - 0.8) < 1e-9;
    double nan = Double.NaN;
    out.add(new Headline(fabric, load, metric, "CLOVE-ECN vs ECMP", ecmp / ecn,
        avg && asym70 ? 3.0 : avg && sym80 ? 1.4 : nan, false));
    out.add(new Headline(fabric, load, metric, "CLOVE-ECN vs Edge-Flowlet", edge / ecn,
        avg && asym70 ? 1.8 : avg && sym80 ? 1.2 : nan, false));
    out.add(new Headline(fabric, load, metric, "CONGA vs CLOVE-ECN", ecn / conga,
        avg && asym70 ? 1.2 : avg && sym80 ? 1.1 : nan, false));
    out.add(new Headline(fabric, load, metric, "CLOVE-INT vs CLOVE-ECN", ecn / in,
        avg && asym70 ? 1.2 : avg && sym80 ? 1.1 : nan, false));
    out.add(new Headline(fabric, load, metric, "share of the ECMP-to-CONGA gain captured by CLOVE-ECN",
        (ecmp - ecn) / (ecmp - conga), asym70 ? 0.80 : avg && sym80 ? 0.82 : nan, true));
    out.add(new Headline(fabric, load, metric, "share of the ECMP-to-CONGA gain captured by CLOVE-INT",
        (ecmp - in) / (ecmp - conga), avg && asym70 ? 0.95 : nan, true));
  }

  private static double value(Results results, String fabric, String scheme, double load,
      ToDoubleFunction<Results.Cell> value) {
    Results.Cell cell = results.cell(fabric, scheme, load);
    return cell == null ? Double.NaN : value.applyAsDouble(cell);
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
