// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.ecn.repath;

import dev.clove.core.PathChooser;
import dev.clove.core.PathPolicy;
import dev.clove.core.PathSet;
import dev.clove.core.internal.Checks;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What PLB and Hermes share: a policy that learns each path's CE fraction per round from a graded relay, keeps its
 * per-path state in flat arrays indexed {@code destination * maxPaths + path}, publishes per path a level and a move
 * word on a {@link MoveBoard}, and lets its {@linkplain MovingChooser choosers} move flows between packets. The
 * subclass says what a report does to its own per-path state and how that state follows a path-set change.
 *
 * <p>Threading: as {@link PathPolicy}: control calls are serialised by the balancer; choosers read the board only.
 *
 * @param <C> the policy's chooser
 */
abstract class MovingPolicy<C extends MovingChooser> implements PathPolicy {
  /** The builder method that names the base RTT, for the error when balancer and policy disagree. */
  private final String baseRttParameter;
  private final long configuredBaseRttNanos;
  final CopyOnWriteArrayList<C> choosers = new CopyOnWriteArrayList<>();

  MoveBoard board;
  int maxDestinations;
  int maxPaths;
  /** Per (destination, path): when it was last reported, and how many reports it has had. */
  long[] lastReport;
  int[] roundsHeard;
  /** Per destination: the size of its current path set (at most maxPaths). */
  int[] sizes;
  /** The destinations that have had a report, for {@link #onTick}'s scans. */
  int[] active;
  int activeCount;
  private boolean[] activeDestination;

  MovingPolicy(String baseRttParameter, long configuredBaseRttNanos) {
    this.baseRttParameter = baseRttParameter;
    this.configuredBaseRttNanos = configuredBaseRttNanos;
  }

  /** Derives the time constants the builder left unset from the balancer's base RTT. */
  abstract void resolve(long baseRttNanos);

  /** Allocates the subclass's per-path state for {@code slots} (destination, path) pairs. */
  abstract void allocatePathState(int slots);

  /** The rounds between two turns of one flow, for the board. */
  abstract int turnPeriod();

  /** A new chooser, with its own random source. */
  abstract C newChooser(MoveBoard board, long seed);

  /**
   * Moves the subclass's per-path state of the destination whose state starts at {@code base}: path {@code j} of
   * the new set takes the state of path {@code from[j]} of the old one, or a fresh state where {@code from[j]} is -1.
   */
  abstract void remapPathState(int base, int[] from);

  /** Publishes the destination's paths anew after its path set changed. */
  abstract void republishAfterChange(int destination, PathSet previous, PathSet current);

  @Override
  public final boolean usesFlowlets() {
    return true;
  }

  @Override
  public final boolean movesFlows() {
    return true;
  }

  @Override
  public final boolean consumesCongestion() {
    return true;
  }

  @Override
  public final boolean consumesCongestionFraction() {
    return true;
  }

  @Override
  public final void bind(int maxDestinations, int maxPathsPerDestination, long baseRttNanos) {
    if (board != null) {
      throw new IllegalStateException("policy is already bound to a balancer; create one per balancer");
    }
    resolve(Checks.agreedBaseRtt(baseRttParameter, configuredBaseRttNanos, baseRttNanos));
    this.maxDestinations = maxDestinations;
    this.maxPaths = maxPathsPerDestination;
    final int slots = maxDestinations * maxPathsPerDestination;
    allocatePathState(slots);
    this.lastReport = new long[slots];
    this.roundsHeard = new int[slots];
    this.sizes = new int[maxDestinations];
    this.activeDestination = new boolean[maxDestinations];
    this.active = new int[maxDestinations];
    this.board = new MoveBoard(maxDestinations, maxPathsPerDestination, turnPeriod());
  }

  @Override
  public final PathChooser newChooser(long seed) {
    C c = newChooser(bound(), seed);
    choosers.add(c);
    return c;
  }

  /** Surviving paths (matched by port) keep their state; new ones start fresh. Allocates once per change. */
  @Override
  public final void onPathsChanged(int destination, PathSet previous, PathSet current, long nowNanos) {
    Objects.requireNonNull(previous, "previous");
    Objects.requireNonNull(current, "current");
    bound();
    if (destination < 0 || destination >= maxDestinations) {
      return;
    }
    final int base = destination * maxPaths;
    final int[] from = new int[maxPaths];
    for (int j = 0; j < maxPaths; j++) {
      final int k = j < current.size() ? previous.indexOf(current.port(j)) : -1;
      from[j] = k < maxPaths ? k : -1;
    }
    remap(lastReport, base, from);
    remap(roundsHeard, base, from);
    remapPathState(base, from);
    sizes[destination] = Math.min(current.size(), maxPaths);
    republishAfterChange(destination, previous, current);
  }

  /** A one-bit mark is a round in which every packet was marked. */
  @Override
  public final void onCongestion(int destination, int pathIndex, long nowNanos) {
    onCongestionFraction(destination, pathIndex, 1.0, nowNanos);
  }

  /**
   * The flat index of a reported (destination, path), the destination marked active (the subclass updates
   * {@link #lastReport} and {@link #roundsHeard} once it has used them); -1 for a destination or path out of range,
   * ignored (the balancer counts such reports before they reach a policy).
   */
  final int reported(int destination, int pathIndex, long nowNanos) {
    bound();
    if (destination < 0 || destination >= maxDestinations || pathIndex < 0 || pathIndex >= sizes[destination]) {
      return -1;
    }
    if (!activeDestination[destination]) {
      activeDestination[destination] = true;
      active[activeCount++] = destination;
    }
    return destination * maxPaths + pathIndex;
  }

  /**
   * Flows moved mid-flowlet so far, over every chooser of this policy (racy: may lag by a few packets).
   *
   * @return the number of continuing flowlets that a move ended
   */
  public final long flowsMoved() {
    long sum = 0;
    for (C c : choosers) {
      sum += c.moved();
    }
    return sum;
  }

  /** The published words, for tests in this package. */
  final MoveBoard board() {
    return board;
  }

  final MoveBoard bound() {
    final MoveBoard b = board;
    if (b == null) {
      throw new IllegalStateException("policy is not bound to a balancer yet");
    }
    return b;
  }

  static void remap(int[] a, int base, int[] from) {
    final int[] moved = new int[from.length];
    for (int j = 0; j < from.length; j++) {
      moved[j] = from[j] < 0 ? 0 : a[base + from[j]];
    }
    System.arraycopy(moved, 0, a, base, from.length);
  }

  static void remap(long[] a, int base, int[] from) {
    final long[] moved = new long[from.length];
    for (int j = 0; j < from.length; j++) {
      moved[j] = from[j] < 0 ? 0 : a[base + from[j]];
    }
    System.arraycopy(moved, 0, a, base, from.length);
  }

  static void remap(double[] a, int base, int[] from) {
    final double[] moved = new double[from.length];
    for (int j = 0; j < from.length; j++) {
      moved[j] = from[j] < 0 ? 0 : a[base + from[j]];
    }
    System.arraycopy(moved, 0, a, base, from.length);
  }
}
