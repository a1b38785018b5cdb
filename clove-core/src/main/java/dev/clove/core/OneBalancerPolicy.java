// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

/**
 * Base of the built-in policies that keep no shared state: {@link #bind} only enforces the SPI's rule that a
 * policy serves one balancer.
 *
 * <p>Threading: {@code bind} runs once, on the builder's thread.
 */
abstract class OneBalancerPolicy implements PathPolicy {
  private boolean bound;

  @Override
  public final void bind(int maxDestinations, int maxPathsPerDestination, long baseRttNanos) {
    if (bound) {
      throw new IllegalStateException("policy is already bound to a balancer; create one per balancer");
    }
    bound = true;
  }
}
