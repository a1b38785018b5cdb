// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit.sim;

/**
 * Preset fabrics.
 *
 * <p>The paper's fabric (CLOVE, HotNets 2016, section 3 and Figure 2a): 2 spines, 2 leaves, each leaf connected
 * to each spine by two 4 Gbps links, 16 hosts per leaf at 1 Gbps; 16 Gbps of bisection bandwidth, not
 * oversubscribed, four disjoint leaf-to-leaf paths. The paper does not give propagation delays; we use 2 us per
 * link (about 400 m of fibre at 5 ns/m, an upper end for one datacenter hop), which gives an unloaded
 * host-to-host RTT of 48.8 us with 1,550-byte data packets and 90-byte ACKs (see
 * {@link Topology#baseRttNanos}). Queue settings: drop-tail buffers of 100 packets per Gbps of port rate
 * (our choice: 1.2 ms of queueing at any rate, deep enough never to be the reason a 20-packet ECN threshold is
 * not reached) and ECN threshold K of 20 packets per Gbps (the paper, section 2.3, after DCTCP).
 *
 * <p>Threading: stateless; safe from any thread.
 */
public final class Topologies {

  private Topologies() {}

  /**
   * The paper's symmetric fabric.
   *
   * @return the topology
   */
  public static Topology paperSymmetric() {
    return Topology.leafSpine().name("paper-symmetric").build();
  }

  /**
   * The paper's asymmetric fabric: the symmetric one with one of the two S2-L2 links removed (spine 1, leaf 1,
   * link 0 in 0-based ids), leaving three disjoint leaf-to-leaf paths and 12 Gbps between the leaves.
   *
   * @return the topology
   */
  public static Topology paperAsymmetric() {
    return Topology.leafSpine().name("paper-asymmetric").removeLink(1, 1, 0).build();
  }
}
