package dev.clove.core;

import dev.clove.core.internal.Hashing;

/**
 * {@link Policies#ecmp()}: rendezvous hashing of the flow onto the path ports.
 *
 * <p>Threading: stateless after binding; the chooser is a pure function of the flow key and the path ports.
 */
final class EcmpPolicy extends OneBalancerPolicy {
  @Override
  public boolean usesFlowlets() {
    return false;
  }

  @Override
  public PathChooser newChooser(long seed) {
    return (destination, paths, flowKey, nowNanos) -> rendezvous(paths, flowKey);
  }

  /** The index of the path whose port, mixed with the flow key, hashes highest. */
  static int rendezvous(PathSet paths, long flowKey) {
    int best = 0;
    long bestScore = Long.MIN_VALUE;
    for (int i = 0, n = paths.size(); i < n; i++) {
      long score = Hashing.mix64(flowKey ^ (paths.port(i) * 0x9E3779B97F4A7C15L));
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    return best;
  }
}
