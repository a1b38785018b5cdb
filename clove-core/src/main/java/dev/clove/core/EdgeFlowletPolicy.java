// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import java.util.SplittableRandom;

/**
 * {@link Policies#edgeFlowlet()}: a uniformly random path per new flowlet.
 *
 * <p>Threading: each chooser owns its {@link SplittableRandom}; nothing is shared.
 */
final class EdgeFlowletPolicy extends OneBalancerPolicy {
  @Override
  public boolean usesFlowlets() {
    return true;
  }

  @Override
  public PathChooser newChooser(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    return (destination, paths, flowKey, nowNanos) -> random.nextInt(paths.size());
  }
}
