// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import org.junit.jupiter.api.Test;

/**
 * The {@code -adaptive} schemes end to end in the simulator: the receiving hosts hand each packet's send time to
 * their relays, the relays' path-delay words reach the senders and are applied, and the senders' flows start more
 * flowlets than with the fixed gap.
 *
 * <p>The expectation, from the fabric: on the symmetric fabric at light load the queues stay short, so the paths
 * between two hosts differ in one-way delay by a few microseconds, far below the fixed 500 us gap, and the
 * adaptive gap falls towards its minimum (half the base RTT, about 24 us). Every pause of a flow between those two
 * then ends a flowlet that the fixed gap would have continued: the TCP senders' pauses (an ACK clock at light
 * load) are mostly tens to hundreds of microseconds.
 */
class AdaptiveGapSchemesTest {

  static RunSummary run(String scheme) {
    RunSummary r = Simulation.builder().topology(Topologies.paperSymmetric()).scheme(scheme)
        .workload(Workload.clientServer(FlowSizeDistribution.webSearch())).load(0.3).flows(200).seed(5)
        .pathDiscovery(false).build().run();
    assertTrue(r.unfinished().isEmpty(), scheme + ": " + r.unfinished());
    return r;
  }

  @Test
  void delayWordsReachTheSendersAndFlowsMoveMoreOften() {
    RunSummary fixed = run(Schemes.EDGE_FLOWLET);
    RunSummary adaptive = run(Schemes.EDGE_FLOWLET_ADAPTIVE);
    assertEquals(0, fixed.counter(Counter.RELAY_DELAY_SENT), "the fixed scheme's relays send no delay words");
    assertTrue(adaptive.counter(Counter.RELAY_DELAY_SENT) > 0, "the relays measured and reported");
    assertTrue(adaptive.counter(Counter.PATH_DELAY_REPORTS) > 0, "the senders received them");
    assertTrue(adaptive.counter(Counter.PATH_DELAY_REPORTS) <= adaptive.counter(Counter.RELAY_DELAY_SENT));
    assertEquals(0, adaptive.counter(Counter.FEEDBACK_MALFORMED), "the words decode");
    // Fails with the mechanism off: the same flows, many more flowlets.
    assertTrue(adaptive.counter(Counter.NEW_FLOWLETS) > 2 * fixed.counter(Counter.NEW_FLOWLETS),
        "adaptive " + adaptive.counter(Counter.NEW_FLOWLETS) + " new flowlets, fixed "
            + fixed.counter(Counter.NEW_FLOWLETS));
  }

  @Test
  void theCloveEcnVariantKeepsItsCongestionReports() {
    RunSummary adaptive = run(Schemes.CLOVE_ECN_ADAPTIVE);
    assertTrue(adaptive.counter(Counter.PATH_DELAY_REPORTS) > 0);
    assertEquals(0, adaptive.counter(Counter.FEEDBACK_MALFORMED));
    assertEquals(0, adaptive.counter(Counter.FEEDBACK_WRONG_KIND), "delay words are not congestion reports");
  }
}
