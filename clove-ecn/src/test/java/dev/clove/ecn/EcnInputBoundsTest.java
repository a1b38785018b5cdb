// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.ecn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clove.api.Counter;
import dev.clove.api.FeedbackRelay;
import dev.clove.api.FeedbackWord;
import dev.clove.core.PathSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The edges of what CLOVE-ECN accepts: ports 0 and 65535 and the last source id are valid, one past them is not;
 * heard ports come back as liveness words; path sets beyond the policy's bounds are refused and counted.
 * Threading: single-threaded.
 */
class EcnInputBoundsTest {
  private static final long I = 1_000;

  @Test
  void marksOnTheFirstAndLastPortAndSourceAreReportedAndOnePastThemCounted() {
    FeedbackRelay relay = CloveEcn.relay().maxSources(3).relayIntervalNanos(I).livenessReports(false).build();
    relay.onArrival(0, 0, true, 0);
    relay.onArrival(2, 65535, true, 0);
    relay.onArrival(3, 7, true, 0);
    relay.onArrival(-1, 7, true, 0);
    relay.onArrival(1, -1, true, 0);
    relay.onArrival(1, 65536, true, 0);
    assertEquals(2, relay.count(Counter.FEEDBACK_UNKNOWN_DESTINATION));
    assertEquals(2, relay.count(Counter.FEEDBACK_INVALID_VALUE));
    assertEquals(FeedbackWord.encodeCongestion(0), relay.pollFeedback(0, I));
    assertEquals(FeedbackWord.encodeCongestion(65535), relay.pollFeedback(2, I));
    assertEquals(FeedbackWord.NONE, relay.pollFeedback(1, I), "nothing valid was marked for source 1");
    assertEquals(FeedbackWord.NONE, relay.pollFeedback(3, I));
    assertEquals(3, relay.count(Counter.FEEDBACK_UNKNOWN_DESTINATION), "polling an unknown source is counted");
    assertEquals(2, relay.count(Counter.RELAY_REPORTS_SENT));
  }

  @Test
  void heardPortsComeBackAsLivenessWordsOnTheEdgesToo() {
    FeedbackRelay relay = CloveEcn.relay().maxSources(3).relayIntervalNanos(I).livenessReports(true).build();
    relay.onArrival(2, 0, false, 0);
    relay.onArrival(2, 65535, false, 0);
    relay.onArrival(3, 5, false, 0); // unknown source, unmarked: ignored
    relay.onArrival(2, 65536, false, 0); // invalid port, unmarked: ignored
    relay.onArrival(2, -1, false, 0);
    Set<Integer> words = new HashSet<>();
    for (int w; (w = relay.pollFeedback(2, I)) != FeedbackWord.NONE; ) {
      words.add(w);
    }
    assertEquals(Set.of(FeedbackWord.encodeHeard(0), FeedbackWord.encodeHeard(65535)), words);
    assertEquals(2, relay.count(Counter.RELAY_LIVENESS_SENT));
    assertEquals(0, relay.count(Counter.RELAY_REPORTS_SENT));
    assertEquals(FeedbackWord.NONE, relay.pollFeedback(0, I), "nothing was heard from source 0");
    assertEquals(5, relay.count(Counter.RELAY_ARRIVALS));
  }

  @Test
  void anUnmarkedArrivalFromTheFirstSourceIsHeardToo() {
    FeedbackRelay relay = CloveEcn.relay().maxSources(3).relayIntervalNanos(I).livenessReports(true).build();
    relay.onArrival(0, 4789, false, 0);
    assertEquals(FeedbackWord.encodeHeard(4789), relay.pollFeedback(0, I), "source 0 is a valid source");
    assertEquals(FeedbackWord.NONE, relay.pollFeedback(0, I), "one word per heard port");
    assertEquals(1, relay.count(Counter.RELAY_LIVENESS_SENT));
  }

  @Test
  void pathSetsOutsideThePolicysBoundsAreRefusedAndCounted() {
    EcnPolicy policy = CloveEcn.policy().relayIntervalNanos(I).build();
    policy.bind(4, 3, 100_000);
    policy.onPathsChanged(4, PathSet.EMPTY, PathSet.of(1, 2), 0);
    policy.onPathsChanged(-1, PathSet.EMPTY, PathSet.of(1, 2), 0);
    assertEquals(2, policy.count(Counter.FEEDBACK_UNKNOWN_DESTINATION));
    policy.onPathsChanged(3, PathSet.EMPTY, PathSet.of(1, 2, 3, 4), 0);
    assertEquals(1, policy.count(Counter.FEEDBACK_INVALID_VALUE), "four paths where three fit");
    assertEquals(0, policy.weights(3).length);
    policy.onPathsChanged(3, PathSet.EMPTY, PathSet.of(1, 2, 3), 0);
    assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, policy.weights(3), 1e-15, "three fit");
    assertEquals(0, policy.weights(4).length);
  }

  /** Sixteen destinations and more: the policy's list of destinations to decay grows, and every one decays. */
  @Test
  void recoveryReachesEveryDestinationBeyondTheFirstSixteen() {
    EcnPolicy policy = CloveEcn.policy().relayIntervalNanos(I).congestionMemoryNanos(0).cutFactor(0.5)
        .recovery(Recovery.decayToEqual(10 * I)).build();
    policy.bind(40, 2, 100_000);
    for (int d = 0; d < 40; d++) {
      policy.onPathsChanged(d, PathSet.EMPTY, PathSet.of(1, 2), 0);
      policy.onCongestion(d, 0, 10);
      assertArrayEquals(new double[] {0.25, 0.75}, policy.weights(d), 1e-12, "destination " + d + " cut");
    }
    policy.onTick(10);
    policy.onTick(10 + 100 * I); // ten time constants: e^-10 of the deviation is left
    for (int d = 0; d < 40; d++) {
      double left = 0.25 * Math.exp(-10);
      assertArrayEquals(new double[] {0.5 - left, 0.5 + left}, policy.weights(d), 1e-9, "destination " + d);
    }
  }
}
