// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.util.Arrays;

/**
 * The path arithmetic of discovery: when two traces are the same path, which links a path uses, and which k of
 * the candidate paths to keep.
 *
 * <p>A path is given as its hop list: {@code hops[i]} is the id of the interface that answered the probe with
 * TTL {@code i + 1}, and the destination answered TTL {@code hops.length + 1}. A hop that never answered is
 * {@link #UNKNOWN_HOP}. A link is a consecutive pair of hops, counting the source before the first hop and the
 * destination after the last.
 *
 * <p>Threading: static functions of their arguments; safe everywhere.
 */
final class PathSelection {
  /*
   * Design notes.
   *
   * 1. Selection is the paper's heuristic (section 2.1): "greedily add the path that shares the least number of
   *    links with the existing picked paths". Greedy alone can miss a disjoint set that exists: if it starts
   *    with a path that touches two of the disjoint ones, every later pick shares a link. So when the greedy
   *    set is not pairwise disjoint, a bounded backtracking search looks for k pairwise-disjoint candidates and
   *    wins if it finds them. Candidates are few (k + probes per round, 20 by default), so the search normally
   *    ends in microseconds; the step budget keeps a pathological input from costing more than a few
   *    milliseconds of control-plane time, after which the greedy set stands.
   * 2. Links that every candidate uses (the host's own uplink on a single-homed host, the destination's
   *    downlink) are ignored: they would make every pair of paths overlap and carry no information.
   * 3. Links are compared by a 64-bit mix of their two endpoints. A collision would make two distinct links look
   *    shared; with at most a few thousand links per selection its probability is below 2^-40.
   * 4. A link that touches an unknown hop is never counted as shared: we cannot tell, and assuming it is
   *    distinct keeps a path whose switch stays silent from being penalised.
   */

  /** The hop id that stands for "no reply at this TTL". A reply carrying this id is treated as junk. */
  static final long UNKNOWN_HOP = Long.MIN_VALUE;

  /** Candidate tests the disjoint-set search may make before it gives up and the greedy set stands. */
  static final int SEARCH_BUDGET = 100_000;

  private static final long FIRST_LINK_SALT = 0x5851F42D4C957F2DL;
  private static final long INNER_LINK_SALT = 0x14057B7EF767814FL;
  private static final long LAST_LINK_SALT = 0x2545F4914F6CDD1DL;
  private static final long DIRECT_LINK_SALT = 0x61C8864680B583EBL;

  private PathSelection() {}

  /**
   * True when two traces fit each other: equal length, and equal hops at every TTL at which both are known. This
   * is not "the same path" when either has a hop that was lost rather than silent (see {@link #hasLostHop}):
   * discovery uses it only where that cannot merge distinct paths.
   */
  static boolean fits(long[] a, long[] b) {
    if (a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      if (a[i] != b[i] && a[i] != UNKNOWN_HOP && b[i] != UNKNOWN_HOP) {
        return false;
      }
    }
    return true;
  }

  /**
   * True when {@code trace} lost a reply: for some TTL at which it is unknown, another equally long trace in
   * {@code evidence} (nulls and {@code trace} itself are skipped) is known there and agrees with it at the TTLs
   * just before and just after (wherever both are known; the source and the destination always agree). A switch
   * in that place, between the same neighbours, answered another probe, so this probe's reply was lost, and
   * the trace could be any of several paths. An unknown hop with no such witness is silent (a switch that never
   * answers), and a trace whose unknown hops are all silent is as good as complete.
   */
  static boolean hasLostHop(long[] trace, long[][] evidence) {
    for (int j = 0; j < trace.length; j++) {
      if (trace[j] != UNKNOWN_HOP) {
        continue;
      }
      for (long[] other : evidence) {
        if (other != null && other != trace && other.length == trace.length && other[j] != UNKNOWN_HOP
            && agreeAt(trace, other, j - 1) && agreeAt(trace, other, j + 1)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether two traces agree at index {@code i}: out of range of either, unknown in either, or equal. */
  private static boolean agreeAt(long[] a, long[] b, int i) {
    return i < 0 || i >= a.length || i >= b.length || a[i] == UNKNOWN_HOP || b[i] == UNKNOWN_HOP
        || a[i] == b[i];
  }

  /**
   * The length {@code trace} really has if its trailing unknown hops were the destination's lost answers: the
   * smallest {@code m < trace.length} such that every hop from {@code m} on is unknown and some trace in
   * {@code evidence} of length {@code m} ends with the hop {@code trace} has at {@code m - 1} (or either is
   * unknown there): the destination answered right after that hop. Returns {@code trace.length} if there is
   * none. (The destination answers every TTL past the path; if its answers to the first of them are lost, the
   * trace looks longer, ending in unknown hops. The smallest length wins because the evidence may hold such
   * too-long traces itself.)
   */
  static int lengthWithoutLostEnd(long[] trace, long[][] evidence) {
    int firstTrailingUnknown = trace.length;
    while (firstTrailingUnknown > 0 && trace[firstTrailingUnknown - 1] == UNKNOWN_HOP) {
      firstTrailingUnknown--;
    }
    for (int m = firstTrailingUnknown; m < trace.length; m++) {
      for (long[] other : evidence) {
        if (other != null && other.length == m && (m == 0 || agreeAt(trace, other, m - 1))) {
          return m;
        }
      }
    }
    return trace.length;
  }

  /**
   * {@code known} with its unknown hops taken from {@code trace}, which must fit it ({@link #fits}); returns
   * {@code known} itself when there is nothing to fill.
   */
  static long[] fill(long[] known, long[] trace) {
    long[] result = known;
    for (int i = 0; i < known.length; i++) {
      if (known[i] == UNKNOWN_HOP && trace[i] != UNKNOWN_HOP) {
        if (result == known) {
          result = known.clone();
        }
        result[i] = trace[i];
      }
    }
    return result;
  }

  /**
   * The keys of the known links of a path, sorted and distinct. A path of {@code n} hops has {@code n + 1}
   * links: source to hop 1, hop i to hop i+1, hop n to destination; links touching an unknown hop are left
   * out.
   */
  static long[] linkKeys(long[] hops) {
    if (hops.length == 0) {
      return new long[] {mix(DIRECT_LINK_SALT)};
    }
    long[] keys = new long[hops.length + 1];
    int n = 0;
    if (hops[0] != UNKNOWN_HOP) {
      keys[n++] = mix(mix(hops[0] ^ FIRST_LINK_SALT));
    }
    for (int i = 0; i + 1 < hops.length; i++) {
      if (hops[i] != UNKNOWN_HOP && hops[i + 1] != UNKNOWN_HOP) {
        keys[n++] = mix(mix(hops[i] ^ INNER_LINK_SALT) + hops[i + 1]);
      }
    }
    if (hops[hops.length - 1] != UNKNOWN_HOP) {
      keys[n++] = mix(mix(hops[hops.length - 1] ^ LAST_LINK_SALT));
    }
    long[] result = Arrays.copyOf(keys, n);
    Arrays.sort(result);
    int distinct = 0;
    for (int i = 0; i < n; i++) {
      if (distinct == 0 || result[distinct - 1] != result[i]) {
        result[distinct++] = result[i];
      }
    }
    return distinct == n ? result : Arrays.copyOf(result, distinct);
  }

  /**
   * Chooses up to {@code k} of the candidate paths.
   *
   * <p>The candidates come in three groups, in this order: {@code fixedCount} paths that must be kept (current
   * paths that were not re-confirmed but have not expired), {@code preferredCount} paths that win ties (current
   * paths that were re-confirmed: keeping them keeps their port and its state downstream), then fresh paths.
   * Within a group, lower indices win ties. The candidates must be distinct paths.
   *
   * @return the indices of the chosen paths: the fixed ones first, then the others in the order they were
   *     picked; {@code min(k, paths.length)} of them
   * @throws IllegalArgumentException if {@code fixedCount > k} or the counts exceed the candidates (a bug in the
   *     caller, never a consequence of network input)
   */
  static int[] select(long[][] paths, int fixedCount, int preferredCount, int k) {
    int n = paths.length;
    if (k < 1 || fixedCount < 0 || preferredCount < 0 || fixedCount > k || fixedCount + preferredCount > n) {
      throw new IllegalArgumentException("k=" + k + ", fixedCount=" + fixedCount + ", preferredCount="
          + preferredCount + ", candidates=" + n);
    }
    int m = Math.min(k, n);
    int[] chosen = new int[m];
    if (n <= k) {
      for (int i = 0; i < n; i++) {
        chosen[i] = i;
      }
      return chosen;
    }
    long[][] links = informativeLinks(paths);

    // Greedy (note 1).
    LongOpenHashSet pickedLinks = new LongOpenHashSet();
    boolean[] taken = new boolean[n];
    boolean disjoint = true;
    for (int i = 0; i < fixedCount; i++) {
      disjoint &= shared(links[i], pickedLinks) == 0;
      addAll(links[i], pickedLinks);
      taken[i] = true;
      chosen[i] = i;
    }
    boolean fixedDisjoint = disjoint;
    int preferredEnd = fixedCount + preferredCount;
    for (int c = fixedCount; c < m; c++) {
      int best = -1;
      int bestShared = Integer.MAX_VALUE;
      for (int i = fixedCount; i < n; i++) {
        if (taken[i]) {
          continue;
        }
        int s = shared(links[i], pickedLinks);
        // Strictly fewer shared links wins; on a tie, a preferred path beats a fresh one; then lower index
        // (the loop runs in index order and preferred indices come first, so '<' gives both).
        if (s < bestShared) {
          best = i;
          bestShared = s;
        }
      }
      disjoint &= bestShared == 0;
      taken[best] = true;
      chosen[c] = best;
      addAll(links[best], pickedLinks);
    }
    if (disjoint || !fixedDisjoint) {
      return chosen;
    }

    // Bounded search for a fully disjoint set that greedy missed.
    LongOpenHashSet fixedLinks = new LongOpenHashSet();
    for (int i = 0; i < fixedCount; i++) {
      addAll(links[i], fixedLinks);
    }
    int[] found = new int[m];
    System.arraycopy(chosen, 0, found, 0, fixedCount);
    int[] budget = {SEARCH_BUDGET};
    if (search(links, fixedCount, n, fixedLinks, found, fixedCount, m, budget)) {
      return found;
    }
    return chosen;
  }

  /** Depth-first search for {@code m - depth} more candidates from {@code from} on, disjoint from {@code used}. */
  private static boolean search(long[][] links, int from, int n, LongOpenHashSet used, int[] out, int depth,
      int m, int[] budget) {
    if (depth == m) {
      return true;
    }
    for (int i = from; i <= n - (m - depth); i++) {
      if (--budget[0] < 0) {
        return false;
      }
      if (shared(links[i], used) != 0) {
        continue;
      }
      addAll(links[i], used);
      out[depth] = i;
      if (search(links, i + 1, n, used, out, depth + 1, m, budget)) {
        return true;
      }
      for (long key : links[i]) {
        used.remove(key);
      }
    }
    return false;
  }

  /** Each path's link keys without the links that every path uses (note 2). */
  private static long[][] informativeLinks(long[][] paths) {
    int n = paths.length;
    long[][] links = new long[n][];
    Long2IntOpenHashMap uses = new Long2IntOpenHashMap();
    for (int i = 0; i < n; i++) {
      links[i] = linkKeys(paths[i]);
      for (long key : links[i]) {
        uses.addTo(key, 1);
      }
    }
    for (int i = 0; i < n; i++) {
      long[] keys = links[i];
      int kept = 0;
      for (long key : keys) {
        if (uses.get(key) < n) {
          keys[kept++] = key;
        }
      }
      if (kept != keys.length) {
        links[i] = Arrays.copyOf(keys, kept);
      }
    }
    return links;
  }

  private static int shared(long[] keys, LongOpenHashSet set) {
    int s = 0;
    for (long key : keys) {
      if (set.contains(key)) {
        s++;
      }
    }
    return s;
  }

  private static void addAll(long[] keys, LongOpenHashSet set) {
    for (long key : keys) {
      set.add(key);
    }
  }

  /** A 64-bit finalizer with good avalanche (the xor-shift-multiply form of MurmurHash3's fmix64). */
  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
    z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
    return z ^ (z >>> 33);
  }
}
