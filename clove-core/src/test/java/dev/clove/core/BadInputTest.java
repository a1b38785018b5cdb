// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import dev.clove.api.FeedbackWord;
import dev.clove.api.LoadBalancer;
import dev.clove.core.internal.PathWeights;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Configuration errors throw and name the parameter; junk from the network is counted and never thrown. */
class BadInputTest {

  private static LoadBalancer balancer() {
    return Clove.builder().maxDestinations(4).seed(1).policy(Policies.edgeFlowlet())
        .fallbackPortRange(40000, 40999).staticPaths(1, 50001, 50002).build();
  }

  @Test
  void everyConfigurationErrorNamesItsParameterAndValue() {
    Map<String, Executable> cases = Map.ofEntries(
        Map.entry("maxDestinations", () -> Clove.builder().maxDestinations(0)),
        Map.entry("maxPathsPerDestination", () -> Clove.builder().maxPathsPerDestination(256)),
        Map.entry("flowletTableCapacity", () -> Clove.builder().flowletTableCapacity(1000)),
        Map.entry("baseRttNanos", () -> Clove.builder().baseRttNanos(-5)),
        Map.entry("flowletGapNanos", () -> Clove.builder().flowletGapNanos(0)),
        Map.entry("fallbackPortRange.min", () -> Clove.builder().fallbackPortRange(-1, 10)),
        Map.entry("fallbackPortRange.max", () -> Clove.builder().fallbackPortRange(10, 70000)),
        Map.entry("staticPaths(2)", () -> Clove.builder().staticPaths(2, 1, 1)),
        Map.entry("staticPaths.destination", () -> Clove.builder().maxDestinations(2).staticPaths(5, 1).build()));
    cases.forEach((parameter, action) -> {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action, parameter);
      assertTrue(e.getMessage().contains(parameter), parameter + " not named in: " + e.getMessage());
    });
    Map<String, Executable> nulls = Map.of(
        "policy", () -> Clove.builder().policy(null),
        "staticPaths(2)", () -> Clove.builder().staticPaths(2, (int[]) null),
        "pathDiscovery.config", () -> Clove.builder().pathDiscovery(null, (d, p, t, id) -> { }),
        "pathDiscovery.sender", () -> Clove.builder().pathDiscovery(DiscoveryConfig.defaults(), null));
    nulls.forEach((parameter, action) -> {
      NullPointerException e = assertThrows(NullPointerException.class, action, parameter);
      assertTrue(e.getMessage().contains(parameter), parameter + " not named in: " + e.getMessage());
    });
    IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
        () -> Clove.builder().fallbackPortRange(500, 400));
    assertTrue(range.getMessage().contains("min=500") && range.getMessage().contains("max=400"));
  }

  @Test
  void sizesAndTimesWhoseArithmeticWouldOverflowAreConfigurationErrors() {
    assertNamed("baseRttNanos", Long.toString(Long.MAX_VALUE), () -> Clove.builder().baseRttNanos(Long.MAX_VALUE));
    // The largest base RTT still builds: its default flowlet gap, twice it, is a time.
    LoadBalancer slow = Clove.builder().baseRttNanos(Long.MAX_VALUE / 2).staticPaths(0, 50000).build();
    assertEquals(50000, slow.selectSourcePort(0, 42L, 100, 0));
    // Per-path weights grow with the destinations in use: the largest documented shape costs nothing up front,
    // and its last destination works (before, 2^24 x 255 entries did not fit one array).
    PathWeights weights = new PathWeights(1 << 24, 255);
    double[] w = new double[255];
    java.util.Arrays.fill(w, 1.0 / 255);
    weights.publish((1 << 24) - 1, w, 255);
    assertEquals(255, weights.snapshot((1 << 24) - 1).length);
    assertEquals(0, weights.snapshot(0).length);
  }

  private static void assertNamed(String parameter, String value, Executable action) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action, parameter);
    assertTrue(e.getMessage().startsWith(parameter + " ") && e.getMessage().endsWith(value), e.getMessage());
  }

  @Test
  void aPolicyCannotServeTwoBalancers() {
    PathPolicy shared = Policies.edgeFlowlet();
    Clove.builder().policy(shared).build();
    assertThrows(IllegalStateException.class, () -> Clove.builder().policy(shared).build());
  }

  @Test
  void packetsToUnknownOrPathlessDestinationsUseTheFallbackHashAndAreCounted() {
    LoadBalancer lb = balancer();
    for (int destination : new int[] {-1, 4, Integer.MAX_VALUE}) {
      int port = lb.selectSourcePort(destination, 99, 100, 0);
      assertTrue(port >= 40000 && port <= 40999, "fallback range, got " + port);
      assertEquals(port, lb.selectSourcePort(destination, 99, 100, 1), "the fallback hash is stable");
    }
    assertEquals(6, lb.count(Counter.FALLBACK_UNKNOWN_DESTINATION));
    int port = lb.selectSourcePort(2, 99, 100, 0); // in range but no path known
    assertTrue(port >= 40000 && port <= 40999);
    assertEquals(1, lb.count(Counter.FALLBACK_NO_PATH));
  }

  @Test
  void junkFeedbackIsCountedAndIgnored() {
    LoadBalancer lb = balancer();
    lb.onCongestion(9, 50001, 0);
    lb.onCongestion(1, 12345, 0);
    for (double bad : List.of(Double.NaN, -0.1, Double.POSITIVE_INFINITY, 1e9)) {
      lb.onUtilization(1, 50001, bad, 0);
    }
    lb.onUtilization(-3, 50001, 0.5, 0);
    lb.onProbeReply(1, 50001, 1, 0, 7, false, 0); // no discovery configured
    lb.onPathFailure(1, 4242, 0);
    lb.onFeedbackWord(1, 0xC000_0001, 0);           // reserved kind
    lb.onFeedbackWord(1, FeedbackWord.encodeCongestion(50001) | 0x0001_0000, 0); // congestion with utilization bits
    lb.onFeedbackWord(1, FeedbackWord.NONE, 0);
    assertEquals(2, lb.count(Counter.FEEDBACK_UNKNOWN_DESTINATION));
    assertEquals(2, lb.count(Counter.FEEDBACK_UNKNOWN_PATH));
    assertEquals(4, lb.count(Counter.FEEDBACK_INVALID_VALUE));
    assertEquals(1, lb.count(Counter.PROBE_REPLIES_UNEXPECTED));
    assertEquals(2, lb.count(Counter.FEEDBACK_MALFORMED));
    int port = lb.selectSourcePort(1, 5, 100, 1);
    assertTrue(port == 50001 || port == 50002, "forwarding is unaffected");
  }

  @Test
  void aClockGoingBackwardsIsCountedAndThePacketStillGetsItsPath() {
    LoadBalancer lb = balancer();
    int port = lb.selectSourcePort(1, 5, 100, 1_000_000);
    // back by half the default 200 us gap (a jump back beyond the gap looks like a long idle time instead)
    assertEquals(port, lb.selectSourcePort(1, 5, 100, 900_000));
    assertEquals(1, lb.count(Counter.CLOCK_BACKWARDS));
    lb.onTick(500);
    lb.onTick(100);
    assertEquals(2, lb.count(Counter.CLOCK_BACKWARDS));
  }

  @Test
  void memoryIsBoundedByConfigurationNotByTraffic() {
    LoadBalancer lb = Clove.builder().maxDestinations(2).flowletTableCapacity(64).seed(3)
        .staticPaths(0, 1, 2, 3).build();
    for (long flow = 0; flow < 200_000; flow++) {
      lb.selectSourcePort(0, flow, 100, flow);
    }
    // 200k concurrently active flows in a 64-entry table: evictions of live flowlets are counted, not hidden.
    assertTrue(lb.count(Counter.FLOWLET_EVICTED_ACTIVE) > 150_000);
  }
}
