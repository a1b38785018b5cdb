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
 * One run of the simulator: the fabric (ports, switches, ECMP, ECN, INT, CONGA), the hosts (guest TCP NewReno
 * and the vswitch that embeds CLOVE), the workload and the metrics, driven by one {@link EventQueue}.
 */
final class Sim {
  /*
   * Model, and why it is fast:
   *
   * - Time is a long count of nanoseconds. Every event is (time, insertion sequence, type, a, b) in one heap,
   *   so the order of events, and the whole run, depends only on the configuration and the seed.
   * - A port is a FIFO output queue feeding one directed link. Because the queue is FIFO and work-conserving,
   *   a packet's departure is known when it is enqueued: it starts when the port is next free
   *   (busyUntil) and arrives at the far end serialization + propagation later. The port's backlog in bytes at
   *   time t is (busyUntil - t) * rate, exact up to the rounding of serialization times to whole nanoseconds;
   *   drop-tail and ECN marking use that backlog as seen by the arriving packet (instantaneous queue, as DCTCP
   *   marks). Each port keeps its packets with their (increasing) arrival times in a ring, and only the head's
   *   arrival competes for "next event": in a winner tree over ports (PortTree), beside a small heap for
   *   timers, flow arrivals and ticks. One event per hop; ties between the two broken by one shared
   *   insertion sequence.
   * - Packets are ints into struct-of-arrays storage (Packets), connections and flows are ints into arrays,
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
  boolean[] portFailed;
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

  // --- Connections (client sends data, server sends ACKs).
  int conns;
  int[] cClient;
  int[] cServer;
  int[] cFlow;
  int[] cNextIdle;
  long[] sndUna;
  long[] sndNxt;
  long[] sndMax;
  long[] appEnd;
  long[] flowBase;
  double[] cwnd;
  double[] ssthresh;
  int[] dupAcks;
  boolean[] inRecovery;
  long[] recover;
  long[] srtt;
  long[] rttvar;
  long[] rto;
  long[] timedSeq;
  long[] timedAt;
  long[] timerDeadline;
  long[] timerEvent;
  long[] lastActive;
  long[] rcvNxt;
  long[] rcvHigh;
  int[] rcvUnacked; // in-order segments received since the last ACK (delayed ACKs)
  long[] delAckAt; // time of the pending delayed-ACK event, or -1
  long[][] oooStart;
  long[][] oooEnd;
  int[] oooCount;
  final int[] idleHead;
  final long initialWindow;
  final long maxWindow;
  final long delayedAck;
  final long minRto;
  static final long MAX_RTO = 2_000_000_000L;

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
  final long[] eventsByType = new long[6];

  Sim(Simulation cfg) {
    this.cfg = cfg;
    this.topo = cfg.topology;
    this.scheme = cfg.scheme;
    SplittableRandom root = new SplittableRandom(cfg.seed);
    this.workRng = root.split();
    this.fabricRng = root.split();
    SplittableRandom seedRng = root.split();
    this.connSalt = seedRng.nextLong();

    hosts = topo.hosts();
    leaves = topo.leaves;
    spines = topo.spines;
    hpl = topo.hostsPerLeaf;
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
    initialWindow = (long) cfg.initialWindow * mss;
    maxWindow = cfg.maxWindowBytes;
    delayedAck = cfg.delayedAckNanos;
    minRto = cfg.minRtoNanos;
    telemetry = scheme.telemetry();
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
          (destination, sourcePort, ttl) -> sendProbe(host, destination, sourcePort, ttl), cfg.pathDiscovery,
          destination -> oraclePorts(host, destination));
      lb[h] = scheme.balancers().apply(ctx);
      if (lb[h] == null) {
        throw new IllegalStateException("scheme " + scheme.name() + " returned a null balancer");
      }
      relay[h] = scheme.relays().apply(ctx);
    }
    idleHead = new int[hosts * hosts];
    Arrays.fill(idleHead, -1);
    allocConns(64);

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
          timer(queue.a(), t);
          break;
        case EV_FLOW:
          nextFlow(queue.a());
          break;
        case EV_TICK:
          tick();
          break;
        case EV_DELACK:
          if (delAckAt[queue.a()] == t) {
            delAckAt[queue.a()] = -1;
            sendAck(queue.a());
          }
          break;
        case EV_FAIL:
          long[] f = failures.get(queue.a());
          setFailed((int) f[0], (int) f[1], (int) f[2]);
          recomputeGroups();
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
    portFailed = new boolean[n];
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
    portFailed[leafUp[leaf][spine * topo.linksPerLeafSpine + k]] = true;
    portFailed[spineDown[spine][leaf][k]] = true;
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

  /** Puts a packet on a port's queue, or drops it. */
  void enqueue(int port, int p) {
    final long t = now;
    if (portFailed[port]) {
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
    if (portMarks[port] && backlog > portK[port] && pk.ecn(p) != Packets.NOT_ECT) {
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
    int dstLeaf = dst / hpl;
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
    return (int) ((h >>> 1) % n);
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
  private void vswitchSend(int h, int p) {
    final Packets k = pk;
    int dst = k.dst(p);
    k.setSport(p, lb[h].selectSourcePort(dst, flowKey(p), k.wire(p), now));
    k.setEcn(p, Packets.ECT);
    k.setIntRequest(p, telemetry);
    FeedbackRelay r = relay[h];
    if (r != null) {
      k.setWord(p, r.pollFeedback(dst, now));
    }
    enqueue(hostUp[h], p);
  }

  private void sendProbe(int h, int destination, int sourcePort, int ttl) {
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
      lb[h].onProbeReply(k.probeDest(p), k.sport(p), k.probeTtl(p), hop, k.fromDestination(p), now);
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
      tcpData(c, k.seq(p), k.payload(p), k.retx(p));
    } else {
      tcpAck(c, k.seq(p));
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
    int c = idleHead[src * hosts + dst];
    if (c >= 0) {
      idleHead[src * hosts + dst] = cNextIdle[c];
    } else {
      c = newConn(src, dst);
    }
    cFlow[c] = i;
    flowBase[c] = appEnd[c];
    appEnd[c] += size;
    // Slow-start restart after an idle period longer than the RTO (RFC 5681 section 4.1, as Linux does).
    if (now - lastActive[c] > rto[c] && cwnd[c] > initialWindow) {
      cwnd[c] = initialWindow;
    }
    lastActive[c] = now;
    trySend(c);
  }

  // ------------------------------------------------------------------------------------------------ TCP

  private void allocConns(int n) {
    cClient = Arrays.copyOf(cClient == null ? new int[0] : cClient, n);
    cServer = Arrays.copyOf(cServer == null ? new int[0] : cServer, n);
    cFlow = Arrays.copyOf(cFlow == null ? new int[0] : cFlow, n);
    cNextIdle = Arrays.copyOf(cNextIdle == null ? new int[0] : cNextIdle, n);
    dupAcks = Arrays.copyOf(dupAcks == null ? new int[0] : dupAcks, n);
    oooCount = Arrays.copyOf(oooCount == null ? new int[0] : oooCount, n);
    inRecovery = Arrays.copyOf(inRecovery == null ? new boolean[0] : inRecovery, n);
    cwnd = Arrays.copyOf(cwnd == null ? new double[0] : cwnd, n);
    ssthresh = Arrays.copyOf(ssthresh == null ? new double[0] : ssthresh, n);
    sndUna = growL(sndUna, n);
    sndNxt = growL(sndNxt, n);
    sndMax = growL(sndMax, n);
    appEnd = growL(appEnd, n);
    flowBase = growL(flowBase, n);
    recover = growL(recover, n);
    srtt = growL(srtt, n);
    rttvar = growL(rttvar, n);
    rto = growL(rto, n);
    timedSeq = growL(timedSeq, n);
    timedAt = growL(timedAt, n);
    timerDeadline = growL(timerDeadline, n);
    timerEvent = growL(timerEvent, n);
    lastActive = growL(lastActive, n);
    rcvNxt = growL(rcvNxt, n);
    rcvHigh = growL(rcvHigh, n);
    rcvUnacked = Arrays.copyOf(rcvUnacked == null ? new int[0] : rcvUnacked, n);
    delAckAt = growL(delAckAt, n);
    oooStart = Arrays.copyOf(oooStart == null ? new long[0][] : oooStart, n);
    oooEnd = Arrays.copyOf(oooEnd == null ? new long[0][] : oooEnd, n);
  }

  private static long[] growL(long[] a, int n) {
    return Arrays.copyOf(a == null ? new long[0] : a, n);
  }

  private int newConn(int client, int server) {
    if (conns == cClient.length) {
      allocConns(conns * 2);
    }
    int c = conns++;
    cClient[c] = client;
    cServer[c] = server;
    cFlow[c] = -1;
    cNextIdle[c] = -1;
    cwnd[c] = initialWindow;
    ssthresh[c] = Double.MAX_VALUE;
    recover[c] = -1;
    rto[c] = Math.max(minRto, cfg.initialRtoNanos);
    timedSeq[c] = -1;
    timerDeadline[c] = -1;
    timerEvent[c] = -1;
    delAckAt[c] = -1;
    lastActive[c] = now;
    return c;
  }

  private void trySend(int c) {
    final long end = appEnd[c];
    final double window = Math.min(cwnd[c], maxWindow);
    while (sndNxt[c] < end && sndNxt[c] - sndUna[c] + mss <= window) {
      long seq = sndNxt[c];
      int len = (int) Math.min(mss, end - seq);
      sendSegment(c, seq, len, seq < sndMax[c]);
      sndNxt[c] = seq + len;
      if (sndNxt[c] > sndMax[c]) {
        sndMax[c] = sndNxt[c];
      }
    }
  }

  private void sendSegment(int c, long seq, int len, boolean isRetx) {
    int p = pk.alloc();
    pk.setType(p, Packets.DATA);
    pk.setSrc(p, cClient[c]);
    pk.setDst(p, cServer[c]);
    pk.setConn(p, c);
    pk.setSeq(p, seq);
    pk.setPayload(p, len);
    pk.setWire(p, len + INNER_HEADER_BYTES + encap);
    pk.setRetx(p, isRetx);
    dataPacketsSent++;
    if (isRetx) {
      retransmits++;
      if (cFlow[c] >= 0) {
        fRetx[cFlow[c]]++;
      }
    } else if (timedSeq[c] < 0) {
      timedSeq[c] = seq + len;
      timedAt[c] = now;
    }
    if (timerDeadline[c] < 0) {
      armTimer(c, now + rto[c]);
    }
    lastActive[c] = now;
    vswitchSend(cClient[c], p);
  }

  private void armTimer(int c, long deadline) {
    timerDeadline[c] = deadline;
    if (timerEvent[c] < 0 || timerEvent[c] > deadline) {
      timerEvent[c] = deadline;
      timers.push(deadline, eventSeq++, EV_TIMER, c, 0);
    }
  }

  private void timer(int c, long t) {
    if (timerEvent[c] != t) {
      return; // superseded by an earlier event
    }
    timerEvent[c] = -1;
    long deadline = timerDeadline[c];
    if (deadline < 0) {
      return;
    }
    if (t < deadline) {
      timerEvent[c] = deadline;
      timers.push(deadline, eventSeq++, EV_TIMER, c, 0);
      return;
    }
    // Retransmission timeout (RFC 6298 section 5, RFC 5681 section 3.1): go back to sndUna with one segment.
    long flight = sndMax[c] - sndUna[c];
    if (flight <= 0) {
      timerDeadline[c] = -1;
      return;
    }
    timeouts++;
    if (cFlow[c] >= 0) {
      fTimeouts[cFlow[c]]++;
    }
    ssthresh[c] = Math.max(flight / 2.0, 2.0 * mss);
    cwnd[c] = mss;
    recover[c] = sndMax[c];
    inRecovery[c] = false;
    dupAcks[c] = 0;
    sndNxt[c] = sndUna[c];
    timedSeq[c] = -1;
    rto[c] = Math.min(MAX_RTO, rto[c] * 2);
    timerDeadline[c] = -1;
    armTimer(c, now + rto[c]);
    trySend(c);
  }

  private void tcpAck(int c, long ack) {
    if (ack > sndUna[c]) {
      long acked = ack - sndUna[c];
      if (timedSeq[c] >= 0 && ack >= timedSeq[c]) {
        rttSample(c, now - timedAt[c]);
        timedSeq[c] = -1;
      }
      if (inRecovery[c]) {
        if (ack >= recover[c]) {
          // Full acknowledgement (RFC 6582 section 3.2 step 3).
          inRecovery[c] = false;
          cwnd[c] = Math.min(ssthresh[c], Math.max(sndMax[c] - ack, 0) + mss);
          dupAcks[c] = 0;
        } else {
          // Partial acknowledgement: retransmit the next hole, deflate the window.
          sndUna[c] = ack;
          sendSegment(c, ack, (int) Math.min(mss, appEnd[c] - ack), true);
          cwnd[c] = Math.max(mss, cwnd[c] - acked + (acked >= mss ? mss : 0));
        }
      } else {
        dupAcks[c] = 0;
        if (cwnd[c] < ssthresh[c]) {
          cwnd[c] += Math.min(acked, mss);
        } else {
          cwnd[c] += (double) mss * mss / cwnd[c];
        }
      }
      sndUna[c] = ack;
      if (sndNxt[c] < ack) {
        sndNxt[c] = ack;
      }
      if (ack >= sndMax[c]) {
        timerDeadline[c] = -1;
      } else {
        timerDeadline[c] = -1;
        armTimer(c, now + rto[c]);
      }
      lastActive[c] = now;
      int f = cFlow[c];
      if (f >= 0 && ack >= appEnd[c]) {
        fFinish[f] = now;
        flowsDone++;
        cFlow[c] = -1;
        int pair = cClient[c] * hosts + cServer[c];
        cNextIdle[c] = idleHead[pair];
        idleHead[pair] = c;
      }
      trySend(c);
    } else if (ack == sndUna[c] && sndMax[c] > sndUna[c]) {
      dupAcks[c]++;
      if (inRecovery[c]) {
        cwnd[c] += mss;
        trySend(c);
      } else if (dupAcks[c] == 3 && (recover[c] < 0 || sndUna[c] > recover[c])) {
        // Fast retransmit and fast recovery (RFC 6582).
        long flight = sndMax[c] - sndUna[c];
        ssthresh[c] = Math.max(flight / 2.0, 2.0 * mss);
        recover[c] = sndMax[c];
        inRecovery[c] = true;
        timedSeq[c] = -1;
        sendSegment(c, sndUna[c], (int) Math.min(mss, appEnd[c] - sndUna[c]), true);
        cwnd[c] = ssthresh[c] + 3.0 * mss;
        trySend(c);
      }
    }
  }

  private void rttSample(int c, long r) {
    // RFC 6298 section 2, with clock granularity G = 1 us.
    if (srtt[c] == 0) {
      srtt[c] = r;
      rttvar[c] = r / 2;
    } else {
      long err = Math.abs(srtt[c] - r);
      rttvar[c] = (3 * rttvar[c] + err) / 4;
      srtt[c] = (7 * srtt[c] + r) / 8;
    }
    rto[c] = Math.min(MAX_RTO, Math.max(minRto, srtt[c] + Math.max(1_000, 4 * rttvar[c])));
  }

  private void tcpData(int c, long seq, int len, boolean isRetx) {
    long end = seq + len;
    if (!isRetx && seq < rcvHigh[c]) {
      reordered++;
    }
    if (end > rcvHigh[c]) {
      rcvHigh[c] = end;
    }
    long nxt = rcvNxt[c];
    boolean inOrder = seq == nxt && oooCount[c] == 0;
    if (seq <= nxt) {
      if (end > nxt) {
        nxt = end;
        // Pull in buffered out-of-order data that is now contiguous.
        int n = oooCount[c];
        int i = 0;
        long[] s = oooStart[c];
        long[] e = oooEnd[c];
        while (i < n && s[i] <= nxt) {
          if (e[i] > nxt) {
            nxt = e[i];
          }
          i++;
        }
        if (i > 0) {
          System.arraycopy(s, i, s, 0, n - i);
          System.arraycopy(e, i, e, 0, n - i);
          oooCount[c] = n - i;
        }
        rcvNxt[c] = nxt;
      }
    } else {
      addOutOfOrder(c, seq, end);
    }
    if (delayedAck > 0) {
      // RFC 1122 / RFC 5681 section 4.2: ACK at least every second full-sized segment and within the delay;
      // immediately for out-of-order data, duplicates and data that fills a hole.
      if (inOrder && len == mss && ++rcvUnacked[c] < 2) {
        if (delAckAt[c] < 0) {
          delAckAt[c] = now + delayedAck;
          timers.push(delAckAt[c], eventSeq++, EV_DELACK, c, 0);
        }
        return;
      }
    }
    sendAck(c);
  }

  private void sendAck(int c) {
    rcvUnacked[c] = 0;
    delAckAt[c] = -1;
    int p = pk.alloc();
    pk.setType(p, Packets.ACK);
    pk.setSrc(p, cServer[c]);
    pk.setDst(p, cClient[c]);
    pk.setConn(p, c);
    pk.setSeq(p, rcvNxt[c]);
    pk.setWire(p, ackWire);
    vswitchSend(cServer[c], p);
  }

  /** Inserts [s, e) into the connection's sorted, disjoint list of out-of-order ranges, merging neighbours. */
  private void addOutOfOrder(int c, long s, long e) {
    long[] st = oooStart[c];
    long[] en = oooEnd[c];
    int n = oooCount[c];
    if (st == null) {
      st = oooStart[c] = new long[8];
      en = oooEnd[c] = new long[8];
    }
    int i = 0;
    while (i < n && en[i] < s) {
      i++;
    }
    if (i < n && st[i] <= e) {
      // Overlaps or touches range i: extend it, then absorb following ranges it now reaches.
      if (s < st[i]) {
        st[i] = s;
      }
      if (e > en[i]) {
        en[i] = e;
      }
      int j = i + 1;
      while (j < n && st[j] <= en[i]) {
        if (en[j] > en[i]) {
          en[i] = en[j];
        }
        j++;
      }
      if (j > i + 1) {
        System.arraycopy(st, j, st, i + 1, n - j);
        System.arraycopy(en, j, en, i + 1, n - j);
        oooCount[c] = n - (j - i - 1);
      }
      return;
    }
    if (n == st.length) {
      st = oooStart[c] = Arrays.copyOf(st, n * 2);
      en = oooEnd[c] = Arrays.copyOf(en, n * 2);
    }
    System.arraycopy(st, i, st, i + 1, n - i);
    System.arraycopy(en, i, en, i + 1, n - i);
    st[i] = s;
    en[i] = e;
    oooCount[c] = n + 1;
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
    for (int c = 0; c < conns; c++) {
      check(sndUna[c] <= rcvNxt[c], "connection %d: acknowledged %d beyond delivered %d", c, sndUna[c], rcvNxt[c]);
      check(rcvNxt[c] <= appEnd[c], "connection %d: delivered %d beyond sent %d", c, rcvNxt[c], appEnd[c]);
      offered += appEnd[c];
      delivered += rcvNxt[c];
      acked += sndUna[c];
      if (cFlow[c] < 0) {
        check(sndUna[c] == appEnd[c], "idle connection %d has unacknowledged data", c);
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
        for (int i = 0; i < conns; i++) {
          if (cFlow[i] == f) {
            c = i;
          }
        }
        long got = c < 0 ? 0 : sndUna[c] - flowBase[c];
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
