// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.ecn.repath;

import dev.clove.core.PathSet;
import dev.clove.core.internal.Hashing;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What a flow-moving policy publishes to its choosers, two ints per (destination, path): a policy-specific level
 * (PLB: consecutive congested rounds; Hermes: the path's class and CE fraction) and a move word that is negative
 * while flows on the path should leave it, its low 31 bits naming the round that asked them to.
 *
 * <p>Which flows leave in a round is decided per flow, without per-flow state, by turns: the move word carries a
 * global round number (time / round), and a flow may leave only in the rounds {@code r} with
 * {@code (r + phase) mod period == 0}, its phase a keyed hash of the flow key alone. A round asks about
 * {@code 1/period} of the path's flows, the same flows whichever packet asks; and since the phase does not depend on
 * the path, a flow leaves at most once per {@code period} rounds wherever it goes.
 *
 * <p>Threading: the owning policy writes (under the balancer's control lock) with release stores; choosers on
 * dataplane threads read with acquire loads (plain loads on x86). A single int never tears.
 */
final class MoveBoard {
  private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
  /** The move word of a path whose flows stay. */
  static final int STAY = 0;

  private final int maxPaths;
  private final int[] levels;
  private final int[] moves;
  /** The period of a flow's turns, in rounds. */
  private final int period;

  /** A board whose flows take turns: each may leave in one round of every {@code period} (global rounds). */
  MoveBoard(int maxDestinations, int maxPaths, int period) {
    this.maxPaths = maxPaths;
    this.levels = new int[maxDestinations * maxPaths];
    this.moves = new int[maxDestinations * maxPaths];
    this.period = period;
  }

  /** The move word that asks flows to leave in {@code round} (any int; its low 31 bits are kept). */
  static int leaveIn(int round) {
    return Integer.MIN_VALUE | (round & Integer.MAX_VALUE);
  }

  int level(int destination, int path) {
    return (int) INTS.getAcquire(levels, destination * maxPaths + path);
  }

  int move(int destination, int path) {
    return (int) INTS.getAcquire(moves, destination * maxPaths + path);
  }

  void publish(int destination, int path, int level, int move) {
    final int i = destination * maxPaths + path;
    INTS.setRelease(levels, i, level);
    INTS.setRelease(moves, i, move);
  }

  /**
   * Carries a destination's published words over a path-set change: a surviving port keeps its words at its new
   * index, a new port starts with {@code 0} and {@link #STAY}.
   */
  void remap(int destination, PathSet previous, PathSet current) {
    final int base = destination * maxPaths;
    final int n = Math.min(current.size(), maxPaths);
    final int[] oldLevels = new int[previous.size()];
    final int[] oldMoves = new int[previous.size()];
    for (int k = 0; k < oldLevels.length && k < maxPaths; k++) {
      oldLevels[k] = levels[base + k];
      oldMoves[k] = moves[base + k];
    }
    for (int j = 0; j < maxPaths; j++) {
      final int k = j < n ? previous.indexOf(current.port(j)) : -1;
      final boolean kept = k >= 0 && k < maxPaths;
      publish(destination, j, kept ? oldLevels[k] : 0, kept ? oldMoves[k] : STAY);
    }
  }

  /**
   * True if {@code flowKey}, on {@code path} of {@code destination}, leaves now: the path's move word asks flows
   * to leave and the round it names is this flow's turn. One load when the path's flows stay.
   */
  boolean leaves(int destination, int path, long flowKey, long secret) {
    final int move = move(destination, path);
    return move < 0 && inTurn(flowKey, secret, move & Integer.MAX_VALUE, period);
  }

  /** Whether {@code flowKey} may leave in global round {@code round} (see the class comment). */
  static boolean inTurn(long flowKey, long secret, int round, int period) {
    final int phase = Hashing.reduce(Hashing.mix64(flowKey ^ secret), period);
    return ((long) round + phase) % period == 0;
  }
}
