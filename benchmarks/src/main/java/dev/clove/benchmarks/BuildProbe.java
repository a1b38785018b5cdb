// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.benchmarks;

import dev.clove.api.LoadBalancer;
import java.util.function.LongSupplier;

/**
 * One build's side of {@link CompareBuilds}: a balancer of that build replaying the benchmarks' packet trace, one
 * window of packets per {@link #getAsLong()} call, the same work as {@code SelectSourcePortBenchmark} (per packet,
 * or in bursts of {@value Burst#SIZE}).
 *
 * <p>{@code CompareBuilds} defines this class afresh, from its own bytes, inside each build's class loader, so the
 * same measuring code runs against every build. It therefore links only against benchmark classes that older
 * builds have too ({@link Fabric}, {@link PacketTrace}, {@link Burst}, {@link Scheme}), and it has no nested
 * classes or lambdas (they would be looked up in the build's jar, where they may not exist).
 *
 * <p>Every port the balancer returns is folded into {@link #checksum()}: two builds that make the same decisions
 * on the same packets end with the same checksum. Folding costs the same in every build (one multiply-add per
 * packet, off the balancer's dependency chain).
 *
 * <p>Threading: one thread.
 */
public final class BuildProbe implements LongSupplier {
  private final PacketTrace trace;
  private final LoadBalancer balancer;
  /** The burst arrays, or null when measuring one packet at a time. */
  private final Burst burst;
  private final int windowPackets;
  private long checksum;

  /**
   * A probe with its own trace and balancer.
   *
   * @param scheme a {@link Scheme} name
   * @param flows active flows in the trace (the table is sized as in the benchmarks)
   * @param bursts true to send {@value Burst#SIZE} packets per call, false for one packet per call
   * @param windowPackets packets per window: a positive multiple of {@value Burst#SIZE}
   */
  public BuildProbe(String scheme, int flows, boolean bursts, int windowPackets) {
    Scheme s = Scheme.valueOf(scheme);
    this.trace = Fabric.trace(flows);
    this.balancer = Fabric.balancer(s, flows);
    Fabric.prime(balancer, s);
    this.burst = bursts ? new Burst() : null;
    this.windowPackets = windowPackets;
  }

  /** Sends one window of packets through the balancer; returns the elapsed nanoseconds. */
  @Override
  public long getAsLong() {
    final long start = System.nanoTime();
    final long folded = burst != null ? burstWindow() : packetWindow();
    final long elapsed = System.nanoTime() - start;
    checksum = checksum * 1_000_003 + folded;
    return elapsed;
  }

  /** A fold of every port returned so far, in order. */
  public long checksum() {
    return checksum;
  }

  private long burstWindow() {
    long folded = 0;
    for (int sent = 0; sent < windowPackets; sent += Burst.SIZE) {
      folded = oneBurst(burst, trace, balancer, folded);
    }
    return folded;
  }

  private long packetWindow() {
    long folded = 0;
    for (int sent = 0; sent < windowPackets; sent++) {
      folded = folded * 31 + onePacket(trace, balancer);
    }
    return folded;
  }

  /** One burst, in a method of its own so that the JIT compiles it whole, as JMH's loop does. */
  private static long oneBurst(Burst burst, PacketTrace trace, LoadBalancer balancer, long folded) {
    burst.next(trace);
    burst.select(balancer);
    final int[] ports = burst.ports;
    for (int i = 0; i < Burst.SIZE; i++) {
      folded = folded * 31 + ports[i];
    }
    return folded;
  }

  private static int onePacket(PacketTrace trace, LoadBalancer balancer) {
    final int j = trace.next();
    return balancer.selectSourcePort(trace.destinations[j], trace.flowKeys[j], Fabric.PACKET_LENGTH, trace.now(j));
  }
}
