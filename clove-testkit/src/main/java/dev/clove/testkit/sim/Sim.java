// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit.sim;

import dev.clove.api.Counter;
import dev.clove.api.FeedbackRelay;
import dev.clove.api.LoadBalancer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One run of the simulator: the fabric (ports, switches, ECMP, ECN, INT), the vswitches that embed CLOVE, the
 * workload, the metrics and the event loop. The guest TCP is in {@link GuestTcp}, CONGA in {@link CongaLeaves}.
 */
final class Sim {
  /*
   * Model, and why it is fast:
   *
   * - Time is a long count of nanoseconds. Events are ordered by (time, insertion sequence), so the order of
   *   events, and the whole run, depends only on the configuration and the seed.
   * - A port is a FIFO output queue feeding one directed link. Because the queue is FIFO and work-conserving,
   *   a packet's departure is known when it is enqueued: it starts when the port is next free
   *   (busyUntil) and arrives at the far end serialization + propagation later. The port's backlog in bytes at
   *   time t is (busyUntil - t) * rate, exact up to the rounding of serialization times to whole nanoseconds;
   *   drop-tail and ECN marking use that backlog as seen by the arriving packet (instantaneous queue, as DCTCP
   *   marks). Each port keeps its packets with their (increasing) arrival times in a ring, and only the head's
   *   arrival competes for "next event": in a winner tree over ports (PortTree), beside a small heap for
   *   timers, flow arrivals and ticks. One event per hop; ties between the two broken by one shared
   *   insertion sequence.
   * - Packets are ints into one int array, a cache line each (Packets); connections and flows are ints into
   *   arrays;
   *   timers are lazy (one pending event per connection, re-armed only when it fires early), so steady state
   *   allocates nothing.
   * - Rate estimators (DRE, CONGA section 3.2 [1]) are decayed lazily by a table lookup of (1-alpha)^k when
   *   they are read or written, instead of by a periodic event per port. Bytes count when a packet is
   *   enqueued on the port rather than when its last bit leaves, a difference of at most one queue's drain time.
   *
   * [1] M. Alizadeh et al., "CONGA: Distributed congestion-aware load balancing for datacenters", SIGCOMM 2014.
   */

  static final int EV_ARRIVE = 0;
  static final int EV_TIMER = 1;
  static final int EV_FLOW = 2;
  static final int EV_TICK = 3;
  static final int EV_FAIL = 4;
  static final int EV_DELACK = 5;
  static final int EV_GRAY = 6;

  static final int KIND_HOST_UP = 0;
  static final int KIND_LEAF_DOWN = 1;
  static final int KIND_LEAF_UP = 2;
  static final int KIND_SPINE_DOWN = 3;

  static final int INNER_HEADER_BYTES = 40;
  static final long HOST_HOP_BASE = 1L << 32;
  private static final int OUTER_DST_PORT = 7471; // STT's TCP port; any constant works for ECMP.
  private static final int DECAY_STEPS = 512;

  final Simulation cfg;
  final Topology topo;
  final Scheme scheme;
  /** Link arrivals: the next arrival of every busy port. */
  PortTree arrivals;
  /** Everything else: connection timers, flow arrivals, ticks, failures. */
  final EventQueue timers = new EventQueue(1 << 10);
  /** One insertion sequence across both queues, so that ties are broken in insertion order across them. */
  long eventSeq;
  final Packets pk = new Packets(1 << 12);
  long now;
  long events;

  // --- Nodes: hosts [0,H), leaves [H,H+L), spines [H+L,H+L+S).
  final int hosts;
  final int leaves;
  final int spines;
  final int hpl;
  final int[] leafOf; // by host
  final int uplinksPerLeaf;
  final int[] salt;

  // --- Ports (directed links).
  int ports;
  int[] portFrom;
  int[] portTo;
  int[] portKind;
  long[] portBps;
  long[] portProp;
  long[] portBusy;
  long[] portBuf;
  long[] portK;
  boolean[] portMarks;
  /** RED-style average backlog (bytes) per port, when marking is on the average ({@code ecnWeight < 1}). */
  double[] portAvgQueue;
  double ecnWeight;
  /** ln(1 - ecnWeight) per nanosecond of idle time, divided by one packet's serialization (per port). */
  double[] portIdleDecayPerNs;
  boolean[] portFailed;
  /** Failed or gray: the one flag {@link #enqueue} checks on its fast path. */
  boolean[] portImpaired;
  /** The fraction of entering packets a gray port drops; 0 while it is healthy. */
  double[] portGrayDrop;
  long[] portBytes;
  long[] portPkts;
  long[] portDrops;
  long[] portCe;
  long[] portMaxBacklog;
  double[] dreX;
  long[] dreStep;
  long[] serQ32; // serialization ns per byte, 32.32 fixed point
  long[] bytesPerNsQ32; // link rate in bytes per ns, 32.32 fixed point
  int[][] ringPkt;
  long[][] ringTime;
  int[] ringHead;
  int[] ringCount;
  int[] portA; // kind-specific: host id, or spine
  int[] portB; // leaf
  int[] portC; // parallel index
  int[] upTag; // for leaf uplinks: index within the leaf's uplinks

  final int[] hostUp;
  final int[] leafDown; // by host
  final int[][] leafUp; // [leaf][tag]
  final int[][][] spineDown; // [spine][leaf][k]
  int[][][] leafGroup; // [leaf][dstLeaf] -> live uplink ports
  int[][][] spineGroup; // [spine][dstLeaf] -> live down ports
  final List<long[]> failures;
  final List<Topology.GrayLink> grayLinks;
  /** Draws which packets a partly gray link drops; split from the run's seed after every other source. */
  final SplittableRandom grayRng;
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

  // --- DRE / INT / CONGA.
  final long dreStepNanos;
  final double dreStepInverse;
  final double[] decay = new double[DECAY_STEPS];
  final double dreTau;
  final int congaLevels;
  /** CONGA's state at the leaves, or null when the scheme does not run CONGA. */
  final CongaLeaves congaLeaves;

  // --- Hosts.
  final LoadBalancer[] lb;
  final FeedbackRelay[] relay;
  final boolean telemetry;
  final boolean conga;
  final int mss;
  final int encap;
  final int dataWire;
  final int ackWire;
  final long baseRtt;

  // --- Guest TCP.
  final GuestTcp tcp;

  // --- Flows.
  final int flowCount;
  final long[] fStart;
  final long[] fSize;
  final long[] fFinish;
  final int[] fSrc;
  final int[] fDst;
  final int[] fRetx;
  final int[] fTimeouts;
  int flowsStarted;
  int flowsDone;
  final SplittableRandom workRng;
  final SplittableRandom fabricRng;
  final double meanInterArrival;
  final long connSalt;

  // --- Counters.
  long drops;
  long failDrops;
  long ceMarks;
  long retransmits;
  long timeouts;
  long reordered;
  long consumed;
  long probesSent;
  long dataPacketsSent;
  int maxQueue;
  final long[] eventsByType = new long[7];

  Sim(Simulation cfg) {
    this.cfg = cfg;
    this.topo = cfg.topology;
    this.scheme = cfg.scheme;
    SplittableRandom root = new SplittableRandom(cfg.seed);
    this.workRng = root.split();
    this.fabricRng = root.split();
    SplittableRandom seedRng = root.split();
    this.connSalt = seedRng.nextLong();
    this.grayRng = root.split(); // after the others, so that runs without gray links draw exactly as before

    hosts = topo.hosts();
    leaves = topo.leaves;
    spines = topo.spines;
    hpl = topo.hostsPerLeaf;
    leafOf = new int[hosts];
    for (int h = 0; h < hosts; h++) {
      leafOf[h] = h / hpl;
    }
    uplinksPerLeaf = spines * topo.linksPerLeafSpine;
    int nodes = hosts + leaves + spines;
    salt = new int[nodes];
    for (int i = 0; i < nodes; i++) {
      salt[i] = seedRng.nextInt();
    }
    mss = cfg.mss;
    encap = cfg.encapBytes;
    dataWire = mss + INNER_HEADER_BYTES + encap;
    ackWire = INNER_HEADER_BYTES + encap;
    baseRtt = topo.baseRttNanos(dataWire, ackWire);
    telemetry = scheme.telemetry();
    ecnWeight = topo.ecnQueueWeight;
    conga = scheme.congaAtLeaves();

    // Ports.
    int links = 2 * hosts + 2 * leaves * uplinksPerLeaf;
    allocPorts(links);
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
    long fb = topo.fabricLinkBps;
    for (int l = 0; l < leaves; l++) {
      for (int s = 0; s < spines; s++) {
        for (int k = 0; k < topo.linksPerLeafSpine; k++) {
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
    failures = topo.failures;
    grayLinks = topo.grayLinks;
    grayPairFirstMicros = grayLinks.isEmpty() ? null : new int[hosts * hosts];
    grayPairLastMicros = grayLinks.isEmpty() ? null : new int[hosts * hosts];
    if (grayPairFirstMicros != null) {
      Arrays.fill(grayPairFirstMicros, -1);
      Arrays.fill(grayPairLastMicros, -1);
    }
    recomputeGroups();
    arrivals = new PortTree(ports);

    // DRE (CONGA section 3.2): tau = T_dre / alpha, with alpha = 1/8 here.
    double alpha = 0.125;
    dreTau = cfg.dreTimeConstantNanos;
    dreStepNanos = Math.max(1, Math.round(dreTau * alpha));
    dreStepInverse = 1.0 / dreStepNanos;
    for (int i = 0; i < DECAY_STEPS; i++) {
      decay[i] = StrictMath.pow(1 - alpha, i); // StrictMath: the same bits on every JVM and CPU
    }
    congaLevels = 1 << cfg.congaQuantBits;
    congaLeaves = conga ? new CongaLeaves(this, cfg.congaFlowletGapNanos, cfg.congaAgingNanos) : null;

    // Hosts.
    lb = new LoadBalancer[hosts];
    relay = new FeedbackRelay[hosts];
    for (int h = 0; h < hosts; h++) {
      final int host = h;
      Scheme.Context ctx = new Scheme.Context(h, hosts, baseRtt, seedRng.nextLong(),
          (destination, sourcePort, ttl, probeId) -> sendProbe(host, destination, sourcePort, ttl, probeId),
          cfg.pathDiscovery,
          destination -> oraclePorts(host, destination), cfg.flowletGapNanos);
      lb[h] = scheme.balancers().apply(ctx);
      if (lb[h] == null) {
        throw new IllegalStateException("scheme " + scheme.name() + " returned a null balancer");
      }
      relay[h] = scheme.relays().apply(ctx);
    }
    tcp = new GuestTcp(this);

    // Flows.
    flowCount = cfg.workload.pattern == Workload.Pattern.EXPLICIT ? cfg.workload.flows.size() : cfg.flows;
    fStart = new long[flowCount];
    fSize = new long[flowCount];
    fFinish = new long[flowCount];
    Arrays.fill(fFinish, -1);
    fSrc = new int[flowCount];
    fDst = new int[flowCount];
    fRetx = new int[flowCount];
    fTimeouts = new int[flowCount];
    double offeredBps = cfg.load * topo.bisectionBps();
    meanInterArrival = cfg.workload.meanBytes() * 8 * 1e9 / offeredBps;
  }

  // ------------------------------------------------------------------------------------------------ run

  RunSummary run() {
    if (flowCount > 0) {
      if (cfg.workload.pattern == Workload.Pattern.EXPLICIT) {
        timers.push(cfg.workload.flows.get(0).startNanos() + cfg.warmupNanos, eventSeq++, EV_FLOW, 0, 0);
      } else {
        timers.push(cfg.warmupNanos + expInterArrival(), eventSeq++, EV_FLOW, 0, 0);
      }
    }
    timers.push(0, eventSeq++, EV_TICK, 0, 0);
    for (int i = 0; i < failures.size(); i++) {
      timers.push(failures.get(i)[3], eventSeq++, EV_FAIL, i, 0);
    }
    for (int i = 0; i < grayLinks.size(); i++) {
      timers.push(grayLinks.get(i).atNanos(), eventSeq++, EV_GRAY, i, 0);
    }
    final long end = cfg.maxSimNanos;
    final PortTree links = arrivals;
    final EventQueue other = timers;
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
        linkArrival(links.top());
        if (flowsDone == flowCount) {
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
          nextFlow(queue.a());
          break;
        case EV_TICK:
          tick();
          break;
        case EV_DELACK:
          tcp.delayedAckTimer(queue.a(), t);
          break;
        case EV_FAIL:
          long[] f = failures.get(queue.a());
          setFailed((int) f[0], (int) f[1], (int) f[2]);
          recomputeGroups();
          break;
        case EV_GRAY:
          setGray(grayLinks.get(queue.a()));
          break;
        default:
          throw new IllegalStateException("event type " + queue.type());
      }
      if (flowsDone == flowCount) {
        break;
      }
    }
    return RunSummary.of(this);
  }

  private void tick() {
    for (int h = 0; h < hosts; h++) {
      lb[h].onTick(now);
    }
    if (flowsDone < flowCount) {
      timers.push(now + cfg.tickNanos, eventSeq++, EV_TICK, 0, 0);
    }
  }

  // ------------------------------------------------------------------------------------------------ fabric

  private void allocPorts(int n) {
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
  }

  private int addPort(int from, int to, int kind, long bps, long prop, long buf, long k, boolean marks, int a,
      int b, int c) {
    int p = ports++;
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

  private void setFailed(int spine, int leaf, int k) {
    int up = leafUp[leaf][spine * topo.linksPerLeafSpine + k];
    int down = spineDown[spine][leaf][k];
    portFailed[up] = true;
    portFailed[down] = true;
    portImpaired[up] = true;
    portImpaired[down] = true;
  }

  /** A link turns gray: it keeps its place in the ECMP groups and drops what enters it (see {@link #enqueue}). */
  private void setGray(Topology.GrayLink g) {
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

  /** ECMP groups over live links; a leaf uses only spines that still reach the destination leaf. */
  private void recomputeGroups() {
    spineGroup = new int[spines][leaves][];
    for (int s = 0; s < spines; s++) {
      for (int l = 0; l < leaves; l++) {
        spineGroup[s][l] = Arrays.stream(spineDown[s][l]).filter(p -> !portFailed[p]).toArray();
      }
    }
    leafGroup = new int[leaves][leaves][];
    for (int l = 0; l < leaves; l++) {
      for (int d = 0; d < leaves; d++) {
        final int dst = d;
        leafGroup[l][d] = Arrays.stream(leafUp[l])
            .filter(p -> !portFailed[p] && spineGroup[portA[p]][dst].length > 0).toArray();
      }
    }
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
    final long t = now;
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
      }
    }
    long start = busy > t ? busy : t;
    long done = start + ((len * serQ32[port]) >>> 32);
    portBusy[port] = done;
    portBytes[port] += len;
    portPkts[port]++;
    dreAdd(port, len, t);
    long arrival = done + portProp[port];
    int count = ringCount[port];
    int[] ring = ringPkt[port];
    if (count == ring.length) {
      growRing(port);
      ring = ringPkt[port];
    }
    int mask = ring.length - 1;
    int slot = (ringHead[port] + count) & mask;
    ring[slot] = p;
    ringTime[port][slot] = arrival;
    ringCount[port] = count + 1;
    if (count == 0) {
      arrivals.update(port, arrival, eventSeq++);
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

  /** The head packet of a port's ring reached the far end: take it off and schedule the next one. */
  private void linkArrival(int port) {
    int[] ring = ringPkt[port];
    int mask = ring.length - 1;
    int head = ringHead[port];
    int p = ring[head];
    int next = (head + 1) & mask;
    ringHead[port] = next;
    int count = --ringCount[port];
    if (count > 0) {
      arrivals.update(port, ringTime[port][next], eventSeq++);
    } else {
      arrivals.idle(port);
    }
    arrive(p, port);
  }

  private void drop(int port, int p, boolean failure) {
    portDrops[port]++;
    drops++;
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

  private void arrive(int p, int inPort) {
    if (portFailed[inPort]) {
      drop(inPort, p, true);
      return;
    }
    int node = portTo[inPort];
    if (node < hosts) {
      hostReceive(node, p);
    } else {
      forward(node, p, inPort);
    }
  }

  private void forward(int node, int p, int inPort) {
    final Packets k = pk;
    if (k.decTtl(p) <= 0) {
      if (k.type(p) != Packets.PROBE) {
        drop(inPort, p, false);
        return;
      }
      // Time exceeded: the probe turns into the reply, naming the interface it arrived on.
      k.setType(p, Packets.PROBE_REPLY);
      k.setHopId(p, inPort + 1);
      k.setFromDestination(p, false);
      k.setDst(p, k.src(p));
      k.setSrc(p, node);
      k.setTtl(p, 64);
      k.setEcn(p, Packets.NOT_ECT);
    }
    int dst = k.dst(p);
    int dstLeaf = leafOf[dst];
    int out;
    if (node < hosts + leaves) {
      int leaf = node - hosts;
      if (dstLeaf == leaf) {
        if (conga && k.congaTag(p) >= 0 && portKind[inPort] == KIND_SPINE_DOWN) {
          congaLeaves.receive(leaf, p);
        }
        out = leafDown[dst];
      } else {
        int[] group = leafGroup[leaf][dstLeaf];
        if (group.length == 0) {
          drop(inPort, p, true);
          return;
        }
        if (conga && portKind[inPort] == KIND_HOST_UP) {
          out = congaLeaves.select(leaf, dstLeaf, group, p);
        } else {
          out = group[ecmp(node, p, group.length)];
        }
      }
    } else {
      int[] group = spineGroup[node - hosts - leaves][dstLeaf];
      if (group.length == 0) {
        drop(inPort, p, true);
        return;
      }
      out = group[ecmp(node, p, group.length)];
    }
    // INT: the fabric links only (leaf uplinks, spine downlinks): they are what a source port chooses between.
    // The destination's access link is on every path, and in a maximum it would hide the differences.
    if (k.intRequest(p) && portKind[out] >= KIND_LEAF_UP) {
      double u = utilization(out, now);
      if (u > k.intUtil(p)) {
        k.setIntUtil(p, u);
      }
    }
    if (k.congaTag(p) >= 0) {
      int m = quantized(out, now);
      if (m > k.congaCe(p)) {
        k.setCongaCe(p, m);
      }
    }
    enqueue(out, p);
  }

  /** ECMP: a hash of the outer 5-tuple with this switch's salt. */
  private int ecmp(int node, int p, int n) {
    return ecmpHash(node, pk.src(p), pk.dst(p), pk.sport(p), n);
  }

  private int ecmpHash(int node, int src, int dst, int sport, int n) {
    long h = ((long) src << 40) ^ ((long) dst << 20) ^ ((long) sport << 4) ^ OUTER_DST_PORT;
    h = mix64(h ^ ((long) salt[node] << 32) ^ salt[node]);
    // The high 32 bits scaled to [0, n) by a multiply and a shift (Lemire's range reduction), not a division.
    return (int) (((h >>> 32) * n) >>> 32);
  }

  /**
   * The ports (directed links) a packet from host {@code src} to host {@code dst} with outer source port
   * {@code sport} crosses under plain ECMP and the current link state.
   */
  int[] tracePath(int src, int dst, int sport) {
    int srcLeaf = src / hpl;
    int dstLeaf = dst / hpl;
    if (srcLeaf == dstLeaf) {
      return new int[] {hostUp[src], leafDown[dst]};
    }
    int[] up = leafGroup[srcLeaf][dstLeaf];
    if (up.length == 0) {
      return new int[0];
    }
    int u = up[ecmpHash(hosts + srcLeaf, src, dst, sport, up.length)];
    int spine = portA[u];
    int[] down = spineGroup[spine][dstLeaf];
    int d = down[ecmpHash(hosts + leaves + spine, src, dst, sport, down.length)];
    return new int[] {hostUp[src], u, d, leafDown[dst]};
  }

  /**
   * Source ports onto distinct paths from {@code src} to {@code dst}, as many as the source leaf has live
   * uplinks towards the destination leaf, chosen greedily to share the fewest links with those already chosen
   * (the paper's heuristic, section 2.1), scanning ports upwards from 49152.
   */
  int[] oraclePorts(int src, int dst) {
    if (src / hpl == dst / hpl || dst == src) {
      return new int[] {49152};
    }
    int[] group = leafGroup[src / hpl][dst / hpl];
    int k = group.length;
    int total = 0;
    for (int up : group) {
      total += spineGroup[portA[up]][dst / hpl].length;
    }
    // Distinct paths, keyed by (uplink, downlink), in the order their first port was found.
    List<int[]> paths = new ArrayList<>(); // {uplink, downlink, sport}
    for (int sport = 49152; sport < 49152 + 4096 && paths.size() < total; sport++) {
      int[] path = tracePath(src, dst, sport);
      boolean seen = false;
      for (int[] known : paths) {
        seen |= known[0] == path[1] && known[1] == path[2];
      }
      if (!seen) {
        paths.add(new int[] {path[1], path[2], sport});
      }
    }
    List<int[]> chosen = new ArrayList<>();
    while (chosen.size() < k && chosen.size() < paths.size()) {
      int[] best = null;
      int bestShared = Integer.MAX_VALUE;
      for (int[] candidate : paths) {
        if (chosen.contains(candidate)) {
          continue;
        }
        int shared = 0;
        for (int[] c : chosen) {
          shared += (c[0] == candidate[0] ? 1 : 0) + (c[1] == candidate[1] ? 1 : 0);
        }
        if (shared < bestShared) {
          bestShared = shared;
          best = candidate;
        }
      }
      chosen.add(best);
    }
    return chosen.stream().mapToInt(c -> c[2]).toArray();
  }

  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  // ------------------------------------------------------------------------------------------------ vswitch

  /** The inner flow of a packet: its connection and direction, or its outer addresses for probes. */
  long flowKey(int p) {
    int c = pk.conn(p);
    if (c < 0) {
      return ((long) pk.src(p) << 40) ^ ((long) pk.dst(p) << 20) ^ pk.sport(p);
    }
    return mix64(((long) c << 1 | (pk.type(p) == Packets.ACK ? 1 : 0)) ^ connSalt);
  }

  /** The vswitch encapsulates a guest packet and sends it on the host's NIC. */
  void vswitchSend(int h, int p) {
    final Packets k = pk;
    int dst = k.dst(p);
    k.setSport(p, lb[h].selectSourcePort(dst, flowKey(p), k.wire(p), now));
    k.setSentMicros(p, (int) (now / 1000));
    k.setEcn(p, Packets.ECT);
    k.setIntRequest(p, telemetry);
    FeedbackRelay r = relay[h];
    if (r != null) {
      k.setWord(p, r.pollFeedback(dst, now));
    }
    enqueue(hostUp[h], p);
  }

  private void sendProbe(int h, int destination, int sourcePort, int ttl, int probeId) {
    if (destination < 0 || destination >= hosts || destination == h) {
      return;
    }
    int p = pk.alloc();
    pk.setType(p, Packets.PROBE);
    pk.setSrc(p, h);
    pk.setDst(p, destination);
    pk.setSport(p, sourcePort & 0xFFFF);
    pk.setTtl(p, ttl);
    pk.setProbeDest(p, destination);
    pk.setProbeTtl(p, ttl);
    pk.setProbeId(p, probeId);
    pk.setWire(p, ackWire);
    probesSent++;
    enqueue(hostUp[h], p);
  }

  private void hostReceive(int h, int p) {
    final Packets k = pk;
    int type = k.type(p);
    int src = k.src(p);
    if (type == Packets.PROBE) {
      // The destination vswitch answers the probe itself.
      k.setType(p, Packets.PROBE_REPLY);
      k.setFromDestination(p, true);
      k.setHopId(p, 0);
      k.setDst(p, src);
      k.setSrc(p, h);
      k.setTtl(p, 64);
      k.setEcn(p, Packets.NOT_ECT);
      k.setWord(p, 0);
      enqueue(hostUp[h], p);
      return;
    }
    if (type == Packets.PROBE_REPLY) {
      // A switch names the interface the probe arrived on (port id + 1); the destination names itself.
      long hop = k.fromDestination(p) ? HOST_HOP_BASE + k.src(p) : k.hopId(p);
      lb[h].onProbeReply(k.probeDest(p), k.sport(p), k.probeTtl(p), k.probeId(p), hop, k.fromDestination(p),
          now);
      consume(p);
      return;
    }
    int w = k.word(p);
    if (w != 0) {
      lb[h].onFeedbackWord(src, w, now);
    }
    FeedbackRelay r = relay[h];
    if (r != null) {
      r.onArrival(src, k.sport(p), k.ecn(p) == Packets.CE, now);
      if (k.intRequest(p)) {
        r.onTelemetry(src, k.sport(p), k.intUtil(p), now);
      }
    }
    // Decapsulation: the outer CE mark is not copied to the guest's header (guests are not ECN-aware anyway).
    int c = k.conn(p);
    if (type == Packets.DATA) {
      tcp.onData(c, k.seq(p), k.payload(p), k.retx(p));
    } else {
      tcp.onAck(c, k.seq(p));
    }
    consume(p);
  }

  private void consume(int p) {
    consumed++;
    pk.free(p);
  }

  // ------------------------------------------------------------------------------------------------ workload

  private long expInterArrival() {
    // StrictMath, not Math: Math.log may be an intrinsic whose last bit differs between CPUs, and one bit of an
    // arrival time is enough to change a run.
    return Math.max(1, Math.round(-StrictMath.log(1 - workRng.nextDouble()) * meanInterArrival));
  }

  private void nextFlow(int i) {
    Workload w = cfg.workload;
    int src;
    int dst;
    long size;
    if (w.pattern == Workload.Pattern.EXPLICIT) {
      Workload.Flow f = w.flows.get(i);
      src = f.source();
      dst = f.destination();
      size = f.bytes();
      if (i + 1 < flowCount) {
        timers.push(w.flows.get(i + 1).startNanos() + cfg.warmupNanos, eventSeq++, EV_FLOW, i + 1, 0);
      }
    } else {
      switch (w.pattern) {
        case CLIENT_SERVER: {
          int half = (leaves / 2) * hpl;
          src = workRng.nextInt(half);
          dst = half + workRng.nextInt(hosts - half);
          break;
        }
        case ALL_TO_ALL:
          src = workRng.nextInt(hosts);
          dst = workRng.nextInt(hosts - 1);
          if (dst >= src) {
            dst++;
          }
          break;
        default:
          src = workRng.nextInt(hosts);
          dst = (src + w.stride) % hosts;
          if (dst == src) {
            dst = (src + 1) % hosts;
          }
      }
      size = w.sizes.sample(workRng);
      if (i + 1 < flowCount) {
        timers.push(now + expInterArrival(), eventSeq++, EV_FLOW, i + 1, 0);
      }
    }
    fStart[i] = now;
    fSize[i] = size;
    fSrc[i] = src;
    fDst[i] = dst;
    flowsStarted++;
    tcp.startFlow(i, src, dst, size);
  }

  // ------------------------------------------------------------------------------------------------ results

  Map<Counter, Long> balancerCounters() {
    Map<Counter, Long> m = new EnumMap<>(Counter.class);
    for (Counter counter : Counter.values()) {
      long sum = 0;
      for (int h = 0; h < hosts; h++) {
        sum += lb[h].count(counter);
        if (relay[h] != null) {
          sum += relay[h].count(counter);
        }
      }
      m.put(counter, sum);
    }
    return m;
  }

  String portName(int p) {
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

  /** Recomputes totals and checks the run's invariants; returns the reasons flows did not finish. */
  List<String> finished() {
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
    for (int f = 0; f < flowsStarted; f++) {
      sizes += fSize[f];
      if (fFinish[f] >= 0) {
        doneBytes += fSize[f];
        check(fFinish[f] >= fStart[f], "flow %d finished before it started", f);
      }
    }
    check(sizes == offered, "flows offered %d bytes but connections carried %d", sizes, offered);
    check(doneBytes <= acked, "completed flows hold %d bytes but only %d were acknowledged", doneBytes, acked);
    check(pk.allocated == consumed + drops + pk.live, "packets: %d allocated != %d consumed + %d dropped + %d live",
        pk.allocated, consumed, drops, pk.live);
    for (int f = 0; f < flowCount; f++) {
      if (f >= flowsStarted) {
        unfinished.add("flow " + f + ": not started by the end of the run at " + now + " ns");
      } else if (fFinish[f] < 0) {
        int c = -1;
        for (int i = 0; i < tcp.conns; i++) {
          if (tcp.cFlow[i] == f) {
            c = i;
          }
        }
        long got = c < 0 ? 0 : tcp.sndUna[c] - tcp.flowBase[c];
        unfinished.add("flow " + f + ": running at end of run (" + now + " ns): " + got + " of " + fSize[f]
            + " bytes acknowledged");
      }
    }
    check(unfinished.size() == flowCount - flowsDone, "unfinished count %d != %d", unfinished.size(),
        flowCount - flowsDone);
    if (flowsDone == flowCount) {
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
