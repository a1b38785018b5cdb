// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import dev.clove.core.internal.Hashing;

/**
 * {@link Policies#ecmp()}: rendezvous hashing of the flow onto the path ports, keyed by a per-balancer secret.
 *
 * <p>The secret comes from the balancer's seed, so every dataplane of one balancer puts a flow on the same path,
 * while two balancers (two hosts) hash independently: flow keys a tenant finds colliding on one host collide
 * nowhere else, and an unseeded balancer's secret comes from {@link java.security.SecureRandom}.
 *
 * <p>Threading: stateless after binding; the chooser is a pure function of the flow key, the path ports and the
 * secret.
 */
final class EcmpPolicy extends OneBalancerPolicy {
  @Override
  public boolean usesFlowlets() {
    return false;
  }

  @Override
  public PathChooser newChooser(long seed) {
    // The balancer hashes ECMP flows itself with its own secret (BalancerCore.ecmpSecret); this chooser serves
    // only callers that use the policy outside a balancer.
    long secret = Hashing.mix64(seed);
    return (destination, paths, flowKey, nowNanos) -> rendezvous(paths, flowKey, secret);
  }

  /** The index of the path whose port, mixed with the flow key and {@code secret}, hashes highest. */
  static int rendezvous(PathSet paths, long flowKey, long secret) {
    int best = 0;
    long bestScore = Long.MIN_VALUE;
    final long key = Hashing.mix64(flowKey ^ secret);
    for (int i = 0, n = paths.size(); i < n; i++) {
      long score = Hashing.mix64(key ^ (paths.port(i) * 0x9E3779B97F4A7C15L));
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    return best;
  }
}
