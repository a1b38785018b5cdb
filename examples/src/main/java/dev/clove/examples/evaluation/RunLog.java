// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.examples.evaluation;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * The evaluation's durable record: one CSV row per finished simulation ({@value #RUNS}), appended and flushed
 * as soon as it finishes, the mice FCTs that Figure 3 needs ({@value #MICE}), and how long each simulation took
 * on this machine ({@value #TIMINGS}). A long run that is stopped keeps everything it finished, and
 * {@code --resume} picks up from it: points already in the log (same fabric, scheme, load, seed and flow count)
 * are not simulated again.
 *
 * <p>When a run finishes, {@link #rewrite} writes the files again in the sweep's canonical point order and with
 * only that run's points, so that {@value #RUNS} and {@value #MICE} depend on the results alone, not on threads,
 * completion order or sharding. Wall times vary from run to run, which is why they live in {@value #TIMINGS} and
 * not in {@value #RUNS}.
 *
 * <p>Values are written with {@link Double#toString}, which reads back exactly, so resumed and merged results are
 * the results the simulations produced.
 *
 * <p>Threading: {@link #append} is synchronized and may be called from any simulation thread.
 */
final class RunLog {
  static final String RUNS = "runs.csv";
  static final String MICE = "mice-fct.csv";
  static final String TIMINGS = "timings.csv";
  private static final String[] RUN_HEADER = {"fabric", "scheme", "load", "seed", "flows", "avg_fct_ns",
      "p99_mice_fct_ns", "completed", "unfinished", "drops", "timeouts", "events"};
  private static final String[] MICE_HEADER = {"fabric", "scheme", "load", "seed", "flows", "fct_ns"};
  private static final String[] TIMING_HEADER = {"fabric", "scheme", "load", "seed", "flows", "wall_ns"};

  private final Path dir;
  private final Map<String, PointResult> previous;

  /** Opens the log in {@code dir}: continues it if {@code resume}, else starts it afresh. */
  RunLog(Path dir, boolean resume) throws IOException {
    this.dir = dir;
    if (resume && Files.exists(dir.resolve(RUNS))) {
      previous = read(dir);
    } else {
      previous = new HashMap<>();
      start(dir.resolve(RUNS), RUN_HEADER);
      start(dir.resolve(MICE), MICE_HEADER);
      start(dir.resolve(TIMINGS), TIMING_HEADER);
    }
  }

  /** The result logged earlier for {@code point} at {@code flows} flows, or null. */
  PointResult previous(Point point, int flows) {
    return previous.get(key(point, flows));
  }

  /** How many results the log held when it was opened. */
  int previousCount() {
    return previous.size();
  }

  synchronized void append(PointResult r, int flows) {
    try {
      append(dir.resolve(RUNS), List.of(runRecord(r, flows)));
      append(dir.resolve(MICE), miceRecords(r, flows));
      append(dir.resolve(TIMINGS), List.of(timingRecord(r, flows)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Replaces the log in {@code dir} by {@code results}, in the order given (the sweep's canonical order). Each
   * file is written beside the old one and moved over it, so a crash leaves either the old or the new file.
   */
  static void rewrite(Path dir, List<PointResult> results, int flows) throws IOException {
    List<List<Object>> runs = new ArrayList<>();
    List<List<Object>> mice = new ArrayList<>();
    List<List<Object>> timings = new ArrayList<>();
    for (PointResult r : results) {
      runs.add(runRecord(r, flows));
      mice.addAll(miceRecords(r, flows));
      timings.add(timingRecord(r, flows));
    }
    replace(dir.resolve(RUNS), RUN_HEADER, runs);
    replace(dir.resolve(MICE), MICE_HEADER, mice);
    replace(dir.resolve(TIMINGS), TIMING_HEADER, timings);
  }

  /**
   * Every result logged in {@code dir}, by point and flow count. Mice FCTs and wall times are optional (a log
   * from before {@value #TIMINGS} existed reads with zero wall times).
   */
  static Map<String, PointResult> read(Path dir) throws IOException {
    Path runs = dir.resolve(RUNS);
    Path mice = dir.resolve(MICE);
    Path timings = dir.resolve(TIMINGS);
    Map<String, List<Long>> miceByKey = new HashMap<>();
    if (Files.exists(mice)) {
      for (CSVRecord rec : records(mice)) {
        miceByKey.computeIfAbsent(key(point(rec), Integer.parseInt(rec.get("flows"))), k -> new ArrayList<>())
            .add(Long.parseLong(rec.get("fct_ns")));
      }
    }
    Map<String, Long> wallByKey = new HashMap<>();
    if (Files.exists(timings)) {
      for (CSVRecord rec : records(timings)) {
        wallByKey.put(key(point(rec), Integer.parseInt(rec.get("flows"))), Long.parseLong(rec.get("wall_ns")));
      }
    }
    Map<String, PointResult> results = new HashMap<>();
    for (CSVRecord rec : records(runs)) {
      Point p = point(rec);
      int flows = Integer.parseInt(rec.get("flows"));
      String key = key(p, flows);
      long[] m = miceByKey.getOrDefault(key, List.of()).stream().mapToLong(Long::longValue).toArray();
      long wall = wallByKey.getOrDefault(key, rec.isSet("wall_ns") ? Long.parseLong(rec.get("wall_ns")) : 0L);
      results.put(key, new PointResult(p, Double.parseDouble(rec.get("avg_fct_ns")),
          Double.parseDouble(rec.get("p99_mice_fct_ns")), m, Integer.parseInt(rec.get("completed")),
          Integer.parseInt(rec.get("unfinished")), Long.parseLong(rec.get("drops")),
          Long.parseLong(rec.get("timeouts")), Long.parseLong(rec.get("events")), wall));
    }
    return results;
  }

  /** The key of {@link #read}'s map. */
  static String key(Point p, int flows) {
    return p.fabric() + "|" + p.scheme() + "|" + p.load() + "|" + p.seed() + "|" + flows;
  }

  private static List<Object> runRecord(PointResult r, int flows) {
    Point p = r.point();
    return List.of(p.fabric(), p.scheme(), Double.toString(p.load()), p.seed(), flows,
        Double.toString(r.avgFctNanos()), Double.toString(r.p99MiceNanos()), r.completed(), r.unfinished(),
        r.drops(), r.timeouts(), r.events());
  }

  private static List<List<Object>> miceRecords(PointResult r, int flows) {
    Point p = r.point();
    List<List<Object>> rows = new ArrayList<>(r.miceFctNanos().length);
    for (long fct : r.miceFctNanos()) {
      rows.add(List.of(p.fabric(), p.scheme(), Double.toString(p.load()), p.seed(), flows, fct));
    }
    return rows;
  }

  private static List<Object> timingRecord(PointResult r, int flows) {
    Point p = r.point();
    return List.of(p.fabric(), p.scheme(), Double.toString(p.load()), p.seed(), flows, r.wallNanos());
  }

  private static List<CSVRecord> records(Path file) throws IOException {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).getRecords();
    }
  }

  private static Point point(CSVRecord rec) {
    return new Point(rec.get("fabric"), rec.get("scheme"), Double.parseDouble(rec.get("load")),
        Long.parseLong(rec.get("seed")));
  }

  private static void start(Path file, String[] header) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT)) {
      csv.printRecord((Object[]) header);
    }
  }

  private static void append(Path file, List<List<Object>> rows) throws IOException {
    if (rows.isEmpty()) {
      return;
    }
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND); CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT)) {
      for (List<Object> row : rows) {
        csv.printRecord(row);
      }
    }
  }

  private static void replace(Path file, String[] header, List<List<Object>> rows) throws IOException {
    Path fresh = file.resolveSibling(file.getFileName() + ".new");
    try (Writer w = Files.newBufferedWriter(fresh, StandardCharsets.UTF_8);
        CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT)) {
      csv.printRecord((Object[]) header);
      for (List<Object> row : rows) {
        csv.printRecord(row);
      }
    }
    try {
      Files.move(fresh, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(fresh, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
