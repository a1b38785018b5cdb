// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.ecn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clove.api.Counter;
import dev.clove.api.FeedbackRelay;
import dev.clove.api.LoadBalancer;
import dev.clove.core.Clove;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Whatever arrives from the network, nothing throws and the weights stay a distribution. */
class EcnJunkTest {
  @Property(tries = 300)
  void arbitraryFeedbackNeverThrows(@ForAll int destination, @ForAll int port, @ForAll int word,
      @ForAll long now, @ForAll double utilization, @ForAll boolean ce) {
    EcnPolicy policy = CloveEcn.policy().recovery(Recovery.decayToEqual(1_000)).build();
    LoadBalancer lb = Clove.builder().policy(policy).maxDestinations(4).staticPaths(0, 7, 8, 9).seed(1).build();
    FeedbackRelay relay = CloveEcn.relay().maxSources(4).build();
    lb.onCongestion(destination, port, now);
    lb.onCongestion(0, port & 0xF, now);
    lb.onCongestion(0, 8, now);
    lb.onFeedbackWord(destination & 3, word, now);
    lb.onUtilization(destination, port, utilization, now);
    lb.onTick(now);
    lb.onTick(now ^ Long.MIN_VALUE);
    lb.selectSourcePort(destination, now, port, now);
    relay.onArrival(destination, port, ce, now);
    relay.onArrival(destination & 3, port & 0xFFFF, true, now);
    relay.onTelemetry(destination, port, utilization, now);
    relay.pollFeedback(destination, now);
    relay.pollFeedback(destination & 3, now ^ Long.MIN_VALUE);
    EcnPolicyPropertiesTest.assertDistribution(policy.weights(0));
    assertEquals(3, policy.weights(0).length);
    assertEquals(2, relay.count(Counter.RELAY_CE_ARRIVALS) + (ce ? 0 : 1));
  }
}
