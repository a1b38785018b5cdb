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
 * <p>The expectation, from the fabric: acknowledgements are flows of the balancer too, and the paths they take
 * back from the client-server workload's receivers carry almost nothing, so their one-way delays differ by a few
 * microseconds, far below the fixed 500 us gap, and every path is heard (the acknowledgements of all the flows
 * between two hosts spread over the paths); the adaptive gap of that direction falls to its minimum (half the base
 * RTT, about 24 us), and every pause of an acknowledgement flow between those two ends a flowlet that the fixed gap
 * would have continued. (In the data direction the senders rarely use every path within a report's memory, so
 * most reports there are partial and the gap stays fixed: docs/policies.md.)
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
  void delayWordsReachTheSendersAndFlowsStartMoreFlowlets() {
    RunSummary fixed = run(Schemes.EDGE_FLOWLET);
    RunSummary adaptive = run(Schemes.EDGE_FLOWLET_ADAPTIVE);
    assertEquals(0, fixed.counter(Counter.RELAY_DELAY_SENT), "the fixed scheme's relays send no delay words");
    assertTrue(adaptive.counter(Counter.RELAY_DELAY_SENT) > 0, "the relays measured and reported");
    assertTrue(adaptive.counter(Counter.PATH_DELAY_REPORTS) > 0, "the senders received them");
    assertTrue(adaptive.counter(Counter.PATH_DELAY_REPORTS) <= adaptive.counter(Counter.RELAY_DELAY_SENT));
    assertEquals(0, adaptive.counter(Counter.FEEDBACK_MALFORMED), "the words decode");
    // Fails with the mechanism off: the same flows, many more flowlets (the acknowledgement flows' above all).
    assertTrue(adaptive.counter(Counter.NEW_FLOWLETS) > 2 * fixed.counter(Counter.NEW_FLOWLETS),
        "adaptive " + adaptive.counter(Counter.NEW_FLOWLETS) + " new flowlets, fixed "
            + fixed.counter(Counter.NEW_FLOWLETS));
  }

  @Test
  void ecmpNeverMovesAConnectionsDataBetweenPaths() {
    // ECMP hashes each connection onto one port for good: the move counter must stay at zero.
    assertEquals(0, run(Schemes.ECMP).dataPathMoves());
    assertTrue(run(Schemes.EDGE_FLOWLET).dataPathMoves() > 0, "flowlets do move data between paths");
  }

  @Test
  void theCloveEcnVariantKeepsItsCongestionReports() {
    RunSummary adaptive = run(Schemes.CLOVE_ECN_ADAPTIVE);
    assertTrue(adaptive.counter(Counter.PATH_DELAY_REPORTS) > 0);
    assertEquals(0, adaptive.counter(Counter.FEEDBACK_MALFORMED));
    assertEquals(0, adaptive.counter(Counter.FEEDBACK_WRONG_KIND), "delay words are not congestion reports");
  }
}
