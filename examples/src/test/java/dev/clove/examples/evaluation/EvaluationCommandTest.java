// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.examples.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class EvaluationCommandTest {

  record Outcome(int exitCode, String out, String err, String progress) {}

  static Outcome run(String... args) {
    return run(e -> { }, args);
  }

  /** Runs the command in-process; {@code setUp} may adjust the command object (terminal detection) first. */
  static Outcome run(Consumer<Evaluation> setUp, String... args) {
    System.setProperty("java.awt.headless", "true");
    CommandLine cl = Evaluation.commandLine();
    Evaluation evaluation = cl.getCommand();
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    evaluation.progressStream = new PrintStream(progress, true, StandardCharsets.UTF_8);
    setUp.accept(evaluation);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Outcome(code, out.toString(), err.toString(), progress.toString(StandardCharsets.UTF_8));
  }

  /** The error output is one message line and the hint, with no stack trace. */
  static void assertOneClearLine(Outcome outcome, String... mustName) {
    assertEquals(2, outcome.exitCode(), outcome.err());
    List<String> lines = outcome.err().lines().toList();
    assertTrue(lines.size() <= 2, "one clear message, not the usage or a stack trace: " + outcome.err());
    assertFalse(outcome.err().contains("Exception") || outcome.err().contains("\tat "), outcome.err());
    for (String name : mustName) {
      assertTrue(lines.get(0).contains(name), "message should name " + name + ": " + outcome.err());
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--loads=0         | --loads",
      "--loads=101       | --loads",
      "--flows=0         | --flows",
      "--seeds=0         | --seeds",
      "--schemes=bogus   | --schemes",
      "--fabric=torus    | --fabric",
      "--threads=0       | --threads",
      "--workload=/no/such/file | --workload",
      "--loads=abc       | --loads",
      "--flowlet-timeout-us=0    | --flowlet-timeout-us",
      "--flowlet-timeout-us=3rtt | --flowlet-timeout-us",
      "--load-definition=frames  | --load-definition",
      "--switch-buffer-packets=0 | --switch-buffer-packets",
      "--ecn-queue-weight=0      | --ecn-queue-weight",
      "--ecn-queue-weight=1.5    | --ecn-queue-weight",
      "--ecn-threshold-packets=0 | --ecn-threshold-packets",
      "--min-rto-us=0    | --min-rto-us",
      "--shard=3/2       | --shard",
      "--shard=2/2       | --shard",
      "--shard=-1/2      | --shard",
      "--shard=0/0       | --shard",
      "--shard=1         | --shard",
      "--shard=a/b       | --shard",
      "--shard=0/2/4     | --shard"})
  void badOptionsGetAClearMessageNamingTheOptionAndTheValue(String option, String named) {
    String given = option.strip();
    String value = given.substring(given.indexOf('=') + 1);
    assertOneClearLine(run(given), named.strip(), value);
  }

  @Test
  void schemeAndFabricNamesIgnoreLetterCaseAsTheTablesPrintThem(@TempDir Path out) throws IOException {
    Outcome outcome = run("--schemes=CLOVE-ECN,Edge-Flowlet", "--fabric=Asymmetric", "--loads=70", "--flows=30",
        "--out=" + out);
    assertEquals(0, outcome.exitCode(), outcome.err());
    List<String> runs = Files.readAllLines(out.resolve("runs.csv"));
    assertEquals(3, runs.size(), "header and one run per scheme: " + runs);
    assertTrue(runs.get(1).startsWith("asymmetric,clove-ecn,"), runs.toString());
    assertTrue(runs.get(2).startsWith("asymmetric,edge-flowlet,"), runs.toString());
    String tables = Files.readString(out.resolve("tables.md"));
    assertTrue(tables.indexOf("| CLOVE-ECN |") < tables.indexOf("| Edge-Flowlet |"), "the order asked: " + tables);
  }

  @Test
  void aWorkloadThatIsAFolderIsNamedAsSuchInOneLine(@TempDir Path folder) {
    assertOneClearLine(run("--workload=" + folder), "--workload", folder.toString(), "is a directory");
  }

  @Test
  void anOutputFolderThatCannotBeCreatedGetsOneLineAndNoSimulationRuns(@TempDir Path tmp) throws IOException {
    Path file = Files.writeString(tmp.resolve("a-file"), "in the way");
    for (Path out : List.of(file, file.resolve("below"))) {
      Outcome outcome = run("--flows=5", "--out=" + out);
      assertOneClearLine(outcome, "--out", out.toString());
      assertEquals("", outcome.out(), "nothing ran");
    }
  }

  @Test
  void aFileThatCannotBeWrittenDuringTheRunGetsOneLineNotAStackTrace(@TempDir Path out) throws IOException {
    Files.createDirectory(out.resolve("runs.csv")); // a folder where the run log must go
    Outcome outcome = run("--schemes=ecmp", "--fabric=symmetric", "--loads=30", "--flows=5", "--out=" + out);
    assertEquals(1, outcome.exitCode(), outcome.err());
    List<String> lines = outcome.err().lines().toList();
    assertEquals(1, lines.size(), outcome.err());
    assertTrue(lines.get(0).startsWith("clove-evaluation: cannot write or read "), outcome.err());
    assertTrue(lines.get(0).contains(out.resolve("runs.csv").toString()), outcome.err());
  }

  @Test
  void aReadOnlyOutputFolderGetsOneLine(@TempDir Path tmp) throws IOException {
    Path readOnly = Files.createDirectory(tmp.resolve("read-only"));
    Files.setPosixFilePermissions(readOnly, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      Assumptions.assumeFalse(Files.isWritable(readOnly), "this user may write anywhere (root), so nothing to test");
      Outcome outcome = run("--flows=5", "--out=" + readOnly);
      assertOneClearLine(outcome, "--out", readOnly.toString());
    } finally {
      Files.setPosixFilePermissions(readOnly, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void versionIsTheBuildsVersion() {
    String expected = System.getProperty("clove.expectedVersion");
    assertNotNull(expected, "the build passes the POM's version as clove.expectedVersion (see examples/pom.xml)");
    Outcome outcome = run("--version");
    assertEquals(0, outcome.exitCode(), outcome.err());
    assertEquals("clove-evaluation " + expected, outcome.out().strip());
    Outcome merge = run("merge", "--version");
    assertEquals("clove-evaluation " + expected, merge.out().strip());
  }

  @Test
  void theProgressBarIsDrawnOnlyOnATerminalAndNotWithNoProgress(@TempDir Path out) {
    String[] tiny = {"--schemes=ecmp", "--fabric=symmetric", "--loads=30", "--flows=5", "--out=" + out};
    Outcome piped = run(e -> e.interactive = () -> false, tiny);
    assertEquals(0, piped.exitCode(), piped.err());
    assertEquals("", piped.progress(), "no bar when the output is not a terminal");

    Outcome terminal = run(e -> e.interactive = () -> true, tiny);
    assertEquals(0, terminal.exitCode(), terminal.err());
    assertTrue(terminal.progress().contains("simulating"), "a bar on a terminal: " + terminal.progress());

    String[] quiet = java.util.stream.Stream.concat(java.util.Arrays.stream(tiny), java.util.stream.Stream.of(
        "--no-progress")).toArray(String[]::new);
    Outcome noProgress = run(e -> e.interactive = () -> true, quiet);
    assertEquals(0, noProgress.exitCode(), noProgress.err());
    assertEquals("", noProgress.progress(), "--no-progress wins on a terminal");
  }

  @Test
  void aTinyRunWritesEveryReportAndRecordsTheCommandAsGiven(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("my results");
    Outcome outcome = run("--schemes=ecmp,edge-flowlet", "--fabric=asymmetric", "--loads=70", "--flows=40",
        "--out=" + out);
    assertEquals(0, outcome.exitCode(), outcome.err());
    for (String file : List.of("summary.md", "tables.md", "results.csv", "runs.csv", "mice-fct.csv",
        "timings.csv", "sweep.properties", "avg-fct-asymmetric.png", "avg-fct-asymmetric.svg",
        "mice-fct-cdf-asymmetric.png", "mice-fct-cdf-asymmetric.svg")) {
      assertTrue(Files.size(out.resolve(file)) > 0, file);
    }
    String summary = Files.readString(out.resolve("summary.md"));
    assertTrue(summary.contains("QUICK run"), "a reduced run is labelled as such");
    assertTrue(summary.contains("- offered load: in wire bytes") && summary.contains("lambda = C x load / (S x 8 / "
        + "1460 x 1500)") && summary.contains("E[ceil(S / 1460)] x 90"), "the load definition and its formula");
    assertTrue(summary.contains("- flowlet timeout, one for every flowlet scheme (Edge-Flowlet, CLOVE-ECN, "
        + "CLOVE-INT and CONGA): 500 us"), "the common timeout: " + summary);
    assertFalse(summary.contains("SENSITIVITY") || summary.contains("sensitivity setting"), "defaults only");
    // The arguments as given, in order; the one with a space single-quoted so that a shell reads it back whole.
    String asGiven = "--schemes=ecmp,edge-flowlet --fabric=asymmetric --loads=70 --flows=40 '--out=" + out + "'`";
    assertTrue(summary.contains(asGiven), "the summary records the command as run: " + summary);
    List<String> csv = Files.readAllLines(out.resolve("results.csv"));
    assertEquals(3, csv.size(), "header and one row per scheme: " + csv);
    assertTrue(outcome.out().contains("Edge-Flowlet"), outcome.out());
  }

  @Test
  void sensitivitySettingsAreLabelledAndSimulated(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("sensitivity");
    Outcome outcome = run("--schemes=edge-flowlet", "--fabric=symmetric", "--loads=30", "--flows=20",
        "--flowlet-timeout-us=2rtt", "--load-definition=payload", "--out=" + out);
    assertEquals(0, outcome.exitCode(), outcome.err());
    assertTrue(outcome.out().startsWith("Sensitivity setting: flowlet timeout 2 x unloaded RTT, load in payload "
        + "bytes"), outcome.out());
    String summary = Files.readString(out.resolve("summary.md"));
    assertTrue(summary.lines().findFirst().orElseThrow().endsWith("; sensitivity setting: flowlet timeout 2 x "
        + "unloaded RTT, load in payload bytes"), summary);
    assertTrue(summary.contains("- offered load: SENSITIVITY SETTING, in payload bytes"), summary);
    assertTrue(summary.contains("CONGA): SENSITIVITY SETTING, twice the fabric's unloaded RTT"), summary);
    String properties = Files.readString(out.resolve("sweep.properties"));
    assertTrue(properties.contains("flowlet-timeout-us=2rtt") && properties.contains("load-definition=payload"),
        properties);
  }

  @Test
  void theFlowletTimeoutReachesTheSimulation() {
    CommandLine cl = Evaluation.commandLine();
    cl.parseArgs("--flowlet-timeout-us=250");
    Evaluation evaluation = cl.getCommand();
    Sweep sweep = evaluation.plan().sweep();
    assertEquals(250_000, sweep.flowletGapNanos());
    assertEquals(dev.clove.testkit.sim.LoadDefinition.WIRE, sweep.simulatorLoadDefinition());
    assertEquals("flowlet timeout 250 us", sweep.sensitivityLabel());
    cl.parseArgs("--flowlet-timeout-us=2RTT", "--load-definition=Payload");
    sweep = ((Evaluation) cl.getCommand()).plan().sweep();
    assertEquals(0, sweep.flowletGapNanos(), "0: twice the base RTT");
    assertEquals(dev.clove.testkit.sim.LoadDefinition.PAYLOAD, sweep.simulatorLoadDefinition());
  }

  @Test
  void shellQuotingKeepsEveryArgumentOneWord() {
    assertEquals("--flows=40", CommandText.quote("--flows=40"));
    assertEquals("'--out=a b'", CommandText.quote("--out=a b"));
    assertEquals("'it'\\''s'", CommandText.quote("it's"));
    assertEquals("'$HOME'", CommandText.quote("$HOME"));
    assertEquals("''", CommandText.quote(""));
  }

  @Test
  void resumeRefusesResultsSimulatedWithOtherSettings(@TempDir Path out) {
    String[] tiny = {"--schemes=ecmp", "--fabric=symmetric", "--loads=30", "--flows=5", "--out=" + out};
    assertEquals(0, run(tiny).exitCode());
    Outcome again = run("--schemes=ecmp", "--fabric=symmetric", "--loads=30", "--flows=5", "--out=" + out,
        "--resume", "--flowlet-timeout-us=2rtt");
    assertOneClearLine(again, "--resume", "flowlet-timeout-us");
    Outcome payload = run("--schemes=ecmp", "--fabric=symmetric", "--loads=30", "--flows=5", "--out=" + out,
        "--resume", "--load-definition=payload");
    assertOneClearLine(payload, "--resume", "load-definition");
    Outcome same = run("--schemes=ecmp", "--fabric=symmetric", "--loads=30", "--flows=5", "--out=" + out,
        "--resume");
    assertEquals(0, same.exitCode(), same.err());
    assertTrue(same.out().contains("Resuming: 1 results"), same.out());
  }

  /** The keys of sweep.properties as clove-evaluation wrote them before it recorded the TCP and fabric options. */
  private static final String OLD_SWEEP = """
      full=false
      flows=5
      loads=0.3
      seeds=1
      first-seed=1
      schemes=ecmp
      fabrics=symmetric
      workload=websearch_cdf.txt
      discovery=false
      flowlet-timeout-us=500.0
      switch-buffer-packets=
      ecn-queue-weight=
      ecn-threshold-packets=
      load-definition=wire
      shard=0/1
      command=clove-evaluation --flows=5
      working-directory=/somewhere
      """;

  @Test
  void aSweepWrittenBeforeTheTcpAndFabricKeysReadsAsTheDefaults(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve(Sweep.FILE), OLD_SWEEP);
    Sweep sweep = Sweep.read(dir).sweep();
    assertEquals(new Sweep.GuestTcp(false, null, false, false), sweep.guestTcp());
    assertEquals(new Sweep.FabricOptions(null, null, null, null, null, null, List.of(), List.of()),
        sweep.fabricOptions());
    assertEquals("", sweep.sensitivityLabel());
    Files.writeString(dir.resolve(Sweep.FILE), OLD_SWEEP.replace("load-definition=wire\n", ""));
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Sweep.read(dir));
    assertTrue(e.getMessage().contains("'load-definition'"), "still required: " + e.getMessage());
  }

  @Test
  void anOldSweepWhoseCommandGaveATcpOrFabricOptionIsRefused(@TempDir Path dir) throws IOException {
    for (String[] option : new String[][] {{"--sack", "sack"}, {"--min-rto-us 250", "min-rto-us"},
        {"'--link-gbps=S1-L1#0=2'", "link-gbps"}, {"--fail=S0-L1@5ms", "fail"}}) {
      Path folder = dir.resolve(option[1]);
      Files.createDirectories(folder);
      Files.writeString(folder.resolve(Sweep.FILE), OLD_SWEEP.replace("command=clove-evaluation --flows=5",
          "command=clove-evaluation --flows=5 " + option[0] + " --out=x"));
      IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
          () -> Sweep.read(folder));
      assertTrue(e.getMessage().contains("no '" + option[1] + "'") && e.getMessage().contains("--" + option[1]),
          e.getMessage());
    }
    Outcome resumed = run("--schemes=ecmp", "--fabric=symmetric", "--loads=30", "--flows=5",
        "--out=" + dir.resolve("sack"), "--sack", "--resume");
    assertOneClearLine(resumed, "--resume", "'sack'");
  }

  @Test
  void resumeTakesAnOldLogAsRunWithTheDefaultTcpAndFabric(@TempDir Path out) throws IOException {
    String[] tiny = {"--schemes=ecmp", "--fabric=symmetric", "--loads=30", "--flows=5", "--out=" + out};
    assertEquals(0, run(tiny).exitCode());
    Path file = out.resolve(Sweep.FILE);
    List<String> newKeys = List.of("sack", "min-rto-us", "connection-per-flow", "dctcp-guests", "leaves", "spines",
        "links-per-pair", "hosts-per-leaf", "host-gbps", "fabric-gbps", "link-gbps", "fail");
    List<String> old = Files.readAllLines(file).stream()
        .filter(line -> newKeys.stream().noneMatch(k -> line.startsWith(k + "="))).toList();
    assertEquals(Files.readAllLines(file).size() - newKeys.size(), old.size(), "every new key was written");
    Files.write(file, old);
    assertOneClearLine(run(concat(tiny, "--resume", "--sack")), "--resume", "sack");
    assertOneClearLine(run(concat(tiny, "--resume", "--spines=3")), "--resume", "spines");
    Outcome same = run(concat(tiny, "--resume"));
    assertEquals(0, same.exitCode(), same.err());
    assertTrue(same.out().contains("Resuming: 1 results"), same.out());
  }

  private static String[] concat(String[] first, String... more) {
    return java.util.stream.Stream.concat(java.util.Arrays.stream(first), java.util.Arrays.stream(more))
        .toArray(String[]::new);
  }
}
