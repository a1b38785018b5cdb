// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.examples.evaluation;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code clove-evaluation merge}: combines the output folders of a sweep's shards ({@code --shard i/n}) into the
 * reports of the whole sweep. It checks that the folders are one shard each of the same sweep, all shards present,
 * each with every point it owns, then writes runs.csv, mice-fct.csv, the tables, results.csv, the charts and
 * summary.md. runs.csv, mice-fct.csv, tables.md and results.csv are byte for byte those of the same sweep run in
 * one piece; summary.md differs only in how the results were produced (commands, date, wall time).
 *
 * <p>Threading: runs on the calling thread.
 */
@Command(name = "merge", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Combines the --out folders of a sharded sweep (--shard i/n) into the reports of the whole "
        + "sweep, as if it had run in one piece."})
final class Merge implements Callable<Integer> {

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--out", paramLabel = "DIR", required = true,
      description = "Folder for the merged reports (not one of the shard folders).")
  Path out;

  @Parameters(paramLabel = "SHARD_DIR", arity = "1..*",
      description = "The shards' --out folders, one per shard, in any order.")
  List<Path> shardDirs;

  @Override
  public Integer call() throws IOException {
    CommandLine cl = spec.commandLine();
    List<String> ignored = spec.root().commandLine().getParseResult().matchedOptions().stream()
        .map(o -> o.longestName()).toList();
    if (!ignored.isEmpty()) {
      throw new CommandLine.ParameterException(cl, "merge: sweep options do not apply to merge (the shards "
          + "recorded their sweep): " + String.join(", ", ignored));
    }
    List<Sweep.Recorded> shards = new ArrayList<>();
    for (Path dir : shardDirs) {
      try {
        shards.add(Sweep.read(dir));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(cl, "merge: " + e.getMessage());
      }
      if (out.toAbsolutePath().normalize().equals(dir.toAbsolutePath().normalize())) {
        throw new CommandLine.ParameterException(cl, "merge: --out '" + out + "' is one of the shard folders; "
            + "name a folder of its own");
      }
    }
    Sweep.Recorded first = shards.get(0);
    Map<Integer, Sweep.Recorded> byIndex = new TreeMap<>();
    for (Sweep.Recorded shard : shards) {
      String difference = first.difference(shard);
      if (difference != null) {
        throw new CommandLine.ParameterException(cl, "merge: '" + shard.dir() + "' is from another sweep than '"
            + first.dir() + "': " + difference);
      }
      if (shard.sweep().shardCount() != first.sweep().shardCount()) {
        throw new CommandLine.ParameterException(cl, "merge: '" + shard.dir() + "' is shard "
            + label(shard.sweep()) + " but '" + first.dir() + "' is shard " + label(first.sweep()));
      }
      Sweep.Recorded twin = byIndex.put(shard.sweep().shardIndex(), shard);
      if (twin != null) {
        throw new CommandLine.ParameterException(cl, "merge: shard " + label(shard.sweep()) + " is given twice: '"
            + twin.dir() + "' and '" + shard.dir() + "'");
      }
    }
    int count = first.sweep().shardCount();
    for (int i = 0; i < count; i++) {
      if (!byIndex.containsKey(i)) {
        throw new CommandLine.ParameterException(cl, "merge: shard " + i + "/" + count + " is missing; give all "
            + count + " shard folders");
      }
    }

    Sweep whole = first.sweep().whole();
    Map<Point, PointResult> found = new HashMap<>();
    for (Sweep.Recorded shard : byIndex.values()) {
      Map<String, PointResult> logged = RunLog.read(shard.dir());
      List<Point> missing = new ArrayList<>();
      for (Point p : shard.sweep().shardPoints()) {
        PointResult r = logged.get(RunLog.key(p, whole.flows()));
        if (r == null) {
          missing.add(p);
        } else {
          found.put(p, r);
        }
      }
      if (!missing.isEmpty()) {
        throw new CommandLine.ParameterException(cl, String.format(Locale.ROOT, "merge: shard %s in '%s' lacks %d "
                + "of its %d simulations (first: %s); finish it with the same command and --resume",
            label(shard.sweep()), shard.dir(), missing.size(), shard.sweep().shardPoints().size(),
            missing.get(0).label()));
      }
    }
    List<PointResult> results = new ArrayList<>();
    whole.points().forEach(p -> results.add(found.get(p)));

    Evaluation.prepareOutput(cl, "--out", out);
    String command = CommandText.of(spec.root().commandLine().getParseResult().expandedArgs());
    RunLog.rewrite(out, results, whole.flows());
    whole.write(out, command);
    List<String> provenance = new ArrayList<>();
    provenance.add("command: `" + command + "`, merging " + count + " shards:");
    for (Sweep.Recorded shard : byIndex.values()) {
      provenance.add("shard " + label(shard.sweep()) + " (`" + shard.dir() + "`): `" + shard.command() + "`, run in `"
          + shard.workingDirectory() + "`");
    }
    provenance.add("working directory: `" + Path.of("").toAbsolutePath() + "`");
    provenance.add("wall time: " + Math.round(results.stream().mapToLong(PointResult::wallNanos).sum() / 1e9)
        + " s of simulation summed over the points, on the shards' machines");
    PrintWriter terminal = cl.getOut();
    Reporting.write(whole, results, out, terminal, provenance);
    terminal.printf(Locale.ROOT, "Merged %d shards (%d simulations) into %s%n", count, results.size(),
        out.toAbsolutePath());
    return 0;
  }

  private static String label(Sweep sweep) {
    return sweep.shardIndex() + "/" + sweep.shardCount();
  }
}
