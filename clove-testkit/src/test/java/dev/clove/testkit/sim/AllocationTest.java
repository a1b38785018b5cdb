// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Steady state allocates nothing: a run four times longer allocates (almost) no more than a short one, so the
 * bytes allocated per extra event are a rounding error. Measured with the JVM's per-thread allocation counter.
 */
class AllocationTest {

  private static long[] run(String scheme, long bytesPerFlow) {
    List<Workload.Flow> flows = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      flows.add(new Workload.Flow(i * 10_000L, i, 16 + (i % 3), bytesPerFlow));
    }
    // Oracle paths: with path discovery on, clove-core's discovery allocates its small per-round selection
    // inputs every probe round (documented in PathDiscovery), about 2 bytes per event in this setting.
    Simulation sim = Simulation.builder().topology(Topologies.paperAsymmetric()).scheme(scheme)
        .workload(Workload.explicit(flows)).pathDiscovery(false).seed(3).build();
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    RunSummary r = sim.run();
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertTrue(r.unfinished().isEmpty());
    return new long[] {allocated, r.events()};
  }

  @ParameterizedTest
  @ValueSource(strings = {"ecmp", "edge-flowlet", "clove-ecn", "clove-int", "conga"})
  void longerRunsAllocateNothingMore(String scheme) {
    run(scheme, 1_000_000); // warm up the JIT, so that its own allocations do not count
    long[] shortRun = run(scheme, 2_000_000);
    long[] longRun = run(scheme, 8_000_000);
    assertTrue(shortRun[0] > 0, "the allocation counter works (setup allocates)");
    double extraBytes = longRun[0] - shortRun[0];
    double extraEvents = longRun[1] - shortRun[1];
    assertTrue(extraEvents > 200_000, "the long run has many more events: " + extraEvents);
    // The summary copies per-flow and per-link arrays of the same size in both runs; what is left is the
    // growth of pools (packets, rings) to a larger peak, a few kilobytes.
    assertTrue(extraBytes / extraEvents < 0.5, scheme + ": " + extraBytes + " more bytes for " + extraEvents
        + " more events");
  }
}
