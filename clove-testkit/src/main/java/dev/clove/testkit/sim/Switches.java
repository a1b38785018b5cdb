// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The fabric's leaf and spine switches: forwarding a packet that arrived over a port onto the next port, by the
 * ECMP groups over live links (hash of the outer 5-tuple with a per-switch salt), traceroute's TTL expiry, INT
 * stamping and, when the scheme runs it, CONGA at the leaves ({@link CongaLeaves}); and the path questions tests
 * and the oracle ask ({@link #tracePath}, {@link #oraclePorts}). Kept apart from {@link Ports} so that the
 * routing decisions are in one place and the per-link queueing in another.
 *
 * <p>Threading: confined to the thread that runs its {@link Sim}, like every part of a run.
 */
final class Switches {
  private static final int OUTER_DST_PORT = 7471; // STT's TCP port; any constant works for ECMP.

  private final Sim sim;
  private final Packets pk;
  private final Ports ports;
  // --- Nodes: hosts [0,H), leaves [H,H+L), spines [H+L,H+L+S).
  final int hosts;
  final int leaves;
  final int spines;
  final int hpl;
  final int uplinksPerLeaf;
  private final int[] leafOf; // by host
  /** ECMP salt per node, drawn from the run's seed. */
  final int[] salt;
  /** [leaf][dstLeaf]: the leaf's live uplinks towards the destination leaf; refilled on a failure. */
  final int[][][] leafGroup;
  /** [spine][dstLeaf]: the spine's live down ports to the destination leaf; refilled on a failure. */
  final int[][][] spineGroup;
  private final boolean conga;
  /** CONGA's state at the leaves, or null when the scheme does not run CONGA. */
  private final CongaLeaves congaLeaves;

  /**
   * Builds the switches of {@code sim}'s topology over {@code ports}: draws one ECMP salt per node from
   * {@code seedRng}, and gives CONGA, if the scheme runs it, {@code fabricRng} for its ties.
   */
  Switches(Sim sim, Ports ports, SplittableRandom seedRng, SplittableRandom fabricRng) {
    this.sim = sim;
    this.pk = sim.pk;
    this.ports = ports;
    Topology topo = sim.topo;
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
    spineGroup = new int[spines][leaves][];
    leafGroup = new int[leaves][leaves][];
    recomputeGroups();
    conga = sim.scheme.congaAtLeaves();
    congaLeaves = conga
        ? new CongaLeaves(sim, ports, this, fabricRng, sim.cfg.congaFlowletGapNanos, sim.cfg.congaAgingNanos)
        : null;
  }

  /** ECMP groups over live links; a leaf uses only spines that still reach the destination leaf. */
  void recomputeGroups() {
    final boolean[] failed = ports.portFailed;
    for (int s = 0; s < spines; s++) {
      for (int l = 0; l < leaves; l++) {
        spineGroup[s][l] = Arrays.stream(ports.spineDown[s][l]).filter(p -> !failed[p]).toArray();
      }
    }
    for (int l = 0; l < leaves; l++) {
      for (int d = 0; d < leaves; d++) {
        final int dst = d;
        leafGroup[l][d] = Arrays.stream(ports.leafUp[l])
            .filter(p -> !failed[p] && spineGroup[ports.portA[p]][dst].length > 0).toArray();
      }
    }
  }

  /** Switch {@code node} forwards packet {@code p}, which arrived over {@code inPort}, onto its next port. */
  void forward(int node, int p, int inPort) {
    final Packets k = pk;
    final Ports out = ports;
    if (k.decTtl(p) <= 0) {
      if (k.type(p) != Packets.PROBE) {
        out.drop(inPort, p, false);
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
    int next;
    if (node < hosts + leaves) {
      int leaf = node - hosts;
      if (dstLeaf == leaf) {
        if (conga && k.congaTag(p) >= 0 && out.portKind[inPort] == Ports.KIND_SPINE_DOWN) {
          congaLeaves.receive(leaf, p);
        }
        next = out.leafDown[dst];
      } else {
        int[] group = leafGroup[leaf][dstLeaf];
        if (group.length == 0) {
          out.drop(inPort, p, true);
          return;
        }
        if (conga && out.portKind[inPort] == Ports.KIND_HOST_UP) {
          next = congaLeaves.select(leaf, dstLeaf, group, p);
        } else {
          next = group[ecmp(node, p, group.length)];
        }
      }
    } else {
      int[] group = spineGroup[node - hosts - leaves][dstLeaf];
      if (group.length == 0) {
        out.drop(inPort, p, true);
        return;
      }
      next = group[ecmp(node, p, group.length)];
    }
    // INT: the fabric links only (leaf uplinks, spine downlinks): they are what a source port chooses between.
    // The destination's access link is on every path, and in a maximum it would hide the differences.
    if (k.intRequest(p) && out.portKind[next] >= Ports.KIND_LEAF_UP) {
      double u = out.utilization(next, sim.now);
      if (u > k.intUtil(p)) {
        k.setIntUtil(p, u);
      }
    }
    if (k.congaTag(p) >= 0) {
      int m = out.quantized(next, sim.now);
      if (m > k.congaCe(p)) {
        k.setCongaCe(p, m);
      }
    }
    out.enqueue(next, p);
  }

  /** ECMP: a hash of the outer 5-tuple with this switch's salt. */
  private int ecmp(int node, int p, int n) {
    return ecmpHash(node, pk.src(p), pk.dst(p), pk.sport(p), n);
  }

  private int ecmpHash(int node, int src, int dst, int sport, int n) {
    long h = ((long) src << 40) ^ ((long) dst << 20) ^ ((long) sport << 4) ^ OUTER_DST_PORT;
    h = Sim.mix64(h ^ ((long) salt[node] << 32) ^ salt[node]);
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
      return new int[] {ports.hostUp[src], ports.leafDown[dst]};
    }
    int[] up = leafGroup[srcLeaf][dstLeaf];
    if (up.length == 0) {
      return new int[0];
    }
    int u = up[ecmpHash(hosts + srcLeaf, src, dst, sport, up.length)];
    int spine = ports.portA[u];
    int[] down = spineGroup[spine][dstLeaf];
    int d = down[ecmpHash(hosts + leaves + spine, src, dst, sport, down.length)];
    return new int[] {ports.hostUp[src], u, d, ports.leafDown[dst]};
  }

  /**
   * Source ports onto distinct paths from {@code src} to {@code dst}, as many as the source leaf has live
   * uplinks towards the destination leaf, chosen greedily to share the fewest links with those already chosen
   * (the paper's heuristic, section 2.1), scanning ports upwards from 49152.
   */
  int[] oraclePorts(int src, int dst) {
    return oraclePaths(src, dst).stream().mapToInt(c -> c[2]).toArray();
  }

  /**
   * The physical identity of each of {@link #oraclePorts}'s paths, index-aligned with them: the leaf uplink and
   * the spine downlink the port hashes to, as {@code (uplink + 1) << 32 | (downlink + 1)}, which is what two
   * destinations behind the same leaf have in common and destinations behind different leaves do not (their
   * spine downlinks differ). A destination under the same leaf has the one path {@code 0}: the source leaf
   * straight down, which its neighbours share up to their own access links, as traceroute would see it.
   */
  long[] oraclePathIds(int src, int dst) {
    return oraclePaths(src, dst).stream()
        .mapToLong(c -> c[0] < 0 ? 0 : ((long) c[0] + 1) << 32 | (c[1] + 1)).toArray();
  }

  /** The oracle's chosen paths from {@code src} to {@code dst}: {uplink, downlink, sport}, -1 links if none. */
  private List<int[]> oraclePaths(int src, int dst) {
    if (src / hpl == dst / hpl || dst == src) {
      return List.of(new int[] {-1, -1, 49152});
    }
    int[] group = leafGroup[src / hpl][dst / hpl];
    int k = group.length;
    int total = 0;
    for (int up : group) {
      total += spineGroup[ports.portA[up]][dst / hpl].length;
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
    return chosen;
  }
}
