// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import dev.clove.api.LoadBalancer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a balancer hands its policy: congestion and utilization reports translated to the index of the reported
 * port in the destination's current set (path 0 included, destinations other than 0 included), ticks, path-set
 * changes, and the policy's own counts in the balancer's; and what it refuses, counted. A recording policy stands
 * in for CLOVE-ECN and CLOVE-INT. Threading: single-threaded.
 */
class FeedbackReachesThePolicyTest {
  /** Records every call a balancer makes; consumes congestion, utilization or neither. */
  static final class RecordingPolicy implements PathPolicy {
    final boolean congestion;
    final boolean utilization;
    final List<String> calls = new ArrayList<>();
    final List<int[]> pathChanges = new ArrayList<>(); // {destination, previous size, current size}
    final List<PathSet> published = new ArrayList<>();

    RecordingPolicy(boolean congestion, boolean utilization) {
      this.congestion = congestion;
      this.utilization = utilization;
    }

    @Override
    public boolean usesFlowlets() {
      return true;
    }

    @Override
    public void bind(int maxDestinations, int maxPathsPerDestination, long baseRttNanos) {}

    @Override
    public PathChooser newChooser(long seed) {
      return (destination, paths, flowKey, nowNanos) -> 0;
    }

    @Override
    public boolean consumesCongestion() {
      return congestion;
    }

    @Override
    public boolean consumesUtilization() {
      return utilization;
    }

    @Override
    public void onPathsChanged(int destination, PathSet previous, PathSet current, long nowNanos) {
      pathChanges.add(new int[] {destination, previous.size(), current.size()});
      published.add(current);
    }

    @Override
    public void onCongestion(int destination, int pathIndex, long nowNanos) {
      calls.add("C " + destination + " " + pathIndex + " " + nowNanos);
    }

    @Override
    public void onUtilization(int destination, int pathIndex, double value, long nowNanos) {
      calls.add("U " + destination + " " + pathIndex + " " + value + " " + nowNanos);
    }

    @Override
    public void onTick(long nowNanos) {
      calls.add("T " + nowNanos);
    }

    @Override
    public long count(Counter counter) {
      return counter == Counter.CONGESTION_CUTS ? 5 : 0;
    }
  }

  private static LoadBalancer balancer(RecordingPolicy policy) {
    return Clove.builder().maxDestinations(4).maxPathsPerDestination(4).policy(policy)
        .staticPaths(3, 1000, 2000, 3000).staticPaths(1, 7000).build();
  }

  @Test
  void congestionReachesThePolicyAsTheIndexOfTheReportedPortPathZeroIncluded() {
    RecordingPolicy policy = new RecordingPolicy(true, false);
    LoadBalancer lb = balancer(policy);
    lb.onCongestion(3, 1000, 10);
    lb.onCongestion(3, 3000, 11);
    lb.onCongestion(1, 7000, 12);
    assertEquals(List.of("C 3 0 10", "C 3 2 11", "C 1 0 12"), policy.calls);
    assertEquals(3, lb.count(Counter.CONGESTION_REPORTS));

    lb.onCongestion(3, 4000, 13); // not a path of destination 3
    lb.onCongestion(0, 1000, 14); // destination 0 has no paths
    assertEquals(2, lb.count(Counter.FEEDBACK_UNKNOWN_PATH));
    lb.onCongestion(4, 1000, 15); // maxDestinations is 4: ids 0..3
    lb.onCongestion(-1, 1000, 16);
    assertEquals(2, lb.count(Counter.FEEDBACK_UNKNOWN_DESTINATION));
    assertEquals(3, policy.calls.size(), "refused reports never reach the policy");
    assertEquals(7, lb.count(Counter.CONGESTION_REPORTS), "every report is counted, good or not");
    assertEquals(0, lb.count(Counter.FEEDBACK_WRONG_KIND));
  }

  @Test
  void utilizationReachesThePolicyAsTheIndexOfTheReportedPortPathZeroIncluded() {
    RecordingPolicy policy = new RecordingPolicy(false, true);
    LoadBalancer lb = balancer(policy);
    lb.onUtilization(3, 1000, 0.25, 10);
    lb.onUtilization(3, 2000, 0.0, 11); // the bounds of a plausible utilization: 0 and 16
    lb.onUtilization(1, 7000, 16.0, 12);
    assertEquals(List.of("U 3 0 0.25 10", "U 3 1 0.0 11", "U 1 0 16.0 12"), policy.calls);
    assertEquals(3, lb.count(Counter.UTILIZATION_REPORTS));

    lb.onUtilization(3, 1000, -0.001, 13);
    lb.onUtilization(3, 1000, 16.001, 14);
    lb.onUtilization(3, 1000, Double.NaN, 15);
    assertEquals(3, lb.count(Counter.FEEDBACK_INVALID_VALUE));
    lb.onUtilization(3, 4000, 0.5, 16);
    assertEquals(1, lb.count(Counter.FEEDBACK_UNKNOWN_PATH));
    lb.onUtilization(4, 1000, 0.5, 17);
    assertEquals(1, lb.count(Counter.FEEDBACK_UNKNOWN_DESTINATION));
    assertEquals(3, policy.calls.size());
    assertEquals(3, lb.count(Counter.UTILIZATION_REPORTS), "only reports the policy received");
  }

  @Test
  void aReportOfAKindThePolicyDoesNotUseIsCountedAsMiswiredAndGoesNowhere() {
    RecordingPolicy ecnOnly = new RecordingPolicy(true, false);
    LoadBalancer lb = balancer(ecnOnly);
    lb.onUtilization(3, 1000, 0.5, 10);
    RecordingPolicy intOnly = new RecordingPolicy(false, true);
    LoadBalancer other = balancer(intOnly);
    other.onCongestion(3, 1000, 10);
    other.onCongestion(3, 2000, 11);
    assertEquals(1, lb.count(Counter.FEEDBACK_WRONG_KIND));
    assertEquals(2, other.count(Counter.FEEDBACK_WRONG_KIND));
    assertEquals(0, lb.count(Counter.UTILIZATION_REPORTS));
    assertTrue(ecnOnly.calls.isEmpty() && intOnly.calls.isEmpty(), ecnOnly.calls + " " + intOnly.calls);
  }

  @Test
  void ticksReachThePolicyAndItsCountsAreTheBalancers() {
    RecordingPolicy policy = new RecordingPolicy(true, false);
    LoadBalancer lb = balancer(policy);
    lb.onTick(100);
    lb.onTick(200);
    assertEquals(List.of("T 100", "T 200"), policy.calls);
    assertEquals(5, lb.count(Counter.CONGESTION_CUTS), "the policy's own count");
  }

  @Test
  void staticPathsArePublishedToThePolicyPortsZeroAnd65535Included() {
    RecordingPolicy policy = new RecordingPolicy(false, false);
    LoadBalancer lb = Clove.builder().maxDestinations(4).maxPathsPerDestination(3).policy(policy)
        .staticPaths(2, 0, 65535, 9).build();
    assertArrayEquals(new int[] {0, 65535, 9}, lb.paths(2).ports());
    assertEquals(1, policy.published.size());
    assertArrayEquals(new int[] {0, 65535, 9}, policy.published.get(0).ports());
    assertArrayEquals(new int[] {2, 0, 3}, policy.pathChanges.get(0));
    assertEquals(0, lb.count(Counter.FEEDBACK_INVALID_VALUE));
  }

  @Test
  void eachPublishedSetHasANewerVersionThanTheOneBefore() {
    RecordingPolicy policy = new RecordingPolicy(false, false);
    LoadBalancer lb = Clove.builder().maxDestinations(4).policy(policy).staticPathHoldDownNanos(1_000)
        .staticPaths(1, 10, 20).build();
    long v1 = lb.pathsVersion(1);
    lb.onTick(0);
    lb.onPathFailure(1, 10, 0);
    long v2 = lb.pathsVersion(1);
    lb.onTick(2_000); // hold-down over: 10 is back
    long v3 = lb.pathsVersion(1);
    assertTrue(v1 < v2 && v2 < v3, v1 + " " + v2 + " " + v3);
    assertArrayEquals(new int[] {10, 20}, lb.paths(1).ports());
    assertEquals(-1, lb.pathsVersion(4), "out of range");
    assertEquals(-1, lb.pathsVersion(-1));
    assertEquals(0, lb.paths(4).ports().length);
    assertEquals(List.of("T 0", "T 2000"), policy.calls);
  }

  @Test
  void aClosedDataplaneKeepsItsPacketsInTheTotalsOnce() {
    LoadBalancer lb = balancer(new RecordingPolicy(false, false));
    LoadBalancer second = lb.newDataplane();
    for (int i = 0; i < 5; i++) {
      second.selectSourcePort(3, i, 100, i);
    }
    lb.selectSourcePort(3, 99, 100, 0);
    assertEquals(6, lb.count(Counter.PACKETS));
    second.close();
    assertEquals(6, lb.count(Counter.PACKETS), "closing keeps the closed dataplane's packets");
    second.close();
    assertEquals(6, lb.count(Counter.PACKETS), "closing twice counts them once");
  }
}
