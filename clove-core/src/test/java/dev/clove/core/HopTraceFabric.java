// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import dev.clove.api.ProbeSender;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A scripted fabric for discovery tests: a {@link ProbeSender} that "routes" each probe port onto one of a fixed
 * list of paths by hashing the port, as ECMP would, and answers the probes when the test calls
 * {@link #deliver}: a switch answers with the hop id of its TTL, the destination answers every TTL beyond the
 * path's last hop.
 *
 * <p>Threading: single-threaded test code.
 */
final class HopTraceFabric implements ProbeSender {
  /** The hop id a destination hypervisor answers with. */
  static final long DESTINATION_HOP = 9_999;

  /** A probe that was sent, with the id it carried, and when. */
  record Probe(int destination, int port, int ttl, int probeId, long sentAt) {}

  private final List<long[]> paths;
  private final List<Probe> sent = new ArrayList<>();
  private final List<Probe> pending = new ArrayList<>();
  private final Set<Integer> blackholed = new HashSet<>();
  private final Set<Integer> silentTtls = new HashSet<>();
  private final Set<List<Integer>> lostOnce = new HashSet<>();
  private long hashSalt;
  private long now;
  private double hopLoss;
  private boolean destinationLoss;
  private SplittableRandom lossRandom;

  /** A fabric whose path {@code i} crosses the hops {@code paths.get(i)} (TTL 1 first). */
  HopTraceFabric(List<long[]> paths) {
    this.paths = new ArrayList<>(paths);
  }

  /**
   * Two leaves joined by two spines, each leaf connected to each spine by two parallel links. The source's
   * leaf answers TTL 1 with its host-facing interface (100); a spine answers TTL 2 with the interface of the
   * uplink the probe arrived on (211, 212 on spine 1; 221, 222 on spine 2); the destination's leaf answers TTL
   * 3 with the interface of the downlink (311, 312 from spine 1; 321, 322 from spine 2).
   *
   * @param paired true for 4 paths, uplink j of a spine always continuing on downlink j (4 disjoint paths);
   *     false for all 8 uplink x downlink combinations (still at most 4 disjoint)
   */
  static HopTraceFabric twoSpinesTwoLinks(boolean paired) {
    List<long[]> paths = new ArrayList<>();
    for (int spine = 1; spine <= 2; spine++) {
      for (int up = 1; up <= 2; up++) {
        for (int down = 1; down <= 2; down++) {
          if (!paired || up == down) {
            paths.add(new long[] {100, 200 + spine * 10 + up, 300 + spine * 10 + down});
          }
        }
      }
    }
    return new HopTraceFabric(paths);
  }

  /**
   * Four paths through four spines that differ only at the spine: both leaves answer with their router id (100
   * and 300), the spine with its own (201..204). A trace that lost its spine's reply fits every path.
   */
  static HopTraceFabric fourSpines() {
    List<long[]> paths = new ArrayList<>();
    for (int spine = 1; spine <= 4; spine++) {
      paths.add(new long[] {100, 200 + spine, 300});
    }
    return new HopTraceFabric(paths);
  }

  /**
   * From now on each switch's answer (not the destination's) is lost with probability {@code probability},
   * drawn from a generator seeded with {@code seed}, so a run is repeatable.
   */
  void loseHopReplies(double probability, long seed) {
    this.hopLoss = probability;
    this.lossRandom = new SplittableRandom(seed);
  }

  /** As {@link #loseHopReplies}, and the destination's answers are lost with the same probability too. */
  void loseAllReplies(double probability, long seed) {
    loseHopReplies(probability, seed);
    this.destinationLoss = true;
  }

  /** The next answer to the probe with {@code port} and {@code ttl} is lost (once). */
  void loseReplyOnce(int port, int ttl) {
    lostOnce.add(List.of(port, ttl));
  }

  /** The number of paths. */
  int pathCount() {
    return paths.size();
  }

  /** A copy of path {@code i}'s hops. */
  long[] path(int i) {
    return paths.get(i).clone();
  }

  /** The path a probe port takes: a hash of the port (and the current salt) modulo the path count. */
  int pathOf(int port) {
    long z = (port + hashSalt) * 0x9E3779B97F4A7C15L;
    z ^= z >>> 29;
    z *= 0xBF58476D1CE4E5B9L;
    z ^= z >>> 32;
    return (int) Math.floorMod(z, (long) paths.size());
  }

  /** Changes the hash, as a fabric re-hashes when its ECMP groups change. */
  void rehash(long salt) {
    this.hashSalt = salt;
  }

  /** Probes onto path {@code i} are lost from now on, and nobody answers them. */
  void blackhole(int i) {
    blackholed.add(i);
  }

  /** Switches at {@code ttl} never answer (a silent hop). */
  void silence(int ttl) {
    silentTtls.add(ttl);
  }

  /** Sets the time that {@link #sent()} records for probes sent from now on. */
  void setTime(long nowNanos) {
    this.now = nowNanos;
  }

  /** Every probe sent so far. */
  List<Probe> sent() {
    return sent;
  }

  /** The probes sent but not yet answered or lost. */
  int pendingCount() {
    return pending.size();
  }

  @Override
  public void sendProbe(int destination, int sourcePort, int ttl, int probeId) {
    Probe probe = new Probe(destination, sourcePort, ttl, probeId, now);
    sent.add(probe);
    pending.add(probe);
  }

  /** Where answers go: {@code PathDiscovery::onProbeReply} or {@code LoadBalancer::onProbeReply}. */
  interface ReplySink {
    void onProbeReply(int destination, int port, int ttl, int probeId, long hopId, boolean fromDestination,
        long nowNanos);
  }

  /** Answers every pending probe, in the order sent, at time {@code nowNanos}. */
  void deliver(PathDiscovery discovery, long nowNanos) {
    deliver((ReplySink) discovery::onProbeReply, nowNanos);
  }

  /** Answers every pending probe to a balancer, in the order sent, at time {@code nowNanos}. */
  void deliver(dev.clove.api.LoadBalancer balancer, long nowNanos) {
    deliver((ReplySink) balancer::onProbeReply, nowNanos);
  }

  /** Answers every pending probe, in the order sent, at time {@code nowNanos}. */
  void deliver(ReplySink discovery, long nowNanos) {
    List<Probe> batch = new ArrayList<>(pending);
    pending.clear();
    for (Probe probe : batch) {
      int path = pathOf(probe.port());
      if (blackholed.contains(path)) {
        continue;
      }
      long[] hops = paths.get(path);
      if (probe.ttl() <= hops.length) {
        boolean lostAtRandom = lossRandom != null && lossRandom.nextDouble() < hopLoss;
        boolean lost = lostOnce.remove(List.of(probe.port(), probe.ttl())) || lostAtRandom;
        if (!silentTtls.contains(probe.ttl()) && !lost) {
          discovery.onProbeReply(probe.destination(), probe.port(), probe.ttl(), probe.probeId(),
              hops[probe.ttl() - 1], false, nowNanos);
        }
      } else if (!(destinationLoss && lossRandom.nextDouble() < hopLoss)) {
        discovery.onProbeReply(probe.destination(), probe.port(), probe.ttl(), probe.probeId(), DESTINATION_HOP,
            true, nowNanos);
      }
    }
  }

  /** Drops every pending probe without an answer. */
  void dropPending() {
    pending.clear();
  }
}
