// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.examples.evaluation;

import static dev.clove.examples.evaluation.EvaluationCommandTest.assertOneClearLine;
import static dev.clove.examples.evaluation.EvaluationCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sweep split into shards and merged reports exactly what the same sweep reports when run in one piece. */
class ShardMergeTest {

  /** 2 schemes x 2 loads x 2 seeds = 8 points, 20 flows each; 70% load also exercises Figure 3's mice. */
  private static final List<String> SWEEP = List.of("--schemes=ecmp,conga", "--fabric=asymmetric",
      "--loads=60,70", "--seeds=2", "--flows=20");

  private static String[] args(Path out, String... more) {
    return Stream.concat(Stream.concat(SWEEP.stream(), Stream.of("--out=" + out)), Stream.of(more))
        .toArray(String[]::new);
  }

  @Test
  void mergedShardsAreByteForByteTheUnshardedSweep(@TempDir Path tmp) throws IOException {
    Path whole = tmp.resolve("whole");
    assertEquals(0, run(args(whole, "--threads=2")).exitCode());

    int shards = 3; // 8 points do not divide evenly: shards of 3, 3 and 2
    List<String> merge = new ArrayList<>(List.of("merge", "--out=" + tmp.resolve("merged")));
    Set<String> seen = new HashSet<>();
    int[] expectedRows = {3, 3, 2};
    for (int i = 0; i < shards; i++) {
      Path dir = tmp.resolve("shard-" + i);
      EvaluationCommandTest.Outcome shard = run(args(dir, "--shard=" + i + "/" + shards, "--threads=2"));
      assertEquals(0, shard.exitCode(), shard.err());
      List<String> rows = Files.readAllLines(dir.resolve("runs.csv"));
      assertEquals(expectedRows[i], rows.size() - 1, "shard " + i + ": " + rows);
      for (String row : rows.subList(1, rows.size())) {
        assertTrue(seen.add(row), "a point in two shards: " + row);
      }
      merge.add(dir.toString());
    }
    java.util.Collections.reverse(merge.subList(2, merge.size())); // the order of the folders does not matter
    EvaluationCommandTest.Outcome merged = run(merge.toArray(String[]::new));
    assertEquals(0, merged.exitCode(), merged.err());

    for (String file : List.of("runs.csv", "mice-fct.csv", "results.csv", "tables.md")) {
      assertArrayEquals(Files.readAllBytes(whole.resolve(file)), Files.readAllBytes(tmp.resolve("merged")
          .resolve(file)), file + " differs between the merged and the unsharded sweep");
    }
    assertTrue(Files.size(whole.resolve("mice-fct.csv")) > 100, "the 70% points logged mice");
    String summary = Files.readString(tmp.resolve("merged").resolve("summary.md"));
    assertTrue(summary.contains("--shard=2/3"), "the merged summary records each shard's command: " + summary);
    assertTrue(summary.contains(" merge --out="), "and the merge command: " + summary);
    assertTrue(summary.contains("run in `" + Path.of("").toAbsolutePath() + "`"), "and where they ran: " + summary);
  }

  @Test
  void mergeRefusesFoldersThatAreNotOneCompleteSweep(@TempDir Path tmp) throws IOException {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    Path other = tmp.resolve("other");
    Path out = tmp.resolve("out");
    String[] tiny = {"--schemes=ecmp", "--fabric=symmetric", "--loads=30", "--seeds=2", "--flows=5"};
    assertEquals(0, run(concat(tiny, "--shard=0/2", "--out=" + a)).exitCode());
    assertEquals(0, run(concat(tiny, "--shard=1/2", "--out=" + b)).exitCode());
    assertEquals(0, run("--schemes=ecmp", "--fabric=symmetric", "--loads=30", "--seeds=2", "--flows=6",
        "--shard=1/2", "--out=" + other).exitCode());

    assertOneClearLine(run("merge", "--out=" + out, a.toString()), "shard 1/2 is missing");
    assertOneClearLine(run("merge", "--out=" + out, a.toString(), a.toString()), "given twice");
    assertOneClearLine(run("merge", "--out=" + out, a.toString(), other.toString()), "another sweep", "flows");
    assertOneClearLine(run("merge", "--out=" + out, a.toString(), tmp.toString()), tmp.toString(),
        "sweep.properties");
    assertOneClearLine(run("merge", "--out=" + a, a.toString(), b.toString()), "--out", "shard folders");
    assertOneClearLine(run("--flows=7", "merge", "--out=" + out, a.toString(), b.toString()), "--flows");
    Path file = Files.writeString(tmp.resolve("file"), "x");
    assertOneClearLine(run("merge", "--out=" + file, a.toString(), b.toString()), "--out", file.toString());

    List<String> rows = Files.readAllLines(b.resolve("runs.csv"));
    Files.write(b.resolve("runs.csv"), rows.subList(0, rows.size() - 1)); // as if stopped before its last point
    assertOneClearLine(run("merge", "--out=" + out, a.toString(), b.toString()), "shard 1/2", "lacks 1", "--resume");

    EvaluationCommandTest.Outcome resumed = run(concat(tiny, "--shard=1/2", "--out=" + b, "--resume"));
    assertEquals(0, resumed.exitCode(), resumed.err());
    assertEquals(0, run("merge", "--out=" + out, a.toString(), b.toString()).exitCode());
    assertEquals(3, Files.readAllLines(out.resolve("runs.csv")).size(), "header and both seeds");
  }

  @Test
  void mergeRefusesShardsWithOtherTcpOrFabricOptionsNamingTheOption(@TempDir Path tmp) throws IOException {
    String[] tiny = {"--schemes=ecmp", "--fabric=symmetric", "--loads=30", "--seeds=2", "--flows=5", "--threads=1"};
    Path a = tmp.resolve("a");
    Path rto = tmp.resolve("rto");
    Path rate = tmp.resolve("rate");
    Path out = tmp.resolve("out");
    assertEquals(0, run(concat(tiny, "--shard=0/2", "--out=" + a)).exitCode());
    assertEquals(0, run(concat(tiny, "--shard=1/2", "--min-rto-us=250", "--out=" + rto)).exitCode());
    assertEquals(0, run(concat(tiny, "--shard=1/2", "--link-gbps=S0-L0#0=2", "--out=" + rate)).exitCode());
    assertOneClearLine(run("merge", "--out=" + out, a.toString(), rto.toString()), "another sweep", "min-rto-us");
    assertOneClearLine(run("merge", "--out=" + out, a.toString(), rate.toString()), "another sweep", "link-gbps");

    // The same link rate spelt two ways is the same fabric: those shards merge, and the report names the rate.
    Path first = tmp.resolve("first");
    assertEquals(0, run(concat(tiny, "--shard=0/2", "--link-gbps=S0-L0=2.0", "--out=" + first)).exitCode());
    EvaluationCommandTest.Outcome merged = run("merge", "--out=" + out, first.toString(), rate.toString());
    assertEquals(0, merged.exitCode(), merged.err());
    String summary = Files.readString(out.resolve("summary.md"));
    assertTrue(summary.lines().findFirst().orElseThrow().endsWith("sensitivity setting: S0-L0#0 at 2 Gbps"), summary);
  }

  private static String[] concat(String[] first, String... more) {
    return Stream.concat(Stream.of(first), Stream.of(more)).toArray(String[]::new);
  }
}
