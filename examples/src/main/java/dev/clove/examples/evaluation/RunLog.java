package dev.clove.examples.evaluation;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * as soon as it finishes, plus the mice FCTs that Figure 3 needs ({@value #MICE}). A long run that is stopped
 * keeps everything it finished, and {@code --resume} picks up from it: points already in the log (same fabric,
 * scheme, load, seed and flow count) are not simulated again.
 *
 * <p>Values are written with {@link Double#toString}, which reads back exactly, so resumed results are the
 * results the simulations produced.
 *
 * <p>Threading: {@link #append} is synchronized and may be called from any simulation thread.
 */
final class RunLog {
  static final String RUNS = "runs.csv";
  static final String MICE = "mice-fct.csv";
  private static final String[] RUN_HEADER = {"fabric", "scheme", "load", "seed", "flows", "avg_fct_ns",
      "p99_mice_fct_ns", "completed", "unfinished", "drops", "timeouts", "events", "wall_ns"};
  private static final String[] MICE_HEADER = {"fabric", "scheme", "load", "seed", "flows", "fct_ns"};

  private final Path runs;
  private final Path mice;
  private final Map<String, PointResult> previous = new HashMap<>();

  /** Opens the log in {@code dir}: continues it if {@code resume}, else starts it afresh. */
  RunLog(Path dir, boolean resume) throws IOException {
    this.runs = dir.resolve(RUNS);
    this.mice = dir.resolve(MICE);
    if (resume && Files.exists(runs)) {
      load();
    } else {
      write(runs, RUN_HEADER);
      write(mice, MICE_HEADER);
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
    Point p = r.point();
    try (Writer w = Files.newBufferedWriter(runs, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT)) {
      csv.printRecord(p.fabric(), p.scheme(), Double.toString(p.load()), p.seed(), flows,
          Double.toString(r.avgFctNanos()), Double.toString(r.p99MiceNanos()), r.completed(), r.unfinished(),
          r.drops(), r.timeouts(), r.events(), r.wallNanos());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (r.miceFctNanos().length > 0) {
      try (Writer w = Files.newBufferedWriter(mice, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
          CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT)) {
        for (long fct : r.miceFctNanos()) {
          csv.printRecord(p.fabric(), p.scheme(), Double.toString(p.load()), p.seed(), flows, fct);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private void load() throws IOException {
    Map<String, List<Long>> miceByKey = new HashMap<>();
    if (Files.exists(mice)) {
      for (CSVRecord rec : records(mice, MICE_HEADER)) {
        miceByKey.computeIfAbsent(key(point(rec), Integer.parseInt(rec.get("flows"))), k -> new ArrayList<>())
            .add(Long.parseLong(rec.get("fct_ns")));
      }
    }
    for (CSVRecord rec : records(runs, RUN_HEADER)) {
      Point p = point(rec);
      int flows = Integer.parseInt(rec.get("flows"));
      String key = key(p, flows);
      long[] m = miceByKey.getOrDefault(key, List.of()).stream().mapToLong(Long::longValue).toArray();
      previous.put(key, new PointResult(p, Double.parseDouble(rec.get("avg_fct_ns")),
          Double.parseDouble(rec.get("p99_mice_fct_ns")), m, Integer.parseInt(rec.get("completed")),
          Integer.parseInt(rec.get("unfinished")), Long.parseLong(rec.get("drops")),
          Long.parseLong(rec.get("timeouts")), Long.parseLong(rec.get("events")),
          Long.parseLong(rec.get("wall_ns"))));
    }
  }

  private static List<CSVRecord> records(Path file, String[] header) throws IOException {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return CSVFormat.DEFAULT.builder().setHeader(header).setSkipHeaderRecord(true).get().parse(r).getRecords();
    }
  }

  private static Point point(CSVRecord rec) {
    return new Point(rec.get("fabric"), rec.get("scheme"), Double.parseDouble(rec.get("load")),
        Long.parseLong(rec.get("seed")));
  }

  private static String key(Point p, int flows) {
    return p.fabric() + "|" + p.scheme() + "|" + p.load() + "|" + p.seed() + "|" + flows;
  }

  private static void write(Path file, String[] header) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT)) {
      csv.printRecord((Object[]) header);
    }
  }
}
