// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** One or two flows on an idle fabric, checked against numbers computed here from the link parameters. */
class SingleFlowTest {

  private static final int MSS = 1460;
  private static final int DATA_WIRE = MSS + 40 + 50; // inner TCP/IP headers + VXLAN encapsulation
  private static final int ACK_WIRE = 40 + 50;

  private static RunSummary run(String scheme, int initialWindow, Workload.Flow... flows) {
    return Simulation.builder()
        .topology(Topologies.paperSymmetric())
        .scheme(scheme)
        .initialWindow(initialWindow)
        .workload(Workload.explicit(List.of(flows)))
        .seed(7)
        .build()
        .run();
  }

  /** Store-and-forward serialization plus propagation over host, leaf-spine, spine-leaf and host links. */
  private static long oneWay(int bytes) {
    long host = bytes * 8L; // ns at 1 Gbps
    long fabric = bytes * 8L / 4; // ns at 4 Gbps
    return 2 * (host + 2_000) + 2 * (fabric + 2_000);
  }

  @Test
  void singleFlowReachesNinetyPercentOfItsBottleneck() {
    long bytes = 20_000_000;
    RunSummary r = run("ecmp", 10, new Workload.Flow(0, 0, 16, bytes));
    assertEquals(1, r.flowsCompleted());
    double goodputBps = bytes * 8e9 / r.fctNanos(0);
    assertTrue(goodputBps >= 0.9e9, "goodput " + goodputBps / 1e9 + " Gbps on a 1 Gbps bottleneck");
    assertTrue(goodputBps <= 1e9 * MSS / DATA_WIRE, "goodput above the payload share of the link: " + goodputBps);
  }

  @Test
  void smallFlowInOneWindowTakesOneRoundTrip() {
    // 10 segments with an initial window of 10: all leave back to back; the last one trails the first by 9
    // serializations on the 1 Gbps host link, then travels one way, and its ACK travels back.
    RunSummary r = run("ecmp", 10, new Workload.Flow(0, 0, 16, 10 * MSS));
    long expected = 9 * DATA_WIRE * 8L + oneWay(DATA_WIRE) + oneWay(ACK_WIRE);
    assertEquals(expected, r.fctNanos(0));
    assertEquals(0, r.drops());
    assertEquals(0, r.retransmits());
  }

  @Test
  void smallFlowNeedsSlowStartRounds() {
    // Initial window 1, three segments: round 1 sends one segment; its ACK opens the window to 2 and the other
    // two go back to back; the flow completes when the second of those is acknowledged.
    RunSummary r = run("ecmp", 1, new Workload.Flow(0, 0, 16, 3 * MSS));
    long rtt = oneWay(DATA_WIRE) + oneWay(ACK_WIRE);
    long expected = rtt + DATA_WIRE * 8L + rtt;
    assertEquals(expected, r.fctNanos(0));
  }

  @Test
  void delayedAcksWaitForASecondSegmentOrTheTimer() {
    long delay = 200_000;
    RunSummary one = Simulation.builder().scheme("ecmp").delayedAckNanos(delay)
        .workload(Workload.explicit(List.of(new Workload.Flow(0, 0, 16, MSS)))).build().run();
    assertEquals(oneWay(DATA_WIRE) + delay + oneWay(ACK_WIRE), one.fctNanos(0), "lone segment: timer");
    RunSummary two = Simulation.builder().scheme("ecmp").delayedAckNanos(delay)
        .workload(Workload.explicit(List.of(new Workload.Flow(0, 0, 16, 2 * MSS)))).build().run();
    assertEquals(DATA_WIRE * 8L + oneWay(DATA_WIRE) + oneWay(ACK_WIRE), two.fctNanos(0), "second segment: at once");
  }

  @Test
  void twoFlowsShareOneBottleneckFairly() {
    long bytes = 10_000_000;
    // Two clients under leaf 0 send to the same server: its 1 Gbps downlink is the bottleneck.
    RunSummary r = run("ecmp", 10, new Workload.Flow(0, 0, 16, bytes), new Workload.Flow(0, 1, 16, bytes));
    assertEquals(2, r.flowsCompleted());
    // A fair share gives both flows half the link until both finish at about the same time; had one flow
    // starved the other, the first would finish after about half of the fair time.
    double fairFinish = 2.0 * bytes * 8 * DATA_WIRE / MSS; // ns at 1 Gbps
    long first = Math.min(r.fctNanos(0), r.fctNanos(1));
    long last = Math.max(r.fctNanos(0), r.fctNanos(1));
    assertTrue(first >= 0.8 * fairFinish, "first flow done at " + first / fairFinish + " of the fair time");
    assertTrue(first >= 0.8 * last, "completion times " + first + " and " + last + " ns");
    assertTrue(r.link("L1->H16").utilization() > 0, "bottleneck carried traffic");
  }

  @Test
  void noEcnMarksWhileQueuesStayUnderK() {
    // One flow: every switch port it crosses is at least as fast as the host link that paces it.
    RunSummary r = run("ecmp", 10, new Workload.Flow(0, 0, 16, 5_000_000));
    long k = Topologies.paperSymmetric().ecnThresholdBytes(1_000_000_000L);
    for (RunSummary.LinkStats l : r.links()) {
      if (!l.name().startsWith("H")) {
        assertTrue(l.maxBacklogBytes() <= k, l.toString());
      }
    }
    assertEquals(0, r.ecnMarks());
  }

  @Test
  void ecnMarksOnceAQueueExceedsK() {
    // The control for the test above: two senders into one 1 Gbps downlink build a queue beyond K.
    RunSummary r = run("ecmp", 10, new Workload.Flow(0, 0, 16, 5_000_000), new Workload.Flow(0, 1, 16, 5_000_000));
    assertTrue(r.ecnMarks() > 0);
    assertTrue(r.link("L1->H16").ceMarks() > 0);
    assertTrue(r.link("L1->H16").maxBacklogBytes() > Topologies.paperSymmetric().ecnThresholdBytes(1_000_000_000L));
  }
}
