// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The offered load counts wire bytes by default: at load L, data segments with their headers and encapsulation
 * arrive at L x the bisection capacity; {@link LoadDefinition#PAYLOAD} keeps the old payload-only rate. The
 * expected sizes are worked out here from the packet format (1,460-byte segments, 40 bytes of IPv4 and TCP
 * headers, 50 of VXLAN), not taken from the code under test.
 */
class LoadDefinitionTest {

  /** The paper's symmetric fabric: 2 spines x 2 links x 4 Gbps from the client leaf. */
  private static final double BISECTION_BPS = 16e9;
  /** 3,000 bytes go as 1,460 + 1,460 + 80: three segments, each with 40 + 50 bytes of headers. */
  private static final long FLOW_BYTES = 3_000;
  private static final long FLOW_WIRE_BYTES = 3_000 + 3 * (40 + 50);
  private static final int FLOWS = 10_000;

  private static RunSummary run(LoadDefinition definition) {
    Simulation.Builder b = Simulation.builder().scheme("ecmp").pathDiscovery(false)
        .workload(Workload.clientServer(FlowSizeDistribution.fixed(FLOW_BYTES))).load(0.5).flows(FLOWS).seed(5);
    if (definition != null) {
      b.loadDefinition(definition);
    }
    return b.build().run();
  }

  private static double arrivalsPerSecond(RunSummary r) {
    long[] start = r.flowStartNanos();
    return (start.length - 1) / ((start[start.length - 1] - start[0]) / 1e9);
  }

  @Test
  void defaultLoadOffersTheCapacityShareInWireBytes() {
    RunSummary r = run(null);
    assertEquals(0, r.retransmits(), "no losses at 50% of fixed small flows");
    // The client leaf's uplinks carry exactly the flows' data segments: check the wire size per flow there.
    long uplinkBytes = r.links().stream().filter(l -> l.name().startsWith("L0->S")).mapToLong(l -> l.bytes()).sum();
    assertEquals(FLOWS * FLOW_WIRE_BYTES, uplinkBytes);
    // Poisson arrivals: 10,000 of them estimate the rate within 1% (one standard deviation).
    double offeredWireBps = arrivalsPerSecond(r) * FLOW_WIRE_BYTES * 8;
    assertEquals(0.5 * BISECTION_BPS, offeredWireBps, 0.5 * BISECTION_BPS * 0.03);
  }

  @Test
  void payloadDefinitionKeepsTheOldRate() {
    RunSummary wire = run(LoadDefinition.WIRE);
    RunSummary payload = run(LoadDefinition.PAYLOAD);
    double offeredPayloadBps = arrivalsPerSecond(payload) * FLOW_BYTES * 8;
    assertEquals(0.5 * BISECTION_BPS, offeredPayloadBps, 0.5 * BISECTION_BPS * 0.03);
    // Same seed, same draws: every inter-arrival time scales by the ratio of the bytes a flow counts as.
    assertEquals((double) FLOW_WIRE_BYTES / FLOW_BYTES, arrivalsPerSecond(payload) / arrivalsPerSecond(wire), 1e-4);
  }

  @Test
  void meanSegmentsCountsPartialSegments() {
    assertEquals(3.0, FlowSizeDistribution.fixed(3_000).meanSegments(1460), 1e-12);
    assertEquals(1.0, FlowSizeDistribution.fixed(1_460).meanSegments(1460), 1e-12);
    assertEquals(2.0, FlowSizeDistribution.fixed(1_461).meanSegments(1460), 1e-12);
    // Uniform on (0, 2 x 1460): half the flows need one segment, half two.
    FlowSizeDistribution uniform = FlowSizeDistribution.of("u", new double[] {0, 2920}, new double[] {0, 1});
    assertEquals(1.5, uniform.meanSegments(1460), 1e-9);
    // Uniform on (1000, 2000): 46% of it (1000..1460) is one segment, 54% two.
    FlowSizeDistribution shifted = FlowSizeDistribution.of("s", new double[] {1000, 2000}, new double[] {0, 1});
    assertEquals(0.46 * 1 + 0.54 * 2, shifted.meanSegments(1460), 1e-9);
  }

  @Test
  void meanSegmentsOfWebSearchMatchesSampledFlows() {
    FlowSizeDistribution web = FlowSizeDistribution.webSearch();
    SplittableRandom random = new SplittableRandom(7);
    int n = 400_000;
    double segments = 0;
    for (int i = 0; i < n; i++) {
      long bytes = web.sample(random);
      segments += (bytes + 1459) / 1460;
    }
    // The segment count's standard deviation is about twice its mean: 400,000 draws give 0.35%.
    assertEquals(segments / n, web.meanSegments(1460), segments / n * 0.015);
  }

  @Test
  void nullDefinitionIsRefused() {
    NullPointerException e = assertThrows(NullPointerException.class,
        () -> Simulation.builder().loadDefinition(null));
    assertEquals("loadDefinition", e.getMessage());
  }
}
