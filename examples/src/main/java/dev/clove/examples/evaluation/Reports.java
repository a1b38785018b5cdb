package dev.clove.examples.evaluation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
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
  static final Map<String, String> DISPLAY = Map.of(
      "ecmp", "ECMP", "edge-flowlet", "Edge-Flowlet", "clove-ecn", "CLOVE-ECN", "clove-int", "CLOVE-INT",
      "conga", "CONGA");

  static String display(String scheme) {
    return DISPLAY.getOrDefault(scheme, scheme);
  }

  /** A Markdown table per fabric and metric: schemes down, loads across. */
  public static String tables(Results results) {
    StringBuilder sb = new StringBuilder();
    for (String fabric : results.fabrics()) {
      sb.append(table(results, fabric, "Average FCT (ms)", Results.Cell::avgFctMs));
      sb.append(table(results, fabric, "99th-percentile FCT of mice < 100 KB (ms)", Results.Cell::p99MiceMs));
    }
    return sb.toString();
  }

  private static String table(Results results, String fabric, String title, ToDoubleFunction<Results.Cell> v) {
    List<Double> loads = results.loads(fabric);
    StringBuilder sb = new StringBuilder();
    sb.append("### ").append(capitalized(fabric)).append(" fabric: ").append(title).append("\n\n| scheme |");
    loads.forEach(l -> sb.append(' ').append(Math.round(l * 100)).append("% |"));
    sb.append("\n|---|");
    loads.forEach(l -> sb.append("---:|"));
    sb.append('\n');
    for (String scheme : results.schemes()) {
      sb.append("| ").append(display(scheme)).append(" |");
      for (double load : loads) {
        Results.Cell cell = results.cell(fabric, scheme, load);
        sb.append(' ').append(cell == null ? "-" : String.format("%.3f", v.applyAsDouble(cell)));
        if (cell != null && cell.unfinished() > 0) {
          sb.append(" (").append(cell.unfinished()).append(" unfinished)");
        }
        sb.append(" |");
      }
      sb.append('\n');
    }
    return sb.append('\n').toString();
  }

  /** The headline comparisons as a Markdown table, ours beside the paper's. */
  public static String headlines(List<Headlines.Headline> headlines) {
    StringBuilder sb = new StringBuilder("| fabric | load | metric | comparison | ours | paper |\n"
        + "|---|---:|---|---|---:|---:|\n");
    for (Headlines.Headline h : headlines) {
      if (Double.isNaN(h.ours()) && Double.isNaN(h.paper())) {
        continue; // a scheme it needs was not run, and the paper states nothing here either
      }
      sb.append(String.format("| %s | %d%% | %s | %s | %s | %s |%n", h.fabric(), Math.round(h.load() * 100),
          h.metric(), h.claim(), h.format(h.ours()), h.format(h.paper())));
    }
    return sb.toString();
  }

  /** Every cell as one CSV row. */
  public static void writeCsv(Results results, Path file) {
    try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        CSVPrinter csv = new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setHeader("fabric", "scheme",
            "load", "seeds", "avg_fct_ms", "p99_mice_fct_ms", "unfinished", "drops", "timeouts").get())) {
      for (String fabric : results.fabrics()) {
        for (String scheme : results.schemes()) {
          for (double load : results.loads(fabric)) {
            Results.Cell c = results.cell(fabric, scheme, load);
            if (c != null) {
              csv.printRecord(fabric, scheme, load, c.seeds(), c.avgFctMs(), c.p99MiceMs(), c.unfinished(),
                  c.drops(), c.timeouts());
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
    XYChart chart = new XYChartBuilder().width(800).height(520)
        .title("Average FCT, " + fabric + " fabric" + caption).xAxisTitle("load (%)")
        .yAxisTitle("average FCT (ms)").build();
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
    chart.getStyler().setYAxisDecimalPattern("0.##");
    chart.getStyler().setXAxisDecimalPattern("0");
    for (String scheme : results.schemes()) {
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (double load : results.loads(fabric)) {
        Results.Cell cell = results.cell(fabric, scheme, load);
        if (cell != null) {
          xs.add(load * 100);
          ys.add(cell.avgFctMs());
        }
      }
      if (!xs.isEmpty()) {
        chart.addSeries(display(scheme), xs, ys).setMarker(SeriesMarkers.CIRCLE);
      }
    }
    return save(chart, dir.resolve("avg-fct-" + fabric));
  }

  /** Figure 3: CDF of mice FCTs, pooled over seeds, one line per scheme. */
  public static List<Path> miceCdfChart(Map<String, long[]> miceFctsByScheme, String title, Path file) {
    XYChart chart = new XYChartBuilder().width(800).height(520).title(title).xAxisTitle("FCT (ms, log scale)")
        .yAxisTitle("CDF").build();
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisMax(1.0);
    chart.getStyler().setYAxisDecimalPattern("0.0");
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
