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
  @Test
  void edgeFlowletCompletesEveryFlowOverAGrayLink() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream original = System.out;
    int rc;
    try {
      System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
      rc = new CommandLine(new GrayFailure()).execute("--busy-pairs", "--flows", "2000", "--gray-after-ms", "20",
          "--schemes", "edge-flowlet", "--threads", "1");
    } finally {
      System.setOut(original);
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(0, rc, out);
    assertTrue(out.contains("edge-flowlet   2000/2000"), out);
  }
}
