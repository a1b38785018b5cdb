// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import dev.clove.api.FeedbackWord;
import dev.clove.api.LoadBalancer;
import dev.clove.core.Clove;
import org.junit.jupiter.api.Test;

/** Mistakes an integrator can make when wiring CLOVE-INT are caught at build time or counted, never silent. */
class IntWiringTest {

  @Test
  void thePolicyInheritsTheBalancersBaseRtt() {
    IntPolicy policy = CloveInt.policy().build();
    Clove.builder().baseRttNanos(20_000).policy(policy).staticPaths(0, 50001, 50002).build();
    assertEquals(200_000, policy.staleAfterNanos(), "ten of the balancer's 20 us, set once");
  }

  @Test
  void aPolicyBaseRttThatDisagreesWithTheBalancersIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Clove.builder()
        .baseRttNanos(10_000).policy(CloveInt.policy().baseRttNanos(100_000).build()).build());
    assertTrue(e.getMessage().startsWith("CloveInt.policy().baseRttNanos=100000 differs from the balancer's "
        + "baseRttNanos=10000"), e.getMessage());
    IntPolicy explicitStale = CloveInt.policy().staleAfterNanos(7_000).build();
    Clove.builder().baseRttNanos(10_000).policy(explicitStale).build();
    assertEquals(7_000, explicitStale.staleAfterNanos(), "an explicit setting is kept");
  }

  @Test
  void congestionWordsReachingAnIntBalancerAreCountedAsTheWrongKind() {
    LoadBalancer lb = Clove.builder().policy(CloveInt.policy().build()).staticPaths(0, 50001, 50002).build();
    lb.onFeedbackWord(0, FeedbackWord.encodeCongestion(50001), 1_000);
    assertEquals(1, lb.count(Counter.FEEDBACK_WRONG_KIND));
    lb.onFeedbackWord(0, FeedbackWord.encodeUtilization(50001, 0.5), 2_000);
    assertEquals(1, lb.count(Counter.FEEDBACK_WRONG_KIND));
    assertEquals(1, lb.count(Counter.UTILIZATION_REPORTS));
  }
}
