// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit.sim;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * CONGA at the leaf switches (Alizadeh et al., "CONGA: Distributed congestion-aware load balancing for
 * datacenters", SIGCOMM 2014), the in-network reference the paper compares CLOVE with. {@link Switches} calls
 * it for packets entering a leaf from a host (to choose the uplink) and from a spine (to learn the path metric).
 *
 * <p>Threading: confined to the thread that runs its {@link Sim}, like every part of a run.
 */
final class CongaLeaves {
  /*
   * What runs where (CONGA section 3):
   *
   * - Source leaf, per packet from a local host to another leaf: a direct-mapped flowlet table (64K entries per
   *   leaf, indexed by a hash of the inner flow, collisions shared as in hardware). A packet more than the
   *   flowlet gap (500 us) after its entry's last packet starts a new flowlet, placed on the uplink that
   *   minimizes max(local metric of the uplink, remote metric of the path to the destination leaf through it);
   *   ties go to the flowlet's previous uplink, else at random. The packet carries the uplink's index (LBTag)
   *   and a congestion field CE = 0.
   * - Every switch on the way raises CE to the quantized DRE metric of its egress port (done in Switches.forward).
   * - Destination leaf: stores CE in Congestion-From-Leaf[source leaf][LBTag].
   * - Feedback: every packet leaving a leaf for another leaf carries one (LBTag, metric) of that leaf's
   *   Congestion-From-Leaf row, round robin; the receiving leaf stores it in Congestion-To-Leaf with a time stamp.
   * - Metrics are Q = 3 bits; remote metrics not refreshed for the aging time (10 ms, our choice) count as 0.
   */

  static final int FLOWLET_ENTRIES = 1 << 16;

  private final Sim sim;
  private final Packets pk;
  private final Ports ports;
  private final Switches switches;
  /** Breaks ties between equally good uplinks. */
  private final SplittableRandom fabricRng;
  private final long connSalt;
  private final int hosts;
  private final int hostsPerLeaf;
  private final int leaves;
  private final int uplinks;
  private final long gap;
  private final long aging;
  private final int[] flTag;
  private final long[] flTime;
  private final int[] toLeafMetric;
  private final long[] toLeafTime;
  private final int[] fromLeafMetric;
  private final int[] fbNext;

  CongaLeaves(Sim sim, Ports ports, Switches switches, SplittableRandom fabricRng, long flowletGapNanos,
      long agingNanos) {
    this.sim = sim;
    this.pk = sim.pk;
    this.ports = ports;
    this.switches = switches;
    this.fabricRng = fabricRng;
    this.connSalt = sim.connSalt;
    this.hosts = switches.hosts;
    this.hostsPerLeaf = switches.hpl;
    this.leaves = switches.leaves;
    this.uplinks = switches.uplinksPerLeaf;
    this.gap = flowletGapNanos;
    this.aging = agingNanos;
    flTag = new int[leaves * FLOWLET_ENTRIES];
    Arrays.fill(flTag, -1);
    flTime = new long[leaves * FLOWLET_ENTRIES];
    toLeafMetric = new int[leaves * leaves * uplinks];
    toLeafTime = new long[leaves * leaves * uplinks];
    Arrays.fill(toLeafTime, Long.MIN_VALUE / 4);
    fromLeafMetric = new int[leaves * leaves * uplinks];
    fbNext = new int[leaves * leaves];
  }

  /** Chooses the uplink of a packet entering {@code leaf} from a host, bound for {@code dstLeaf}. */
  int select(int leaf, int dstLeaf, int[] group, int p) {
    final long now = sim.now;
    final Ports ps = ports;
    final int[][] leafUp = ps.leafUp;
    long key = Hosts.flowKey(pk, p, connSalt);
    int slot = leaf * FLOWLET_ENTRIES
        + (int) (Sim.mix64(key ^ switches.salt[hosts + leaf]) & (FLOWLET_ENTRIES - 1));
    int tag = flTag[slot];
    int port = -1;
    if (tag >= 0 && now - flTime[slot] <= gap && !ps.portFailed[leafUp[leaf][tag]]
        && switches.spineGroup[ps.portA[leafUp[leaf][tag]]][dstLeaf].length > 0) {
      port = leafUp[leaf][tag];
    } else {
      int base = (leaf * leaves + dstLeaf) * uplinks;
      int best = Integer.MAX_VALUE;
      int ties = 0;
      for (int up : group) {
        int t = ps.upTag[up];
        int remote = now - toLeafTime[base + t] <= aging ? toLeafMetric[base + t] : 0;
        int local = ps.quantized(up, now);
        int m = Math.max(local, remote);
        if (m < best) {
          best = m;
          port = up;
          // Among equals, the previous uplink wins; the others are drawn uniformly (reservoir sampling).
          ties = t == tag ? Integer.MIN_VALUE : 1;
        } else if (m == best) {
          if (t == tag) {
            port = up;
            ties = Integer.MIN_VALUE; // keep the previous uplink
          } else if (ties > 0 && fabricRng.nextInt(++ties) == 0) {
            port = up;
          }
        }
      }
      flTag[slot] = ps.upTag[port];
    }
    flTime[slot] = now;
    pk.setCongaTag(p, ps.upTag[port]);
    pk.setCongaCe(p, 0);
    // Piggyback one feedback entry for the destination leaf, round robin over its uplink tags.
    int fbIdx = leaf * leaves + dstLeaf;
    int t = fbNext[fbIdx];
    fbNext[fbIdx] = (t + 1) % uplinks;
    pk.setCongaFbTag(p, t);
    pk.setCongaFbMetric(p, fromLeafMetric[fbIdx * uplinks + t]);
    return port;
  }

  /** Records the path metric and the feedback a packet from another leaf brings to {@code leaf}. */
  void receive(int leaf, int p) {
    if (pk.src(p) >= hosts) {
      return; // generated by a switch
    }
    int srcLeaf = pk.src(p) / hostsPerLeaf;
    int row = (leaf * leaves + srcLeaf) * uplinks;
    fromLeafMetric[row + pk.congaTag(p)] = pk.congaCe(p);
    int fbTag = pk.congaFbTag(p);
    if (fbTag >= 0) {
      toLeafMetric[row + fbTag] = pk.congaFbMetric(p);
      toLeafTime[row + fbTag] = sim.now;
    }
  }
}
