package dev.clove.examples.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class EvaluationCommandTest {

  private record Outcome(int exitCode, String out, String err) {}

  private static Outcome run(String... args) {
    System.setProperty("java.awt.headless", "true");
    CommandLine cl = Evaluation.commandLine(args);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Outcome(code, out.toString(), err.toString());
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
      "--flowlet-gap-us=0 | --flowlet-gap-us",
      "--switch-buffer-packets=0 | --switch-buffer-packets",
      "--ecn-queue-weight=0      | --ecn-queue-weight",
      "--ecn-queue-weight=1.5    | --ecn-queue-weight",
      "--ecn-threshold-packets=0 | --ecn-threshold-packets"})
  void badOptionsGetAClearMessageNamingTheOption(String option, String named) {
    Outcome outcome = run(option.strip());
    assertEquals(2, outcome.exitCode());
    String firstLine = outcome.err().lines().findFirst().orElse("");
    assertTrue(firstLine.contains(named.strip()), "message should name " + named + ": " + outcome.err());
    assertTrue(outcome.err().lines().count() <= 3, "one clear message, not the whole usage: " + outcome.err());
  }

  @Test
  void aTinyRunWritesEveryReport(@TempDir Path out) throws IOException {
    Outcome outcome = run("--schemes=ecmp,edge-flowlet", "--fabric=asymmetric", "--loads=70", "--flows=40",
        "--no-progress", "--out=" + out);
    assertEquals(0, outcome.exitCode(), outcome.err());
    for (String file : List.of("summary.md", "results.csv", "runs.csv", "avg-fct-asymmetric.png",
        "avg-fct-asymmetric.svg", "mice-fct-cdf-asymmetric.png", "mice-fct-cdf-asymmetric.svg")) {
      assertTrue(Files.size(out.resolve(file)) > 0, file);
    }
    String summary = Files.readString(out.resolve("summary.md"));
    assertTrue(summary.contains("QUICK run"), "a reduced run is labelled as such");
    assertTrue(summary.contains("--flows=40"), "the summary records the command");
    List<String> csv = Files.readAllLines(out.resolve("results.csv"));
    assertEquals(3, csv.size(), "header and one row per scheme: " + csv);
    assertTrue(outcome.out().contains("Edge-Flowlet"), outcome.out());
  }
}
