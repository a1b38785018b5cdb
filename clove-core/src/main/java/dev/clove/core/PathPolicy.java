// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import dev.clove.api.Counter;
import java.util.Objects;

/**
 * How a balancer places new flowlets on paths, and what it learns from feedback: the extension point that
 * ECMP, Edge-Flowlet, CLOVE-ECN and CLOVE-INT implement.
 *
 * <p>A policy instance is bound to exactly one balancer (and its {@linkplain dev.clove.api.LoadBalancer#newDataplane
 * sibling dataplanes}) by {@link #bind}; the builder calls it once.
 *
 * <h2>Threading</h2>
 * The balancer serialises every control call ({@code bind}, {@code onPathsChanged}, {@code onCongestion},
 * {@code onCongestionFraction}, {@code onUtilization}, {@code onTick}): they never run concurrently with each
 * other, but they do run concurrently with the {@linkplain #newChooser choosers} on dataplane threads, so state
 * that choosers read must be published safely (immutable snapshots, or a sequence lock such as CLOVE-ECN's weights).
 *
 * <p>Path indices in these calls refer to the {@link PathSet} the balancer most recently published for the
 * destination, the one {@link #onPathsChanged} announced last.
 */
public interface PathPolicy {

  /**
   * False when each flow keeps one path for its whole life (ECMP): the balancer then skips flowlet tracking.
   *
   * @return true if new flowlets may change path, false if a flow's first path is kept
   */
  boolean usesFlowlets();

  /**
   * True if this policy may move a flow off its path between two of its packets, not only when a flowlet ends
   * (a PLB- or Hermes-style repath); false by default, and then the balancer's per-packet path is exactly as
   * before. When true, the balancer asks the chooser, for each packet that continues a flowlet, whether the flow
   * {@linkplain PathChooser#leaves leaves} its path now, and places every new flowlet, moved or not, with
   * {@link PathChooser#chooseFrom}, which also names the flow's previous path. Read once, when the balancer is
   * built.
   *
   * @return true if the balancer should consult {@link PathChooser#leaves} and {@link PathChooser#chooseFrom}
   */
  default boolean movesFlows() {
    return false;
  }

  /**
   * Sizes the policy for a balancer and hands it the balancer's base RTT, from which a policy derives the time
   * constants its builder left unset (so that the RTT is configured once, on {@code Clove.builder()}). Called once,
   * by the balancer builder's {@code build()}, before any other method.
   *
   * @param maxDestinations the balancer's {@code maxDestinations}: destination ids are in
   *     {@code [0, maxDestinations)}
   * @param maxPathsPerDestination the balancer's {@code maxPathsPerDestination}: path indices are below it
   * @param baseRttNanos the balancer's {@code baseRttNanos}, positive
   * @throws IllegalStateException if the policy is already bound to a balancer
   * @throws IllegalArgumentException if the policy was configured with a different base RTT, naming both values
   */
  void bind(int maxDestinations, int maxPathsPerDestination, long baseRttNanos);

  /**
   * Returns a chooser for one dataplane thread, with its own random source seeded by {@code seed}.
   *
   * @param seed the seed of the chooser's random source, derived from the balancer's seed
   * @return a new chooser, for one dataplane thread
   */
  PathChooser newChooser(long seed);

  /**
   * The paths of {@code destination} changed from {@code previous} to {@code current} (never null: a destination
   * without paths has {@link PathSet#EMPTY}).
   *
   * @param destination dense id of the destination whose paths changed
   * @param previous the paths published before
   * @param current the paths published now
   * @param nowNanos the time of the control call that changed them
   */
  default void onPathsChanged(int destination, PathSet previous, PathSet current, long nowNanos) {
    Objects.requireNonNull(previous, "previous");
    Objects.requireNonNull(current, "current");
  }

  /**
   * True if this policy learns from relayed congestion marks ({@link #onCongestion}); false by default. A
   * balancer whose policy returns false counts congestion reports as {@link Counter#FEEDBACK_WRONG_KIND} and does
   * not pass them on.
   *
   * @return true if {@link #onCongestion} should be called
   */
  default boolean consumesCongestion() {
    return false;
  }

  /**
   * True if this policy learns from relayed utilization ({@link #onUtilization}); false by default. A balancer
   * whose policy returns false counts utilization reports as {@link Counter#FEEDBACK_WRONG_KIND} and does not pass
   * them on.
   *
   * @return true if {@link #onUtilization} should be called
   */
  default boolean consumesUtilization() {
    return false;
  }

  /**
   * True if this policy learns from graded congestion reports ({@link #onCongestionFraction}); false by default.
   * A balancer whose policy returns false passes a graded report with a fraction above 0 to {@link #onCongestion}
   * if the policy {@linkplain #consumesCongestion consumes marks} (any marked packet is a mark), and otherwise
   * counts it as {@link Counter#FEEDBACK_WRONG_KIND}.
   *
   * @return true if {@link #onCongestionFraction} should be called
   */
  default boolean consumesCongestionFraction() {
    return false;
  }

  /**
   * The receiver relayed the fraction of path {@code pathIndex}'s packets that arrived CE-marked in its last
   * report interval. The balancer has already rejected NaN and values outside [0, 1]; 0 (heard, unmarked) is
   * passed on too, since it tells a graded policy that the path is clear.
   *
   * @param destination dense id of the destination the path leads to
   * @param pathIndex the path's index in the destination's current {@link PathSet}
   * @param fraction the share of the path's packets that arrived CE-marked, in [0, 1]
   * @param nowNanos the current time
   */
  default void onCongestionFraction(int destination, int pathIndex, double fraction, long nowNanos) {}

  /**
   * The receiver relayed a congestion mark for path {@code pathIndex} of {@code destination}.
   *
   * @param destination dense id of the destination the path leads to
   * @param pathIndex the path's index in the destination's current {@link PathSet}
   * @param nowNanos the current time
   */
  default void onCongestion(int destination, int pathIndex, long nowNanos) {}

  /**
   * Telemetry reported the utilization of path {@code pathIndex} of {@code destination}. The balancer has already
   * rejected NaN, negative and implausibly large values.
   *
   * @param destination dense id of the destination the path leads to
   * @param pathIndex the path's index in the destination's current {@link PathSet}
   * @param utilization the path's utilization as a fraction of link capacity (0 idle, 1 saturated)
   * @param nowNanos the current time
   */
  default void onUtilization(int destination, int pathIndex, double utilization, long nowNanos) {}

  /**
   * Periodic housekeeping, see {@link dev.clove.api.LoadBalancer#onTick}.
   *
   * @param nowNanos the current time, as given to {@code onTick}
   */
  default void onTick(long nowNanos) {}

  /**
   * The policy's own count of {@code counter} (for example weight cuts), or 0.
   *
   * @param counter the counter to read, not null
   * @return the number of events this policy counted, 0 for a counter it does not keep
   */
  default long count(Counter counter) {
    Objects.requireNonNull(counter, "counter");
    return 0;
  }
}
