// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import dev.clove.api.LoadBalancer;
import dev.clove.api.ProbeSender;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The fabric answers traceroute probes as CLOVE's path discovery expects: each switch on the probe's ECMP path
 * with time-exceeded naming its ingress interface, the destination vswitch with fromDestination=true.
 *
 * <p>clove-core's path discovery had not landed on main when this test was written, so it checks the simulated
 * fabric's answers directly with a recording balancer; the answers are compared with the path that data with
 * the same outer source port takes.
 */
class TracerouteTest {

  /** Sends probes with TTL 1..4 for many source ports at its first tick, and records the replies. */
  static final class Prober implements LoadBalancer {
    final ProbeSender sender;
    final int host;
    final int destination;
    final Map<Integer, Map<Integer, Long>> hops = new HashMap<>(); // port -> ttl -> hop id
    final Set<Integer> reachedDestination = new HashSet<>();
    boolean sent;

    Prober(ProbeSender sender, int host, int destination) {
      this.sender = sender;
      this.host = host;
      this.destination = destination;
    }

    @Override
    public void onTick(long nowNanos) {
      if (!sent && host == 0) {
        sent = true;
        for (int port = 49152; port < 49152 + 256; port++) {
          for (int ttl = 1; ttl <= 4; ttl++) {
            sender.sendProbe(destination, port, ttl, port * 4 + ttl & 0xFFFF);
          }
        }
      }
    }

    @Override
    public void onProbeReply(int dest, int sourcePort, int ttl, int probeId, long hopId, boolean fromDestination,
        long now) {
      assertEquals(destination, dest);
      assertEquals(sourcePort * 4 + ttl & 0xFFFF, probeId, "the simulator quotes the probe's id back");
      if (fromDestination) {
        assertEquals(4, ttl, "hosts are three switch hops apart");
        reachedDestination.add(sourcePort);
      } else {
        hops.computeIfAbsent(sourcePort, p -> new HashMap<>()).put(ttl, hopId);
      }
    }

    @Override
    public int selectSourcePort(int dest, long flowKey, int packetLength, long nowNanos) {
      return 49152 + (int) ((flowKey >>> 1) % 16384);
    }

    @Override
    public void onCongestion(int d, int p, long n) {}

    @Override
    public void onUtilization(int d, int p, double u, long n) {}

    @Override
    public void onPathFailure(int d, int p, long n) {}

    @Override
    public void onMalformedFeedback(int d, int w, long n) {}

    @Override
    public LoadBalancer newDataplane() {
      throw new UnsupportedOperationException();
    }

    @Override
    public dev.clove.api.DestinationPaths paths(int destination) {
      throw new UnsupportedOperationException("a probing stand-in has no path sets");
    }

    @Override
    public long pathsVersion(int destination) {
      throw new UnsupportedOperationException("a probing stand-in has no path sets");
    }

    @Override
    public void close() {}

    @Override
    public long count(Counter counter) {
      return 0;
    }
  }

  private static void check(Topology topology, int expectedPaths) {
    Prober[] probers = new Prober[topology.hosts()];
    Scheme scheme = new Scheme("prober", ctx -> probers[ctx.host()] = new Prober(ctx.probes(), ctx.host(), 16),
        ctx -> null, false, false);
    Simulation config = Simulation.builder().topology(topology).scheme(scheme)
        .workload(Workload.explicit(List.of(new Workload.Flow(2_000_000, 1, 17, 1000)))).seed(11).build();
    Sim sim = new Sim(config);
    RunSummary r = sim.run();
    assertEquals(1, r.flowsCompleted());
    assertEquals(256 * 4, r.probesSent());
    Prober p = probers[0];
    assertEquals(256, p.reachedDestination.size(), "every probe with TTL 4 reached the destination vswitch");
    Set<List<Long>> paths = new HashSet<>();
    for (int port = 49152; port < 49152 + 256; port++) {
      Map<Integer, Long> byTtl = p.hops.get(port);
      assertEquals(3, byTtl.size(), "three switches answered for port " + port);
      int[] dataPath = sim.switches.tracePath(0, 16, port);
      // TTL 1: leaf 0, entered from the host link; TTL 2: the spine, entered over the uplink; TTL 3: leaf 1.
      assertEquals(dataPath[0] + 1L, byTtl.get(1));
      assertEquals(dataPath[1] + 1L, byTtl.get(2));
      assertEquals(dataPath[2] + 1L, byTtl.get(3));
      paths.add(List.of(byTtl.get(1), byTtl.get(2), byTtl.get(3)));
    }
    assertEquals(expectedPaths, paths.size());
    assertTrue(r.drops() == 0);
  }

  @Test
  void symmetricFabricAnswersWithItsEightPaths() {
    check(Topologies.paperSymmetric(), 8);
  }

  @Test
  void asymmetricFabricAnswersWithItsSixPaths() {
    check(Topologies.paperAsymmetric(), 6);
  }
}
