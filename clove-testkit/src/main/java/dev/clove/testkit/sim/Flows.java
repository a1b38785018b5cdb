// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit.sim;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The run's workload and its per-flow records: draws each flow's arrival time, hosts and size (or takes them
 * from an explicit list), schedules the next arrival, and keeps every flow's start, size, hosts, finish,
 * retransmissions and timeouts, which {@link GuestTcp} fills in and {@link RunSummary} reports. Kept apart so
 * that what is offered (here) and how it is carried ({@link Hosts}) read separately.
 *
 * <p>Threading: confined to the thread that runs its {@link Sim}, like every part of a run.
 */
final class Flows {
  private final Sim sim;
  private final Workload workload;
  private final long warmupNanos;
  private final int hosts;
  private final int hostsPerLeaf;
  private final int leaves;
  /** Draws arrivals, hosts and sizes. */
  private final SplittableRandom workRng;
  private final double meanInterArrival;

  /** Number of flows the run will start. */
  final int count;
  final long[] start;
  final long[] size;
  /** Time the flow's last byte was acknowledged, or -1 while it runs. */
  final long[] finish;
  final int[] src;
  final int[] dst;
  final int[] retx;
  final int[] timeouts;
  int started;
  int done;

  Flows(Sim sim, SplittableRandom workRng) {
    this.sim = sim;
    this.workRng = workRng;
    Simulation cfg = sim.cfg;
    Topology topo = sim.topo;
    workload = cfg.workload;
    warmupNanos = cfg.warmupNanos;
    hosts = topo.hosts();
    hostsPerLeaf = topo.hostsPerLeaf;
    leaves = topo.leaves;
    count = workload.pattern == Workload.Pattern.EXPLICIT ? workload.flows.size() : cfg.flows;
    start = new long[count];
    size = new long[count];
    finish = new long[count];
    Arrays.fill(finish, -1);
    src = new int[count];
    dst = new int[count];
    retx = new int[count];
    timeouts = new int[count];
    double offeredBps = cfg.load * topo.bisectionBps();
    meanInterArrival = cfg.offeredBytesPerFlow() * 8 * 1e9 / offeredBps;
  }

  /** Whether every flow has finished. */
  boolean allDone() {
    return done == count;
  }

  /** Schedules the first flow's arrival, if there is one. */
  void scheduleFirst() {
    if (count > 0) {
      if (workload.pattern == Workload.Pattern.EXPLICIT) {
        sim.timers.push(workload.flows.get(0).startNanos() + warmupNanos, sim.eventSeq++, Sim.EV_FLOW, 0, 0);
      } else {
        sim.timers.push(warmupNanos + expInterArrival(), sim.eventSeq++, Sim.EV_FLOW, 0, 0);
      }
    }
  }

  private long expInterArrival() {
    // StrictMath, not Math: Math.log may be an intrinsic whose last bit differs between CPUs, and one bit of an
    // arrival time is enough to change a run.
    return Math.max(1, Math.round(-StrictMath.log(1 - workRng.nextDouble()) * meanInterArrival));
  }

  /**
   * Flow {@code i} arrives now: draws (or takes) its hosts and size, records it, and schedules the next arrival.
   * The caller starts it on the guest TCP.
   */
  void arrive(int i) {
    final long now = sim.now;
    Workload w = workload;
    int s;
    int d;
    long bytes;
    if (w.pattern == Workload.Pattern.EXPLICIT) {
      Workload.Flow f = w.flows.get(i);
      s = f.source();
      d = f.destination();
      bytes = f.bytes();
      if (i + 1 < count) {
        sim.timers.push(w.flows.get(i + 1).startNanos() + warmupNanos, sim.eventSeq++, Sim.EV_FLOW, i + 1, 0);
      }
    } else {
      switch (w.pattern) {
        case CLIENT_SERVER: {
          int half = (leaves / 2) * hostsPerLeaf;
          s = workRng.nextInt(half);
          d = half + workRng.nextInt(hosts - half);
          break;
        }
        case ALL_TO_ALL:
          s = workRng.nextInt(hosts);
          d = workRng.nextInt(hosts - 1);
          if (d >= s) {
            d++;
          }
          break;
        default:
          s = workRng.nextInt(hosts);
          d = (s + w.stride) % hosts;
          if (d == s) {
            d = (s + 1) % hosts;
          }
      }
      bytes = w.sizes.sample(workRng);
      if (i + 1 < count) {
        sim.timers.push(now + expInterArrival(), sim.eventSeq++, Sim.EV_FLOW, i + 1, 0);
      }
    }
    start[i] = now;
    size[i] = bytes;
    src[i] = s;
    dst[i] = d;
    started++;
  }
}
