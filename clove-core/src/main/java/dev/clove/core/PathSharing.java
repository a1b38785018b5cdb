// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import dev.clove.core.internal.Hashing;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;

/**
 * Which paths of different destinations are one physical path: the index behind
 * {@link BalancerBuilder#sharePathFeedback}. Each path of each destination may carry a physical identity (a 64-bit
 * id: given with static paths, or derived from the hops discovery traced); paths with equal ids form a
 * {@link Group}, and a report about any member is delivered to every member.
 *
 * <p>The index is rebuilt for one destination whenever its path set (or, under discovery, a path's traced hops)
 * changes; a report only reads it. Memory: one reference per destination up front, then one group per distinct
 * physical path in use and two ints per (destination, path) pair, so at most {@code maxDestinations x maxPaths}
 * entries.
 *
 * <p>Threading: control thread only (every method runs under the balancer's control lock).
 */
final class PathSharing {
  /*
   * Design notes.
   *
   * Why a group object per physical path, and not a map lookup per report: a report knows (destination, index),
   * so byDestination[destination][index] reaches the group in two array loads, with no hashing and no boxing on
   * the feedback path. The map from id to group is used only when a destination's paths change.
   *
   * Why members are (destination, index) pairs and not ports: the policy's calls take path indices, and a
   * destination's indices are only valid for its current set, which is why a destination's entries are replaced
   * wholesale on every change of its set.
   */

  /** The id of a path whose physical identity is unknown: such a path shares with no other. */
  static final long NO_IDENTITY = Long.MIN_VALUE;

  /** The destinations and path indices that are one physical path. */
  static final class Group {
    final long id;
    /** Pairs: destination, path index; {@link #pairs} of them. */
    int[] members = new int[8];
    int pairs;

    Group(long id) {
      this.id = id;
    }

    void add(int destination, int index) {
      if (2 * pairs + 2 > members.length) {
        members = java.util.Arrays.copyOf(members, 2 * members.length);
      }
      members[2 * pairs] = destination;
      members[2 * pairs + 1] = index;
      pairs++;
    }

    /** Removes every pair of {@code destination}, keeping the others in order. */
    void removeDestination(int destination) {
      int kept = 0;
      for (int k = 0; k < pairs; k++) {
        if (members[2 * k] != destination) {
          members[2 * kept] = members[2 * k];
          members[2 * kept + 1] = members[2 * k + 1];
          kept++;
        }
      }
      pairs = kept;
    }
  }

  private final Long2ObjectOpenHashMap<Group> groups = new Long2ObjectOpenHashMap<>();
  /** By destination, the group of each path index (null where it has no identity); null for no paths. */
  private final Group[][] byDestination;

  PathSharing(int maxDestinations) {
    this.byDestination = new Group[maxDestinations][];
  }

  /**
   * Replaces the entries of {@code destination} with one per path of its new set.
   *
   * @param ids the physical id of each path, index-aligned with the new set; {@link #NO_IDENTITY} where unknown
   */
  void update(int destination, long[] ids) {
    Group[] old = byDestination[destination];
    if (old != null) {
      for (Group g : old) {
        if (g != null && g.pairs > 0) {
          g.removeDestination(destination);
          if (g.pairs == 0) {
            groups.remove(g.id);
          }
        }
      }
    }
    if (ids.length == 0) {
      byDestination[destination] = null;
      return;
    }
    Group[] current = new Group[ids.length];
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] == NO_IDENTITY) {
        continue;
      }
      Group g = groups.get(ids[i]);
      if (g == null) {
        g = new Group(ids[i]);
        groups.put(ids[i], g);
      }
      g.add(destination, i);
      current[i] = g;
    }
    byDestination[destination] = current;
  }

  /** The group of path {@code index} of {@code destination}, or null if it shares with nothing known. */
  Group group(int destination, int index) {
    Group[] g = byDestination[destination];
    return g == null || index >= g.length ? null : g[index];
  }

  /** The number of distinct physical paths in the index, for tests. */
  int groupCount() {
    return groups.size();
  }

  /**
   * The physical identity of a traced hop list: a hash of the hops in order, or {@link #NO_IDENTITY} if the list
   * is null, empty or has a hop that did not answer (an incomplete trace may be any of several paths, and a
   * wrong merge would move weights of a path no report was about). Two different hop lists collide with
   * probability about 2^-64 per pair.
   */
  static long idOfHops(long[] hops) {
    if (hops == null || hops.length == 0) {
      return NO_IDENTITY;
    }
    long h = 0x5DEECE66DL ^ hops.length;
    for (long hop : hops) {
      if (hop == PathSelection.UNKNOWN_HOP) {
        return NO_IDENTITY;
      }
      h = Hashing.mix64(h + hop + 0x9E3779B97F4A7C15L);
    }
    return h == NO_IDENTITY ? NO_IDENTITY + 1 : h;
  }
}
