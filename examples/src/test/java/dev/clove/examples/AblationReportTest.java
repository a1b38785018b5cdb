// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The ablation report's arithmetic, on a hand-written evaluation folder. */
class AblationReportTest {

  /** Two seeds of two schemes; counters with round numbers. */
  static void folder(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("counters"));
    Files.writeString(dir.resolve("runs.csv"),
        "fabric,scheme,load,seed,flows,avg_fct_ns,p99_mice_fct_ns,completed,unfinished,drops,timeouts,events\n"
            + "asymmetric,edge-flowlet,0.7,1,10,1.0E7,4.0E6,10,0,0,0,1\n"
            + "asymmetric,edge-flowlet,0.7,2,10,3.0E7,4.0E6,10,0,0,0,1\n"
            + "asymmetric,fast,0.7,1,10,5.0E6,2.0E6,10,0,0,0,1\n"
            + "asymmetric,fast,0.7,2,10,3.0E7,8.0E6,9,1,0,0,1\n");
    for (String scheme : new String[] {"edge-flowlet", "fast"}) {
      for (int seed = 1; seed <= 2; seed++) {
        Files.writeString(dir.resolve("counters").resolve("asymmetric-" + scheme + "-load70-seed" + seed + ".csv"),
            "name,value\nNEW_FLOWLETS,30\nrun.flows_completed,10\nrun.ce_marks,50\nrun.data_packets,200\n"
                + "run.reordered_arrivals,2\nlink.S0->L1#0.bytes,300\nlink.S0->L1#1.bytes,300\n"
                + "link.S1->L1#1.bytes,400\nlink.S1->L0#1.bytes,999\nlink.L1->S1#1.bytes,999\n");
      }
    }
  }

  @Test
  void ratiosAreTheBaselineOverTheSchemeOfTheMeansAndSeedBySeed(@TempDir Path dir) throws IOException {
    folder(dir);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream original = System.out;
    int rc;
    try {
      System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
      rc = new CommandLine(new AblationReport()).execute("--regime", "a=" + dir + "@S1->L1#1");
    } finally {
      System.setOut(original);
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(0, rc, out);
    // Means: baseline 20 ms, fast 17.5 ms: 20 / 17.5 = 1.14x; seed by seed 10/5 = 2.00 and 30/30 = 1.00.
    // p99 mice: baseline 4 ms, fast 5 ms: 0.80x; seed by seed 4/2 = 2.00, 4/8 = 0.50.
    // 30 flowlets / 10 flows = 3.00; 50 marks / 200 packets = 25.0%; 2 / 200 x 1000 = 10.00; the weak link carries
    // 400 of the 1,000 bytes into L1 = 40.0% (links into L0 and out of L1 do not count); one flow unfinished.
    assertTrue(out.contains("| fast | 17.5 (5.0-30.0) | 1.14x (1.00-2.00) | 5.0 (2.0-8.0) | 0.80x (0.50-2.00) | "
        + "3.00 | 25.0% | 10.00 | 40.0% | 1 |"), out);
    assertTrue(out.contains("| fast | 1.14x | 0.80x | 1.14x | 0.80x | 0 / 0 of 1 |"), out);
  }

  @Test
  void aLaterFolderReplacesTheRunsOfTheSchemesItHas(@TempDir Path dir) throws IOException {
    Path first = dir.resolve("first");
    Path rerun = dir.resolve("rerun");
    folder(first);
    Files.createDirectories(rerun.resolve("counters"));
    Files.writeString(rerun.resolve("runs.csv"),
        "fabric,scheme,load,seed,flows,avg_fct_ns,p99_mice_fct_ns,completed,unfinished,drops,timeouts,events\n"
            + "asymmetric,fast,0.7,1,10,2.0E7,4.0E6,10,0,0,0,1\n"
            + "asymmetric,fast,0.7,2,10,2.0E7,4.0E6,10,0,0,0,1\n");
    for (int seed = 1; seed <= 2; seed++) {
      Files.copy(first.resolve("counters").resolve("asymmetric-fast-load70-seed" + seed + ".csv"),
          rerun.resolve("counters").resolve("asymmetric-fast-load70-seed" + seed + ".csv"));
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream original = System.out;
    try {
      System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
      assertEquals(0, new CommandLine(new AblationReport()).execute("--regime", "a=" + first + "+" + rerun));
    } finally {
      System.setOut(original);
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    // The re-run's 20 ms in both seeds against the baseline's 10 and 30: 1.00x, seed by seed 0.50 and 1.50.
    assertTrue(out.contains("| fast | 20.0 (20.0-20.0) | 1.00x (0.50-1.50) |"), out);
    assertTrue(out.indexOf("| edge-flowlet |") < out.indexOf("| fast |"), "the baseline keeps its place: " + out);
  }
}
