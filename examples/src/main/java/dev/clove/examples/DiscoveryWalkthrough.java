// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

/*
 * Teaching example 2: path discovery against a scripted traceroute.
 *
 * CLOVE learns which outer source ports lead to distinct paths by tracing them, Paris-traceroute style: probes
 * with one source port and TTL 1, 2, 3, ... make each switch on that port's path answer in turn (paper, section
 * 2.1). Here a scripted fabric stands in for the network: two spines, two parallel links from each leaf to each
 * spine, so four distinct leaf-to-leaf paths, and a made-up ECMP hash from port to path. The example ticks the
 * balancer, answers its probes, and prints what it learned: four ports, one per path, with the hops each traced.
 *
 * Run: java -cp examples/target/clove-evaluation.jar dev.clove.examples.DiscoveryWalkthrough
 */
package dev.clove.examples;

import dev.clove.api.Counter;
import dev.clove.api.LoadBalancer;
import dev.clove.api.ProbeSender;
import dev.clove.core.Clove;
import dev.clove.core.DiscoveryConfig;
import dev.clove.core.Policies;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** Prints CLOVE's traceroute-based path discovery step by step. */
public final class DiscoveryWalkthrough {
  private DiscoveryWalkthrough() {}

  /** Interface names of the scripted fabric; a hop id is the index into this array. */
  static final String[] INTERFACES = {"L1.up1->S1", "L1.up2->S1", "L1.up3->S2", "L1.up4->S2", "S1.down1->L2",
      "S1.down2->L2", "S2.down1->L2", "S2.down2->L2", "hypervisor-B"};

  /** The four paths: hops by TTL (leaf uplink, spine downlink); the destination answers past them. */
  static final int[][] PATHS = {{0, 4}, {1, 5}, {2, 6}, {3, 7}};

  /** A scripted network: remembers probes, and answers them when asked, as switches would. */
  static final class ScriptedFabric implements ProbeSender {
    record Probe(int destination, int port, int ttl, int probeId) {}

    final List<Probe> inFlight = new ArrayList<>();
    int sent;

    @Override
    public void sendProbe(int destination, int sourcePort, int ttl, int probeId) {
      inFlight.add(new Probe(destination, sourcePort, ttl, probeId));
      sent++;
    }

    /** The fabric's ECMP hash: which of the four paths a source port takes. */
    static int pathOf(int port) {
      return Math.floorMod(port * 0x9E3779B1, 4);
    }

    void answer(LoadBalancer balancer, long now) {
      for (Probe p : inFlight) {
        int[] hops = PATHS[pathOf(p.port())];
        boolean pastTheLastSwitch = p.ttl() > hops.length;
        long hopId = pastTheLastSwitch ? 8 : hops[p.ttl() - 1];
        // A real answer quotes the probe's headers, and with them its id: hand the id back.
        balancer.onProbeReply(p.destination(), p.port(), p.ttl(), p.probeId(), hopId, pastTheLastSwitch, now);
      }
      inFlight.clear();
    }
  }

  public static void main(String[] args) {
    ScriptedFabric fabric = new ScriptedFabric();
    DiscoveryConfig discovery = DiscoveryConfig.builder()
        .probesPerRound(8)                                      // 8 random source ports per round
        .maxTtl(4)                                              // a two-tier fabric is 2 switch hops deep
        .pathsPerDestination(4)                                 // keep k = 4 least-overlapping paths
        .probeIntervalNanos(TimeUnit.MILLISECONDS.toNanos(100)) // re-probe every 100 ms
        .replyTimeoutNanos(TimeUnit.MILLISECONDS.toNanos(5))
        .build();
    LoadBalancer balancer = Clove.builder().maxDestinations(8).policy(Policies.edgeFlowlet())
        .pathDiscovery(discovery, fabric).seed(7).build();

    int destination = 5; // "hypervisor B"
    long ms = 1_000_000;
    System.out.println("t=0 ms: a first packet to hypervisor B; no paths yet, so the fallback ECMP hash picks port "
        + balancer.selectSourcePort(destination, 1, 1500, 0));
    for (long t = 0; t <= 200 * ms; t += ms) {
      int before = fabric.sent;
      balancer.onTick(t);
      if (fabric.sent > before) {
        System.out.printf("t=%d ms: tick sent %d probes (%d ports x TTL 1..4)%n", t / ms, fabric.sent - before,
            (fabric.sent - before) / 4);
      }
      fabric.answer(balancer, t);
    }

    Map<Integer, Integer> portsByPath = new TreeMap<>();
    for (long flow = 0; flow < 1000; flow++) {
      int port = balancer.selectSourcePort(destination, flow, 1500, 201 * ms);
      portsByPath.put(ScriptedFabric.pathOf(port), port);
    }
    System.out.println("\nDiscovered paths (the port new flowlets use for each, and the hops it traced):");
    portsByPath.forEach((path, port) -> System.out.printf("  port %5d -> %s -> %s -> %s%n", port,
        INTERFACES[PATHS[path][0]], INTERFACES[PATHS[path][1]], INTERFACES[8]));
    System.out.printf("%nprobes sent %d, replies %d, paths added %d, removed %d%n",
        balancer.count(Counter.PROBES_SENT), balancer.count(Counter.PROBE_REPLIES),
        balancer.count(Counter.PATHS_ADDED), balancer.count(Counter.PATHS_REMOVED));
  }
}
