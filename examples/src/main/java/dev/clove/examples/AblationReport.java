// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

/*
 * The ablation table of issue #15: every scheme against Edge-Flowlet, regime by regime, with the counters that
 * explain it. It reads evaluation folders written with --counters-csv (one folder per regime, each run with the same
 * schemes, loads and seeds) and prints one Markdown table per regime and load, then a verdict per scheme.
 *
 * Run: java -cp examples/target/clove-evaluation.jar dev.clove.examples.AblationReport \
 *          --regime "a=DIR@S1->L1#1" --regime "d=DIR" [--baseline edge-flowlet]
 */
package dev.clove.examples;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints the ablation tables from evaluation folders written with {@code --counters-csv}. */
@Command(name = "ablation-report", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Compares every scheme with a baseline (Edge-Flowlet by default) in each regime's evaluation "
        + "folder, with the counters that explain the differences, and prints Markdown.")
public final class AblationReport implements Callable<Integer> {

  @Option(names = "--regime", required = true, paramLabel = "NAME=DIR[+DIR...][@LINK]",
      description = "A regime: its name, the --out folder of its evaluation run (with --counters-csv), and "
          + "optionally the weak link whose share of the bytes into its leaf to report, e.g. a=runs/a@S1->L1#1. "
          + "Further folders after '+' add schemes, or replace the runs of a scheme the earlier ones had (a re-run). "
          + "Repeatable; printed in the order given.")
  List<String> regimes;

  @Option(names = "--baseline", paramLabel = "SCHEME", description = "The scheme to compare with (default "
      + "edge-flowlet).")
  String baseline = "edge-flowlet";

  /** One simulation: its FCTs and its counters. */
  record Run(String scheme, double load, long seed, double avgFctMs, double p99MiceMs, long unfinished,
      Map<String, Long> counters) {
    long counter(String name) {
      return counters.getOrDefault(name, 0L);
    }
  }

  /** One regime's runs. */
  record Regime(String name, Path dir, String weakLink, List<Run> runs) {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new AblationReport()).execute(args));
  }

  @Override
  public Integer call() {
    List<Regime> parsed = new ArrayList<>();
    for (String spec : regimes) {
      parsed.add(read(spec));
    }
    StringBuilder out = new StringBuilder();
    Map<String, List<double[]>> verdicts = new LinkedHashMap<>();
    for (Regime regime : parsed) {
      appendRegime(out, regime, verdicts);
    }
    appendVerdicts(out, verdicts);
    System.out.print(out);
    return 0;
  }

  static Regime read(String spec) {
    int eq = spec.indexOf('=');
    if (eq <= 0) {
      throw new CommandLine.ParameterException(new CommandLine(new AblationReport()),
          "--regime must be NAME=DIR[+DIR...][@LINK], was '" + spec + "'");
    }
    String name = spec.substring(0, eq);
    String rest = spec.substring(eq + 1);
    int at = rest.indexOf('@');
    String weak = at < 0 ? null : rest.substring(at + 1);
    String[] dirs = (at < 0 ? rest : rest.substring(0, at)).split("\\+");
    Path dir = Path.of(dirs[0]);
    Map<String, List<Run>> byScheme = new LinkedHashMap<>(); // a re-run replaces a scheme's runs in its place
    for (String d : dirs) {
      Map<String, List<Run>> more = new LinkedHashMap<>();
      for (Run r : runs(Path.of(d))) {
        more.computeIfAbsent(r.scheme(), k -> new ArrayList<>()).add(r);
      }
      byScheme.putAll(more);
    }
    List<Run> runs = new ArrayList<>();
    byScheme.values().forEach(runs::addAll);
    return new Regime(name, dir, weak, runs);
  }

  /** The runs of one evaluation folder, with their counters. */
  static List<Run> runs(Path dir) {
    List<Run> runs = new ArrayList<>();
    for (CSVRecord r : records(dir.resolve("runs.csv"))) {
      String scheme = r.get("scheme");
      double load = Double.parseDouble(r.get("load"));
      long seed = Long.parseLong(r.get("seed"));
      String file = String.format(Locale.ROOT, "%s-%s-load%d-seed%d.csv", r.get("fabric"), scheme,
          Math.round(load * 100), seed);
      Map<String, Long> counters = new HashMap<>();
      for (CSVRecord c : records(dir.resolve("counters").resolve(file))) {
        counters.put(c.get("name"), Long.parseLong(c.get("value")));
      }
      runs.add(new Run(scheme, load, seed, Double.parseDouble(r.get("avg_fct_ns")) / 1e6,
          Double.parseDouble(r.get("p99_mice_fct_ns")) / 1e6, Long.parseLong(r.get("unfinished")), counters));
    }
    return runs;
  }

  static List<CSVRecord> records(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader).getRecords();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void appendRegime(StringBuilder out, Regime regime, Map<String, List<double[]>> verdicts) {
    Set<Double> loads = new TreeSet<>();
    Set<String> schemes = new LinkedHashSet<>();
    for (Run r : regime.runs()) {
      loads.add(r.load());
      schemes.add(r.scheme());
    }
    for (double load : loads) {
      out.append(String.format(Locale.ROOT, "%n### Regime %s, %d%% load (%s)%n%n", regime.name(),
          Math.round(load * 100), regime.dir().getFileName()));
      out.append("| scheme | avg FCT ms (seeds) | vs ").append(baseline)
          .append(" (seed range) | p99 mice ms | vs ").append(baseline)
          .append(" (seed range) | new flowlets per flow | CE marks per data packet sent | reordered arrivals per 1k data packets |")
          .append(regime.weakLink() == null ? "" : " weak link's share of bytes into its leaf |")
          .append(" unfinished |\n|---|---|---|---|---|---|---|---|")
          .append(regime.weakLink() == null ? "" : "---|").append("---|\n");
      Map<Long, Run> base = bySeed(regime, baseline, load);
      for (String scheme : schemes) {
        Map<Long, Run> runs = bySeed(regime, scheme, load);
        if (runs.isEmpty()) {
          continue;
        }
        double[] avg = ratios(base, runs, true);
        double[] mice = ratios(base, runs, false);
        if (!scheme.equals(baseline) && !base.isEmpty()) {
          verdicts.computeIfAbsent(scheme, k -> new ArrayList<>()).add(new double[] {avg[0], avg[1], avg[2],
              mice[0], mice[1], mice[2]});
        }
        out.append("| ").append(scheme)
            .append(" | ").append(meanRange(runs, true))
            .append(" | ").append(ratioText(avg))
            .append(" | ").append(meanRange(runs, false))
            .append(" | ").append(ratioText(mice))
            .append(" | ").append(fmt(mean(runs, r -> ratio(r.counter("NEW_FLOWLETS"), r.counter(
                "run.flows_completed")))))
            .append(" | ").append(pct(mean(runs, r -> ratio(r.counter("run.ce_marks"), r.counter(
                "run.data_packets")))))
            .append(" | ").append(fmt(mean(runs, r -> 1000 * ratio(r.counter("run.reordered_arrivals"),
                r.counter("run.data_packets")))));
        if (regime.weakLink() != null) {
          out.append(" | ").append(pct(mean(runs, r -> weakShare(r, regime.weakLink()))));
        }
        out.append(" | ").append(runs.values().stream().mapToLong(Run::unfinished).sum()).append(" |\n");
      }
    }
  }

  /** Per scheme: the worst and best mean ratio over every regime and load, and where all seeds were worse. */
  private void appendVerdicts(StringBuilder out, Map<String, List<double[]>> verdicts) {
    out.append("\n### Every regime and load, against ").append(baseline).append("\n\n")
        .append("| scheme | best mean ratio, avg FCT | best mean ratio, p99 mice | worst mean ratio, avg FCT | "
            + "worst mean ratio, p99 mice | points where every seed was worse (avg / p99 mice) |\n"
            + "|---|---|---|---|---|---|\n");
    for (Map.Entry<String, List<double[]>> e : verdicts.entrySet()) {
      double bestAvg = 0;
      double bestMice = 0;
      double worstAvg = Double.MAX_VALUE;
      double worstMice = Double.MAX_VALUE;
      int allWorseAvg = 0;
      int allWorseMice = 0;
      for (double[] v : e.getValue()) {
        bestAvg = Math.max(bestAvg, v[0]);
        worstAvg = Math.min(worstAvg, v[0]);
        bestMice = Math.max(bestMice, v[3]);
        worstMice = Math.min(worstMice, v[3]);
        allWorseAvg += v[2] < 1 ? 1 : 0;
        allWorseMice += v[5] < 1 ? 1 : 0;
      }
      out.append(String.format(Locale.ROOT, "| %s | %.2fx | %.2fx | %.2fx | %.2fx | %d / %d of %d |%n", e.getKey(),
          bestAvg, bestMice, worstAvg, worstMice, allWorseAvg, allWorseMice, e.getValue().size()));
    }
    out.append("\nA ratio is the baseline's FCT over the scheme's (above 1: the scheme is faster), of the means over "
        + "seeds; a seed range is the same ratio seed by seed. \"Every seed was worse\": the highest seed-by-seed "
        + "ratio is below 1.\n");
  }

  static Map<Long, Run> bySeed(Regime regime, String scheme, double load) {
    Map<Long, Run> m = new LinkedHashMap<>();
    for (Run r : regime.runs()) {
      if (r.scheme().equals(scheme) && r.load() == load) {
        m.put(r.seed(), r);
      }
    }
    return m;
  }

  /** Mean ratio baseline/scheme and its seed-by-seed min and max; NaN if there is no baseline. */
  static double[] ratios(Map<Long, Run> base, Map<Long, Run> runs, boolean avg) {
    double b = 0;
    double s = 0;
    double min = Double.NaN;
    double max = Double.NaN;
    int n = 0;
    for (Map.Entry<Long, Run> e : runs.entrySet()) {
      Run br = base.get(e.getKey());
      if (br == null) {
        continue;
      }
      double bv = avg ? br.avgFctMs() : br.p99MiceMs();
      double sv = avg ? e.getValue().avgFctMs() : e.getValue().p99MiceMs();
      b += bv;
      s += sv;
      double r = bv / sv;
      min = n == 0 ? r : Math.min(min, r);
      max = n == 0 ? r : Math.max(max, r);
      n++;
    }
    return n == 0 ? new double[] {Double.NaN, Double.NaN, Double.NaN} : new double[] {b / s, min, max};
  }

  static String ratioText(double[] r) {
    return Double.isNaN(r[0]) ? "-" : String.format(Locale.ROOT, "%.2fx (%.2f-%.2f)", r[0], r[1], r[2]);
  }

  static String meanRange(Map<Long, Run> runs, boolean avg) {
    double sum = 0;
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (Run r : runs.values()) {
      double v = avg ? r.avgFctMs() : r.p99MiceMs();
      sum += v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    return String.format(Locale.ROOT, "%.1f (%.1f-%.1f)", sum / runs.size(), min, max);
  }

  static double mean(Map<Long, Run> runs, java.util.function.ToDoubleFunction<Run> f) {
    return runs.values().stream().mapToDouble(f).average().orElse(Double.NaN);
  }

  static double ratio(long num, long den) {
    return den == 0 ? Double.NaN : (double) num / den;
  }

  /** Bytes on {@code link} over the bytes on every spine-to-leaf link into the same leaf. */
  static double weakShare(Run r, String link) {
    int arrow = link.indexOf("->");
    int hash = link.indexOf('#');
    String leaf = link.substring(arrow + 2, hash < 0 ? link.length() : hash);
    long weak = r.counter("link." + link + ".bytes");
    long all = 0;
    for (Map.Entry<String, Long> e : r.counters().entrySet()) {
      String k = e.getKey();
      if (k.startsWith("link.S") && k.endsWith(".bytes") && k.contains("->" + leaf + "#")) {
        all += e.getValue();
      }
    }
    return ratio(weak, all);
  }

  static String fmt(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
  }

  static String pct(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
  }
}
