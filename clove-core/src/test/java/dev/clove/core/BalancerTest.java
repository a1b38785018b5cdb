// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import dev.clove.api.LoadBalancer;
import dev.clove.api.PacketMetadata;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class BalancerTest {
  static final int[] PORTS = {50001, 50002, 50003, 50004};
  static final long RTT = 50_000;
  static final long GAP = 2 * RTT;

  static LoadBalancer balancer(PathPolicy policy, long seed) {
    return Clove.builder()
        .maxDestinations(8)
        .flowletTableCapacity(1 << 12)
        .baseRttNanos(RTT)
        .seed(seed)
        .policy(policy)
        .staticPaths(3, PORTS)
        .build();
  }

  @Test
  void theFlowletGapDefaultsToTwiceTheBaseRtt() {
    LoadBalancer lb = balancer(Policies.edgeFlowlet(), 1);
    // The flowlet table measures idle time in ticks: the largest power of two <= gap / 256 (100 us / 256 = 390).
    final long tick = 256;
    int first = lb.selectSourcePort(3, 77, 1500, 0);
    long t = 0;
    for (int i = 0; i < 100; i++) {
      t += GAP;
      assertEquals(first, lb.selectSourcePort(3, 77, 1500, t), "idle exactly 2 x RTT stays in the flowlet");
    }
    assertEquals(1, lb.count(Counter.NEW_FLOWLETS));
    lb.selectSourcePort(3, 77, 1500, t + GAP + 2 * tick);
    assertEquals(2, lb.count(Counter.NEW_FLOWLETS), "idle 2 x RTT + 2 ticks starts a new flowlet");
  }

  @Test
  void edgeFlowletSpreadsNewFlowletsUniformly() {
    LoadBalancer lb = balancer(Policies.edgeFlowlet(), 2);
    Map<Integer, Integer> counts = new HashMap<>();
    int flowlets = 40_000;
    for (int i = 0; i < flowlets; i++) {
      // one flow, always idle past the gap (by more than two 256 ns ticks): every packet is a new flowlet
      counts.merge(lb.selectSourcePort(3, 5, 100, i * (GAP + 1_000)), 1, Integer::sum);
    }
    assertEquals(Set.of(50001, 50002, 50003, 50004), counts.keySet());
    // Each count is Binomial(40000, 1/4): mean 10000, sd ~87. Six sd either way.
    for (int count : counts.values()) {
      assertTrue(Math.abs(count - flowlets / 4) < 6 * 87, "count " + count + " in " + counts);
    }
  }

  @Test
  void sameSeedSameDecisionsDifferentSeedDifferentDecisions() {
    int[] a = decisions(11);
    int[] b = decisions(11);
    int[] c = decisions(12);
    assertTrue(java.util.Arrays.equals(a, b));
    assertTrue(!java.util.Arrays.equals(a, c));
  }

  private static int[] decisions(long seed) {
    LoadBalancer lb = balancer(Policies.edgeFlowlet(), seed);
    int[] ports = new int[200];
    for (int i = 0; i < ports.length; i++) {
      ports[i] = lb.selectSourcePort(3, i % 13, 100, i * GAP / 3);
    }
    return ports;
  }

  @Property(tries = 100)
  void ecmpNeverMovesAFlow(@ForAll long seed, @ForAll @IntRange(min = 1, max = 200) int flows) {
    LoadBalancer lb = balancer(Policies.ecmp(), seed);
    SplittableRandom random = new SplittableRandom(seed);
    Map<Long, Integer> first = new HashMap<>();
    long now = 0;
    for (int packet = 0; packet < 2_000; packet++) {
      long flow = random.nextInt(flows);
      now += random.nextLong(3 * GAP); // gaps well beyond the flowlet gap too
      int port = lb.selectSourcePort(3, flow, 1500, now);
      assertEquals(first.computeIfAbsent(flow, f -> port), port, "flow " + flow + " moved");
    }
    assertEquals(0, lb.count(Counter.NEW_FLOWLETS), "ECMP tracks no flowlets");
  }

  @Test
  void ecmpSpreadsFlowsAndMovesOnlyTheFlowsOfARemovedPath() {
    LoadBalancer lb = balancer(Policies.ecmp(), 3);
    Map<Long, Integer> before = new HashMap<>();
    Map<Integer, Integer> perPort = new HashMap<>();
    for (long flow = 0; flow < 20_000; flow++) {
      int port = lb.selectSourcePort(3, flow, 100, 0);
      before.put(flow, port);
      perPort.merge(port, 1, Integer::sum);
    }
    for (int count : perPort.values()) {
      assertTrue(Math.abs(count - 5_000) < 6 * 61, "rendezvous hashing is near even: " + perPort);
    }
    lb.onPathFailure(3, 50002, 1);
    for (long flow = 0; flow < 20_000; flow++) {
      int port = lb.selectSourcePort(3, flow, 100, 2);
      if (before.get(flow) != 50002) {
        assertEquals(before.get(flow), port, "a flow whose path survived must not move");
      } else {
        assertNotEquals(50002, port);
      }
    }
  }

  @Test
  void aFlowletWhosePathFailedMovesAndIsCounted() {
    LoadBalancer lb = balancer(Policies.edgeFlowlet(), 4);
    int port = lb.selectSourcePort(3, 1, 100, 0);
    lb.onPathFailure(3, port, 10);
    int next = lb.selectSourcePort(3, 1, 100, 20); // same flowlet, but its path is gone
    assertNotEquals(port, next);
    assertEquals(1, lb.count(Counter.FLOWLET_PATH_GONE));
    assertEquals(1, lb.count(Counter.PATHS_REMOVED));
    assertEquals(next, lb.selectSourcePort(3, 1, 100, 30), "and then stays on its new path");
  }

  @Test
  void liveFlowletsStayOnPathsThatSurviveASetChangeAtAnotherIndex() {
    LoadBalancer lb = balancer(Policies.edgeFlowlet(), 6);
    Map<Long, Integer> before = new HashMap<>(); // 500 flows in a 4096-flow table: no set overflows
    for (long flow = 0; flow < 500; flow++) {
      before.put(flow, lb.selectSourcePort(3, flow, 100, 0));
    }
    int removed = PORTS[0]; // every surviving path moves down one index
    long onRemoved = before.values().stream().filter(p -> p == removed).count();
    assertTrue(onRemoved > 0, "some flows were on the removed path");
    lb.onPathFailure(3, removed, 10);
    long newFlowletsBefore = lb.count(Counter.NEW_FLOWLETS);
    for (int round = 0; round < 2; round++) { // the second round reads the re-assigned index
      for (long flow = 0; flow < 500; flow++) {
        int port = lb.selectSourcePort(3, flow, 100, 20 + round);
        if (before.get(flow) != removed) {
          assertEquals(before.get(flow), port, "flow " + flow + " must stay on its surviving path");
        } else {
          assertNotEquals(removed, port);
        }
      }
    }
    assertEquals(onRemoved, lb.count(Counter.FLOWLET_PATH_GONE), "only flows of the removed path were re-placed");
    assertEquals(newFlowletsBefore + onRemoved, lb.count(Counter.NEW_FLOWLETS));
  }

  @Test
  void siblingDataplanesShareThePathsButNotTheFlowletState() {
    LoadBalancer first = balancer(Policies.edgeFlowlet(), 5);
    LoadBalancer second = first.newDataplane();
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      seen.add(second.selectSourcePort(3, i, 100, 0));
    }
    assertEquals(Set.of(50001, 50002, 50003, 50004), seen, "the sibling sees the static paths");
    // Flow 7 is in the sibling's table, active at this very instant; the first dataplane has never seen it, so,
    // with flowlet state of its own, this packet starts a new flowlet there (shared state would continue it).
    first.selectSourcePort(3, 7, 100, 0);
    assertEquals(101, first.count(Counter.NEW_FLOWLETS), "the first dataplane's own table: flow 7 is new there");
    // The test sent 100 packets through the sibling and 1 through the first: both read the same summed total.
    assertEquals(101, first.count(Counter.PACKETS), "counts are summed over both dataplanes");
    assertEquals(101, second.count(Counter.PACKETS), "counts are summed over both dataplanes");
  }

  @Test
  void packetMetadataReadsTheEmbeddersPacketType() {
    record Frame(int dst, long hash, int len) {}
    PacketMetadata<Frame> meta = new PacketMetadata<>() {
      @Override public int destination(Frame f) { return f.dst(); }
      @Override public long flowKey(Frame f) { return f.hash(); }
      @Override public int length(Frame f) { return f.len(); }
    };
    LoadBalancer viaMeta = balancer(Policies.edgeFlowlet(), 6);
    LoadBalancer direct = balancer(Policies.edgeFlowlet(), 6);
    for (int i = 0; i < 50; i++) {
      Frame f = new Frame(3, i * 31L, 1500);
      assertEquals(direct.selectSourcePort(3, i * 31L, 1500, i), viaMeta.selectSourcePort(f, meta, i));
    }
  }
}
