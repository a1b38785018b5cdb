package dev.clove.core;

import java.util.SplittableRandom;

/**
 * {@link Policies#edgeFlowlet()}: a uniformly random path per new flowlet.
 *
 * <p>Threading: each chooser owns its {@link SplittableRandom}; nothing is shared.
 */
final class EdgeFlowletPolicy implements PathPolicy {
  private boolean bound;

  @Override
  public boolean usesFlowlets() {
    return true;
  }

  @Override
  public void bind(int maxDestinations, int maxPathsPerDestination) {
    if (bound) {
      throw new IllegalStateException("policy is already bound to a balancer; create one per balancer");
    }
    bound = true;
  }

  @Override
  public PathChooser newChooser(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    return (destination, paths, flowKey, nowNanos) -> random.nextInt(paths.size());
  }
}
