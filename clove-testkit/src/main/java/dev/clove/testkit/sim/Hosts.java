// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit.sim;

import dev.clove.api.Counter;
import dev.clove.api.FeedbackRelay;
import dev.clove.api.LoadBalancer;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The host side of the fabric: on every host, the hypervisor vswitch that embeds CLOVE through the
 * {@code clove-api} interfaces (the scheme's {@link LoadBalancer} and {@link FeedbackRelay}: encapsulation with
 * the balancer's source port, piggybacked feedback, traceroute probes and their answers, decapsulation) and the
 * guest TCP above it ({@link GuestTcp}, which this class builds and sends through). Kept apart from the fabric
 * ({@link Ports}, {@link Switches}) because this is where the library under test runs, as in a production
 * vswitch.
 *
 * <p>Threading: confined to the thread that runs its {@link Sim}, like every part of a run; the balancers and
 * relays it builds are called from that thread only.
 */
final class Hosts {
  /** Hop id of a probe reply that came from the destination vswitch itself: this plus the destination host. */
  static final long HOST_HOP_BASE = 1L << 32;

  private final Sim sim;
  private final Packets pk;
  private final Ports ports;
  /** Each host's NIC: its port up to its leaf. */
  private final int[] hostUp;
  final int count;
  final LoadBalancer[] lb;
  final FeedbackRelay[] relay;
  private final boolean telemetry;
  /** Salt of the inner-flow keys the balancers see (drawn from the run's seed). */
  private final long connSalt;
  final int mss;
  final int encap;
  final int ackWire;
  /** The tenants' TCP on every host. */
  final GuestTcp tcp;

  /** Data segments sent on another port than their connection's previous data segment (RunSummary). */
  long dataPathMoves;
  /** Per connection, the port of its last data segment plus 1 (0: none yet); grows with the connections. */
  private int[] lastDataPort = new int[64];

  /** Packets that reached their destination host and were taken off the fabric. */
  long consumed;
  long probesSent;

  /**
   * Builds every host's vswitch (balancer and relay from the scheme, seeded from {@code seedRng} in host order)
   * and the guest TCP, which records its flows in {@code flows}.
   */
  Hosts(Sim sim, Ports ports, Switches switches, Flows flows, SplittableRandom seedRng) {
    this.sim = sim;
    this.pk = sim.pk;
    this.ports = ports;
    this.hostUp = ports.hostUp;
    this.connSalt = sim.connSalt;
    Simulation cfg = sim.cfg;
    Scheme scheme = sim.scheme;
    count = sim.topo.hosts();
    mss = cfg.mss;
    encap = cfg.encapBytes;
    ackWire = Sim.INNER_HEADER_BYTES + encap;
    long baseRtt = sim.topo.baseRttNanos(mss + Sim.INNER_HEADER_BYTES + encap, ackWire);
    telemetry = scheme.telemetry();
    lb = new LoadBalancer[count];
    relay = new FeedbackRelay[count];
    for (int h = 0; h < count; h++) {
      final int host = h;
      Scheme.Context ctx = new Scheme.Context(h, count, baseRtt, seedRng.nextLong(),
          (destination, sourcePort, ttl, probeId) -> sendProbe(host, destination, sourcePort, ttl, probeId),
          cfg.pathDiscovery,
          destination -> switches.oraclePorts(host, destination), cfg.flowletGapNanos,
          destination -> switches.oraclePathIds(host, destination));
      lb[h] = scheme.balancers().apply(ctx);
      if (lb[h] == null) {
        throw new IllegalStateException("scheme " + scheme.name() + " returned a null balancer");
      }
      relay[h] = scheme.relays().apply(ctx);
    }
    tcp = new GuestTcp(sim, this, flows);
  }

  /** The inner flow of a packet: its connection and direction, or its outer addresses for probes. */
  static long flowKey(Packets k, int p, long connSalt) {
    int c = k.conn(p);
    if (c < 0) {
      return ((long) k.src(p) << 40) ^ ((long) k.dst(p) << 20) ^ k.sport(p);
    }
    return Sim.mix64(((long) c << 1 | (k.type(p) == Packets.ACK ? 1 : 0)) ^ connSalt);
  }

  /** Host {@code h}'s vswitch encapsulates guest packet {@code p} and sends it on the host's NIC. */
  void send(int h, int p) {
    final Packets k = pk;
    final long now = sim.now;
    int dst = k.dst(p);
    int port = lb[h].selectSourcePort(dst, flowKey(k, p, connSalt), k.wire(p), now);
    k.setSport(p, port);
    int c = k.conn(p);
    if (c >= 0 && k.type(p) == Packets.DATA) {
      if (c >= lastDataPort.length) {
        lastDataPort = java.util.Arrays.copyOf(lastDataPort, Math.max(c + 1, 2 * lastDataPort.length));
      }
      int last = lastDataPort[c];
      if (last != 0 && last != port + 1) {
        dataPathMoves++;
      }
      lastDataPort[c] = port + 1;
    }
    k.setSentMicros(p, (int) (now / 1000));
    k.setEcn(p, Packets.ECT);
    k.setIntRequest(p, telemetry);
    FeedbackRelay r = relay[h];
    if (r != null) {
      k.setWord(p, r.pollFeedback(dst, now));
    }
    ports.enqueue(hostUp[h], p);
  }

  private void sendProbe(int h, int destination, int sourcePort, int ttl, int probeId) {
    if (destination < 0 || destination >= count || destination == h) {
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
    ports.enqueue(hostUp[h], p);
  }

  /** Host {@code h}'s vswitch receives packet {@code p} from its leaf. */
  void receive(int h, int p) {
    final Packets k = pk;
    final long now = sim.now;
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
      ports.enqueue(hostUp[h], p);
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
      // The send time as the encapsulation carries it (microseconds); only relays with delay reports use it.
      r.onSendTimestamp(src, k.sport(p), k.sentMicros(p) * 1000L, now);
      if (k.intRequest(p)) {
        r.onTelemetry(src, k.sport(p), k.intUtil(p), now);
      }
    }
    // Decapsulation: the outer CE mark is not copied to the guest's header, unless the guests run DCTCP.
    int c = k.conn(p);
    if (type == Packets.DATA) {
      if (tcp.dctcp) {
        // DCTCP guests: the outer CE mark is copied to the inner header (RFC 6040).
        tcp.onDataCe(c, k.ecn(p) == Packets.CE || tcp.testMarked(k.seq(p), k.retx(p)));
      }
      tcp.onData(c, k.seq(p), k.payload(p), k.retx(p));
    } else {
      tcp.onAck(c, k.seq(p), p);
    }
    consume(p);
  }

  private void consume(int p) {
    consumed++;
    pk.free(p);
  }

  /** Every host's balancer gets its periodic tick. */
  void tick(long now) {
    for (int h = 0; h < count; h++) {
      lb[h].onTick(now);
    }
  }

  /** The balancers' and relays' counters, each summed over hosts. */
  Map<Counter, Long> balancerCounters() {
    Map<Counter, Long> m = new EnumMap<>(Counter.class);
    for (Counter counter : Counter.values()) {
      long sum = 0;
      for (int h = 0; h < count; h++) {
        sum += lb[h].count(counter);
        if (relay[h] != null) {
          sum += relay[h].count(counter);
        }
      }
      m.put(counter, sum);
    }
    return m;
  }
}
