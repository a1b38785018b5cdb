// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CompareBuildsTest {
  @Test
  void quantilesInterpolateBetweenRanks() {
    double[] sorted = {1, 2, 3, 4, 5};
    assertEquals(1, CompareBuilds.quantile(sorted, 0));
    assertEquals(2, CompareBuilds.quantile(sorted, 0.25));
    assertEquals(3, CompareBuilds.quantile(sorted, 0.5));
    assertEquals(5, CompareBuilds.quantile(sorted, 1));
    assertEquals(15, CompareBuilds.quantile(new double[] {10, 20}, 0.5));
    assertEquals(7, CompareBuilds.quantile(new double[] {7}, 0.75));
    assertThrows(IllegalArgumentException.class, () -> CompareBuilds.quantile(new double[0], 0.5));
    assertThrows(IllegalArgumentException.class, () -> CompareBuilds.quantile(sorted, Double.NaN));
  }

  @Test
  void ratiosPairTheSameRound() {
    assertArrayEquals(new double[] {2, 0.5}, CompareBuilds.pairedRatios(new double[] {4, 3}, new double[] {2, 6}));
    assertThrows(IllegalArgumentException.class,
        () -> CompareBuilds.pairedRatios(new double[] {1}, new double[] {1, 2}));
  }

  @Test
  void eachBuildRunsItsOwnCopyOfTheLibraryAndTheSameBuildDecidesAlike() throws Exception {
    CompareBuilds tool = tool("--scheme", "CLOVE_ECN", "--flows", "1000", "--windows", "4",
        "--warmup-windows", "1", "--window-packets", "4096", "a", "b");
    LongSupplier first = tool.probe(testClassPath());
    LongSupplier second = tool.probe(testClassPath());
    assertNotSame(first.getClass(), second.getClass(), "each build has its own class loader");
    assertNotSame(BuildProbe.class, first.getClass(), "the tool's own classes are not shared with a build");
    java.security.CodeSource source = first.getClass().getProtectionDomain().getCodeSource();
    assertEquals(null, source == null ? null : source.getLocation(),
        "the probe is defined from the tool's bytes, not loaded from the build (which may not have it)");

    double[][] nanos = tool.measure(List.of(first, second));
    assertEquals(2, nanos.length);
    for (double[] build : nanos) {
      assertEquals(4, build.length);
      for (double perPacket : build) {
        assertTrue(perPacket > 0, "every timed window is recorded: " + perPacket);
      }
    }
    assertEquals(CompareBuilds.checksum(first), CompareBuilds.checksum(second));
    assertNotEquals(0L, CompareBuilds.checksum(first));

    String report = tool.report(nanos, new long[] {CompareBuilds.checksum(first), CompareBuilds.checksum(second)});
    assertTrue(report.contains("decisions identical"), report);
  }

  @Test
  void theChecksumTellsDifferentDecisionsApart() throws Exception {
    CompareBuilds ecn = tool("--scheme", "CLOVE_ECN", "--flows", "1000", "--window-packets", "4096", "a", "b");
    CompareBuilds edge = tool("--scheme", "EDGE_FLOWLET", "--flows", "1000", "--window-packets", "4096", "a", "b");
    LongSupplier byWeights = ecn.probe(testClassPath());
    LongSupplier byChance = edge.probe(testClassPath());
    byWeights.getAsLong();
    byChance.getAsLong();
    assertNotEquals(CompareBuilds.checksum(byWeights), CompareBuilds.checksum(byChance));

    double[][] nanos = {{1, 1, 1, 1}, {1, 1, 1, 1}};
    assertTrue(ecn.report(nanos, new long[] {1, 2}).contains("decisions DIFFER"));
  }

  @Test
  void badOptionsNameTheParameter() {
    assertTrue(usageError("--window-packets", "100", "a", "b").contains("--window-packets must be a positive"
        + " multiple of 32, was 100"));
    assertTrue(usageError("--windows", "2", "a", "b").contains("--windows must be >= 4, was 2"));
    assertTrue(usageError("--flows", "0", "a", "b").contains("--flows must be >= 1, was 0"));
    assertTrue(usageError("only-one-build").contains("BUILD"));
    assertTrue(usageError("/no/such/build.jar", "/no/such/other.jar").contains("does not exist"));
  }

  private static CompareBuilds tool(String... args) {
    CompareBuilds tool = new CompareBuilds(new PrintStream(PrintStream.nullOutputStream()));
    new CommandLine(tool).parseArgs(args);
    return tool;
  }

  private static String usageError(String... args) {
    StringWriter err = new StringWriter();
    CommandLine line = new CommandLine(new CompareBuilds(new PrintStream(PrintStream.nullOutputStream())));
    line.setErr(new PrintWriter(err));
    assertEquals(CommandLine.ExitCode.USAGE, line.execute(args));
    return err.toString();
  }

  /** This test's own class path: one "build" of the library. */
  private static URL[] testClassPath() throws MalformedURLException {
    String[] entries = System.getProperty("java.class.path").split(File.pathSeparator);
    URL[] urls = new URL[entries.length];
    for (int i = 0; i < entries.length; i++) {
      urls[i] = Path.of(entries[i]).toUri().toURL();
    }
    return urls;
  }
}
