// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's ten-line example, with fewer flows so that it runs in a test. */
class ReadmeExampleTest {

  @Test
  void readmeExampleRuns(@TempDir Path dir) throws Exception {
    RunSummary r = Simulation.builder()
        .topology(Topologies.paperAsymmetric())
        .scheme("clove-ecn")
        .workload(Workload.clientServer(FlowSizeDistribution.webSearch()))
        .load(0.7)
        .flows(200)
        .seed(1)
        .build()
        .run();
    assertTrue(r.toString().contains("clove-ecn on paper-asymmetric"));
    Path csv = dir.resolve("flows.csv");
    r.writeFlowsCsv(csv);
    List<String> lines = Files.readAllLines(csv);
    assertEquals(201, lines.size());
    assertEquals("flow,source,destination,bytes,start_ns,finish_ns,fct_ns,retransmits,timeouts", lines.get(0));
    assertTrue(r.unfinished().isEmpty());
    assertEquals(200, r.all().count());
  }
}
