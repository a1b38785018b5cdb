// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.clove.api.Counter;
import dev.clove.api.FeedbackRelay;
import dev.clove.api.FeedbackWord;
import dev.clove.api.LoadBalancer;
import dev.clove.core.Clove;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The edges of what CLOVE-INT accepts, and the reading of path 0 at work in a balancer. Threading:
 * single-threaded.
 */
class IntInputBoundsTest {
  private static final long I = 1_000;

  @Test
  void readingsOnTheFirstAndLastPortAndSourceAreRelayedAndOnePastThemCounted() {
    FeedbackRelay relay = CloveInt.relay().maxSources(3).relayIntervalNanos(I).livenessReports(false).build();
    relay.onTelemetry(0, 0, 0.5, 0);
    relay.onTelemetry(2, 65535, 1.5, 0);
    relay.onTelemetry(3, 7, 0.5, 0);
    relay.onTelemetry(-1, 7, 0.5, 0);
    assertEquals(2, relay.count(Counter.FEEDBACK_UNKNOWN_DESTINATION));
    relay.onTelemetry(1, -1, 0.5, 0);
    relay.onTelemetry(1, 65536, 0.5, 0);
    relay.onTelemetry(1, 7, -0.01, 0);
    relay.onTelemetry(1, 7, 16.01, 0);
    relay.onTelemetry(1, 8, 16.0, 0); // the largest plausible utilization: relayed, saturated in the word
    assertEquals(4, relay.count(Counter.FEEDBACK_INVALID_VALUE));
    assertEquals(FeedbackWord.encodeUtilization(0, 0.5), relay.pollFeedback(0, I));
    assertEquals(FeedbackWord.encodeUtilization(65535, 1.5), relay.pollFeedback(2, I));
    assertEquals(FeedbackWord.encodeUtilization(8, 16.0), relay.pollFeedback(1, I));
    assertEquals(FeedbackWord.NONE, relay.pollFeedback(1, I));
    assertEquals(FeedbackWord.NONE, relay.pollFeedback(3, I));
    assertEquals(3, relay.count(Counter.FEEDBACK_UNKNOWN_DESTINATION), "polling an unknown source is counted");
    assertEquals(3, relay.count(Counter.RELAY_REPORTS_SENT));
  }

  /** Only CE-marked arrivals count as such: three unmarked and two marked arrivals are five, two of them CE. */
  @Test
  void arrivalsAreCountedAndOnlyMarkedOnesAsCongestionExperienced() {
    FeedbackRelay relay = CloveInt.relay().maxSources(3).relayIntervalNanos(I).livenessReports(true).build();
    relay.onArrival(2, 0, false, 0);
    relay.onArrival(2, 65535, false, 0);
    relay.onArrival(2, 5, true, 0);
    relay.onArrival(2, 5, true, 0);
    relay.onArrival(3, 6, false, 0); // unknown source: counted as an arrival, not heard
    relay.onArrival(2, 65536, false, 0); // invalid port: not heard
    relay.onArrival(2, -1, false, 0);
    assertEquals(7, relay.count(Counter.RELAY_ARRIVALS));
    assertEquals(2, relay.count(Counter.RELAY_CE_ARRIVALS));
    Set<Integer> words = new HashSet<>();
    for (int w; (w = relay.pollFeedback(2, I)) != FeedbackWord.NONE; ) {
      words.add(w);
    }
    assertEquals(Set.of(FeedbackWord.encodeHeard(0), FeedbackWord.encodeHeard(65535), FeedbackWord.encodeHeard(5)),
        words, "every valid arrival is heard; CLOVE-INT makes no report of a CE mark");
    assertEquals(FeedbackWord.NONE, relay.pollFeedback(0, I));
  }

  /**
   * A balancer-level check that path 0's readings are used: path 0 is the busy one, so new flowlets avoid its port
   * (a balancer that dropped path 0's readings would see no reading there, and explore it).
   */
  @Test
  void newFlowletsAvoidABusyPathZero() {
    LoadBalancer lb = Clove.builder().maxDestinations(8).policy(CloveInt.policy().staleAfterNanos(1_000_000).build())
        .staticPaths(5, 100, 200, 300).flowletGapNanos(1_000).build();
    long now = 10_000;
    lb.onUtilization(5, 100, 0.95, now);
    lb.onUtilization(5, 200, 0.10, now);
    lb.onUtilization(5, 300, 0.20, now);
    assertEquals(3, lb.count(Counter.UTILIZATION_REPORTS));
    for (long flow = 0; flow < 200; flow++) {
      int port = lb.selectSourcePort(5, flow, 100, now + flow);
      assertNotEquals(100, port, "flow " + flow + " was placed on the busiest path");
      assertEquals(200, port, "the least utilized path");
    }
  }
}
