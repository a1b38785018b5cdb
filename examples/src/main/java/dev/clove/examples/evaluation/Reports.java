// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.examples.evaluation;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Renders {@link Results}: Markdown tables (also printed to the terminal), CSV, PNG and SVG charts of Figures 2b,
 * 2c and 3, and the headline comparisons.
 *
 * <p>Threading: static methods; call from one thread.
 */
public final class Reports {
  private Reports() {}

  /** Display names in the paper's wording. */
  static final Map<String, String> DISPLAY = Map.ofEntries(
      Map.entry("ecmp", "ECMP"), Map.entry("edge-flowlet", "Edge-Flowlet"), Map.entry("clove-ecn", "CLOVE-ECN"),
      Map.entry("clove-int", "CLOVE-INT"), Map.entry("conga", "CONGA"),
      Map.entry("clove-ecn-hops", "CLOVE-ECN-hops"), Map.entry("clove-int-hops", "CLOVE-INT-hops"),
      Map.entry("clove-ecn-graded", "CLOVE-ECN-graded"), Map.entry("clove-ecn-graded-hops", "CLOVE-ECN-graded-hops"),
      Map.entry("edge-flowlet-adaptive", "Edge-Flowlet (adaptive gap)"),
      Map.entry("clove-ecn-adaptive", "CLOVE-ECN (adaptive gap)"), Map.entry("plb", "PLB"),
      Map.entry("hermes", "Hermes"), Map.entry("plb-no-forced", "PLB (no forced repath)"),
      Map.entry("hermes-no-reroute", "Hermes (no mid-flowlet reroute)"));

  static String display(String scheme) {
    return DISPLAY.getOrDefault(scheme, scheme);
  }

  /**
   * A Markdown table per fabric and metric: schemes down, loads across. With two or more seeds each cell shows the
   * mean over seeds and, in brackets, the lowest and highest seed's value.
   */
  public static String tables(Results results) {
    StringBuilder sb = new StringBuilder();
    for (String fabric : results.fabrics()) {
      sb.append(table(results, fabric, "Average FCT (ms)", Results.Cell::avgFctMs, Results.Cell::avgFctMsMin,
          Results.Cell::avgFctMsMax));
      sb.append(table(results, fabric, "99th-percentile FCT of mice < 100 KB (ms)", Results.Cell::p99MiceMs,
          Results.Cell::p99MiceMsMin, Results.Cell::p99MiceMsMax));
    }
    return sb.toString();
  }

  private static String table(Results results, String fabric, String title, ToDoubleFunction<Results.Cell> v,
      ToDoubleFunction<Results.Cell> min, ToDoubleFunction<Results.Cell> max) {
    List<Double> loads = results.loads(fabric);
    boolean spread = loads.stream().anyMatch(l -> results.schemes().stream()
        .map(s -> results.cell(fabric, s, l)).anyMatch(c -> c != null && c.hasSpread()));
    StringBuilder sb = new StringBuilder();
    sb.append("### ").append(capitalized(fabric)).append(" fabric: ").append(title).append("\n\n");
    if (spread) {
      sb.append("Mean over seeds, [lowest, highest] seed in brackets.\n\n");
    }
    sb.append("| scheme |");
    loads.forEach(l -> sb.append(' ').append(Math.round(l * 100)).append("% |"));
    sb.append("\n|---|");
    loads.forEach(l -> sb.append("---:|"));
    sb.append('\n');
    for (String scheme : results.schemes()) {
      sb.append("| ").append(display(scheme)).append(" |");
      for (double load : loads) {
        Results.Cell cell = results.cell(fabric, scheme, load);
        sb.append(' ').append(cell == null ? "-" : number(v.applyAsDouble(cell)));
        if (cell != null && cell.hasSpread()) {
          sb.append(" [").append(number(min.applyAsDouble(cell))).append(", ")
              .append(number(max.applyAsDouble(cell))).append(']');
        }
        if (cell != null && cell.unfinished() > 0) {
          sb.append(" (").append(cell.unfinished()).append(" unfinished)");
        }
        sb.append(" |");
      }
      sb.append('\n');
    }
    return sb.append('\n').toString();
  }

  private static String number(double ms) {
    return String.format(Locale.ROOT, "%.3f", ms);
  }

  /** The headline comparisons as a Markdown table, ours beside the paper's, with a note on what n/a means. */
  public static String headlines(List<Headlines.Headline> headlines) {
    StringBuilder sb = new StringBuilder("| fabric | load | metric | comparison | ours | seed by seed | paper |\n"
        + "|---|---:|---|---|---:|---:|---:|\n");
    boolean anyNa = false;
    for (Headlines.Headline h : headlines) {
      if (h.missing() == Headlines.Missing.SCHEME_NOT_RUN && Double.isNaN(h.paper())) {
        continue; // a scheme it needs was not run, and the paper states nothing here either
      }
      anyNa |= h.missing() == Headlines.Missing.WITHIN_SPREAD;
      sb.append(String.format(Locale.ROOT, "| %s | %d%% | %s | %s | %s | %s | %s |%n", h.fabric(),
          Math.round(h.load() * 100), h.metric(), h.claim(), h.formatOurs(), h.formatSeedRange(),
          h.format(h.paper())));
    }
    sb.append("\n\"ours\" compares the means over seeds; \"seed by seed\" is the lowest and highest value of the "
        + "same comparison within one seed (needs two or more seeds).\n");
    if (anyNa) {
      sb.append("n/a: ECMP and CONGA are not separated beyond the spread across seeds (their ranges overlap, or "
          + "one seed leaves the spread unknown), so the ECMP-to-CONGA gain, the share's denominator, cannot be "
          + "told from noise. Run more seeds (--seeds) to judge it.\n");
    }
    return sb.toString();
  }

  /**
   * One simulation's counters as {@code name,value} rows: every library counter summed over the hosts (by its
   * name), the run's totals ({@code run.drops}, {@code run.ce_marks}, {@code run.data_packets},
   * {@code run.reordered_arrivals}, {@code run.retransmits}, {@code run.timeouts}, {@code run.flows_completed}), and
   * per link {@code link.<name>.bytes}, {@code .drops} and {@code .ce_marks}.
   */
  static void writeCounters(dev.clove.testkit.sim.RunSummary summary, Writer writer) throws IOException {
    CSVPrinter csv = new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setHeader("name", "value").get());
    for (dev.clove.api.Counter counter : dev.clove.api.Counter.values()) {
      csv.printRecord(counter.name(), summary.counter(counter));
    }
    csv.printRecord("run.drops", summary.drops());
    csv.printRecord("run.ce_marks", summary.ecnMarks());
    csv.printRecord("run.data_packets", summary.dataPacketsSent());
    csv.printRecord("run.reordered_arrivals", summary.reorderedArrivals());
    csv.printRecord("run.retransmits", summary.retransmits());
    csv.printRecord("run.timeouts", summary.timeouts());
    csv.printRecord("run.flows_completed", summary.flowsCompleted());
    for (dev.clove.testkit.sim.RunSummary.LinkStats link : summary.links()) {
      csv.printRecord("link." + link.name() + ".bytes", link.bytes());
      csv.printRecord("link." + link.name() + ".drops", link.drops());
      csv.printRecord("link." + link.name() + ".ce_marks", link.ceMarks());
    }
    csv.flush();
  }

  /** Every cell as one CSV row. */
  public static void writeCsv(Results results, Path file) {
    try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        CSVPrinter csv = new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setHeader("fabric", "scheme",
            "load", "seeds", "avg_fct_ms", "avg_fct_ms_min", "avg_fct_ms_max", "p99_mice_fct_ms",
            "p99_mice_fct_ms_min", "p99_mice_fct_ms_max", "unfinished", "drops", "timeouts").get())) {
      for (String fabric : results.fabrics()) {
        for (String scheme : results.schemes()) {
          for (double load : results.loads(fabric)) {
            Results.Cell c = results.cell(fabric, scheme, load);
            if (c != null) {
              csv.printRecord(fabric, scheme, load, c.seeds(), c.avgFctMs(), c.avgFctMsMin(), c.avgFctMsMax(),
                  c.p99MiceMs(), c.p99MiceMsMin(), c.p99MiceMsMax(), c.unfinished(), c.drops(), c.timeouts());
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Figure 2b/2c: average FCT against load, one line per scheme. Returns the files written. */
  public static List<Path> averageFctChart(Results results, String fabric, Path dir, String caption) {
    return save(averageFctChartOf(results, fabric, caption), dir.resolve("avg-fct-" + fabric));
  }

  /**
   * The chart of Figure 2b/2c: one line per scheme with its own marker and colour, and, with two or more seeds,
   * an error bar per point from the lowest to the highest seed. XChart draws symmetric error bars, so the range is
   * a second series per scheme (centred on the range, not in the legend) drawn in the scheme's colour without a
   * line or marker; the mean keeps its marker. With error bars the schemes are set slightly apart along the load
   * axis so that overlapping bars stay readable.
   */
  static XYChart averageFctChartOf(Results results, String fabric, String caption) {
    XYChart chart = new XYChartBuilder().width(800).height(520)
        .title("Average FCT, " + fabric + " fabric" + caption).xAxisTitle("load (%)")
        .yAxisTitle("average FCT (ms)").build();
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
    chart.getStyler().setYAxisDecimalPattern("0.##");
    chart.getStyler().setYAxisTickMarkSpacingHint(90);
    chart.getStyler().setXAxisDecimalPattern("0");
    chart.getStyler().setErrorBarsColorSeriesColor(true);
    List<Double> loads = results.loads(fabric);
    boolean anySpread = loads.stream().anyMatch(l -> results.schemes().stream()
        .map(s -> results.cell(fabric, s, l)).anyMatch(c -> c != null && c.hasSpread()));
    // With error bars, each scheme is drawn slightly beside the load (at most a tenth of the gap between loads
    // either way) so that the bars of different schemes do not hide one another.
    double gap = 10;
    for (int i = 1; i < loads.size(); i++) {
      gap = Math.min(gap, 100 * (loads.get(i) - loads.get(i - 1)));
    }
    int count = results.schemes().size();
    for (int index = 0; index < count; index++) {
      String scheme = results.schemes().get(index);
      double dodge = anySpread && count > 1 ? gap * 0.2 * (index / (count - 1.0) - 0.5) : 0;
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      List<Double> mids = new ArrayList<>();
      List<Double> halves = new ArrayList<>();
      boolean spread = false;
      for (double load : loads) {
        Results.Cell cell = results.cell(fabric, scheme, load);
        if (cell != null) {
          xs.add(load * 100 + dodge);
          ys.add(cell.avgFctMs());
          mids.add((cell.avgFctMsMin() + cell.avgFctMsMax()) / 2);
          halves.add((cell.avgFctMsMax() - cell.avgFctMsMin()) / 2);
          spread |= cell.hasSpread();
        }
      }
      if (xs.isEmpty()) {
        continue;
      }
      Color color = color(scheme, results.schemes());
      XYSeries mean = chart.addSeries(display(scheme), xs, ys);
      mean.setMarker(marker(scheme, results.schemes()));
      mean.setMarkerColor(color);
      mean.setLineColor(color);
      if (spread) {
        XYSeries range = chart.addSeries(display(scheme) + " " + RANGE_SUFFIX, xs, mids, halves);
        range.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        range.setMarker(SeriesMarkers.NONE);
        range.setLineColor(color);
        range.setMarkerColor(color);
        range.setShowInLegend(false);
      }
    }
    return chart;
  }

  /** Names the hidden series that carry a scheme's error bars. */
  static final String RANGE_SUFFIX = "(range over seeds)";

  /** One marker per scheme, the same in every chart; schemes outside the five cycle through the rest. */
  private static final List<Marker> MARKERS = List.of(SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND,
      SeriesMarkers.TRIANGLE_UP, SeriesMarkers.CIRCLE, SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CROSS,
      SeriesMarkers.PLUS, SeriesMarkers.TRAPEZOID);
  private static final List<Color> COLORS = List.of(new Color(0x00, 0x00, 0x00), new Color(0xE6, 0x9F, 0x00),
      new Color(0x00, 0x72, 0xB2), new Color(0x00, 0x9E, 0x73), new Color(0xD5, 0x5E, 0x00),
      new Color(0xCC, 0x79, 0xA7), new Color(0x56, 0xB4, 0xE9), new Color(0xF0, 0xE4, 0x42));

  static Marker marker(String scheme, List<String> schemes) {
    return MARKERS.get(styleIndex(scheme, schemes) % MARKERS.size());
  }

  static Color color(String scheme, List<String> schemes) {
    return COLORS.get(styleIndex(scheme, schemes) % COLORS.size());
  }

  /** The paper's five keep fixed styles whatever subset is run; others follow them in the order asked. */
  private static int styleIndex(String scheme, List<String> schemes) {
    int known = Evaluation.ALL_SCHEMES.indexOf(scheme);
    if (known >= 0) {
      return known;
    }
    return Evaluation.ALL_SCHEMES.size() + schemes.stream().filter(s -> !Evaluation.ALL_SCHEMES.contains(s))
        .toList().indexOf(scheme);
  }

  /** Figure 3: CDF of mice FCTs, pooled over seeds, one line per scheme. */
  public static List<Path> miceCdfChart(Map<String, long[]> miceFctsByScheme, String title, Path file) {
    XYChart chart = new XYChartBuilder().width(800).height(520).title(title).xAxisTitle("FCT (ms, log scale)")
        .yAxisTitle("CDF").build();
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisMax(1.0);
    chart.getStyler().setYAxisDecimalPattern("0.##");
    miceFctsByScheme.forEach((scheme, fcts) -> {
      if (fcts.length == 0) {
        return;
      }
      long[] sorted = fcts.clone();
      Arrays.sort(sorted);
      int points = Math.min(400, sorted.length);
      double[] xs = new double[points];
      double[] ys = new double[points];
      for (int i = 0; i < points; i++) {
        int rank = (int) ((long) (i + 1) * sorted.length / points) - 1;
        xs[i] = Math.max(sorted[rank], 1) / 1e6;
        ys[i] = (rank + 1) / (double) sorted.length;
      }
      XYSeries series = chart.addSeries(display(scheme), xs, ys);
      series.setMarker(SeriesMarkers.NONE);
      series.setLineColor(color(scheme, List.copyOf(miceFctsByScheme.keySet())));
    });
    return save(chart, file);
  }

  private static List<Path> save(XYChart chart, Path base) {
    try {
      BitmapEncoder.saveBitmap(chart, base.toString(), BitmapEncoder.BitmapFormat.PNG);
      VectorGraphicsEncoder.saveVectorGraphic(chart, base.toString(),
          VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.of(Path.of(base + ".png"), Path.of(base + ".svg"));
  }

  static String capitalized(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
