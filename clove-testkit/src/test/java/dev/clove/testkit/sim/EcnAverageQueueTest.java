// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ECN marking on RED's moving average of the queue ({@link Topology.Builder#ecnQueueWeight}) instead of the
 * instantaneous queue: short bursts above K go unmarked, a standing queue above K is still marked.
 */
class EcnAverageQueueTest {
  private static final double RED_WEIGHT = 0.002;

  private static RunSummary run(double ecnQueueWeight, int initialWindow, long bytesPerFlow) {
    // Two clients under leaf 0 send to the same server at the same moment: 2 Gbps into its 1 Gbps downlink.
    return Simulation.builder()
        .topology(Topologies.paperSymmetric().toBuilder().ecnQueueWeight(ecnQueueWeight).build())
        .scheme("ecmp")
        .initialWindow(initialWindow)
        .workload(Workload.explicit(List.of(new Workload.Flow(0, 0, 16, bytesPerFlow),
            new Workload.Flow(0, 1, 16, bytesPerFlow))))
        .seed(3)
        .build()
        .run();
  }

  @Test
  void aBurstAboveKIsMarkedOnTheInstantaneousQueueButNotOnTheAverage() {
    // Two initial windows of 40 segments meet at the downlink: the queue peaks near 40 packets, twice K (20
    // packets at 1 Gbps), so instantaneous marking marks. The average after the ~80 arrivals of the burst is at
    // most 1 - (1 - w)^80 of the peak, under 7 packets: far below K.
    long bytes = 40 * 1460L;
    double bound = (1 - Math.pow(1 - RED_WEIGHT, 80)) * 40;
    assertTrue(bound < 20, "the test's own arithmetic: " + bound);

    RunSummary instantaneous = run(1, 40, bytes);
    RunSummary average = run(RED_WEIGHT, 40, bytes);
    assertTrue(instantaneous.link("L1->H16").ceMarks() > 0, instantaneous.link("L1->H16").toString());
    assertEquals(0, average.ecnMarks(), average.link("L1->H16").toString());
    assertEquals(instantaneous.fctNanos(0), average.fctNanos(0), "marks are hidden from guests: same timing");
  }

  @Test
  void aStandingQueueAboveKIsStillMarkedOnTheAverage() {
    // Two 5 MB flows keep the downlink's queue near its 100-packet buffer for milliseconds: the average climbs
    // past K and packets are marked. (Not fewer marks than instantaneous marking: the average also lags on the
    // way down, after TCP's losses drain the queue.)
    RunSummary average = run(RED_WEIGHT, 10, 5_000_000);
    long k = Topologies.paperSymmetric().ecnThresholdBytes(1_000_000_000L);
    RunSummary.LinkStats downlink = average.link("L1->H16");
    assertTrue(downlink.maxBacklogBytes() > 3 * k, "the queue stood above K: " + downlink);
    assertTrue(downlink.ceMarks() > 0, "a standing queue beyond K is marked: " + downlink);
  }

  @Test
  void weightOutsideZeroToOneIsRejectedWithItsValue() {
    for (double bad : new double[] {0, -0.1, 1.5, Double.NaN}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Topology.leafSpine().ecnQueueWeight(bad));
      assertEquals("ecnQueueWeight must be in (0, 1]: " + bad, e.getMessage());
    }
    assertEquals(1.0, Topologies.paperSymmetric().ecnQueueWeight(), "default: instantaneous, as DCTCP");
    assertEquals(RED_WEIGHT, Topologies.paperAsymmetric().toBuilder().ecnQueueWeight(RED_WEIGHT).build()
        .ecnQueueWeight());
  }
}
