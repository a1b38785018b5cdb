// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.benchmarks;

import dev.clove.api.LoadBalancer;

/**
 * A receive burst: {@value #SIZE} consecutive packets of a {@link PacketTrace}, copied into the arrays that
 * {@link LoadBalancer#selectSourcePorts} takes, with the last packet's time as the burst's one timestamp (a vswitch
 * reads its clock once per burst). The copy (32 ints and 32 longs, two {@code System.arraycopy}) is part of every
 * burst number; {@link TraceReplayBenchmark#replayBurst} measures it alone.
 */
final class Burst {
  /** Packets per burst: DPDK's usual {@code rx_burst} size. */
  static final int SIZE = 32;

  final int[] destinations = new int[SIZE];
  final long[] flowKeys = new long[SIZE];
  final int[] lengths = new int[SIZE];
  final int[] ports = new int[SIZE];
  long nowNanos;

  Burst() {
    java.util.Arrays.fill(lengths, Fabric.PACKET_LENGTH);
  }

  /** Copies the next {@value #SIZE} packets of {@code trace}. */
  void next(PacketTrace trace) {
    final int j = trace.nextBurst(SIZE);
    System.arraycopy(trace.destinations, j, destinations, 0, SIZE);
    System.arraycopy(trace.flowKeys, j, flowKeys, 0, SIZE);
    nowNanos = trace.now(j + SIZE - 1);
  }

  /** Sends the burst through {@code balancer}; returns the last port, so the result is used. */
  int select(LoadBalancer balancer) {
    balancer.selectSourcePorts(destinations, flowKeys, lengths, SIZE, nowNanos, ports);
    return ports[SIZE - 1];
  }
}
