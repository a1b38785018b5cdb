// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

/**
 * Told by {@link PathDiscovery} whenever the set of paths to a destination changes.
 *
 * <p>Threading: called on the thread that calls the discovery's control methods ({@code onTick},
 * {@code onProbeReply}, {@code onPathFailure}), one call at a time. An implementation that shares the ports
 * with dataplane threads must publish them itself (for example with a release store of the array).
 */
interface PathSetListener {

  /**
   * The paths to {@code destination} are now the ones that {@code ports} (outer source ports) take.
   *
   * @param ports a fresh array the listener may keep: ports of paths that survived, in their previous relative
   *     order, then ports of new paths; empty when no path is left
   */
  void pathsChanged(int destination, int[] ports);

  /**
   * The traced hops of a current path to {@code destination} changed while its ports did not (a trace filled in
   * a hop that had not answered, or the fabric moved a port onto another path); not called when
   * {@link #pathsChanged} is. Ignored by default.
   *
   * @param destination dense id of the destination whose paths' hops changed
   */
  default void hopsChanged(int destination) {}
}
