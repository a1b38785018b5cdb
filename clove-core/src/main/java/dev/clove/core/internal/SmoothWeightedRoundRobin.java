// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core.internal;

/**
 * Smooth weighted round robin over the paths of each destination: the scheduler CLOVE-ECN rotates new flowlets
 * with (paper, section 2.3).
 *
 * <p>Every pick adds each path's weight to its running credit, takes the path with the most credit, and debits
 * it by the total weight (the "smooth" variant popularised by nginx). Over any run of picks each path's share
 * follows its weight closely, and picks of a path are spread out instead of bunched, so consecutive flowlets do
 * not pile onto one path. Weights are read from a {@link PathWeights} and cached until their version changes, so
 * a pick costs one acquire load and a pass over the paths, and allocates nothing once the destination has been
 * seen.
 *
 * <p>Where picks would tie (equal credit, as on a destination's first pick with equal weights), a per-destination
 * rotation of the indices decides, its starting index drawn from the instance's seed. Without that, every sender
 * would start every destination's rotation on path 0 and walk the paths in the same order: independently seeded
 * senders would move in lockstep, a synchronized herd on one path at a time, and a sampler aligned with the
 * rotation could observe it. The rotation is built into the credits when they are reset: the {@code j}-th path
 * after the starting one starts {@code j x TIE_BREAK} (1e-9 of the unit weight) lower, so ties break in rotation
 * order while the pick loop stays a plain pass over the paths (a wrapping scan cost 5 to 8% per packet at 1,000
 * flows, measured with {@code CompareBuilds}). The offsets never change the shares: every pick adds the weights
 * and subtracts their total, so credits keep their offsets, and only picks that differ by less than the offsets
 * decide differently.
 *
 * <p>If the weights do not match the path set in size (discovery has just changed the set and the policy has not
 * yet republished), the pick treats all paths as equal for that moment.
 *
 * <p>Threading: one instance per dataplane thread; not thread-safe. It only reads the shared {@code PathWeights}.
 */
public final class SmoothWeightedRoundRobin {
  private final PathWeights weights;
  private final double[][] cached;
  private final double[][] credit;
  private final long[] cachedVersion;
  private final int[] cachedCount;
  /** The credit offset between consecutive paths of the rotation; see the class description. */
  private static final double TIE_BREAK = 1e-9;
  private final long secret;

  /**
   * A scheduler reading {@code weights}; per-destination state is allocated on a destination's first pick.
   *
   * @param weights the shared weights, which the policy publishes
   * @param maxDestinations one more than the largest destination id
   * @param seed keys the per-destination rotation that breaks ties (see the class description)
   */
  public SmoothWeightedRoundRobin(PathWeights weights, int maxDestinations, long seed) {
    this.weights = weights;
    this.secret = Hashing.mix64(seed ^ 0x9E3779B97F4A7C15L);
    this.cached = new double[maxDestinations][];
    this.credit = new double[maxDestinations][];
    this.cachedVersion = new long[maxDestinations];
    this.cachedCount = new int[maxDestinations];
  }

  /**
   * Picks the next path index in {@code [0, pathCount)} for {@code destination}.
   *
   * @param destination the destination, in {@code 0..maxDestinations-1}
   * @param pathCount the number of the destination's current paths, at least 1
   * @return the index of the path for the next flowlet, in {@code [0, pathCount)}
   */
  public int next(int destination, int pathCount) {
    double[] w = cached[destination];
    double[] c = credit[destination];
    if (w == null) {
      w = cached[destination] = new double[weights.maxPaths()];
      c = credit[destination] = new double[weights.maxPaths()];
      cachedVersion[destination] = -1;
    }
    if (weights.version(destination) != cachedVersion[destination]) {
      long stamp = weights.read(destination, w);
      int count = PathWeights.stampCount(stamp);
      if (count != cachedCount[destination]) {
        java.util.Arrays.fill(c, 0.0);
        cachedCount[destination] = count;
        if (count > 1) { // the seeded rotation, as credit offsets (class description)
          int start = Hashing.reduce(Hashing.mix64(secret + destination * 0xC2B2AE3D27D4EB4FL), count);
          for (int j = 0; j < count; j++) {
            c[(start + j) % count] = -j * TIE_BREAK;
          }
        }
      }
      cachedVersion[destination] = PathWeights.stampVersion(stamp);
    }
    if (cachedCount[destination] != pathCount || pathCount > w.length) {
      return nextEqual(c, Math.min(pathCount, c.length));
    }
    double total = 0;
    int best = 0;
    double bestCredit = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < pathCount; i++) {
      double wi = w[i];
      total += wi;
      double ci = c[i] + wi;
      c[i] = ci;
      if (ci > bestCredit) {
        bestCredit = ci;
        best = i;
      }
    }
    c[best] -= total;
    return best;
  }

  /** Plain round robin while weights and paths disagree; keeps using the credit array as the cursor. */
  private static int nextEqual(double[] c, int pathCount) {
    int best = 0;
    for (int i = 0; i < pathCount; i++) {
      c[i] += 1;
      if (c[i] > c[best]) {
        best = i;
      }
    }
    c[best] -= pathCount;
    return best;
  }
}
