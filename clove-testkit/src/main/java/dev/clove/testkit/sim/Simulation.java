// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit.sim;

import java.util.Objects;

/**
 * A configured simulation run: a fabric, a load-balancing scheme, a workload, a load and a seed.
 *
 * <pre>{@code
 * RunSummary r = Simulation.builder()
 *     .topology(Topologies.paperAsymmetric())
 *     .scheme("clove-ecn")
 *     .workload(Workload.clientServer(FlowSizeDistribution.webSearch()))
 *     .load(0.7)
 *     .flows(10_000)
 *     .seed(1)
 *     .build()
 *     .run();
 * System.out.println(r);                       // FCT statistics, drops, marks, utilization
 * r.writeFlowsCsv(java.nio.file.Path.of("flows.csv"));
 * }</pre>
 *
 * <p>Runs are deterministic: the same configuration and seed give bit-identical results. All randomness comes
 * from one {@link java.util.SplittableRandom} seeded by {@link Builder#seed}; time is virtual.
 *
 * <p>Threading: a {@code Simulation} is immutable; each {@link #run()} builds its own state and runs on the
 * calling thread only, so separate runs (even of the same {@code Simulation}) can proceed in parallel threads,
 * provided the scheme's factories are themselves thread-safe (the built-in ones are).
 */
public final class Simulation {

  final Topology topology;
  final Scheme scheme;
  final Workload workload;
  final double load;
  final int flows;
  final long seed;
  final int mss;
  final int initialWindow;
  final long maxWindowBytes;
  final long delayedAckNanos;
  final long minRtoNanos;
  final long initialRtoNanos;
  final int encapBytes;
  final long tickNanos;
  final long warmupNanos;
  final long maxSimNanos;
  final long dreTimeConstantNanos;
  final long congaFlowletGapNanos;
  final long flowletGapNanos;
  final long congaAgingNanos;
  final int congaQuantBits;
  final boolean pathDiscovery;
  final LoadDefinition loadDefinition;
  final long linkStatsWindowNanos;
  final int linkStatsMaxWindows;
  // Guest TCP options (issue 14 item 3).
  final boolean sack;
  final boolean connectionPerFlow;
  final boolean dctcpGuests;
  final long[] testDropFirst;
  final long[] testMarkFirst;

  private Simulation(Builder b) {
    this.topology = b.topology;
    this.scheme = b.scheme;
    this.workload = b.workload;
    this.load = b.load;
    this.flows = b.flows;
    this.seed = b.seed;
    this.mss = b.mss;
    this.initialWindow = b.initialWindow;
    this.maxWindowBytes = b.maxWindowBytes;
    this.delayedAckNanos = b.delayedAckNanos;
    this.minRtoNanos = b.minRtoNanos;
    this.initialRtoNanos = b.initialRtoNanos;
    this.encapBytes = b.encapBytes;
    this.tickNanos = b.tickNanos;
    this.warmupNanos = b.warmupNanos;
    this.maxSimNanos = b.maxSimNanos;
    this.dreTimeConstantNanos = b.dreTimeConstantNanos;
    this.flowletGapNanos = b.flowletGapNanos;
    // One flowlet timeout for every flowlet scheme: CONGA's is the common one unless explicitly overridden.
    this.congaFlowletGapNanos = b.congaFlowletGapNanos > 0 ? b.congaFlowletGapNanos
        : b.flowletGapNanos > 0 ? b.flowletGapNanos : 2 * baseRttNanos();
    this.congaAgingNanos = b.congaAgingNanos;
    this.congaQuantBits = b.congaQuantBits;
    this.pathDiscovery = b.pathDiscovery;
    this.loadDefinition = b.loadDefinition;
    this.linkStatsWindowNanos = b.linkStatsWindowNanos;
    this.linkStatsMaxWindows = b.linkStatsMaxWindows;
    this.sack = b.sack;
    this.connectionPerFlow = b.connectionPerFlow;
    this.dctcpGuests = b.dctcpGuests;
    this.testMarkFirst = b.testMarkFirst;
    this.testDropFirst = b.testDropFirst;
  }

  /**
   * The bytes one flow counts as in the offered load, on average: see {@link LoadDefinition}. The headers per
   * segment are those the guest and the vswitch put on every data packet ({@link GuestTcp}).
   */
  double offeredBytesPerFlow() {
    return loadDefinition == LoadDefinition.WIRE ? workload.meanWireBytes(mss, Sim.INNER_HEADER_BYTES + encapBytes)
        : workload.meanBytes();
  }

  /**
   * A builder with the defaults documented on each setter.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs the simulation to completion (every flow finished) or to the time limit, and checks it.
   *
   * @return the run's flow completion times and fabric statistics
   */
  public RunSummary run() {
    return new Sim(this).run();
  }

  /**
   * The unloaded host-to-host RTT of this configuration (full data packet out, ACK back).
   *
   * @return the round-trip time in nanoseconds
   */
  public long baseRttNanos() {
    return topology.baseRttNanos(mss + Sim.INNER_HEADER_BYTES + encapBytes, Sim.INNER_HEADER_BYTES + encapBytes);
  }

  /**
   * The fabric this simulation runs on.
   *
   * @return the topology
   */
  public Topology topology() {
    return topology;
  }

  /**
   * The load-balancing scheme under test.
   *
   * @return the scheme
   */
  public Scheme scheme() {
    return scheme;
  }

  /**
   * The traffic this simulation offers.
   *
   * @return the workload
   */
  public Workload workload() {
    return workload;
  }

  /**
   * The seed of every random choice in a run.
   *
   * @return the seed
   */
  public long seed() {
    return seed;
  }

  @Override
  public String toString() {
    return "Simulation[" + topology.name + ", " + scheme.name() + ", " + workload + ", load=" + load + " ("
        + loadDefinition.name().toLowerCase(java.util.Locale.ROOT) + "), flows="
        + flows + ", seed=" + seed + "]";
  }

  /**
   * Builds a {@link Simulation}. Every setter validates its argument and throws
   * {@link IllegalArgumentException} naming the parameter and the bad value.
   *
   * <p>Threading: not thread-safe; use from one thread.
   */
  public static final class Builder {
    private Topology topology = Topologies.paperSymmetric();
    private Scheme scheme;
    private Workload workload;
    private double load = 0.5;
    private int flows = 1000;
    private long seed = 1;
    private int mss = 1460;
    private int initialWindow = 10;
    private long maxWindowBytes = 256 * 1024;
    private long delayedAckNanos;
    private long minRtoNanos = 10_000_000;
    private long initialRtoNanos = 10_000_000;
    private int encapBytes = 50;
    private long tickNanos = 100_000;
    private long warmupNanos = -1;
    private long maxSimNanos = 120_000_000_000L;
    private long dreTimeConstantNanos = 160_000;
    private long congaFlowletGapNanos;
    private long flowletGapNanos = 500_000;
    private long congaAgingNanos = 10_000_000;
    private int congaQuantBits = 3;
    private boolean pathDiscovery = true;
    private LoadDefinition loadDefinition = LoadDefinition.WIRE;
    private long linkStatsWindowNanos;
    private int linkStatsMaxWindows = 1024;
    private boolean sack;
    private boolean connectionPerFlow;
    private boolean dctcpGuests;
    private long[] testMarkFirst;
    private long[] testDropFirst;

    private Builder() {}

    // --- Guest TCP options (issue 14 item 3), kept together.

    /**
     * Whether guest TCP uses selective acknowledgements: receivers send up to three SACK blocks (RFC 2018; the
     * option's 12 to 28 bytes count on the wire) and senders recover from losses with RFC 6675 (scoreboard,
     * pipe, NextSeg rules 1 to 4 including the rescue retransmission; loss is inferred from more than 2 MSS or
     * three discontiguous ranges SACKed above a hole; entry on the third duplicate ACK or on IsLost, cwnd =
     * ssthresh = half the flight, no window inflation). Default false: NewReno (RFC 6582), as before; the paper
     * does not say which its guests used, and the independent packet-level simulator we compared with (issue 14)
     * has SACK.
     *
     * @param value whether to use SACK
     * @return this builder
     */
    public Builder sack(boolean value) {
      this.sack = value;
      return this;
    }

    /**
     * Whether every flow opens a connection of its own with a handshake (SYN, SYN-ACK, then data; the SYN is
     * timed for the first RTT estimate and retransmitted on the RTO, after which the initial window is one
     * segment, RFC 5681 section 3.1), so that each flow starts with a fresh window and RTO. Default false: flows
     * between the same two hosts take turns on persistent connections that are taken as already established,
     * as before (a new flow waits for an idle connection of its pair or opens one without a handshake).
     *
     * @param value whether to open a connection per flow
     * @return this builder
     */
    public Builder connectionPerFlow(boolean value) {
      this.connectionPerFlow = value;
      return this;
    }

    /**
     * A sensitivity option, not the paper's setting (the paper hides ECN from the guests): DCTCP guests
     * (Alizadeh et al., SIGCOMM 2010). The vswitch copies a CE mark of an arriving data packet to the inner
     * header; the receiver echoes it on its ACKs (ECE, with DCTCP's rule of an immediate ACK when the CE state
     * changes while a delayed ACK is pending); once per window of data the sender updates alpha = (1 - g) alpha
     * + g F with g = 1/16 and F the fraction of acknowledged bytes whose ACKs carried ECE, and on ECE, at most
     * once per window and not during loss recovery, sets ssthresh = cwnd = cwnd (1 - alpha / 2) (at least 2
     * MSS). alpha starts at 1, as Linux's does. Default false.
     *
     * @param value whether the guests run DCTCP
     * @return this builder
     */
    public Builder dctcpGuests(boolean value) {
      this.dctcpGuests = value;
      return this;
    }

    /** Test only: the first transmissions of the segments at these offsets reach the receiver marked CE. */
    Builder markFirstTransmissions(long... seqs) {
      this.testMarkFirst = seqs.clone();
      java.util.Arrays.sort(this.testMarkFirst);
      return this;
    }

    /** Test only: the receiver discards the first transmission of the segments starting at these offsets. */
    Builder dropFirstTransmissions(long... seqs) {
      this.testDropFirst = seqs.clone();
      java.util.Arrays.sort(this.testDropFirst);
      return this;
    }

    /**
     * Whether CLOVE balancers find their paths with traceroute probes through the simulated fabric (true), as a
     * production vswitch does, or start with the oracle's paths (false), see
     * {@link Scheme.Context#oraclePaths()}. Default true. The oracle's paths are those discovery converges to
     * (the same greedy least-shared-links choice over the fabric's real ECMP paths; DiscoveryTest checks that
     * discovery finds them); switching discovery off saves the probes and the warm-up (a 1,000-flow paper
     * point has 14% more events with discovery).
     *
     * @param value whether to discover paths with probes
     * @return this builder
     */
    public Builder pathDiscovery(boolean value) {
      this.pathDiscovery = value;
      return this;
    }

    /**
     * The fabric. Default {@link Topologies#paperSymmetric()}.
     *
     * @param value the topology, not null
     * @return this builder
     */
    public Builder topology(Topology value) {
      this.topology = Objects.requireNonNull(value, "topology");
      return this;
    }

    /**
     * A built-in scheme by name, one of {@link Schemes#names()}. Required (this or the other overload).
     *
     * @param name the scheme's name
     * @return this builder
     * @throws IllegalArgumentException if no built-in scheme has that name
     */
    public Builder scheme(String name) {
      this.scheme = Schemes.get(Objects.requireNonNull(name, "scheme"));
      return this;
    }

    /**
     * A custom scheme.
     *
     * @param value the scheme, not null
     * @return this builder
     */
    public Builder scheme(Scheme value) {
      this.scheme = Objects.requireNonNull(value, "scheme");
      return this;
    }

    /**
     * The workload. Default: the paper's client-server pattern with web-search flow sizes.
     *
     * @param value the workload, not null
     * @return this builder
     */
    public Builder workload(Workload value) {
      this.workload = Objects.requireNonNull(value, "workload");
      return this;
    }

    /**
     * Offered load as a fraction of the topology's nominal bisection capacity ({@link Topology#bisectionBps()}),
     * counted in wire bytes by default (see {@link #loadDefinition}): load L offers L x capacity bits per second
     * of data segments on the wire, headers and encapsulation included. Default 0.5. Ignored by explicit
     * workloads.
     *
     * @param value the load, in (0, 4]
     * @return this builder
     */
    public Builder load(double value) {
      if (!(value > 0 && value <= 4)) {
        throw new IllegalArgumentException("load must be in (0, 4]: " + value);
      }
      this.load = value;
      return this;
    }

    /**
     * Number of flows to start. Default 1000. Ignored by explicit workloads.
     *
     * @param value the flow count, at least 1
     * @return this builder
     */
    public Builder flows(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("flows must be >= 1: " + value);
      }
      this.flows = value;
      return this;
    }

    /**
     * The run's seed. Default 1.
     *
     * @param value the seed, any value
     * @return this builder
     */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /**
     * Guest TCP maximum segment size in bytes. Default 1460 (a 1,500-byte inner MTU).
     *
     * @param value the segment size, in [64, 9000]
     * @return this builder
     */
    public Builder mss(int value) {
      if (value < 64 || value > 9000) {
        throw new IllegalArgumentException("mss must be in [64, 9000]: " + value);
      }
      this.mss = value;
      return this;
    }

    /**
     * Guest TCP initial window in segments. Default 10 (RFC 6928, the Linux default).
     *
     * @param segments the window in segments, in [1, 1000]
     * @return this builder
     */
    public Builder initialWindow(int segments) {
      if (segments < 1 || segments > 1000) {
        throw new IllegalArgumentException("initialWindow must be in [1, 1000]: " + segments);
      }
      this.initialWindow = segments;
      return this;
    }

    /**
     * The receiver's advertised window, which caps each connection's data in flight. Default 256 KiB: far above
     * the fabric's bandwidth-delay product (about 6 KB at 1 Gbps), so it never limits a flow's rate, and small
     * enough that a host's own NIC queue (1,000 packets) does not overflow with a few connections, as a real
     * host's stack would not let it (our choice).
     *
     * @param value the window in bytes, at least 18,000
     * @return this builder
     */
    public Builder maxWindowBytes(long value) {
      if (value < 2 * 9000) {
        throw new IllegalArgumentException("maxWindowBytes must be >= 18000: " + value);
      }
      this.maxWindowBytes = value;
      return this;
    }

    /**
     * Guest TCP delayed acknowledgements: 0 (the default) acknowledges every segment; a positive value
     * acknowledges every second full-sized in-order segment, or this long after an unacknowledged one, and
     * out-of-order data at once (RFC 5681 section 4.2).
     *
     * @param value the delayed-ACK timeout in nanoseconds, 0 to acknowledge every segment
     * @return this builder
     */
    public Builder delayedAckNanos(long value) {
      if (value < 0) {
        throw new IllegalArgumentException("delayedAckNanos must be >= 0: " + value);
      }
      this.delayedAckNanos = value;
      return this;
    }

    /**
     * Guest TCP minimum retransmission timeout. Default 10 ms: a common datacenter setting (Linux's 200 ms
     * default would make single timeouts dominate a web-search average FCT); the RTO before the first RTT
     * sample is the same value, since connections are taken as already established. The sources differ: the
     * ns-2 scripts of CONGA's lineage use 200 to 250 us, the Hermes authors' ns-3 simulator 5 ms.
     *
     * @param value the timeout in nanoseconds, at least 1,000
     * @return this builder
     */
    public Builder minRtoNanos(long value) {
      if (value < 1_000) {
        throw new IllegalArgumentException("minRtoNanos must be >= 1000: " + value);
      }
      this.minRtoNanos = value;
      this.initialRtoNanos = value;
      return this;
    }

    /**
     * Encapsulation overhead added by the vswitch, in bytes. Default 50 (VXLAN over IPv4, RFC 7348); the
     * fabric MTU is assumed large enough for the encapsulated packets, as RFC 7348 section 4.3 recommends.
     *
     * @param value the overhead in bytes, in [0, 256]
     * @return this builder
     */
    public Builder encapsulationBytes(int value) {
      if (value < 0 || value > 256) {
        throw new IllegalArgumentException("encapsulationBytes must be in [0, 256]: " + value);
      }
      this.encapBytes = value;
      return this;
    }

    /**
     * Period of the balancers' {@code onTick} calls. Default 100 us.
     *
     * @param value the period in nanoseconds, at least 1,000
     * @return this builder
     */
    public Builder tickNanos(long value) {
      if (value < 1_000) {
        throw new IllegalArgumentException("tickNanos must be >= 1000: " + value);
      }
      this.tickNanos = value;
      return this;
    }

    /**
     * Simulated time before the first flow, during which path discovery can run. Default: with path discovery,
     * one probe interval plus one reply timeout of the discovery configuration (550 ms), so that every
     * destination has had a complete first round; without it, 1 ms. Explicit flows' start times are offsets
     * from the end of the warm-up.
     *
     * @param value the warm-up in nanoseconds, not negative
     * @return this builder
     */
    public Builder warmupNanos(long value) {
      if (value < 0) {
        throw new IllegalArgumentException("warmupNanos must be >= 0: " + value);
      }
      this.warmupNanos = value;
      return this;
    }

    /**
     * Simulated time at which a run stops even if flows are still running. Default 120 s.
     *
     * @param value the limit in simulated nanoseconds, positive
     * @return this builder
     */
    public Builder maxSimNanos(long value) {
      if (value <= 0) {
        throw new IllegalArgumentException("maxSimNanos must be > 0: " + value);
      }
      this.maxSimNanos = value;
      return this;
    }

    /**
     * Time constant tau of every port's rate estimator (DRE) used by INT and CONGA. Default 160 us, CONGA's
     * choice as we recall its parameter discussion (Alizadeh et al., SIGCOMM 2014); not re-checked here.
     *
     * @param value the time constant in nanoseconds, at least 1,000
     * @return this builder
     */
    public Builder dreTimeConstantNanos(long value) {
      if (value < 1_000) {
        throw new IllegalArgumentException("dreTimeConstantNanos must be >= 1000: " + value);
      }
      this.dreTimeConstantNanos = value;
      return this;
    }

    /**
     * The flowlet timeout of every flowlet scheme: the edge schemes' (Edge-Flowlet, CLOVE-ECN, CLOVE-INT) at the
     * vswitch and CONGA's at the source leaf, one global setting. Default 500 us, the timeout of the sources:
     * CONGA (SIGCOMM 2014) and LetFlow (NSDI 2017) use 500 us, and so does the Hermes authors' public ns-3
     * implementation of CLOVE and LetFlow. 0 selects twice the fabric's unloaded RTT
     * ({@link Simulation#baseRttNanos()}, 97.6 us on the paper's fabrics), the CLOVE paper's rule (section 2.3)
     * read with the unloaded RTT and clove 0.1.0's default for the edge schemes, kept as a sensitivity setting:
     * under load the real RTT includes queueing (up to 1.2 ms per port with the default buffers), and a gap
     * shorter than the paths' delay differences reorders packets.
     *
     * @param value the timeout in nanoseconds, or 0 for twice the unloaded RTT
     * @return this builder
     */
    public Builder flowletGapNanos(long value) {
      if (value < 0) {
        throw new IllegalArgumentException("flowletGapNanos must be >= 0 (0: twice the base RTT): " + value);
      }
      this.flowletGapNanos = value;
      return this;
    }

    /**
     * Overrides CONGA's flowlet timeout only, which otherwise is the common {@link #flowletGapNanos} (default: no
     * override). Kept to reproduce results of clove 0.1.0, where CONGA had 500 us and the edge schemes twice the
     * unloaded RTT ({@code flowletGapNanos(0).congaFlowletGapNanos(500_000)}); new studies should set the
     * common timeout instead.
     *
     * @param value the timeout in nanoseconds, at least 1,000
     * @return this builder
     */
    public Builder congaFlowletGapNanos(long value) {
      if (value < 1_000) {
        throw new IllegalArgumentException("congaFlowletGapNanos must be >= 1000: " + value);
      }
      this.congaFlowletGapNanos = value;
      return this;
    }

    /**
     * What the offered load counts: {@link LoadDefinition#WIRE} (the default: payload plus every segment's
     * headers and encapsulation, as the ns-2 scripts of CONGA's lineage count it) or
     * {@link LoadDefinition#PAYLOAD} (application bytes only, clove 0.1.0's definition, to reproduce older
     * results).
     *
     * @param value the definition, not null
     * @return this builder
     */
    public Builder loadDefinition(LoadDefinition value) {
      this.loadDefinition = Objects.requireNonNull(value, "loadDefinition");
      return this;
    }

    /**
     * Age after which a remote CONGA metric is treated as 0 (uncongested). Default 10 ms (our choice).
     *
     * @param value the age in nanoseconds, at least 1,000
     * @return this builder
     */
    public Builder congaAgingNanos(long value) {
      if (value < 1_000) {
        throw new IllegalArgumentException("congaAgingNanos must be >= 1000: " + value);
      }
      this.congaAgingNanos = value;
      return this;
    }

    /**
     * Bits of CONGA's quantized congestion metric. Default 3 (CONGA, SIGCOMM 2014).
     *
     * @param value the bit count, in [1, 8]
     * @return this builder
     */
    public Builder congaQuantBits(int value) {
      if (value < 1 || value > 8) {
        throw new IllegalArgumentException("congaQuantBits must be in [1, 8]: " + value);
      }
      this.congaQuantBits = value;
      return this;
    }

    // --- Per-window link statistics (see LinkWindowStats).

    /**
     * Records every link's statistics per window of {@code windowNanos} of simulated time, read from
     * {@link RunSummary#linkWindows()} (see {@link LinkWindowStats}). Default 0: not recorded. Recording costs a
     * few array updates per packet and no allocation after the start of the run.
     *
     * @param windowNanos the window length in nanoseconds, positive, or 0 to record nothing
     * @return this builder
     */
    public Builder linkStatsWindowNanos(long windowNanos) {
      if (windowNanos < 0) {
        throw new IllegalArgumentException("linkStatsWindowNanos must be >= 0: " + windowNanos);
      }
      this.linkStatsWindowNanos = windowNanos;
      return this;
    }

    /**
     * The most windows the link statistics keep; memory is {@code 32 * windows * links} bytes. A run that outlasts
     * them merges neighbouring windows in pairs, doubling the window length. Default 1,024.
     *
     * @param windows the window count, even, in [2, 65536]
     * @return this builder
     */
    public Builder linkStatsMaxWindows(int windows) {
      if (windows < 2 || windows > 65536 || windows % 2 != 0) {
        throw new IllegalArgumentException("linkStatsMaxWindows must be even and in [2, 65536]: " + windows);
      }
      this.linkStatsMaxWindows = windows;
      return this;
    }

    /**
     * Builds the simulation.
     *
     * @return the simulation, ready to {@link Simulation#run() run}
     * @throws IllegalArgumentException if no scheme was given, or an explicit flow names a host the topology
     *     does not have
     */
    public Simulation build() {
      if (scheme == null) {
        throw new IllegalArgumentException("scheme: required, one of " + Schemes.names());
      }
      if (workload == null) {
        workload = Workload.clientServer(FlowSizeDistribution.webSearch());
      }
      if (warmupNanos < 0) {
        warmupNanos = pathDiscovery
            ? Schemes.DISCOVERY.probeIntervalNanos() + Schemes.DISCOVERY.replyTimeoutNanos()
            : 1_000_000;
      }
      if (workload.pattern == Workload.Pattern.EXPLICIT) {
        long last = -1;
        for (Workload.Flow f : workload.flows) {
          if (f.source() >= topology.hosts() || f.destination() >= topology.hosts()) {
            throw new IllegalArgumentException("workload: flow " + f + " names a host outside [0, "
                + topology.hosts() + ")");
          }
          if (f.startNanos() < last) {
            throw new IllegalArgumentException("workload: explicit flows must be sorted by start time: " + f);
          }
          last = f.startNanos();
        }
      } else if (workload.pattern == Workload.Pattern.STRIDE && workload.stride % topology.hosts() == 0) {
        throw new IllegalArgumentException("workload: stride " + workload.stride + " is a multiple of the "
            + topology.hosts() + " hosts");
      }
      return new Simulation(this);
    }
  }
}
