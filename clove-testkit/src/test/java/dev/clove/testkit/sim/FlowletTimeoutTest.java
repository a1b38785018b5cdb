// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every flowlet scheme runs with one flowlet timeout: 500 us by default, the edge schemes and CONGA alike, and
 * twice the unloaded RTT when {@code flowletGapNanos(0)} selects the sensitivity setting.
 */
class FlowletTimeoutTest {

  /**
   * Twice the unloaded RTT of the paper's fabrics, worked out by hand: a 1,550-byte data packet crosses two
   * 1 Gbps host links (12.4 us each) and two 4 Gbps fabric links (3.1 us each), a 90-byte ACK the same links
   * (0.72 and 0.18 us), with 2 us of propagation on each of the eight traversals.
   */
  private static final long TWICE_RTT = 2 * (2 * (12_400 + 2_000) + 2 * (3_100 + 2_000)
      + 2 * (720 + 2_000) + 2 * (180 + 2_000));

  /** Twenty one-segment flows from host 0 to host 16, 300 us apart, on their one persistent connection. */
  private static RunSummary spacedFlows(String scheme, Long gapNanos) {
    List<Workload.Flow> flows = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      flows.add(new Workload.Flow(i * 300_000L, 0, 16, 1_000));
    }
    Simulation.Builder b = Simulation.builder().scheme(scheme).pathDiscovery(false)
        .workload(Workload.explicit(flows)).seed(3);
    if (gapNanos != null) {
      b.flowletGapNanos(gapNanos);
    }
    return b.build().run();
  }

  @Test
  void edgeSchemeUsesTheCommonTimeout() {
    // 300 us of silence is within 500 us: the data and the ACK direction each stay one flowlet.
    RunSummary common = spacedFlows("edge-flowlet", null);
    assertTrue(common.unfinished().isEmpty());
    assertEquals(2, common.counter(Counter.NEW_FLOWLETS));
    // Twice the RTT (97.6 us) is shorter than the silences: every flow starts a flowlet in each direction.
    RunSummary twiceRtt = spacedFlows("edge-flowlet", 0L);
    assertEquals(40, twiceRtt.counter(Counter.NEW_FLOWLETS));
    // A common timeout set below the silences: the same.
    assertEquals(40, spacedFlows("edge-flowlet", 250_000L).counter(Counter.NEW_FLOWLETS));
  }

  @Test
  void congaAndEdgeSchemesGetTheSameTimeout() {
    Simulation conga = Simulation.builder().scheme("conga").build();
    assertEquals(500_000, conga.congaFlowletGapNanos);
    assertEquals(500_000, conga.flowletGapNanos, "the edge schemes' timeout");
    Simulation congaTwiceRtt = Simulation.builder().scheme("conga").flowletGapNanos(0).build();
    assertEquals(TWICE_RTT, congaTwiceRtt.congaFlowletGapNanos);
    assertEquals(TWICE_RTT, 2 * congaTwiceRtt.baseRttNanos(), "what the edge schemes' library default gives");
    Simulation common = Simulation.builder().scheme("conga").flowletGapNanos(250_000).build();
    assertEquals(250_000, common.congaFlowletGapNanos);
  }

  @Test
  void congaOverrideReproducesTheOldSetting() {
    Simulation old = Simulation.builder().scheme("conga").flowletGapNanos(0).congaFlowletGapNanos(500_000).build();
    assertEquals(500_000, old.congaFlowletGapNanos);
    assertEquals(0, old.flowletGapNanos, "edge schemes: twice the base RTT");
  }
}
