// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.examples.evaluation;

import static dev.clove.examples.evaluation.EvaluationCommandTest.assertOneClearLine;
import static dev.clove.examples.evaluation.EvaluationCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The guest TCP options of the evaluation's command line reach the simulations. */
class TcpOptionsCommandTest {

  private static final String[] POINT = {"--schemes=ecmp", "--fabric=symmetric", "--loads=30", "--flows=40"};

  private static List<String> runs(Path out, String... options) throws IOException {
    String[] args = new String[POINT.length + options.length + 1];
    System.arraycopy(POINT, 0, args, 0, POINT.length);
    System.arraycopy(options, 0, args, POINT.length, options.length);
    args[args.length - 1] = "--out=" + out;
    EvaluationCommandTest.Outcome outcome = run(args);
    assertEquals(0, outcome.exitCode(), outcome.err());
    List<String> lines = Files.readAllLines(out.resolve("runs.csv"));
    assertEquals(2, lines.size(), "header and one run: " + lines);
    return lines;
  }

  @Test
  void eachOptionChangesTheRun(@TempDir Path dir) throws IOException {
    String plain = runs(dir.resolve("plain")).get(1);
    // A handshake per flow adds a round trip to every flow, so the same flows finish later.
    assertNotEquals(plain, runs(dir.resolve("per-flow"), "--connection-per-flow").get(1));
    assertNotEquals(plain, runs(dir.resolve("all"), "--sack", "--connection-per-flow", "--min-rto-us=250").get(1));
    assertNotEquals(plain, runs(dir.resolve("dctcp"), "--dctcp-guests").get(1));
  }

  @Test
  void resumeWithTheSameTcpOptionsReusesTheLoggedResults(@TempDir Path out) throws IOException {
    List<String> first = runs(out, "--sack", "--min-rto-us=250");
    EvaluationCommandTest.Outcome again = run("--schemes=ecmp", "--fabric=symmetric", "--loads=30", "--flows=40",
        "--sack", "--min-rto-us=250", "--resume", "--out=" + out);
    assertEquals(0, again.exitCode(), again.err());
    assertTrue(again.out().contains("Resuming: 1 results"), again.out());
    assertEquals(first, Files.readAllLines(out.resolve("runs.csv")));
    String properties = Files.readString(out.resolve("sweep.properties"));
    assertTrue(properties.contains("sack=true") && properties.contains("min-rto-us=250.0")
        && properties.contains("connection-per-flow=false") && properties.contains("dctcp-guests=false"), properties);
  }

  @Test
  void resumeRefusesALogWrittenWithOtherTcpOptionsNamingTheSetting(@TempDir Path out) throws IOException {
    runs(out);
    assertOneClearLine(run("--schemes=ecmp", "--fabric=symmetric", "--loads=30", "--flows=40", "--sack",
        "--resume", "--out=" + out), "--resume", "other settings", "sack");
    assertOneClearLine(run("--schemes=ecmp", "--fabric=symmetric", "--loads=30", "--flows=40", "--dctcp-guests",
        "--resume", "--out=" + out), "--resume", "dctcp-guests");
    assertOneClearLine(run("--schemes=ecmp", "--fabric=symmetric", "--loads=30", "--flows=40",
        "--connection-per-flow", "--resume", "--out=" + out), "--resume", "connection-per-flow");
  }

  @Test
  void theSensitivityLabelNamesEachTcpOption() {
    assertEquals("SACK guests, min RTO 250 us, a connection per flow, DCTCP guests",
        sweep("--sack", "--min-rto-us=250", "--connection-per-flow", "--dctcp-guests").sensitivityLabel());
    assertEquals("min RTO 2.5 us", sweep("--min-rto-us=2.5").sensitivityLabel());
    assertEquals("", sweep().sensitivityLabel(), "none given: no label");
    assertEquals("DCTCP guests", sweep("--dctcp-guests").sensitivityLabel());
  }

  private static Sweep sweep(String... args) {
    CommandLine cl = Evaluation.commandLine();
    cl.parseArgs(args);
    return ((Evaluation) cl.getCommand()).plan().sweep();
  }
}
