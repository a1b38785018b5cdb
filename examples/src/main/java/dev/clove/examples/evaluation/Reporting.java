// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.examples.evaluation;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a complete sweep's reports into its output folder: {@value #TABLES} (the tables and headline comparisons,
 * which depend on the results alone), results.csv, the charts, and summary.md (the tables plus how, where and when
 * the results were produced). The same results give byte-identical tables and CSV files whether the sweep ran in
 * one piece or was merged from shards.
 *
 * <p>Threading: static methods; call from one thread.
 */
final class Reporting {
  static final String TABLES = "tables.md";
  static final String SUMMARY = "summary.md";
  static final String RESULTS = "results.csv";

  private Reporting() {}

  /**
   * Writes the reports of {@code sweep} from {@code results} (in canonical order) into {@code out} and prints the
   * tables to {@code terminal}.
   *
   * @param provenance Markdown bullet items, without the bullet, saying how the results were produced (command,
   *     machine, wall time); they head summary.md
   * @return the files written
   */
  static List<Path> write(Sweep sweep, List<PointResult> results, Path out, PrintWriter terminal,
      List<String> provenance) throws IOException {
    Results aggregated = new Results(sweep.schemes(), results);
    String tables = Reports.tables(aggregated);
    String headlineTable = Reports.headlines(Headlines.compute(aggregated));
    terminal.println();
    terminal.println(tables);
    terminal.println("Headline comparisons (ours vs the paper):\n");
    terminal.println(headlineTable);

    List<Path> written = new ArrayList<>();
    Files.writeString(out.resolve(TABLES), tables + "## Headline comparisons\n\n" + headlineTable,
        StandardCharsets.UTF_8);
    written.add(out.resolve(TABLES));
    Reports.writeCsv(aggregated, out.resolve(RESULTS));
    written.add(out.resolve(RESULTS));
    List<Path> charts = new ArrayList<>();
    String sensitivity = sweep.sensitivityLabel();
    String caption = sweep.full() ? (sensitivity.isEmpty() ? "" : " (" + sensitivity + ")")
        : " (quick run" + (sensitivity.isEmpty() ? "" : "; " + sensitivity) + ")";
    for (String f : aggregated.fabrics()) {
      charts.addAll(Reports.averageFctChart(aggregated, f, out, caption));
    }
    Map<String, long[]> mice = figure3Mice(sweep, results);
    if (!mice.isEmpty()) {
      charts.addAll(Reports.miceCdfChart(mice, "FCT of mice (< 100 KB), asymmetric fabric, "
          + Math.round(sweep.figure3Load() * 100) + "% load" + caption, out.resolve("mice-fct-cdf-asymmetric")));
    }
    written.addAll(charts);
    Files.writeString(out.resolve(SUMMARY), summary(sweep, provenance, tables, headlineTable, charts),
        StandardCharsets.UTF_8);
    written.add(out.resolve(SUMMARY));
    return written;
  }

  /** Figure 3's data: each scheme's mice FCTs at the Figure 3 load on the asymmetric fabric, pooled over seeds. */
  private static Map<String, long[]> figure3Mice(Sweep sweep, List<PointResult> results) {
    Map<String, long[]> mice = new LinkedHashMap<>();
    for (String scheme : sweep.schemes()) {
      long[] pooled = results.stream()
          .filter(r -> r.point().scheme().equals(scheme) && r.miceFctNanos().length > 0)
          .flatMapToLong(r -> Arrays.stream(r.miceFctNanos())).toArray();
      if (pooled.length > 0) {
        mice.put(scheme, pooled);
      }
    }
    return mice;
  }

  private static String summary(Sweep sweep, List<String> provenance, String tables, String headlines,
      List<Path> charts) {
    StringBuilder sb = new StringBuilder();
    sb.append("# CLOVE evaluation: ").append(sweep.full() ? "full run" : "QUICK run (reduced scale)")
        .append(sweep.sensitivityLabel().isEmpty() ? "" : "; sensitivity setting: " + sweep.sensitivityLabel())
        .append("\n\n");
    provenance.forEach(line -> sb.append("- ").append(line).append('\n'));
    sb.append("- date: ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append('\n');
    sb.append("- paths: ").append(sweep.discovery() ? "real traceroute discovery in the simulation"
        : "the fabric's distinct paths, as discovery converges to them (simulator oracle)").append('\n');
    sb.append(sweep.loadAndTimeoutLines());
    sb.append(sweep.fabricLine());
    sb.append(sweep.guestTcpLine());
    sb.append("- switch buffers: ").append(sweep.switchBufferPackets() == null
        ? "the simulator's default (100 packets per Gbps)" : sweep.switchBufferPackets() + " packets per Gbps")
        .append('\n');
    Double weight = sweep.ecnQueueWeight();
    sb.append("- ECN marking: ").append(sweep.ecnThresholdPackets() == null
        ? "the simulator's default threshold (20 packets per Gbps)"
        : "threshold " + sweep.ecnThresholdPackets() + " packets per Gbps")
        .append(", on the ").append(weight == null || weight == 1 ? "instantaneous queue"
        : "average queue (weight " + weight + " per arrival)").append('\n');
    sb.append("- scale: ").append(sweep.flows()).append(" flows per point, ").append(sweep.seeds())
        .append(" seed(s) per point (first seed ").append(sweep.firstSeed()).append("), loads ")
        .append(sweep.loads().stream().map(l -> Math.round(l * 100) + "%").toList()).append(", workload ")
        .append(sweep.workload()).append("\n\n");
    sb.append("## Tables\n\n").append(tables);
    sb.append("## Headline comparisons\n\n").append(headlines).append('\n');
    sb.append("## Charts\n\n");
    if (sweep.seeds() > 1) {
      sb.append("Error bars span the lowest to the highest seed.\n\n");
    }
    for (Path chart : charts) {
      if (chart.toString().endsWith(".png")) {
        sb.append("![").append(chart.getFileName()).append("](").append(chart.getFileName()).append(")\n\n");
      }
    }
    return sb.toString();
  }

  /** The machine line of summary.md. */
  static String machine(int threads) {
    return String.format(Locale.ROOT, "machine: %d cores, %s %s, Java %s, %d threads",
        Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
        System.getProperty("java.version"), threads);
  }
}
