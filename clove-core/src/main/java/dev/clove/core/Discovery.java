// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

/**
 * What a balancer needs of path discovery: the seam between {@link BalancerCore} and {@link PathDiscovery}.
 *
 * <p>Threading: {@link #noteActivity} is called by dataplane threads and must be lock-free and allocation-free;
 * the other methods are called under the balancer's control lock, one at a time, except that
 * {@link #onProbeReply} and {@link #onPathFailure} may come re-entrantly from the ProbeSender, from inside
 * {@link #onTick} (the lock is reentrant); a re-entrant {@link #onTick} must be harmless.
 */
interface Discovery {
  void noteActivity(int destination, long nowNanos);

  void onProbeReply(int destination, int sourcePort, int ttl, int probeId, long hopId, boolean fromDestination,
      long nowNanos);

  void onPathFailure(int destination, int sourcePort, long nowNanos);

  /** As {@link #onPathFailure}, for a path the balancer found silent; not counted as a reported failure. */
  void onPathSilent(int destination, int sourcePort, long nowNanos);

  void onTick(long nowNanos);

  /** A copy of the hops traced for {@code port}, a current path of {@code destination}, or null if unknown. */
  long[] hops(int destination, int port);
}
