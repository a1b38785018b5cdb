// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Same seed, same run, bit for bit, for every built-in scheme; another seed, another run. */
class DeterminismTest {

  private static RunSummary run(String scheme, long seed) {
    return Simulation.builder()
        .topology(Topologies.paperAsymmetric())
        .scheme(scheme)
        .workload(Workload.clientServer(FlowSizeDistribution.webSearch()))
        .load(0.6)
        .flows(150)
        .seed(seed)
        .build()
        .run();
  }

  private static String csv(RunSummary r) throws IOException {
    StringBuilder sb = new StringBuilder();
    r.writeFlowsCsv(sb);
    return sb.toString();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ecmp", "edge-flowlet", "clove-ecn", "clove-int", "conga", "edge-flowlet-adaptive",
      "clove-ecn-adaptive"})
  void sameSeedGivesIdenticalResults(String scheme) throws IOException {
    RunSummary a = run(scheme, 42);
    RunSummary b = run(scheme, 42);
    assertTrue(a.unfinished().isEmpty(), a.unfinished().toString());
    assertArrayEquals(a.flowFinishNanos(), b.flowFinishNanos());
    assertEquals(a.events(), b.events());
    assertEquals(a.drops(), b.drops());
    assertEquals(a.ecnMarks(), b.ecnMarks());
    assertEquals(a.retransmits(), b.retransmits());
    assertEquals(a.reorderedArrivals(), b.reorderedArrivals());
    assertEquals(a.links(), b.links());
    assertEquals(csv(a), csv(b));
    assertEquals(a.toString(), b.toString());
    // The balancers' and relays' own counts too: feedback applied, weights cut, flowlets started, probes.
    for (Counter counter : Counter.values()) {
      assertEquals(a.counter(counter), b.counter(counter), counter.name());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"ecmp", "edge-flowlet", "clove-ecn", "clove-int", "conga"})
  void differentSeedsGiveDifferentResults(String scheme) {
    RunSummary a = run(scheme, 1);
    RunSummary b = run(scheme, 2);
    assertFalse(Arrays.equals(a.flowFinishNanos(), b.flowFinishNanos()));
    assertFalse(Arrays.equals(a.flowBytes(), b.flowBytes()));
  }
}
