// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.examples.evaluation;

import static dev.clove.examples.evaluation.EvaluationCommandTest.assertOneClearLine;
import static dev.clove.examples.evaluation.EvaluationCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
  void resumeWithTcpOptionsIsRefusedInOneLine(@TempDir Path out) {
    assertOneClearLine(run("--sack", "--resume", "--out=" + out), "--resume", "--sack");
  }
}
