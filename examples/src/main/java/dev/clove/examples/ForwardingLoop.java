// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

/*
 * Teaching example 1: embedding a CLOVE balancer in a forwarding loop.
 *
 * A virtual switch encapsulates each tenant packet and must pick the outer UDP source port; the fabric's ECMP
 * hashes that port, so the port is the path. This example plays a tiny vswitch: four flows to one destination
 * hypervisor, sent in bursts with pauses. Run it and watch flowlets form: a flow keeps its port while its packets
 * come close together, and may change port after a pause longer than the flowlet gap (2 x RTT).
 *
 * Run: java -cp examples/target/clove-evaluation.jar dev.clove.examples.ForwardingLoop
 */
package dev.clove.examples;

import dev.clove.api.Counter;
import dev.clove.api.LoadBalancer;
import dev.clove.api.PacketMetadata;
import dev.clove.core.Clove;
import dev.clove.core.Policies;

/** Prints, packet by packet, the outer source port an Edge-Flowlet balancer picks. */
public final class ForwardingLoop {
  private ForwardingLoop() {}

  /** The embedder's own packet type: CLOVE never wraps or copies it. */
  record TenantPacket(int remoteHypervisor, long innerFiveTupleHash, int bytes) {}

  /** How CLOVE reads the three facts it needs from a TenantPacket. */
  static final PacketMetadata<TenantPacket> METADATA = new PacketMetadata<>() {
    @Override
    public int destination(TenantPacket p) {
      return p.remoteHypervisor();
    }

    @Override
    public long flowKey(TenantPacket p) {
      return p.innerFiveTupleHash();
    }

    @Override
    public int length(TenantPacket p) {
      return p.bytes();
    }
  };

  public static void main(String[] args) {
    long rtt = 50_000; // 50 us base RTT, so the flowlet gap is 100 us
    LoadBalancer balancer = Clove.builder()
        .maxDestinations(16)
        .baseRttNanos(rtt)
        .policy(Policies.edgeFlowlet())
        .staticPaths(3, 49152, 49153, 49154, 49155) // four ports known to take four distinct paths
        .seed(2016)
        .build();

    long now = 0;
    System.out.println("time(us)  flow  outer-port  note");
    for (int burst = 0; burst < 4; burst++) {
      for (int i = 0; i < 8; i++) {
        long flow = i % 4;
        now += 2_000; // 2 us between packets: well inside the flowlet gap
        int port = balancer.selectSourcePort(new TenantPacket(3, flow, 1500), METADATA, now);
        System.out.printf("%8.1f  %4d  %10d%n", now / 1000.0, flow, port);
      }
      now += 3 * rtt; // a pause of 150 us > the 100 us gap: every flow's next packet starts a new flowlet
      System.out.printf("%8.1f  ----  pause of %d us: new flowlets may take new paths%n", now / 1000.0,
          3 * rtt / 1000);
    }
    System.out.printf("%n%d packets, %d flowlets; a destination with no path would use the fallback hash (%d)%n",
        balancer.count(Counter.PACKETS), balancer.count(Counter.NEW_FLOWLETS),
        balancer.count(Counter.FALLBACK_NO_PATH));
  }
}
