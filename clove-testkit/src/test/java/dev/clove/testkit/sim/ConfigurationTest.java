// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration errors name the parameter and the value; CDFs parse and sample as documented. */
class ConfigurationTest {

  private static String message(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }

  @Test
  void badSettingsNameParameterAndValue() {
    assertEquals("load must be in (0, 4]: 0.0", message(() -> Simulation.builder().load(0)));
    assertEquals("flows must be >= 1: 0", message(() -> Simulation.builder().flows(0)));
    assertEquals("mss must be in [64, 9000]: 10", message(() -> Simulation.builder().mss(10)));
    assertTrue(message(() -> Simulation.builder().scheme("nope")).startsWith("scheme: unknown name 'nope'"));
    assertTrue(message(() -> Simulation.builder().build()).startsWith("scheme: required"));
    assertEquals("spines must be > 0: 0", message(() -> Topology.leafSpine().spines(0)));
    assertEquals("leaves must be >= 2: 1", message(() -> Topology.leafSpine().leaves(1)));
    assertTrue(message(() -> Topology.leafSpine().removeLink(2, 0, 0).build())
        .startsWith("removeLink: no link (spine=2, leaf=0, index=0)"));
    assertTrue(message(() -> Simulation.builder().scheme("ecmp")
        .workload(Workload.explicit(List.of(new Workload.Flow(0, 0, 99, 10)))).build())
        .contains("names a host outside [0, 32)"));
    assertEquals("stride must be > 0: 0", message(() -> Workload.stride(FlowSizeDistribution.fixed(1), 0)));
  }

  @Test
  void paperPresetsMatchThePaper() {
    Topology sym = Topologies.paperSymmetric();
    assertEquals(32, sym.hosts());
    assertEquals(16_000_000_000L, sym.bisectionBps());
    assertEquals(16_000_000_000L, Topologies.paperAsymmetric().bisectionBps(), "same offered-load base");
    assertEquals(20 * 1500, sym.ecnThresholdBytes(1_000_000_000L));
    assertEquals(80 * 1500, sym.ecnThresholdBytes(4_000_000_000L), "K scales with rate");
  }

  @Test
  void webSearchCdfHasItsDocumentedMean() {
    FlowSizeDistribution d = FlowSizeDistribution.webSearch();
    assertEquals(1_711_250, d.meanBytes(), 1);
    SplittableRandom random = new SplittableRandom(1);
    double sum = 0;
    int n = 400_000;
    long max = 0;
    for (int i = 0; i < n; i++) {
      long s = d.sample(random);
      sum += s;
      max = Math.max(max, s);
      assertTrue(s >= 1);
    }
    assertEquals(1_711_250, sum / n, 1_711_250 * 0.03);
    assertTrue(max <= 30_000_000);
  }

  @Test
  void webSearchComesFromTheJarNotTheWorkingDirectory() throws Exception {
    // The bundled copy is a classpath resource of this module; webSearch() reads nothing else.
    try (var in = FlowSizeDistribution.class.getResourceAsStream(FlowSizeDistribution.WEBSEARCH_RESOURCE)) {
      assertTrue(in != null, "resource " + FlowSizeDistribution.WEBSEARCH_RESOURCE + " is packaged");
      String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertTrue(text.startsWith("# The web-search workload"), "the resource cites its source in its header");
    }
    assertEquals("websearch_cdf.txt", FlowSizeDistribution.webSearch().name());
  }

  @Test
  void aDirectoryIsNotACdf(@TempDir Path dir) {
    assertEquals("flow-size CDF " + dir + " is a directory; name a CDF file in it",
        message(() -> FlowSizeDistribution.fromFile(dir)));
  }

  @Test
  void cdfFilesParseAndRejectBadInput(@TempDir Path dir) throws Exception {
    Path good = dir.resolve("good.txt");
    Files.writeString(good, "# comment\n\n100 0.5\n300 1\n");
    FlowSizeDistribution d = FlowSizeDistribution.fromFile(good);
    // A step of 0.5 at 100 bytes, then uniform on (100, 300].
    assertEquals(0.5 * 100 + 0.5 * 200, d.meanBytes(), 1e-9);
    SplittableRandom random = new SplittableRandom(3);
    boolean sawStep = false;
    for (int i = 0; i < 1000; i++) {
      long s = d.sample(random);
      assertTrue(s >= 100 && s <= 300, "sample " + s);
      sawStep |= s == 100;
    }
    assertTrue(sawStep);
    Path bad = dir.resolve("bad.txt");
    Files.writeString(bad, "100 0.5\n50 1\n");
    assertTrue(message(() -> FlowSizeDistribution.fromFile(bad)).contains("non-decreasing"));
    Files.writeString(bad, "100 0.5\n");
    assertTrue(message(() -> FlowSizeDistribution.fromFile(bad)).contains("last probability must be 1"));
    Files.writeString(bad, "100 x\n");
    assertTrue(message(() -> FlowSizeDistribution.fromFile(bad)).contains("bad.txt:1: not a number"));
  }

  @Test
  void runThatHitsItsTimeLimitReportsUnfinishedFlows() {
    RunSummary r = Simulation.builder().scheme("ecmp")
        .workload(Workload.explicit(List.of(new Workload.Flow(0, 0, 16, 50_000_000),
            new Workload.Flow(5_000_000, 1, 17, 1000))))
        .pathDiscovery(false).maxSimNanos(3_000_000).build().run(); // 1 ms warm-up without discovery
    assertEquals(0, r.flowsCompleted());
    assertEquals(2, r.unfinished().size());
    assertTrue(r.unfinished().get(0).startsWith("flow 0: running at end of run"), r.unfinished().get(0));
    assertTrue(r.unfinished().get(1).startsWith("flow 1: not started"), r.unfinished().get(1));
    assertEquals(-1, r.fctNanos(0));
    assertFalse(r.toString().isEmpty());
  }
}
