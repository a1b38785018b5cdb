// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An immutable description of a two-tier leaf-spine fabric: its switches, links, rates, delays and queue
 * settings, and the links removed from it (permanent asymmetry), failed during a run (the switches notice and take
 * the link out of their ECMP groups), or turned gray (the switches do not notice: the link stays in the groups and
 * drops packets).
 *
 * <p>Build one with {@link #leafSpine()}, or take a preset from {@link Topologies}. Every leaf connects to every
 * spine by {@code linksPerLeafSpine} parallel links; hosts hang off leaves. Ids are 0-based: hosts
 * {@code [0, leaves * hostsPerLeaf)} with host {@code h} under leaf {@code h / hostsPerLeaf}; leaf-spine links are
 * named by (spine, leaf, index) with {@code index < linksPerLeafSpine}.
 *
 * <p>Queue settings given in packets mean multiples of {@value #PACKET_BYTES} bytes (the fabric's MTU) and are
 * scaled linearly with the link rate relative to 1 Gbps, so that every link's buffer and marking threshold
 * correspond to the same queueing delay; DCTCP's guidance is that the threshold grow with the bandwidth-delay
 * product (Alizadeh et al., SIGCOMM 2010, section 3.4: 20 packets at 1 Gbps, 65 at 10 Gbps).
 *
 * <p>Threading: immutable, safe to share between threads and runs.
 */
public final class Topology {

  /** The byte size of one "packet" in queue settings given in packets. */
  public static final int PACKET_BYTES = 1500;
  /** The most hosts a fabric may have. */
  public static final int MAX_HOSTS = 2048;
  private static final long GBPS = 1_000_000_000L;

  final String name;
  final int spines;
  final int leaves;
  final int linksPerLeafSpine;
  final int hostsPerLeaf;
  final long hostLinkBps;
  final long fabricLinkBps;
  final long hostLinkDelayNanos;
  final long fabricLinkDelayNanos;
  final double bufferPacketsPerGbps;
  final long bufferBytesFixed;
  final double ecnPacketsPerGbps;
  final long ecnBytesFixed;
  final double ecnQueueWeight;
  final long hostBufferBytes;
  final List<int[]> removed;
  final List<long[]> failures;
  final List<GrayLink> grayLinks;
  /** Leaf-spine links whose rate differs from {@link #fabricLinkBps}: {spine, leaf, index, bps}. */
  final List<long[]> linkRates;
  /** Failed links that come back: {spine, leaf, index, atNanos}. */
  final List<long[]> restores;

  /** A leaf-spine link that turns gray at {@code atNanos}: it drops {@code dropFraction} of what enters it. */
  record GrayLink(int spine, int leaf, int index, long atNanos, double dropFraction) {}

  private Topology(Builder b) {
    this.name = b.name;
    this.spines = b.spines;
    this.leaves = b.leaves;
    this.linksPerLeafSpine = b.linksPerLeafSpine;
    this.hostsPerLeaf = b.hostsPerLeaf;
    this.hostLinkBps = b.hostLinkBps;
    this.fabricLinkBps = b.fabricLinkBps;
    this.hostLinkDelayNanos = b.hostLinkDelayNanos;
    this.fabricLinkDelayNanos = b.fabricLinkDelayNanos;
    this.bufferPacketsPerGbps = b.bufferPacketsPerGbps;
    this.bufferBytesFixed = b.bufferBytesFixed;
    this.ecnPacketsPerGbps = b.ecnPacketsPerGbps;
    this.ecnBytesFixed = b.ecnBytesFixed;
    this.ecnQueueWeight = b.ecnQueueWeight;
    this.hostBufferBytes = b.hostBufferBytes;
    this.removed = List.copyOf(b.removed);
    this.failures = List.copyOf(b.failures);
    this.grayLinks = List.copyOf(b.grayLinks);
    this.linkRates = List.copyOf(b.linkRates);
    this.restores = List.copyOf(b.restores);
  }

  /**
   * A builder with the defaults of the paper's symmetric fabric (see {@link Topologies#paperSymmetric()}).
   *
   * @return a new builder
   */
  public static Builder leafSpine() {
    return new Builder();
  }

  /**
   * A builder initialised from this topology.
   *
   * @return a new builder holding every setting of this topology
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.name = name;
    b.spines = spines;
    b.leaves = leaves;
    b.linksPerLeafSpine = linksPerLeafSpine;
    b.hostsPerLeaf = hostsPerLeaf;
    b.hostLinkBps = hostLinkBps;
    b.fabricLinkBps = fabricLinkBps;
    b.hostLinkDelayNanos = hostLinkDelayNanos;
    b.fabricLinkDelayNanos = fabricLinkDelayNanos;
    b.bufferPacketsPerGbps = bufferPacketsPerGbps;
    b.bufferBytesFixed = bufferBytesFixed;
    b.ecnPacketsPerGbps = ecnPacketsPerGbps;
    b.ecnBytesFixed = ecnBytesFixed;
    b.ecnQueueWeight = ecnQueueWeight;
    b.hostBufferBytes = hostBufferBytes;
    b.removed.addAll(removed);
    b.failures.addAll(failures);
    b.grayLinks.addAll(grayLinks);
    b.linkRates.addAll(linkRates);
    b.restores.addAll(restores);
    return b;
  }

  /**
   * The name given to this fabric, used in reports.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The number of spine switches.
   *
   * @return the spine count
   */
  public int spines() {
    return spines;
  }

  /**
   * The number of leaf switches.
   *
   * @return the leaf count
   */
  public int leaves() {
    return leaves;
  }

  /**
   * The number of parallel links between each leaf and each spine, removed ones included.
   *
   * @return the links per leaf-spine pair
   */
  public int linksPerLeafSpine() {
    return linksPerLeafSpine;
  }

  /**
   * The number of hosts under each leaf.
   *
   * @return the hosts per leaf
   */
  public int hostsPerLeaf() {
    return hostsPerLeaf;
  }

  /**
   * The number of hosts in the fabric, {@code leaves * hostsPerLeaf}.
   *
   * @return the host count
   */
  public int hosts() {
    return leaves * hostsPerLeaf;
  }

  /**
   * The rate of every host-leaf link, each direction.
   *
   * @return the rate in bits/s
   */
  public long hostLinkBps() {
    return hostLinkBps;
  }

  /**
   * The rate of every leaf-spine link, each direction.
   *
   * @return the rate in bits/s
   */
  public long fabricLinkBps() {
    return fabricLinkBps;
  }

  /**
   * The rate of one leaf-spine link, each direction: {@link #fabricLinkBps()} unless
   * {@link Builder#linkBps} set another.
   *
   * @param spine the link's spine
   * @param leaf the link's leaf
   * @param index which of the parallel links between them
   * @return the rate in bits/s
   * @throws IllegalArgumentException if there is no such link
   */
  public long linkBps(int spine, int leaf, int index) {
    if (spine < 0 || spine >= spines || leaf < 0 || leaf >= leaves || index < 0 || index >= linksPerLeafSpine) {
      throw new IllegalArgumentException("linkBps: no link (spine=" + spine + ", leaf=" + leaf + ", index="
          + index + ") in " + this);
    }
    long bps = fabricLinkBps;
    for (long[] r : linkRates) { // the last setting of a link wins
      if (r[0] == spine && r[1] == leaf && r[2] == index) {
        bps = r[3];
      }
    }
    return bps;
  }

  /**
   * The propagation delay of every host-leaf link.
   *
   * @return the delay in nanoseconds
   */
  public long hostLinkDelayNanos() {
    return hostLinkDelayNanos;
  }

  /**
   * The propagation delay of every leaf-spine link.
   *
   * @return the delay in nanoseconds
   */
  public long fabricLinkDelayNanos() {
    return fabricLinkDelayNanos;
  }

  /**
   * The nominal bisection capacity in bits/s: the uplink capacity of the first half of the leaves, counting
   * every link of the symmetric build, removed ones included. Offered load is a fraction of this number, so
   * that the asymmetric preset is driven with the same absolute traffic as the symmetric one, as in the paper
   * (16 Gbps for both; the asymmetric fabric actually carries at most 12 Gbps between its leaves). Rates set per
   * link with {@link Builder#linkBps} do not change it either: it is the nominal, symmetric figure.
   *
   * @return the nominal bisection capacity in bits/s
   */
  public long bisectionBps() {
    int half = Math.max(1, leaves / 2);
    return (long) half * spines * linksPerLeafSpine * fabricLinkBps;
  }

  /**
   * The drop-tail buffer of a switch port of this rate, in bytes.
   *
   * @param linkBps the port's rate in bits/s
   * @return the buffer size in bytes
   */
  public long switchBufferBytes(long linkBps) {
    return bufferBytesFixed > 0 ? bufferBytesFixed : scaled(bufferPacketsPerGbps, linkBps);
  }

  /**
   * The ECN marking threshold K of a switch port of this rate, in bytes.
   *
   * @param linkBps the port's rate in bits/s
   * @return the threshold in bytes
   */
  public long ecnThresholdBytes(long linkBps) {
    return ecnBytesFixed > 0 ? ecnBytesFixed : scaled(ecnPacketsPerGbps, linkBps);
  }

  /**
   * The weight of the queue average ECN marking uses; 1 means the instantaneous queue.
   *
   * @return the weight, in (0, 1]
   */
  public double ecnQueueWeight() {
    return ecnQueueWeight;
  }

  /**
   * The drop-tail buffer of a host's NIC, in bytes.
   *
   * @return the buffer size in bytes
   */
  public long hostBufferBytes() {
    return hostBufferBytes;
  }

  private static long scaled(double packetsPerGbps, long linkBps) {
    return Math.round(packetsPerGbps * PACKET_BYTES * ((double) linkBps / GBPS));
  }

  /**
   * The unloaded round-trip time between hosts under different leaves: one data packet of
   * {@code dataWireBytes} out and one acknowledgement of {@code ackWireBytes} back, through host link, leaf,
   * spine, leaf, host link, with store-and-forward serialization at each hop and no queueing.
   *
   * @param dataWireBytes the data packet's size on the wire, headers included
   * @param ackWireBytes the acknowledgement's size on the wire
   * @return the round-trip time in nanoseconds
   */
  public long baseRttNanos(int dataWireBytes, int ackWireBytes) {
    return oneWayNanos(dataWireBytes) + oneWayNanos(ackWireBytes);
  }

  /**
   * One-way unloaded delay of a packet between hosts under different leaves.
   *
   * @param wireBytes the packet's size on the wire, headers included
   * @return the delay in nanoseconds
   */
  public long oneWayNanos(int wireBytes) {
    return 2 * (serializationNanos(wireBytes, hostLinkBps) + hostLinkDelayNanos)
        + 2 * (serializationNanos(wireBytes, fabricLinkBps) + fabricLinkDelayNanos);
  }

  static long serializationNanos(int bytes, long bps) {
    return bytes * 8L * 1_000_000_000L / bps;
  }

  @Override
  public String toString() {
    return name + "[spines=" + spines + ", leaves=" + leaves + ", links/leaf-spine=" + linksPerLeafSpine
        + ", hosts/leaf=" + hostsPerLeaf + ", host=" + hostLinkBps / 1e9 + "G/" + hostLinkDelayNanos
        + "ns, fabric=" + fabricLinkBps / 1e9 + "G/" + fabricLinkDelayNanos + "ns, removed="
        + removed.size() + ", failures=" + failures.size() + (grayLinks.isEmpty() ? "" : ", gray=" + grayLinks.size())
        + (restores.isEmpty() ? "" : ", restores=" + restores.size())
        + (linkRates.isEmpty() ? "" : ", link rates=" + linkRates.size()) + "]";
  }

  /**
   * Builds a {@link Topology}; every setter validates its argument and throws {@link IllegalArgumentException}
   * naming the parameter and the bad value.
   *
   * <p>Threading: not thread-safe; use from one thread.
   */
  public static final class Builder {
    private String name = "leaf-spine";
    private int spines = 2;
    private int leaves = 2;
    private int linksPerLeafSpine = 2;
    private int hostsPerLeaf = 16;
    private long hostLinkBps = 1 * GBPS;
    private long fabricLinkBps = 4 * GBPS;
    private long hostLinkDelayNanos = 2_000;
    private long fabricLinkDelayNanos = 2_000;
    private double bufferPacketsPerGbps = 100;
    private long bufferBytesFixed;
    private double ecnPacketsPerGbps = 20;
    private double ecnQueueWeight = 1;
    private long ecnBytesFixed;
    private long hostBufferBytes = 1000L * PACKET_BYTES;
    private final List<int[]> removed = new ArrayList<>();
    private final List<long[]> failures = new ArrayList<>();
    private final List<GrayLink> grayLinks = new ArrayList<>();
    private final List<long[]> linkRates = new ArrayList<>();
    private final List<long[]> restores = new ArrayList<>();

    private Builder() {}

    /**
     * Names the fabric, for reports. Default {@code "leaf-spine"}.
     *
     * @param value the name, not null
     * @return this builder
     */
    public Builder name(String value) {
      this.name = Objects.requireNonNull(value, "name");
      return this;
    }

    /**
     * The number of spine switches, at least 1. Default 2.
     *
     * @param value the spine count
     * @return this builder
     */
    public Builder spines(int value) {
      this.spines = positive("spines", value);
      return this;
    }

    /**
     * The number of leaf switches, at least 2. Default 2.
     *
     * @param value the leaf count
     * @return this builder
     */
    public Builder leaves(int value) {
      if (value < 2) {
        throw new IllegalArgumentException("leaves must be >= 2: " + value);
      }
      this.leaves = value;
      return this;
    }

    /**
     * The number of parallel links between each leaf and each spine, at least 1. Default 2.
     *
     * @param value the links per leaf-spine pair
     * @return this builder
     */
    public Builder linksPerLeafSpine(int value) {
      this.linksPerLeafSpine = positive("linksPerLeafSpine", value);
      return this;
    }

    /**
     * The number of hosts under each leaf, at least 1. Default 16.
     *
     * @param value the hosts per leaf
     * @return this builder
     */
    public Builder hostsPerLeaf(int value) {
      this.hostsPerLeaf = positive("hostsPerLeaf", value);
      return this;
    }

    /**
     * Rate of every host-leaf link, each direction, in bits/s.
     *
     * @param value the rate, positive
     * @return this builder
     */
    public Builder hostLinkBps(long value) {
      this.hostLinkBps = positive("hostLinkBps", value);
      return this;
    }

    /**
     * Rate of every leaf-spine link, each direction, in bits/s.
     *
     * @param value the rate, positive
     * @return this builder
     */
    public Builder fabricLinkBps(long value) {
      this.fabricLinkBps = positive("fabricLinkBps", value);
      return this;
    }

    /**
     * Propagation delay of every host-leaf link.
     *
     * @param value the delay in nanoseconds, not negative
     * @return this builder
     */
    public Builder hostLinkDelayNanos(long value) {
      this.hostLinkDelayNanos = nonNegative("hostLinkDelayNanos", value);
      return this;
    }

    /**
     * Propagation delay of every leaf-spine link.
     *
     * @param value the delay in nanoseconds, not negative
     * @return this builder
     */
    public Builder fabricLinkDelayNanos(long value) {
      this.fabricLinkDelayNanos = nonNegative("fabricLinkDelayNanos", value);
      return this;
    }

    /**
     * Switch port buffer in packets at 1 Gbps, scaled with the port's rate. Default 100.
     *
     * @param packetsAtOneGbps the buffer in packets of a 1 Gbps port, at least 1
     * @return this builder
     */
    public Builder switchBufferPackets(double packetsAtOneGbps) {
      if (!(packetsAtOneGbps >= 1)) {
        throw new IllegalArgumentException("switchBufferPackets must be >= 1: " + packetsAtOneGbps);
      }
      this.bufferPacketsPerGbps = packetsAtOneGbps;
      this.bufferBytesFixed = 0;
      return this;
    }

    /**
     * Switch port buffer in bytes, the same on every port (overrides the packet setting).
     *
     * @param bytes the buffer size, at least {@value #PACKET_BYTES}
     * @return this builder
     */
    public Builder switchBufferBytes(long bytes) {
      this.bufferBytesFixed = atLeast("switchBufferBytes", bytes, PACKET_BYTES);
      return this;
    }

    /**
     * ECN marking threshold K in packets at 1 Gbps, scaled with the port's rate. Default 20 (DCTCP).
     *
     * @param packetsAtOneGbps the threshold in packets of a 1 Gbps port, positive
     * @return this builder
     */
    public Builder ecnThresholdPackets(double packetsAtOneGbps) {
      if (!(packetsAtOneGbps > 0)) {
        throw new IllegalArgumentException("ecnThresholdPackets must be > 0: " + packetsAtOneGbps);
      }
      this.ecnPacketsPerGbps = packetsAtOneGbps;
      this.ecnBytesFixed = 0;
      return this;
    }

    /**
     * ECN marking threshold K in bytes, the same on every port (overrides the packet setting).
     *
     * @param bytes the threshold, positive
     * @return this builder
     */
    public Builder ecnThresholdBytes(long bytes) {
      this.ecnBytesFixed = positive("ecnThresholdBytes", bytes);
      return this;
    }

    /**
     * Which queue length ECN marking compares with the threshold: the weight {@code w} of an exponentially
     * weighted moving average updated at every packet arrival, {@code avg = (1 - w) avg + w q}, as in RED
     * (S. Floyd and V. Jacobson, "Random early detection gateways for congestion avoidance", IEEE/ACM ToN 1993,
     * whose recommended weight is 0.002, also NS2's default {@code q_weight_}). While a port is idle the average
     * decays as if packets of {@link #PACKET_BYTES} had arrived to an empty queue at line rate (RED's idle rule).
     * {@code 1} (the default) marks on the instantaneous queue, as DCTCP does.
     *
     * @param weight the averaging weight, in (0, 1]
     * @return this builder
     */
    public Builder ecnQueueWeight(double weight) {
      if (!(weight > 0 && weight <= 1)) {
        throw new IllegalArgumentException("ecnQueueWeight must be in (0, 1]: " + weight);
      }
      this.ecnQueueWeight = weight;
      return this;
    }

    /**
     * Drop-tail buffer of each host NIC in bytes. Default 1,000 packets, Linux's default transmit queue length
     * ({@code txqueuelen}), so that a guest loses packets in the fabric rather than in its own host.
     *
     * @param bytes the buffer size, at least {@value #PACKET_BYTES}
     * @return this builder
     */
    public Builder hostBufferBytes(long bytes) {
      this.hostBufferBytes = atLeast("hostBufferBytes", bytes, PACKET_BYTES);
      return this;
    }

    /**
     * Removes one leaf-spine link (both directions) for the whole run.
     *
     * @param spine the link's spine
     * @param leaf the link's leaf
     * @param index which of the parallel links between them
     * @return this builder
     */
    public Builder removeLink(int spine, int leaf, int index) {
      removed.add(new int[] {spine, leaf, index});
      return this;
    }

    /**
     * Fails one leaf-spine link (both directions) at {@code atNanos} of simulated time.
     *
     * @param spine the link's spine
     * @param leaf the link's leaf
     * @param index which of the parallel links between them
     * @param atNanos when the link fails, in simulated nanoseconds, not negative
     * @return this builder
     */
    public Builder failLink(int spine, int leaf, int index, long atNanos) {
      nonNegative("failLink.atNanos", atNanos);
      failures.add(new long[] {spine, leaf, index, atNanos});
      return this;
    }

    /**
     * Sets the rate of one leaf-spine link (both directions), overriding {@link #fabricLinkBps} for it: a
     * half-rate link is the usual asymmetry besides a removed one. The link's buffer and ECN threshold scale with
     * its own rate (see the class comment). A later call for the same link wins. The nominal figures,
     * {@link Topology#bisectionBps()} and {@link Topology#baseRttNanos}, keep using {@link #fabricLinkBps}.
     *
     * @param spine the link's spine
     * @param leaf the link's leaf
     * @param index which of the parallel links between them
     * @param bps the rate in bits/s, positive
     * @return this builder
     * @throws IllegalArgumentException if {@code bps} is not positive
     */
    public Builder linkBps(int spine, int leaf, int index, long bps) {
      positive("linkBps.bps", bps);
      linkRates.add(new long[] {spine, leaf, index, bps});
      return this;
    }

    /**
     * Restores one leaf-spine link (both directions) at {@code atNanos} of simulated time, after a
     * {@link #failLink} of the same link at an earlier time: the switches put it back in their ECMP groups, and it
     * carries packets again, starting with an empty queue. Packets that were on the link when it failed stay lost
     * (if they had not reached its far end by the restore, they are counted as dropped then).
     *
     * @param spine the link's spine
     * @param leaf the link's leaf
     * @param index which of the parallel links between them
     * @param atNanos when the link comes back, in simulated nanoseconds, after a failure of the same link
     * @return this builder
     * @throws IllegalArgumentException if {@code atNanos} is negative
     */
    public Builder restoreLink(int spine, int leaf, int index, long atNanos) {
      nonNegative("restoreLink.atNanos", atNanos);
      restores.add(new long[] {spine, leaf, index, atNanos});
      return this;
    }

    /**
     * Turns one leaf-spine link (both directions) gray at {@code atNanos} of simulated time: from then on it drops
     * {@code dropFraction} of the packets that enter it (all of them at 1), chosen by the run's seeded random
     * source, while the switches keep it in their ECMP groups, as they would a link whose failure they do not
     * detect (a bad optic, a corrupting line card). Unlike {@link #failLink}, nothing in the fabric reacts; only
     * the edge can notice, by the missing reports.
     *
     * @param spine the spine end of the link
     * @param leaf the leaf end of the link
     * @param index which of the parallel links between them, from 0
     * @param atNanos when it turns gray, in nanoseconds of simulated time
     * @param dropFraction the fraction of entering packets it drops, in (0, 1]
     * @return this builder
     * @throws IllegalArgumentException if {@code atNanos} is negative or {@code dropFraction} is not in (0, 1]
     */
    public Builder grayLink(int spine, int leaf, int index, long atNanos, double dropFraction) {
      nonNegative("grayLink.atNanos", atNanos);
      if (!(dropFraction > 0 && dropFraction <= 1)) {
        throw new IllegalArgumentException("grayLink.dropFraction must be in (0, 1]: " + dropFraction);
      }
      grayLinks.add(new GrayLink(spine, leaf, index, atNanos, dropFraction));
      return this;
    }

    /**
     * Builds the topology, after checking the settings against each other.
     *
     * @return the topology
     * @throws IllegalArgumentException if a removed, failed, restored or re-rated link is not in the fabric, a
     *     restored link has no earlier failure, a leaf has more than 254
     *     uplinks, or the fabric has more than {@value #MAX_HOSTS} hosts
     */
    public Topology build() {
      for (GrayLink g : grayLinks) {
        checkLink("grayLink", g.spine(), g.leaf(), g.index());
      }
      for (int[] r : removed) {
        checkLink("removeLink", r[0], r[1], r[2]);
      }
      for (long[] f : failures) {
        checkLink("failLink", (int) f[0], (int) f[1], (int) f[2]);
      }
      for (long[] r : linkRates) {
        checkLink("linkBps", (int) r[0], (int) r[1], (int) r[2]);
      }
      for (long[] r : restores) {
        checkLink("restoreLink", (int) r[0], (int) r[1], (int) r[2]);
        boolean failedBefore = false;
        for (long[] f : failures) {
          failedBefore |= f[0] == r[0] && f[1] == r[1] && f[2] == r[2] && f[3] < r[3];
        }
        if (!failedBefore) {
          throw new IllegalArgumentException("restoreLink: link (spine=" + r[0] + ", leaf=" + r[1] + ", index="
              + r[2] + ") at " + r[3] + " ns has no failLink of the same link before it");
        }
      }
      if ((long) spines * linksPerLeafSpine > 254) {
        throw new IllegalArgumentException("spines * linksPerLeafSpine (uplinks per leaf) must be <= 254: "
            + (long) spines * linksPerLeafSpine);
      }
      long hostCount = (long) leaves * hostsPerLeaf;
      if (hostCount > MAX_HOSTS) {
        // The simulator keeps a table of idle connections per (client, server) pair: hosts^2 entries.
        throw new IllegalArgumentException("leaves * hostsPerLeaf must be <= " + MAX_HOSTS + ": " + hostCount);
      }
      return new Topology(this);
    }

    private void checkLink(String what, int spine, int leaf, int index) {
      if (spine < 0 || spine >= spines || leaf < 0 || leaf >= leaves || index < 0 || index >= linksPerLeafSpine) {
        throw new IllegalArgumentException(what + ": no link (spine=" + spine + ", leaf=" + leaf + ", index="
            + index + ") in a fabric of " + spines + " spines, " + leaves + " leaves, " + linksPerLeafSpine
            + " links per pair");
      }
    }

    private static int positive(String name, int value) {
      if (value <= 0) {
        throw new IllegalArgumentException(name + " must be > 0: " + value);
      }
      return value;
    }

    private static long positive(String name, long value) {
      if (value <= 0) {
        throw new IllegalArgumentException(name + " must be > 0: " + value);
      }
      return value;
    }

    private static long nonNegative(String name, long value) {
      if (value < 0) {
        throw new IllegalArgumentException(name + " must be >= 0: " + value);
      }
      return value;
    }

    private static long atLeast(String name, long value, long min) {
      if (value < min) {
        throw new IllegalArgumentException(name + " must be >= " + min + ": " + value);
      }
      return value;
    }
  }
}
