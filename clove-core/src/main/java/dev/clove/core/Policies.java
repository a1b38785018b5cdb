// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

/**
 * The congestion-oblivious policies that need no feedback: the ECMP baseline and Edge-Flowlet.
 * The congestion-aware ones live in {@code clove-ecn} ({@code CloveEcn}) and {@code clove-int} ({@code CloveInt}).
 *
 * <p>Each call returns a new policy instance, to be given to one balancer builder.
 */
public final class Policies {
  private Policies() {}

  /**
   * ECMP: each flow is hashed onto one of its destination's paths and stays there for its whole life; no flowlet
   * tracking. The hash is rendezvous (highest random weight) over the paths' ports, so when the path set changes
   * only the flows of removed paths move, and flows move to an added path in proportion.
   *
   * @return a new ECMP policy, for one balancer
   */
  public static PathPolicy ecmp() {
    return new EcmpPolicy();
  }

  /**
   * Edge-Flowlet: each new flowlet takes a path drawn uniformly at random from the destination's paths (paper,
   * section 2.2). Congestion-oblivious, but reacts indirectly: congestion delays ACKs, which opens flowlet gaps.
   *
   * @return a new Edge-Flowlet policy, for one balancer
   */
  public static PathPolicy edgeFlowlet() {
    return new EdgeFlowletPolicy();
  }
}
