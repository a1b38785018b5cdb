// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.examples.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The evaluation's fabric options: custom shapes, link rates, --fail, --workload names, per-point CSV files. */
class FabricOptionsTest {

  @TempDir
  Path temp;

  @Test
  void failuresParseWithUnitsAndOptionalRestore() {
    assertArrayEquals(new long[] {0, 1, 0, 5_000_000, 20_000_000}, Evaluation.parseFailure("S0-L1#0@5ms:20ms"));
    assertArrayEquals(new long[] {1, 0, 0, 1_500, -1}, Evaluation.parseFailure("S1-L0@1.5us"));
    assertArrayEquals(new long[] {2, 3, 1, 2_000_000_000L, -1}, Evaluation.parseFailure("S2-L3#1@2s"));
    assertArrayEquals(new long[] {0, 0, 0, 700, 900}, Evaluation.parseFailure("S0-L0#0@700ns:900ns"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--fail=S0-X1@5ms             | --fail | S0-X1",
      "--fail=S0-L1#0               | --fail | S0-L1#0",
      "--fail=S0-L1#0@5             | --fail | '5'",
      "--fail=S0-L1#0@5ms:2ms       | --fail | 5ms:2ms",
      "--fail=S9-L0#0@1ms           | --fail | spine=9",
      "--link-gbps=S0-L0#0=abc      | --link-gbps | abc",
      "--link-gbps=S0-L0#0          | --link-gbps | S0-L0#0",
      "--link-gbps=S0-L0#0=0        | --link-gbps | S0-L0#0=0",
      "--leaves=1                   | --leaves | 1",
      "--spines=1                   | --spines | 1",
      "--hosts-per-leaf=0           | --hosts-per-leaf | 0",
      "--fabric-gbps=-4             | --fabric-gbps | -4",
      "--link-stats-us=0            | --link-stats-us | 0",
  })
  void badFabricOptionsFailInOneLineNamingTheOptionAndValue(String option, String name, String value) {
    EvaluationCommandTest.Outcome o = EvaluationCommandTest.run(option, "--out", temp.toString());
    EvaluationCommandTest.assertOneClearLine(o, name, value);
  }

  @Test
  void workloadNamesTheBundledDistributions() {
    CommandLine cl = Evaluation.commandLine();
    cl.parseArgs("--workload", "datamining");
    Evaluation e = cl.getCommand();
    assertEquals("datamining_cdf.txt", e.plan().sizes().name());
    cl = Evaluation.commandLine();
    cl.parseArgs("--workload", "WebSearch");
    assertEquals("websearch_cdf.txt", ((Evaluation) cl.getCommand()).plan().sizes().name());
  }

  private static List<CSVRecord> read(Path file) throws IOException {
    try (Reader r = Files.newBufferedReader(file)) {
      return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).getRecords();
    }
  }

  @Test
  void aCustomFabricWithAFailureAndRestoreWritesPerFlowAndPerLinkFiles() throws IOException {
    Path out = temp.resolve("out");
    EvaluationCommandTest.Outcome o = EvaluationCommandTest.run("--fabric=symmetric", "--schemes=ecmp",
        "--loads=30", "--flows=40", "--threads=1", "--leaves=3", "--spines=3", "--links-per-pair=1",
        "--hosts-per-leaf=4", "--link-gbps=S0-L0#0=2", "--fail=S1-L1#0@1ms:3ms", "--flows-csv",
        "--link-stats-us=500", "--counters-csv", "--out=" + out);
    assertEquals(0, o.exitCode(), o.err());
    String name = "symmetric-ecmp-load30-seed1.csv";
    List<CSVRecord> flows = read(out.resolve("flows").resolve(name));
    assertEquals(40, flows.size());
    for (CSVRecord f : flows) {
      long fct = Long.parseLong(f.get("fct_ns"));
      assertEquals(Long.parseLong(f.get("finish_ns")) - Long.parseLong(f.get("start_ns")), fct);
      assertTrue(Integer.parseInt(f.get("source")) < 12 && Integer.parseInt(f.get("destination")) < 12,
          "3 leaves x 4 hosts: " + f);
    }
    List<CSVRecord> links = read(out.resolve("links").resolve(name));
    assertEquals(500_000, Long.parseLong(links.get(0).get("window_ns")), "no merging in so short a run");
    boolean sawRestored = false;
    boolean sawHalfRateLink = false;
    for (CSVRecord l : links) {
      long start = Long.parseLong(l.get("window_start_ns"));
      String link = l.get("link");
      sawHalfRateLink |= link.equals("L0->S0#0");
      if (link.equals("L1->S1#0") || link.equals("S1->L1#0")) {
        if (start >= 1_000_000 && start + Long.parseLong(l.get("window_ns")) <= 3_000_000) {
          assertEquals(0, Long.parseLong(l.get("bytes")), "the failed link carries nothing: " + l);
        }
        sawRestored |= start >= 3_000_000 && Long.parseLong(l.get("bytes")) > 0;
      }
    }
    assertTrue(sawHalfRateLink, "the fabric has the links asked for");
    assertTrue(sawRestored, "the restored link carries traffic again");
    java.util.Map<String, Long> counters = new java.util.HashMap<>();
    for (CSVRecord c : read(out.resolve("counters").resolve(name))) {
      counters.put(c.get("name"), Long.parseLong(c.get("value")));
    }
    assertEquals(40, counters.get("run.flows_completed"));
    assertTrue(counters.get("PACKETS") > 0 && counters.get("run.data_packets") > 0, counters.toString());
    // ECMP keeps a flow's path: no flowlets beyond the flows' first packets are counted as new ones.
    assertEquals(0, counters.get("NEW_FLOWLETS"), counters.toString());
    long linkBytes = 0;
    for (CSVRecord l : links) {
      linkBytes += l.get("link").equals("L0->S0#0") ? Long.parseLong(l.get("bytes")) : 0;
    }
    assertEquals(linkBytes, counters.get("link.L0->S0#0.bytes"), "the same bytes as the windowed statistics");
    String summary = Files.readString(out.resolve("summary.md"));
    assertTrue(summary.lines().findFirst().orElseThrow().endsWith("sensitivity setting: 3 leaves, 3 spines, 1 link "
        + "per leaf-spine pair, 4 hosts per leaf, S0-L0#0 at 2 Gbps, S1-L1#0 down from 1 ms to 3 ms"), summary);
    assertTrue(summary.contains("- fabrics: SENSITIVITY SETTING, not the paper's"), summary);
    // The options given, with the paper's rates (4 Gbps fabric links, 1 Gbps hosts) for those not given.
    assertTrue(summary.contains("symmetric = 3 leaves x 3 spines, 1 link(s) per leaf-spine pair at 4 Gbps, 4 hosts "
        + "per leaf at 1 Gbps; link rates: S0-L0#0 at 2 Gbps; link failures, on every fabric: S1-L1#0 down from 1 "
        + "ms to 3 ms"), summary);
  }

  @Test
  void theSweepRecordsTheFabricOptionsCanonically() {
    CommandLine cl = Evaluation.commandLine();
    cl.parseArgs("--leaves=3", "--host-gbps=10", "--link-gbps=S1-L0=3", "--link-gbps=S0-L2#1=0.5",
        "--link-gbps=S1-L0#0=2", "--fail=S0-L1@5ms:20ms", "--fail=S1-L0#1@1.5us");
    Sweep.FabricOptions o = ((Evaluation) cl.getCommand()).plan().sweep().fabricOptions();
    assertEquals(new Sweep.FabricOptions(3, null, null, null, 10.0, null,
        List.of("S0-L2#1=0.5", "S1-L0#0=2.0"), List.of("S0-L1#0@5000000ns:20000000ns", "S1-L0#1@1500ns")), o,
        "one rate per link, the last given, sorted; failures in ns, as given");
    assertEquals("3 leaves, host links at 10 Gbps, S0-L2#1 at 0.5 Gbps, S1-L0#0 at 2 Gbps, S0-L1#0 down from 5 ms "
        + "to 20 ms, S1-L0#1 down from 1500 ns", ((Evaluation) cl.getCommand()).plan().sweep().sensitivityLabel());
  }

  @Test
  void resumeWithFabricOptionsReusesResultsAndChecksThem() throws IOException {
    Path out = temp.resolve("resumed");
    String[] point = {"--fabric=symmetric", "--schemes=ecmp", "--loads=30", "--flows=30", "--threads=1",
        "--out=" + out};
    EvaluationCommandTest.Outcome first = EvaluationCommandTest.run(concat(point, "--leaves=3",
        "--link-gbps=S0-L0=2"));
    assertEquals(0, first.exitCode(), first.err());
    List<String> runs = Files.readAllLines(out.resolve("runs.csv"));
    EvaluationCommandTest.Outcome again = EvaluationCommandTest.run(concat(point, "--leaves=3",
        "--link-gbps=S0-L0#0=2.0", "--resume"));
    assertEquals(0, again.exitCode(), again.err());
    assertTrue(again.out().contains("Resuming: 1 results"), again.out());
    assertEquals(runs, Files.readAllLines(out.resolve("runs.csv")));
    EvaluationCommandTest.assertOneClearLine(EvaluationCommandTest.run(concat(point, "--leaves=3",
        "--link-gbps=S0-L0=2", "--fail=S1-L1@1ms", "--resume")), "--resume", "other settings", "fail");
    EvaluationCommandTest.assertOneClearLine(EvaluationCommandTest.run(concat(point, "--link-gbps=S0-L0=2",
        "--resume")), "--resume", "leaves");
  }

  private static String[] concat(String[] first, String... more) {
    return java.util.stream.Stream.concat(java.util.Arrays.stream(first), java.util.Arrays.stream(more))
        .toArray(String[]::new);
  }
}
