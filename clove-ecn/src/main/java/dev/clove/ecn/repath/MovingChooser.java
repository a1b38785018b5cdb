// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.ecn.repath;

import dev.clove.core.PathChooser;
import dev.clove.core.PathSet;
import dev.clove.core.internal.Hashing;

/**
 * The dataplane half shared by the flow-moving policies: {@link #leaves} reads the policy's {@link MoveBoard}
 * (one load when the path's flows stay), counts the flows it sends away, and gives subclasses a seeded random
 * source that allocates nothing.
 *
 * <p>Threading: one dataplane thread; {@link #moved()} may be read racily from any thread (a plain long, never
 * torn on a 64-bit JVM).
 */
abstract class MovingChooser implements PathChooser {
  final MoveBoard board;
  private final long secret;
  private long random;
  private long moved;

  MovingChooser(MoveBoard board, long seed) {
    this.board = board;
    this.secret = Hashing.mix64(seed ^ 0x5EC4E7L);
    this.random = Hashing.mix64(seed ^ 0x4A4D5L);
  }

  @Override
  public final int choose(int destination, PathSet paths, long flowKey, long nowNanos) {
    return chooseFrom(destination, paths, flowKey, -1, nowNanos);
  }

  @Override
  public final boolean leaves(int destination, int pathIndex, long flowKey) {
    if (board.leaves(destination, pathIndex, flowKey, secret)) {
      moved++;
      return true;
    }
    return false;
  }

  /** A uniform index in {@code [0, bound)}, bound positive. */
  final int nextIndex(int bound) {
    random += 0x9E3779B97F4A7C15L;
    return Hashing.reduce(Hashing.mix64(random), bound);
  }

  /** Flows this chooser sent off their path with {@link #leaves}. */
  final long moved() {
    return moved;
  }
}
