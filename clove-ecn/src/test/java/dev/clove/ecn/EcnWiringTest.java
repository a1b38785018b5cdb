// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.ecn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import dev.clove.api.FeedbackRelay;
import dev.clove.api.FeedbackWord;
import dev.clove.api.LoadBalancer;
import dev.clove.core.Clove;
import dev.clove.core.Policies;
import org.junit.jupiter.api.Test;

/** Mistakes an integrator can make when wiring CLOVE-ECN are caught at build time or counted, never silent. */
class EcnWiringTest {

  @Test
  void thePolicyInheritsTheBalancersBaseRtt() {
    EcnPolicy policy = CloveEcn.policy().build();
    Clove.builder().baseRttNanos(10_000).policy(policy).staticPaths(0, 50001, 50002).build();
    assertEquals(5_000, policy.relayIntervalNanos(), "half of the balancer's 10 us, set once");
    assertEquals(5_000, policy.congestionMemoryNanos());
  }

  @Test
  void aPolicyBaseRttThatDisagreesWithTheBalancersIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Clove.builder()
        .baseRttNanos(10_000).policy(CloveEcn.policy().baseRttNanos(100_000).build()).build());
    assertEquals("CloveEcn.policy().baseRttNanos=100000 differs from the balancer's baseRttNanos=10000; set the "
        + "base RTT once, on Clove.builder(), and the policy inherits it", e.getMessage());
    EcnPolicy agreeing = CloveEcn.policy().baseRttNanos(10_000).build();
    Clove.builder().baseRttNanos(10_000).policy(agreeing).build();
    assertEquals(5_000, agreeing.relayIntervalNanos());
  }

  @Test
  void telemetryHandedToAnEcnRelayIsCountedAsTheWrongKind() {
    FeedbackRelay relay = CloveEcn.relay().build();
    relay.onTelemetry(1, 50001, 0.5, 0);
    relay.onTelemetry(1, 50002, 0.7, 0);
    assertEquals(2, relay.count(Counter.RELAY_WRONG_KIND));
    assertEquals(FeedbackWord.NONE, relay.pollFeedback(1, 1_000_000), "and nothing is relayed");
  }

  @Test
  void feedbackOfTheOtherKindIsCountedAndChangesNothing() {
    EcnPolicy policy = CloveEcn.policy().build();
    LoadBalancer ecn = Clove.builder().policy(policy).staticPaths(0, 50001, 50002).build();
    ecn.onFeedbackWord(0, FeedbackWord.encodeUtilization(50001, 0.9), 1_000);
    assertEquals(1, ecn.count(Counter.FEEDBACK_WRONG_KIND));
    assertEquals(0, ecn.count(Counter.UTILIZATION_REPORTS));
    assertArrayEquals(new double[] {0.5, 0.5}, policy.weights(0), 0.0);

    LoadBalancer edge = Clove.builder().policy(Policies.edgeFlowlet()).staticPaths(0, 50001, 50002).build();
    edge.onFeedbackWord(0, FeedbackWord.encodeCongestion(50001), 1_000);
    edge.onCongestion(0, 50002, 2_000);
    assertEquals(2, edge.count(Counter.FEEDBACK_WRONG_KIND));

    ecn.onFeedbackWord(0, FeedbackWord.encodeCongestion(50001), 3_000);
    assertEquals(1, ecn.count(Counter.FEEDBACK_WRONG_KIND), "the right kind is not counted as wrong");
    assertEquals(1, ecn.count(Counter.CONGESTION_CUTS));
  }

  /** CLOVE-ECN's round robin starts where the seed says: a hundred senders do not herd onto one port first. */
  @Test
  void independentlySeededSendersDoNotStartInLockstep() {
    int[] ports = {50001, 50002, 50003, 50004};
    int[] firstPort = new int[ports.length];
    for (long seed = 0; seed < 400; seed++) {
      LoadBalancer lb = Clove.builder().maxDestinations(1).policy(CloveEcn.policy().build()).staticPaths(0, ports)
          .seed(seed).build();
      firstPort[lb.selectSourcePort(0, 42, 100, 0) - ports[0]]++;
    }
    for (int n : firstPort) {
      // 100 expected per port; the binomial sd is about 8.7, so 55..145 is a 5-sigma band.
      assertTrue(n > 55 && n < 145, "a synchronized herd: " + java.util.Arrays.toString(firstPort));
    }
  }
}
