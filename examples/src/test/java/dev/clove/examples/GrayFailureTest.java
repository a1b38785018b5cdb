// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

  /**
   * Healthy runs at 70% load that each lost one live path before SilenceDetector's note 11 (checked at
   * b5f536a): in the first, the sender's own access link dropped every word about the path on the way back; in the
   * second, the destination's congested access link dropped both lightly used flowlets of the path. Queues of
   * milliseconds, marks and drops everywhere, quiet spells between a client's requests, and no failure.
   */
  @ParameterizedTest
  @CsvSource({"clove-ecn, 0.7, 4", "edge-flowlet, 0.7, 5"})
  void aHealthyCongestedFabricLosesNoLivePath(String scheme, String load, String seed) {
    String out = run("--healthy-only", "--no-discovery", "--load", load, "--flows", "2000", "--seed", seed,
        "--schemes", scheme, "--threads", "1");
    assertTrue(out.matches("(?s).*" + scheme + "\\s+2000/2000\\s+0\\s+.*"), out);
  }
}
