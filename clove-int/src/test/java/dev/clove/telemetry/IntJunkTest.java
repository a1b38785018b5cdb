// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.FeedbackRelay;
import dev.clove.api.LoadBalancer;
import dev.clove.core.Clove;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Whatever arrives from the network, nothing throws and accepted readings are plausible. */
class IntJunkTest {
  @Property(tries = 300)
  void arbitraryFeedbackNeverThrows(@ForAll int destination, @ForAll int port, @ForAll int word,
      @ForAll long now, @ForAll double utilization) {
    IntPolicy policy = CloveInt.policy().build();
    LoadBalancer lb = Clove.builder().policy(policy).maxDestinations(4).staticPaths(0, 7, 8, 9).seed(1).build();
    FeedbackRelay relay = CloveInt.relay().maxSources(4).build();
    lb.onUtilization(destination, port, utilization, now);
    lb.onUtilization(0, 8, utilization, now);
    lb.onFeedbackWord(destination & 3, word, now);
    lb.onCongestion(destination, port, now);
    lb.onTick(now);
    int chosen = lb.selectSourcePort(0, now, 1500, now ^ Long.MIN_VALUE);
    assertTrue(chosen >= 7 && chosen <= 9, "port " + chosen);
    relay.onTelemetry(destination, port, utilization, now);
    relay.onTelemetry(destination & 3, port & 0xFFFF, utilization, now);
    relay.onArrival(destination, port, true, now);
    relay.pollFeedback(destination, now);
    relay.pollFeedback(destination & 3, now ^ Long.MIN_VALUE);
    double[] u = policy.utilizations(0);
    assertEquals(3, u.length);
    for (double x : u) {
      assertTrue(Double.isNaN(x) || (x >= 0 && x <= 16), "accepted " + x);
    }
  }
}
