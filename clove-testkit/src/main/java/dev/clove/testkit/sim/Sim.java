// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One run of the simulator, and its event loop: builds the run's parts from a {@link Simulation} and the seed,
 * owns virtual time and the events that are not link arrivals, dispatches every event to the part it concerns,
 * and checks the run's invariants at the end. The parts: {@link Ports} (the fabric's links: queues, packets in
 * flight, ECN, DRE, impairments), {@link Switches} (forwarding, ECMP, traceroute, INT, {@link CongaLeaves}),
 * {@link Hosts} (the vswitches that embed CLOVE, and the {@link GuestTcp} above them), {@link Flows} (the workload
 * and per-flow records), over one {@link Packets} pool. Kept small so that the order of events, which is what
 * makes a run deterministic, is visible in one place.
 *
 * <p>Threading: a run executes entirely on the thread that calls {@link #run()}; its parts are confined to that
 * thread, and separate runs share no mutable state.
 */
final class Sim {
  /*
   * Model, and why it is fast:
   *
   * - Time is a long count of nanoseconds. Events are ordered by (time, insertion sequence), so the order of
   *   events, and the whole run, depends only on the configuration and the seed.
   * - Link arrivals come from the ports' winner tree (Ports.arrivals): only the head packet of each port's ring
   *   competes for "next event"; everything else (TCP timers, flow arrivals, ticks, failures) from a small heap
   *   (EventQueue). One event per hop; ties between the two broken by one shared insertion sequence.
   * - Packets are ints into one int array, a cache line each (Packets); connections and flows are ints into
   *   arrays; timers are lazy (one pending event per connection, re-armed only when it fires early), so steady
   *   state allocates nothing.
   * - The dispatch is a switch on an int event type and calls on final classes, so every call site in the loop
   *   has one target.
   */

  static final int EV_ARRIVE = 0;
  static final int EV_TIMER = 1;
  static final int EV_FLOW = 2;
  static final int EV_TICK = 3;
  static final int EV_FAIL = 4;
  static final int EV_DELACK = 5;
  static final int EV_GRAY = 6;
  static final int EV_RESTORE = 7;

  static final int INNER_HEADER_BYTES = 40;

  final Simulation cfg;
  final Topology topo;
  final Scheme scheme;
  /** Everything but link arrivals: connection timers, flow arrivals, ticks, failures. */
  final EventQueue timers = new EventQueue(1 << 10);
  /** One insertion sequence across both queues, so that ties are broken in insertion order across them. */
  long eventSeq;
  final Packets pk = new Packets(1 << 12);
  /** Virtual time of the event being handled, in nanoseconds. */
  long now;
  long events;
  final long[] eventsByType = new long[8];
  int maxQueue;
  /** Salt of the inner-flow keys (see {@link Hosts#flowKey}), drawn first from the seeds' stream. */
  final long connSalt;

  /** Number of hosts: node ids below it are hosts, the others switches. */
  private final int hostNodes;

  final Ports ports;
  final Switches switches;
  final Flows flows;
  final Hosts hosts;
  /** The guest TCP ({@code hosts.tcp}), here for the run loop and tests. */
  final GuestTcp tcp;

  Sim(Simulation cfg) {
    this.cfg = cfg;
    this.topo = cfg.topology;
    this.scheme = cfg.scheme;
    this.hostNodes = topo.hosts();
    // The order of splits and draws is part of what a seed means: keep it.
    SplittableRandom root = new SplittableRandom(cfg.seed);
    SplittableRandom workRng = root.split();
    SplittableRandom fabricRng = root.split();
    SplittableRandom seedRng = root.split();
    this.connSalt = seedRng.nextLong();
    SplittableRandom grayRng = root.split(); // after the others, so that runs without gray links draw as before

    ports = new Ports(this, grayRng);
    switches = new Switches(this, ports, seedRng, fabricRng); // draws the ECMP salts
    flows = new Flows(this, workRng);
    hosts = new Hosts(this, ports, switches, flows, seedRng); // draws the balancers' seeds
    tcp = hosts.tcp;
  }

  // ------------------------------------------------------------------------------------------------ run

  RunSummary run() {
    flows.scheduleFirst();
    timers.push(0, eventSeq++, EV_TICK, 0, 0);
    List<long[]> failures = topo.failures;
    for (int i = 0; i < failures.size(); i++) {
      timers.push(failures.get(i)[3], eventSeq++, EV_FAIL, i, 0);
    }
    List<Topology.GrayLink> grayLinks = topo.grayLinks;
    for (int i = 0; i < grayLinks.size(); i++) {
      timers.push(grayLinks.get(i).atNanos(), eventSeq++, EV_GRAY, i, 0);
    }
    List<long[]> restores = topo.restores;
    for (int i = 0; i < restores.size(); i++) {
      timers.push(restores.get(i)[3], eventSeq++, EV_RESTORE, i, 0);
    }
    final long end = cfg.maxSimNanos;
    final Ports fabric = ports;
    final PortTree links = fabric.arrivals;
    final EventQueue other = timers;
    final Flows work = flows;
    final int flowCount = work.count;
    while (true) {
      long lt = links.topTime();
      boolean link;
      if (other.isEmpty()) {
        if (lt == Long.MAX_VALUE) {
          break;
        }
        link = true;
      } else {
        long ot = other.peekTime();
        link = lt < ot || (lt == ot && links.topSeq() < other.peekSeq());
      }
      long t = link ? lt : other.peekTime();
      if (t > end) {
        now = end;
        break;
      }
      now = t;
      events++;
      if (link) {
        eventsByType[EV_ARRIVE]++;
        // The head packet of a port reached the far end: to the host's vswitch or the switch there. Written out
        // here, not in a method: a method this hot is compiled on its own first, and then too big to be inlined.
        int port = links.top();
        int p = fabric.takeHead(port);
        if (fabric.portFailed[port]) {
          fabric.drop(port, p, true);
        } else {
          int node = fabric.portTo[port];
          if (node < hostNodes) {
            hosts.receive(node, p);
          } else {
            switches.forward(node, p, port);
          }
        }
        if (work.done == flowCount) {
          break;
        }
        continue;
      }
      other.pop();
      eventsByType[other.type()]++;
      if (other.size() > maxQueue) {
        maxQueue = other.size();
      }
      final EventQueue queue = other;
      switch (queue.type()) {
        case EV_TIMER:
          tcp.timer(queue.a(), t);
          break;
        case EV_FLOW:
          flowArrival(queue.a());
          break;
        case EV_TICK:
          tick();
          break;
        case EV_DELACK:
          tcp.delayedAckTimer(queue.a(), t);
          break;
        case EV_FAIL:
          long[] f = failures.get(queue.a());
          ports.setFailed((int) f[0], (int) f[1], (int) f[2]);
          switches.recomputeGroups();
          break;
        case EV_GRAY:
          ports.setGray(grayLinks.get(queue.a()));
          break;
        case EV_RESTORE:
          long[] r = restores.get(queue.a());
          ports.setRestored((int) r[0], (int) r[1], (int) r[2]);
          switches.recomputeGroups();
          break;
        default:
          throw new IllegalStateException("event type " + queue.type());
      }
      if (work.done == flowCount) {
        break;
      }
    }
    return RunSummary.of(this);
  }

  private void flowArrival(int i) {
    flows.arrive(i);
    tcp.startFlow(i, flows.src[i], flows.dst[i], flows.size[i]);
  }

  private void tick() {
    hosts.tick(now);
    if (!flows.allDone()) {
      timers.push(now + cfg.tickNanos, eventSeq++, EV_TICK, 0, 0);
    }
  }

  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  // ------------------------------------------------------------------------------------------------ results

  /** Checks the run's invariants; returns the reasons flows did not finish. */
  List<String> finished() {
    final GuestTcp tcp = this.tcp;
    final Flows f = flows;
    List<String> unfinished = new ArrayList<>();
    long offered = 0;
    long delivered = 0;
    long acked = 0;
    for (int c = 0; c < tcp.conns; c++) {
      check(tcp.sndUna[c] <= tcp.rcvNxt[c], "connection %d: acknowledged %d beyond delivered %d", c,
          tcp.sndUna[c], tcp.rcvNxt[c]);
      check(tcp.rcvNxt[c] <= tcp.appEnd[c], "connection %d: delivered %d beyond sent %d", c, tcp.rcvNxt[c],
          tcp.appEnd[c]);
      offered += tcp.appEnd[c];
      delivered += tcp.rcvNxt[c];
      acked += tcp.sndUna[c];
      if (tcp.cFlow[c] < 0) {
        check(tcp.sndUna[c] == tcp.appEnd[c], "idle connection %d has unacknowledged data", c);
      }
    }
    long sizes = 0;
    long doneBytes = 0;
    for (int i = 0; i < f.started; i++) {
      sizes += f.size[i];
      if (f.finish[i] >= 0) {
        doneBytes += f.size[i];
        check(f.finish[i] >= f.start[i], "flow %d finished before it started", i);
      }
    }
    check(sizes == offered, "flows offered %d bytes but connections carried %d", sizes, offered);
    check(doneBytes <= acked, "completed flows hold %d bytes but only %d were acknowledged", doneBytes, acked);
    check(pk.allocated == hosts.consumed + ports.drops + pk.live,
        "packets: %d allocated != %d consumed + %d dropped + %d live", pk.allocated, hosts.consumed, ports.drops,
        pk.live);
    for (int i = 0; i < f.count; i++) {
      if (i >= f.started) {
        unfinished.add("flow " + i + ": not started by the end of the run at " + now + " ns");
      } else if (f.finish[i] < 0) {
        int c = -1;
        for (int j = 0; j < tcp.conns; j++) {
          if (tcp.cFlow[j] == i) {
            c = j;
          }
        }
        long got = c < 0 ? 0 : tcp.sndUna[c] - tcp.flowBase[c];
        unfinished.add("flow " + i + ": running at end of run (" + now + " ns): " + got + " of " + f.size[i]
            + " bytes acknowledged");
      }
    }
    check(unfinished.size() == f.count - f.done, "unfinished count %d != %d", unfinished.size(),
        f.count - f.done);
    if (f.done == f.count) {
      check(acked == offered && delivered == offered, "all flows done but acked=%d delivered=%d offered=%d", acked,
          delivered, offered);
    }
    return unfinished;
  }

  private static void check(boolean ok, String format, Object... args) {
    if (!ok) {
      throw new IllegalStateException("simulation invariant violated: " + String.format(format, args));
    }
  }
}
