// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

/**
 * Policies that move flows, not only flowlets, off congested paths, for comparison with CLOVE-ECN through the same
 * SPI (issue #15): {@link dev.clove.ecn.repath.Plb#policy()}, a PLB-style repath (Qureshi et al., SIGCOMM 2022),
 * and {@link dev.clove.ecn.repath.Hermes#policy()}, a Hermes-style cautious reroute (Zhang et al., SIGCOMM 2017).
 * Both learn from the CLOVE-ECN relay's reports (graded CE fractions, or binary marks read as a fraction of 1) and
 * both use the balancer's flow-moving hooks ({@code PathPolicy.movesFlows}, {@code PathChooser.leaves},
 * {@code PathChooser.chooseFrom}) to end a flow's flowlet between two of its packets.
 *
 * <p>Why a package of its own: these are not CLOVE-ECN (no weights, sticky flows), and they share a piece CLOVE-ECN
 * does not need, the per-path move words and the per-flow, per-round draw that decides which flows leave.
 *
 * <h2>Threading</h2>
 * The policies' control methods run serialised under the balancer's control lock; the per-path words reach
 * dataplane threads by release stores and acquire loads of single ints, so choosers never block, and a continuing
 * packet costs one load of its path's move word.
 */
package dev.clove.ecn.repath;
