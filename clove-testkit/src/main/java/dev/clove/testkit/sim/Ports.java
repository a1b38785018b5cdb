// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit.sim;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The fabric's ports, one per directed link, wired leaf-spine: each port's output queue (FIFO, drop-tail), its
 * packets in flight, ECN marking, DRE rate estimate, failure and gray impairment, and statistics; and the winner
 * tree of their next arrivals, which the run loop ({@link Sim}) takes events from. The switches that choose
 * between ports are in {@link Switches}. Kept apart from them so that everything a packet meets on a link (the
 * per-port arrays, indexed by port id) is in one place.
 *
 * <p>Threading: confined to the thread that runs its {@link Sim}, like every part of a run.
 */
final class Ports {
  /*
   * A port is a FIFO output queue feeding one directed link. Because the queue is FIFO and work-conserving, a
   * packet's departure is known when it is enqueued: it starts when the port is next free (busyUntil) and
   * arrives at the far end serialization + propagation later. The port's backlog in bytes at time t is
   * (busyUntil - t) * rate, exact up to the rounding of serialization times to whole nanoseconds; drop-tail and
   * ECN marking use that backlog as seen by the arriving packet (instantaneous queue, as DCTCP marks). Each port
   * keeps its packets with their (increasing) arrival times in a ring, and only the head's arrival competes for
   * "next event", in the winner tree over ports (PortTree).
   *
   * Rate estimators (DRE, CONGA section 3.2 [1]) are decayed lazily by a table lookup of (1-alpha)^k when they
   * are read or written, instead of by a periodic event per port. Bytes count when a packet is enqueued on the
   * port rather than when its last bit leaves, a difference of at most one queue's drain time.
   *
   * [1] M. Alizadeh et al., "CONGA: Distributed congestion-aware load balancing for datacenters", SIGCOMM 2014.
   */

  static final int KIND_HOST_UP = 0;
  static final int KIND_LEAF_DOWN = 1;
  static final int KIND_LEAF_UP = 2;
  static final int KIND_SPINE_DOWN = 3;

  private static final int DECAY_STEPS = 512;

  private final Sim sim;
  private final Packets pk;
  private final Topology topo;
  /** Number of hosts: node ids below it are hosts (leaves follow, then spines). */
  private final int hosts;
  /** The next arrival of every busy port: the run loop's source of link events. */
  final PortTree arrivals;

  // --- Ports (directed links), by port id.
  /** Number of ports: two per host (up and down) and two per leaf-spine link. */
  final int count;
  private int added;
  final int[] portFrom;
  final int[] portTo;
  final int[] portKind;
  final long[] portBps;
  final long[] portProp;
  final long[] portBusy;
  final long[] portBuf;
  final long[] portK;
  final boolean[] portMarks;
  /** RED-style average backlog (bytes) per port, when marking is on the average ({@code ecnWeight < 1}). */
  final double[] portAvgQueue;
  final double ecnWeight;
  /** ln(1 - ecnWeight) per nanosecond of idle time, divided by one packet's serialization (per port). */
  final double[] portIdleDecayPerNs;
  final boolean[] portFailed;
  /** Failed or gray: the one flag {@link #enqueue} checks on its fast path. */
  final boolean[] portImpaired;
  /** The fraction of entering packets a gray port drops; 0 while it is healthy. */
  final double[] portGrayDrop;
  final long[] portBytes;
  final long[] portPkts;
  final long[] portDrops;
  final long[] portCe;
  final long[] portMaxBacklog;
  final double[] dreX;
  final long[] dreStep;
  final long[] serQ32; // serialization ns per byte, 32.32 fixed point
  final long[] bytesPerNsQ32; // link rate in bytes per ns, 32.32 fixed point
  final int[][] ringPkt;
  final long[][] ringTime;
  final int[] ringHead;
  final int[] ringCount;
  final int[] portA; // kind-specific: host id, or spine
  final int[] portB; // leaf
  final int[] portC; // parallel index
  final int[] upTag; // for leaf uplinks: index within the leaf's uplinks

  // --- Wiring: port ids by role.
  final int[] hostUp; // by host
  final int[] leafDown; // by host
  final int[][] leafUp; // [leaf][tag]
  final int[][][] spineDown; // [spine][leaf][k]

  // --- Gray links.
  /** Draws which packets a partly gray link drops; split from the run's seed after every other source. */
  private final SplittableRandom grayRng;
  long grayDrops;
  /** Guest packets that entered a gray link after it turned gray, and the latest vswitch time among them. */
  long grayEntries;
  long grayLastPlacementMicros = -1;
  /**
   * Per directional host pair (source * hosts + destination), the first and last vswitch time (us) of its guest
   * packets that entered a gray link; -1 for none. Allocated only when the topology has gray links.
   */
  final int[] grayPairFirstMicros;
  final int[] grayPairLastMicros;

  // --- DRE.
  private final double dreStepInverse;
  private final double[] decay = new double[DECAY_STEPS];
  private final double dreTau;
  private final int congaLevels;

  /** Per-window link statistics, or null when the run does not record them. */
  final WindowRecorder windows;

  // --- Counters over all ports.
  long drops;
  long failDrops;
  long ceMarks;

  Ports(Sim sim, SplittableRandom grayRng) {
    this.sim = sim;
    this.pk = sim.pk;
    this.topo = sim.topo;
    this.grayRng = grayRng;
    this.ecnWeight = topo.ecnQueueWeight;
    hosts = topo.hosts();
    int leaves = topo.leaves;
    int spines = topo.spines;
    int hpl = topo.hostsPerLeaf;
    int uplinksPerLeaf = spines * topo.linksPerLeafSpine;

    int n = 2 * hosts + 2 * leaves * uplinksPerLeaf;
    count = n;
    portFrom = new int[n];
    portTo = new int[n];
    portKind = new int[n];
    portBps = new long[n];
    portProp = new long[n];
    portBusy = new long[n];
    portBuf = new long[n];
    portK = new long[n];
    portMarks = new boolean[n];
    portAvgQueue = new double[n];
    portIdleDecayPerNs = new double[n];
    portFailed = new boolean[n];
    portImpaired = new boolean[n];
    portGrayDrop = new double[n];
    portBytes = new long[n];
    portPkts = new long[n];
    portDrops = new long[n];
    portCe = new long[n];
    portMaxBacklog = new long[n];
    dreX = new double[n];
    dreStep = new long[n];
    serQ32 = new long[n];
    bytesPerNsQ32 = new long[n];
    ringPkt = new int[n][];
    ringTime = new long[n][];
    ringHead = new int[n];
    ringCount = new int[n];
    portA = new int[n];
    portB = new int[n];
    portC = new int[n];
    upTag = new int[n];
    Arrays.fill(upTag, -1);

    hostUp = new int[hosts];
    leafDown = new int[hosts];
    leafUp = new int[leaves][uplinksPerLeaf];
    spineDown = new int[spines][leaves][topo.linksPerLeafSpine];
    for (int h = 0; h < hosts; h++) {
      int leafNode = hosts + h / hpl;
      hostUp[h] = addPort(h, leafNode, KIND_HOST_UP, topo.hostLinkBps, topo.hostLinkDelayNanos,
          topo.hostBufferBytes, Long.MAX_VALUE, false, h, h / hpl, 0);
      leafDown[h] = addPort(leafNode, h, KIND_LEAF_DOWN, topo.hostLinkBps, topo.hostLinkDelayNanos,
          topo.switchBufferBytes(topo.hostLinkBps), topo.ecnThresholdBytes(topo.hostLinkBps), true, h, h / hpl, 0);
    }
    for (int l = 0; l < leaves; l++) {
      for (int s = 0; s < spines; s++) {
        for (int k = 0; k < topo.linksPerLeafSpine; k++) {
          long fb = topo.linkRates.isEmpty() ? topo.fabricLinkBps : topo.linkBps(s, l, k);
          int tag = s * topo.linksPerLeafSpine + k;
          int up = addPort(hosts + l, hosts + leaves + s, KIND_LEAF_UP, fb, topo.fabricLinkDelayNanos,
              topo.switchBufferBytes(fb), topo.ecnThresholdBytes(fb), true, s, l, k);
          upTag[up] = tag;
          leafUp[l][tag] = up;
          spineDown[s][l][k] = addPort(hosts + leaves + s, hosts + l, KIND_SPINE_DOWN, fb,
              topo.fabricLinkDelayNanos, topo.switchBufferBytes(fb), topo.ecnThresholdBytes(fb), true, s, l, k);
        }
      }
    }
    for (int[] r : topo.removed) {
      setFailed(r[0], r[1], r[2]);
    }
    boolean gray = !topo.grayLinks.isEmpty();
    grayPairFirstMicros = gray ? new int[hosts * hosts] : null;
    grayPairLastMicros = gray ? new int[hosts * hosts] : null;
    if (gray) {
      Arrays.fill(grayPairFirstMicros, -1);
      Arrays.fill(grayPairLastMicros, -1);
    }
    arrivals = new PortTree(count);
    windows = sim.cfg.linkStatsWindowNanos > 0
        ? new WindowRecorder(count, sim.cfg.linkStatsWindowNanos, sim.cfg.linkStatsMaxWindows)
        : null;

    // DRE (CONGA section 3.2): tau = T_dre / alpha, with alpha = 1/8 here.
    double alpha = 0.125;
    dreTau = sim.cfg.dreTimeConstantNanos;
    long dreStepNanos = Math.max(1, Math.round(dreTau * alpha));
    dreStepInverse = 1.0 / dreStepNanos;
    for (int i = 0; i < DECAY_STEPS; i++) {
      decay[i] = StrictMath.pow(1 - alpha, i); // StrictMath: the same bits on every JVM and CPU
    }
    congaLevels = 1 << sim.cfg.congaQuantBits;
  }

  private int addPort(int from, int to, int kind, long bps, long prop, long buf, long k, boolean marks, int a,
      int b, int c) {
    int p = added++;
    portFrom[p] = from;
    portTo[p] = to;
    portKind[p] = kind;
    portBps[p] = bps;
    portProp[p] = prop;
    portBuf[p] = buf;
    portK[p] = k;
    portMarks[p] = marks;
    double packetNanos = Topology.PACKET_BYTES * 8e9 / bps;
    portIdleDecayPerNs[p] = ecnWeight < 1 ? Math.log1p(-ecnWeight) / packetNanos : 0;
    portA[p] = a;
    portB[p] = b;
    portC[p] = c;
    serQ32[p] = Math.round(8e9 / bps * 4294967296.0);
    bytesPerNsQ32[p] = Math.round(bps / 8e9 * 4294967296.0);
    ringPkt[p] = new int[16];
    ringTime[p] = new long[16];
    return p;
  }

  /** Fails both directions of link {@code k} between {@code spine} and {@code leaf}. */
  void setFailed(int spine, int leaf, int k) {
    int up = leafUp[leaf][spine * topo.linksPerLeafSpine + k];
    int down = spineDown[spine][leaf][k];
    portFailed[up] = true;
    portFailed[down] = true;
    portImpaired[up] = true;
    portImpaired[down] = true;
  }

  /**
   * Restores both directions of a failed link {@code k} between {@code spine} and {@code leaf}: it carries packets
   * again, still dropping its share if it is also gray.
   */
  void setRestored(int spine, int leaf, int k) {
    int up = leafUp[leaf][spine * topo.linksPerLeafSpine + k];
    int down = spineDown[spine][leaf][k];
    portFailed[up] = false;
    portFailed[down] = false;
    portImpaired[up] = portGrayDrop[up] > 0;
    portImpaired[down] = portGrayDrop[down] > 0;
    loseInFlight(up);
    loseInFlight(down);
  }

  /**
   * Drops what was on a port when it failed and has not reached the far end yet (a failed port accepts nothing,
   * so its ring holds only such packets), counted now, and forgets the queue it had: a restored link starts empty.
   */
  private void loseInFlight(int port) {
    while (ringCount[port] > 0) {
      drop(port, takeHead(port), true);
    }
    if (portBusy[port] > sim.now) {
      portBusy[port] = sim.now;
    }
  }

  /** A link turns gray: it keeps its place in the ECMP groups and drops what enters it (see {@link #enqueue}). */
  void setGray(Topology.GrayLink g) {
    int up = leafUp[g.leaf()][g.spine() * topo.linksPerLeafSpine + g.index()];
    int down = spineDown[g.spine()][g.leaf()][g.index()];
    portGrayDrop[up] = g.dropFraction();
    portGrayDrop[down] = g.dropFraction();
    portImpaired[up] = true;
    portImpaired[down] = true;
  }

  /** Whether an impaired (failed or gray) port drops packet {@code p}, now entering it. */
  private boolean impairedDrops(int port, int p) {
    if (portFailed[port]) {
      return true;
    }
    final Packets k = pk;
    if (k.conn(p) >= 0) { // a guest packet: note when its vswitch put it on this path
      grayEntries++;
      int sent = k.sentMicros(p);
      if (sent > grayLastPlacementMicros) {
        grayLastPlacementMicros = sent;
      }
      int pair = k.src(p) * hosts + k.dst(p);
      if (grayPairFirstMicros[pair] < 0) {
        grayPairFirstMicros[pair] = sent;
      }
      if (sent > grayPairLastMicros[pair]) {
        grayPairLastMicros[pair] = sent;
      }
    }
    double fraction = portGrayDrop[port];
    if (fraction >= 1 || (fraction > 0 && grayRng.nextDouble() < fraction)) {
      grayDrops++;
      return true;
    }
    return false;
  }

  /**
   * The queue length ECN marking compares with K: the instantaneous backlog, or RED's moving average of it
   * (updated here, once per arriving packet, and decayed over the time the port sat idle).
   */
  private double markingQueue(int port, long backlog, long busy, long t) {
    if (ecnWeight >= 1) {
      return backlog;
    }
    double avg = portAvgQueue[port];
    if (backlog == 0 && busy < t && avg > 0) {
      avg *= Math.exp((t - busy) * portIdleDecayPerNs[port]);
    }
    avg += ecnWeight * (backlog - avg);
    portAvgQueue[port] = avg;
    return avg;
  }

  /** Puts a packet on a port's queue, or drops it. */
  void enqueue(int port, int p) {
    final Sim run = sim;
    final long t = run.now;
    if (portImpaired[port] && impairedDrops(port, p)) {
      drop(port, p, true);
      return;
    }
    long busy = portBusy[port];
    long backlog = busy > t ? ((busy - t) * bytesPerNsQ32[port]) >>> 32 : 0;
    int len = pk.wire(p);
    if (backlog + len > portBuf[port]) {
      drop(port, p, false);
      return;
    }
    if (backlog > portMaxBacklog[port]) {
      portMaxBacklog[port] = backlog;
    }
    if (portMarks[port] && markingQueue(port, backlog, busy, t) > portK[port] && pk.ecn(p) != Packets.NOT_ECT) {
      if (pk.ecn(p) != Packets.CE) {
        pk.setEcn(p, Packets.CE);
        portCe[port]++;
        ceMarks++;
        if (windows != null) {
          windows.marked(port, t);
        }
      }
    }
    long start = busy > t ? busy : t;
    long done = start + ((len * serQ32[port]) >>> 32);
    portBusy[port] = done;
    portBytes[port] += len;
    portPkts[port]++;
    if (windows != null) {
      windows.enqueued(port, t, len, backlog);
    }
    dreAdd(port, len, t);
    long arrival = done + portProp[port];
    int n = ringCount[port];
    int[] ring = ringPkt[port];
    if (n == ring.length) {
      growRing(port);
      ring = ringPkt[port];
    }
    int mask = ring.length - 1;
    int slot = (ringHead[port] + n) & mask;
    ring[slot] = p;
    ringTime[port][slot] = arrival;
    ringCount[port] = n + 1;
    if (n == 0) {
      arrivals.update(port, arrival, run.eventSeq++);
    }
  }

  private void growRing(int port) {
    int[] ring = ringPkt[port];
    long[] times = ringTime[port];
    int n = ring.length;
    int[] nr = new int[n * 2];
    long[] nt = new long[n * 2];
    int head = ringHead[port];
    for (int i = 0; i < n; i++) {
      nr[i] = ring[(head + i) & (n - 1)];
      nt[i] = times[(head + i) & (n - 1)];
    }
    ringPkt[port] = nr;
    ringTime[port] = nt;
    ringHead[port] = 0;
  }

  /**
   * The head packet of a port's ring reached the far end: takes it off, schedules the port's next arrival, and
   * returns the packet.
   */
  int takeHead(int port) {
    int[] ring = ringPkt[port];
    int mask = ring.length - 1;
    int head = ringHead[port];
    int p = ring[head];
    int next = (head + 1) & mask;
    ringHead[port] = next;
    int n = --ringCount[port];
    if (n > 0) {
      arrivals.update(port, ringTime[port][next], sim.eventSeq++);
    } else {
      arrivals.idle(port);
    }
    return p;
  }

  /** Drops packet {@code p} at {@code port}; {@code failure} when a failed or gray link, not a full queue, lost it. */
  void drop(int port, int p, boolean failure) {
    portDrops[port]++;
    drops++;
    if (windows != null) {
      windows.dropped(port, sim.now);
    }
    if (failure) {
      failDrops++;
    }
    pk.free(p);
  }

  private void dreDecay(int port, long t) {
    long step = (long) (t * dreStepInverse);
    long d = step - dreStep[port];
    if (d > 0) {
      dreX[port] *= d < DECAY_STEPS ? decay[(int) d] : 0;
      dreStep[port] = step;
    }
  }

  private void dreAdd(int port, int bytes, long t) {
    dreDecay(port, t);
    dreX[port] += bytes;
  }

  /** The port's DRE utilization estimate: X / (C * tau). */
  double utilization(int port, long t) {
    dreDecay(port, t);
    return dreX[port] * 8e9 / (portBps[port] * dreTau);
  }

  /** The port's DRE utilization quantized to CONGA's levels. */
  int quantized(int port, long t) {
    int q = (int) (utilization(port, t) * congaLevels);
    return q >= congaLevels ? congaLevels - 1 : q;
  }

  /** A readable name: {@code H3->L0}, {@code L0->H3}, {@code L0->S1#0}, {@code S1->L0#0}. */
  String name(int p) {
    switch (portKind[p]) {
      case KIND_HOST_UP:
        return "H" + portA[p] + "->L" + portB[p];
      case KIND_LEAF_DOWN:
        return "L" + portB[p] + "->H" + portA[p];
      case KIND_LEAF_UP:
        return "L" + portB[p] + "->S" + portA[p] + "#" + portC[p];
      default:
        return "S" + portA[p] + "->L" + portB[p] + "#" + portC[p];
    }
  }
}
