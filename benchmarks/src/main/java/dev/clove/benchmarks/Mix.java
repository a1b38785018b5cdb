// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.benchmarks;

import dev.clove.api.Counter;
import dev.clove.api.LoadBalancer;

/**
 * What a balancer did over an interval, read from its counters: the measured flowlet mix that each per-packet
 * benchmark prints in its setup (and after every iteration), so the README can state the real mix, not the
 * intended one.
 */
final class Mix {
  private final LoadBalancer balancer;
  private long packets;
  private long newFlowlets;
  private long evictedActive;
  private long staleFallbacks;

  Mix(LoadBalancer balancer) {
    this.balancer = balancer;
    reset();
  }

  /** Starts a new interval. */
  void reset() {
    packets = balancer.count(Counter.PACKETS);
    newFlowlets = balancer.count(Counter.NEW_FLOWLETS);
    evictedActive = balancer.count(Counter.FLOWLET_EVICTED_ACTIVE);
    staleFallbacks = balancer.count(Counter.TELEMETRY_STALE_FALLBACK);
  }

  /** TELEMETRY_STALE_FALLBACK since {@link #reset}: CLOVE-INT flowlets placed without fresh telemetry. */
  long staleFallbacks() {
    return balancer.count(Counter.TELEMETRY_STALE_FALLBACK) - staleFallbacks;
  }

  long packets() {
    return balancer.count(Counter.PACKETS) - packets;
  }

  /** NEW_FLOWLETS / PACKETS since {@link #reset}. */
  double newFlowletFraction() {
    long p = packets();
    return p == 0 ? Double.NaN : (double) (balancer.count(Counter.NEW_FLOWLETS) - newFlowlets) / p;
  }

  /** FLOWLET_EVICTED_ACTIVE / PACKETS since {@link #reset}. */
  double evictedActiveFraction() {
    long p = packets();
    return p == 0 ? Double.NaN : (double) (balancer.count(Counter.FLOWLET_EVICTED_ACTIVE) - evictedActive) / p;
  }

  @Override
  public String toString() {
    return String.format("packets=%d newFlowlets=%.2f%% evictedActive=%.3f%% staleFallbacks=%d", packets(),
        100 * newFlowletFraction(), 100 * evictedActiveFraction(), staleFallbacks());
  }

  /** Replays one whole trace through {@code balancer}; returns a sum of the ports so the work is kept. */
  static int warm(LoadBalancer balancer, PacketTrace trace) {
    return warm(balancer, trace, null);
  }

  /** As {@link #warm(LoadBalancer, PacketTrace)}, in bursts through {@code burst} unless it is null. */
  static int warm(LoadBalancer balancer, PacketTrace trace, Burst burst) {
    int sink = 0;
    if (burst != null) {
      for (int i = 0, n = trace.length(); i < n; i += Burst.SIZE) {
        burst.next(trace);
        sink += burst.select(balancer);
      }
      return sink;
    }
    for (int i = 0, n = trace.length(); i < n; i++) {
      int j = trace.next();
      sink += balancer.selectSourcePort(trace.destinations[j], trace.flowKeys[j], Fabric.PACKET_LENGTH,
          trace.now(j));
    }
    return sink;
  }

  /**
   * Replays one whole trace through {@code balancer} (a warm-up that fills its flowlet table), then another while
   * counting, and checks the counted new-flowlet fraction is near the trace's design; returns the second pass's
   * mix. ECMP keeps no flowlets, so for it only the packets are counted. With a {@code burst}, both replays go
   * through {@link LoadBalancer#selectSourcePorts} in bursts, as the burst benchmark does.
   */
  static Mix warmAndMeasure(LoadBalancer balancer, PacketTrace trace, Burst burst, boolean usesFlowlets,
      String label) {
    int sink = warm(balancer, trace, burst);
    Mix mix = new Mix(balancer);
    sink += warm(balancer, trace, burst);
    System.out.println();
    String mode = burst == null ? "" : " bursts of " + Burst.SIZE;
    System.out.println("# [" + label + mode + "] flows=" + trace.flows + " trace=" + trace.length() + " packets, step="
        + String.format("%.4f", trace.stepNanos) + " ns/packet, second replay: " + mix + " (sink " + sink + ")");
    if (usesFlowlets) {
      double f = mix.newFlowletFraction();
      if (!(f > PacketTrace.NEW_FLOWLET_FRACTION / 2 && f < PacketTrace.NEW_FLOWLET_FRACTION * 2)) {
        throw new IllegalStateException("the trace's new-flowlet fraction is off design: " + mix);
      }
    }
    Fabric.check(mix.staleFallbacks() == 0, "CLOVE-INT placed flowlets without telemetry: " + mix);
    mix.reset();
    return mix;
  }
}
