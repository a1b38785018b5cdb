// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import dev.clove.api.Counter;
import java.util.Objects;

/**
 * The per-dataplane half of a {@link PathPolicy}: picks the path of each new flowlet.
 *
 * <p>Threading: each chooser belongs to one dataplane thread and is called only by it; it may read state its
 * policy publishes from other threads (with acquire semantics) but never writes shared state. Called once per
 * new flowlet, so it must not allocate.
 */
public interface PathChooser {

  /**
   * Returns the index, in {@code [0, paths.size())}, of the path for a new flowlet of {@code flowKey}.
   * {@code paths} is never empty.
   *
   * @param destination dense id of the flowlet's destination
   * @param paths the destination's current paths, at least one
   * @param flowKey identity of the inner flow, as given to {@code selectSourcePort}
   * @param nowNanos the current time, from the packet being placed
   * @return the index of the chosen path, in {@code 0..paths.size()-1}
   */
  int choose(int destination, PathSet paths, long flowKey, long nowNanos);

  /**
   * For a policy that {@linkplain PathPolicy#movesFlows moves flows}: the index of the path for a new flowlet of
   * {@code flowKey} whose flow was last on path {@code previousIndex} of {@code paths}, or -1 if the flow is new
   * to the balancer (or its path is gone). Called instead of {@link #choose} for every new flowlet, including one
   * that {@link #leaves} started. By default, {@link #choose}.
   *
   * @param destination dense id of the flowlet's destination
   * @param paths the destination's current paths, at least one
   * @param flowKey identity of the inner flow
   * @param previousIndex the flow's previous path in {@code paths}, or -1 if unknown
   * @param nowNanos the current time, from the packet being placed
   * @return the index of the chosen path, in {@code 0..paths.size()-1}
   */
  default int chooseFrom(int destination, PathSet paths, long flowKey, int previousIndex, long nowNanos) {
    return choose(destination, paths, flowKey, nowNanos);
  }

  /**
   * For a policy that {@linkplain PathPolicy#movesFlows moves flows}: true if the flow {@code flowKey}, whose
   * current flowlet continues on path {@code pathIndex}, should leave that path with this packet; the balancer
   * then places it as a new flowlet ({@link #chooseFrom} with {@code previousIndex = pathIndex}). Called for every
   * packet that continues a flowlet, so it must be a load or two in the common case: no allocation, no lock, no
   * clock. False by default.
   *
   * @param destination dense id of the flow's destination
   * @param pathIndex the path the flow's flowlet is on, valid in the destination's current set
   * @param flowKey identity of the inner flow
   * @return true to start a new flowlet for this flow now
   */
  default boolean leaves(int destination, int pathIndex, long flowKey) {
    return false;
  }

  /**
   * This chooser's own count of {@code counter} (for example telemetry fallbacks), or 0.
   *
   * @param counter the counter to read, not null
   * @return the number of events this chooser counted, 0 for a counter it does not keep
   */
  default long count(Counter counter) {
    Objects.requireNonNull(counter, "counter");
    return 0;
  }
}
