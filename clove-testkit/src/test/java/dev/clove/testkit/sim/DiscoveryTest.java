// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import dev.clove.api.LoadBalancer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * clove-core's traceroute path discovery, running for real against the simulated fabric, finds the presets'
 * paths: four link-disjoint leaf-to-leaf paths in the symmetric fabric; in the asymmetric one, four paths of
 * which only three can be disjoint, because only three links enter leaf 1.
 */
class DiscoveryTest {

  /** Wraps a host's balancer and records the ports it picks for destination 16 after the warm-up. */
  static final class Recording implements LoadBalancer {
    final LoadBalancer inner;
    final Set<Integer> ports = new TreeSet<>();
    final long after;

    Recording(LoadBalancer inner, long after) {
      this.inner = inner;
      this.after = after;
    }

    @Override
    public int selectSourcePort(int destination, long flowKey, int packetLength, long nowNanos) {
      int port = inner.selectSourcePort(destination, flowKey, packetLength, nowNanos);
      if (destination == 16 && nowNanos >= after) {
        ports.add(port);
      }
      return port;
    }

    @Override
    public void onCongestion(int d, int p, long n) {
      inner.onCongestion(d, p, n);
    }

    @Override
    public void onUtilization(int d, int p, double u, long n) {
      inner.onUtilization(d, p, u, n);
    }

    @Override
    public void onProbeReply(int d, int p, int ttl, int id, long hop, boolean fromDestination, long n) {
      inner.onProbeReply(d, p, ttl, id, hop, fromDestination, n);
    }

    @Override
    public void onPathFailure(int d, int p, long n) {
      inner.onPathFailure(d, p, n);
    }

    @Override
    public void onMalformedFeedback(int d, int w, long n) {
      inner.onMalformedFeedback(d, w, n);
    }

    @Override
    public void onTick(long n) {
      inner.onTick(n);
    }

    @Override
    public LoadBalancer newDataplane() {
      return inner.newDataplane();
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
    public long count(Counter c) {
      return inner.count(c);
    }
  }

  private static Set<List<Integer>> discoveredPaths(Topology topology, Set<Integer> fabricLinks) {
    long warmup = 600_000_000L; // one 500 ms probe interval and a 50 ms reply timeout, with margin
    Recording[] recorders = new Recording[topology.hosts()];
    Scheme real = Schemes.get(Schemes.EDGE_FLOWLET);
    Scheme recorded = new Scheme("recorded-edge-flowlet",
        ctx -> recorders[ctx.host()] = new Recording(real.balancers().apply(ctx), warmup), real.relays(),
        false, false);
    // Many short flows from host 0 to host 16, each a new flowlet on a random discovered path.
    List<Workload.Flow> flows = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      flows.add(new Workload.Flow(i * 1_000_000L, 0, 16, 3000));
    }
    Simulation config = Simulation.builder().topology(topology).scheme(recorded).pathDiscovery(true)
        .workload(Workload.explicit(flows)).warmupNanos(warmup).seed(9).build();
    Sim sim = new Sim(config);
    RunSummary r = sim.run();
    assertTrue(r.unfinished().isEmpty(), r.unfinished().toString());
    assertTrue(r.probesSent() > 0);
    assertTrue(r.counter(Counter.PROBE_REPLIES) > 0);
    assertEquals(0, r.counter(Counter.PROBE_REPLIES_REJECTED), "every answer quotes its probe's id");
    assertEquals(0, recorders[0].count(Counter.FALLBACK_NO_PATH), "paths were known before the first flow");
    assertEquals(0, r.drops(), "no probe or reply was lost");
    Set<List<Integer>> paths = new HashSet<>();
    for (int port : recorders[0].ports) {
      int[] p = sim.switches.tracePath(0, 16, port);
      paths.add(List.of(p[1], p[2]));
      fabricLinks.add(p[1]);
      fabricLinks.add(p[2]);
    }
    assertEquals(recorders[0].ports.size(), paths.size(), "each port is a distinct path");
    return paths;
  }

  @Test
  void findsTheFourDisjointPathsOfTheSymmetricFabric() {
    Set<Integer> links = new HashSet<>();
    assertEquals(4, discoveredPaths(Topologies.paperSymmetric(), links).size());
    assertEquals(8, links.size(), "pairwise link-disjoint");
  }

  @Test
  void findsThreeDisjointPathsAndOneSharedInTheAsymmetricFabric() {
    Set<Integer> links = new HashSet<>();
    assertEquals(4, discoveredPaths(Topologies.paperAsymmetric(), links).size());
    assertEquals(7, links.size(), "four uplinks but only three downlinks into leaf 1");
  }
}
