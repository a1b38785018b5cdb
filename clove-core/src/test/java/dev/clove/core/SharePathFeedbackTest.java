// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import dev.clove.api.LoadBalancer;
import dev.clove.api.ProbeSender;
import dev.clove.core.FeedbackReachesThePolicyTest.RecordingPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link BalancerBuilder#sharePathFeedback}: a report about one destination's path reaches every destination whose
 * path has the same physical identity, under that destination's own index for it; paths of another leaf, paths
 * with no identity and the option turned off keep today's behaviour; path-set and hop changes rebuild the index.
 * Expected calls are derived from the ids the tests give (or from the scripted fabric's routing), never from the
 * balancer's output. Threading: single-threaded.
 */
class SharePathFeedbackTest {
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  // Destinations 0 and 1 behind leaf A: the same three fabric paths (ids 1, 2, 3), different ports, another order.
  // Destination 2 behind leaf B: its own paths (ids 11, 12, 13). Destination 3: static paths without ids.
  private static final int[] PORTS_0 = {100, 101, 102};
  private static final long[] IDS_0 = {1, 2, 3};
  private static final int[] PORTS_1 = {200, 201, 202};
  private static final long[] IDS_1 = {3, 1, 2};
  private static final int[] PORTS_2 = {300, 301, 302};
  private static final long[] IDS_2 = {11, 12, 13};

  private static LoadBalancer balancer(RecordingPolicy policy, boolean share) {
    return Clove.builder().maxDestinations(5).maxPathsPerDestination(4).policy(policy).seed(3)
        .staticPathHoldDownNanos(10 * MS).silenceTimeoutNanos(0)
        .staticPaths(0, PORTS_0, IDS_0).staticPaths(1, PORTS_1, IDS_1).staticPaths(2, PORTS_2, IDS_2)
        .staticPaths(3, 400, 401).sharePathFeedback(share).build();
  }

  /** The index of {@code id} in {@code ids}: where a destination keeps that physical path. */
  private static int indexOf(long[] ids, long id) {
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] == id) {
        return i;
      }
    }
    throw new AssertionError("no id " + id);
  }

  @Test
  void aMarkReportedByOneDestinationReachesTheOtherDestinationOnTheSamePhysicalPath() {
    RecordingPolicy policy = new RecordingPolicy(true, false);
    LoadBalancer lb = balancer(policy, true);
    lb.onCongestion(0, 101, 7); // destination 0's path 1, physical id 2
    assertEquals(List.of("C 0 1 7", "C 1 " + indexOf(IDS_1, 2) + " 7"), policy.calls);
    policy.calls.clear();
    lb.onCongestion(1, 200, 8); // destination 1's path 0, physical id 3
    assertEquals(List.of("C 0 " + indexOf(IDS_0, 3) + " 8", "C 1 0 8"), policy.calls);
    assertEquals(2, lb.count(Counter.CONGESTION_REPORTS), "a shared report is still one report");
  }

  @Test
  void utilizationIsSharedWithItsValue() {
    RecordingPolicy policy = new RecordingPolicy(false, true);
    LoadBalancer lb = balancer(policy, true);
    lb.onUtilization(1, 202, 0.75, 9); // physical id 2
    assertEquals(List.of("U 0 " + indexOf(IDS_0, 2) + " 0.75 9", "U 1 2 0.75 9"), policy.calls);
    assertEquals(1, lb.count(Counter.UTILIZATION_REPORTS));
  }

  @Test
  void aPathOfAnotherLeafAndAPathWithoutIdentityShareNothing() {
    RecordingPolicy policy = new RecordingPolicy(true, false);
    LoadBalancer lb = balancer(policy, true);
    lb.onCongestion(2, 301, 5);
    lb.onCongestion(3, 400, 6);
    lb.onCongestion(0, 999, 7); // not a path: refused as before, shared with nobody
    assertEquals(List.of("C 2 1 5", "C 3 0 6"), policy.calls);
    assertEquals(1, lb.count(Counter.FEEDBACK_UNKNOWN_PATH));
  }

  @Test
  void withTheOptionOffEachReportReachesOnlyItsOwnDestination() {
    RecordingPolicy policy = new RecordingPolicy(true, true);
    LoadBalancer lb = balancer(policy, false);
    lb.onCongestion(0, 101, 7);
    lb.onUtilization(1, 202, 0.5, 8);
    assertEquals(List.of("C 0 1 7", "U 1 2 0.5 8"), policy.calls);
  }

  @Test
  void aPathSetChangeRebuildsTheIndexUnderTheNewIndices() {
    RecordingPolicy policy = new RecordingPolicy(true, false);
    LoadBalancer lb = balancer(policy, true);
    lb.onTick(0);
    lb.onPathFailure(1, 201, MS); // destination 1 loses physical id 1: its set is now {200 (id 3), 202 (id 2)}
    lb.onCongestion(0, 101, 2 * MS); // id 2: destination 1's index for it is now 1
    lb.onCongestion(0, 100, 3 * MS); // id 1: destination 1 no longer has it
    policy.calls.removeIf(call -> call.startsWith("T"));
    assertEquals(List.of("C 0 1 " + 2 * MS, "C 1 1 " + 2 * MS, "C 0 0 " + 3 * MS), policy.calls);
    policy.calls.clear();
    lb.onTick(20 * MS); // the hold-down (10 ms) is over: 201 returns, at whatever index the new set gives it
    int[] returned = lb.paths(1).ports();
    assertEquals(3, returned.length);
    int at = -1;
    for (int i = 0; i < returned.length; i++) {
      at = returned[i] == 201 ? i : at;
    }
    lb.onCongestion(0, 100, 21 * MS);
    policy.calls.removeIf(call -> call.startsWith("T"));
    assertEquals(List.of("C 0 0 " + 21 * MS, "C 1 " + at + " " + 21 * MS), policy.calls);
  }

  @Test
  void aDestinationWhoseLastPathFailedLeavesTheIndex() {
    RecordingPolicy policy = new RecordingPolicy(true, false);
    LoadBalancer lb = Clove.builder().maxDestinations(2).policy(policy).silenceTimeoutNanos(0).seed(1)
        .staticPaths(0, new int[] {10}, new long[] {5}).staticPaths(1, new int[] {20}, new long[] {5})
        .sharePathFeedback(true).build();
    lb.onPathFailure(1, 20, 0);
    lb.onCongestion(0, 10, 1);
    assertEquals(List.of("C 0 0 1"), policy.calls);
  }

  @Test
  void theOptionAndTheIdsAreValidatedAtBuildTime() {
    IllegalArgumentException noIds = assertThrows(IllegalArgumentException.class,
        () -> Clove.builder().staticPaths(0, 1, 2).sharePathFeedback(true).build());
    assertTrue(noIds.getMessage().contains("sharePathFeedback=true"), noIds.getMessage());
    IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
        () -> Clove.builder().staticPaths(0, new int[] {1, 2}, new long[] {7}));
    assertTrue(length.getMessage().contains("staticPaths(0).pathIds") && length.getMessage().contains("had 1"),
        length.getMessage());
    IllegalArgumentException repeated = assertThrows(IllegalArgumentException.class,
        () -> Clove.builder().staticPaths(0, new int[] {1, 2}, new long[] {7, 7}));
    assertTrue(repeated.getMessage().contains("repeats id 7"), repeated.getMessage());
    IllegalArgumentException reserved = assertThrows(IllegalArgumentException.class,
        () -> Clove.builder().staticPaths(0, new int[] {1}, new long[] {Long.MIN_VALUE}));
    assertTrue(reserved.getMessage().contains("pathIds[0]=" + Long.MIN_VALUE), reserved.getMessage());
    assertThrows(NullPointerException.class, () -> Clove.builder().staticPaths(0, new int[] {1}, null));
    // Off by default, and ids without the option are accepted and unused.
    Clove.builder().staticPaths(0, new int[] {1}, new long[] {7}).build();
  }

  /**
   * A scripted two-leaf fabric answering probes at once: port {@code p} to a destination crosses spine
   * {@code (p + shift[d]) % 4}; the hops are the source leaf (100), the spine's uplink interface (210 + spine) and
   * the destination leaf's downlink interface ({@code 300 + 100 * leaf + spine}); the destination answers TTL 4.
   * Destinations 0 and 1 are behind leaf 0, destination 2 behind leaf 1.
   */
  static final class TwoLeafFabric implements ProbeSender {
    LoadBalancer balancer;
    long now;
    final int[] shift = new int[3];

    static int leaf(int destination) {
      return destination < 2 ? 0 : 1;
    }

    int spine(int destination, int port) {
      return (port + shift[destination]) % 4;
    }

    @Override
    public void sendProbe(int destination, int sourcePort, int ttl, int probeId) {
      int spine = spine(destination, sourcePort);
      long[] hops = {100, 210 + spine, 300 + 100 * leaf(destination) + spine};
      boolean fromDestination = ttl > hops.length;
      balancer.onProbeReply(destination, sourcePort, ttl, probeId, fromDestination ? 9_999 : hops[ttl - 1],
          fromDestination, now);
    }
  }

  private static LoadBalancer discovering(RecordingPolicy policy, TwoLeafFabric fabric) {
    DiscoveryConfig config = DiscoveryConfig.builder().probeIntervalNanos(20 * MS).replyTimeoutNanos(2 * MS)
        .probeOnlyActive(false).maxTtl(4).build();
    LoadBalancer lb = Clove.builder().maxDestinations(3).policy(policy).seed(5).silenceTimeoutNanos(0)
        .pathDiscovery(config, fabric).sharePathFeedback(true).build();
    fabric.balancer = lb;
    return lb;
  }

  private static void run(LoadBalancer lb, TwoLeafFabric fabric, long from, long to) {
    for (long t = from; t <= to; t += MS) {
      fabric.now = t;
      lb.onTick(t);
    }
  }

  /** The calls a congestion report on {@code port} of {@code reporter} should cause, from the fabric's routing. */
  private static List<String> expectedCalls(LoadBalancer lb, TwoLeafFabric fabric, int reporter, int port, long t) {
    List<String> expected = new ArrayList<>();
    int spine = fabric.spine(reporter, port);
    for (int d = 0; d < 3; d++) {
      int[] ports = lb.paths(d).ports();
      for (int i = 0; i < ports.length; i++) {
        boolean samePath = TwoLeafFabric.leaf(d) == TwoLeafFabric.leaf(reporter) && fabric.spine(d, ports[i]) == spine;
        if (d == reporter ? ports[i] == port : samePath) {
          expected.add("C " + d + " " + i + " " + t);
        }
      }
    }
    return expected;
  }

  @Test
  void discoveredHopsGiveTheIdentityAndAHopChangeWithoutAPortChangeRebuildsIt() {
    RecordingPolicy policy = new RecordingPolicy(true, false);
    TwoLeafFabric fabric = new TwoLeafFabric();
    LoadBalancer lb = discovering(policy, fabric);
    run(lb, fabric, 0, 30 * MS);
    for (int d = 0; d < 3; d++) {
      assertEquals(4, lb.paths(d).ports().length, "four spines, four paths to destination " + d);
    }
    long t = 31 * MS;
    for (int port : lb.paths(0).ports()) {
      policy.calls.clear();
      lb.onCongestion(0, port, t);
      List<String> expected = expectedCalls(lb, fabric, 0, port, t);
      assertEquals(2, expected.size(), "destination 0's path and destination 1's on the same spine");
      assertEquals(expected.stream().sorted().toList(), policy.calls.stream().sorted().toList());
    }
    // The fabric re-hashes destination 1: each of its ports now crosses the next spine. Its ports stay four
    // disjoint paths, so discovery keeps them and only their hops change.
    int[] before = lb.paths(1).ports();
    fabric.shift[1] = 1;
    run(lb, fabric, 32 * MS, 80 * MS);
    assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(lb.paths(1).ports()));
    long u = 81 * MS;
    int[] other = lb.paths(2).ports();
    for (int i = 0; i < other.length; i++) { // the other leaf: shares with nobody
      policy.calls.clear();
      lb.onCongestion(2, other[i], u);
      assertEquals(List.of("C 2 " + i + " " + u), policy.calls);
    }
    for (int port : lb.paths(0).ports()) {
      policy.calls.clear();
      lb.onCongestion(0, port, u);
      assertEquals(expectedCalls(lb, fabric, 0, port, u).stream().sorted().toList(),
          policy.calls.stream().sorted().toList());
    }
  }
}
