// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import dev.clove.api.ProbeSender;
import dev.clove.core.internal.Hashing;

/**
 * Connects path discovery to a balancer core: each set of paths discovery settles on becomes the core's published
 * path set for that destination, and from there reaches the policy and every dataplane.
 *
 * <p>Threading: discovery's control methods, and so this listener, run under the core's control lock.
 */
final class DiscoveryBinding {
  private DiscoveryBinding() {}

  static Discovery create(BalancerCore core, DiscoveryConfig config, ProbeSender sender) {
    PathSetListener listener = new PathSetListener() {
      @Override
      public void pathsChanged(int destination, int[] ports) {
        core.publishPaths(destination, ports, core.controlNanos());
      }

      @Override
      public void hopsChanged(int destination) {
        core.hopsChanged(destination); // a path's physical identity may have changed (sharePathFeedback)
      }
    };
    return new PathDiscovery(config, core.maxDestinations, Hashing.mix64(core.seed ^ 0x3L), sender, listener,
        core.counters);
  }
}
