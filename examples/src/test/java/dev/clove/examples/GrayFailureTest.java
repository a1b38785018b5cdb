// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The gray-failure example runs, and Edge-Flowlet completes every flow with a gray link. */
class GrayFailureTest {
  static String run(String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream original = System.out;
    int rc;
    try {
      System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
      rc = new CommandLine(new GrayFailure()).execute(args);
    } finally {
      System.setOut(original);
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(0, rc, out);
    return out;
  }

  @Test
  void edgeFlowletCompletesEveryFlowOverAGrayLink() {
    String out = run("--busy-pairs", "--flows", "2000", "--gray-after-ms", "20", "--schemes", "edge-flowlet",
        "--threads", "1");
    assertTrue(out.contains("edge-flowlet   2000/2000"), out);
  }

  @Test
  void aHealthyCongestedFabricLosesNoLivePath() {
    // The symmetric fabric at 80% load: queues of milliseconds, marks and drops everywhere, quiet spells between
    // a client's requests, and no failure. (Before SilenceDetector's note 8, with the simulator's defaults of
    // that time, a payload-byte load and the edge schemes' gap of two RTTs, this run lost two live paths; it has
    // not been checked against the old rule at the current defaults.)
    String out = run("--healthy-only", "--no-discovery", "--load", "0.8", "--flows", "2000", "--seed", "1",
        "--schemes", "clove-ecn", "--threads", "1");
    assertTrue(out.matches("(?s).*clove-ecn\\s+2000/2000\\s+0\\s+.*"), out);
  }
}
