// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import static dev.clove.core.PathSelection.UNKNOWN_HOP;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link PathSelection} where its design notes draw lines: the neighbours that witness a lost hop, link keys that
 * are sorted, distinct and collision-free, links every candidate uses, fixed paths that overlap or not, and the
 * search's step budget. Expected picks are worked out by hand from the link sets. Threading: single-threaded.
 */
class PathSelectionEdgesTest {
  private static final long U = UNKNOWN_HOP;

  /** A witness must agree with the trace at the hop just before the unknown one, also when that is the first. */
  @Test
  void aWitnessThatDisagreesAtTheFirstHopIsNoWitness() {
    long[] trace = {100, U, 300};
    assertFalse(PathSelection.hasLostHop(trace, new long[][] {trace, {101, 200, 300}}));
    assertTrue(PathSelection.hasLostHop(trace, new long[][] {trace, {100, 200, 300}}));
    assertFalse(PathSelection.hasLostHop(trace, new long[][] {trace, {100, 200, 301}}), "nor at the hop after");
  }

  /** A trace is cut back to a shorter trace's length only if that trace ends with the same hop. */
  @Test
  void aLostEndNeedsATraceEndingWithTheSameFirstHop() {
    long[] trace = {100, U};
    assertEquals(2, PathSelection.lengthWithoutLostEnd(trace, new long[][] {{101}}));
    assertEquals(1, PathSelection.lengthWithoutLostEnd(trace, new long[][] {{100}}));
  }

  /** Link keys are sorted and distinct, even for a path that crosses one link twice. */
  @Test
  void linkKeysAreSortedAndDistinct() {
    long[] keys = PathSelection.linkKeys(new long[] {100, 200, 100, 200}); // source-100, 100-200 twice, 200-100, 200-dest
    assertEquals(4, keys.length);
    for (int i = 1; i < keys.length; i++) {
      assertTrue(keys[i - 1] < keys[i], "sorted, no repeats: " + Arrays.toString(keys));
    }
  }

  /**
   * Distinct links get distinct keys (note 3: a collision has probability below 2^-40 among a few thousand
   * links): the 39,800 inner links between 200 first and 200 second hops, and their 400 first and last links,
   * collide nowhere.
   */
  @Test
  void distinctLinksGetDistinctKeys() {
    LongOpenHashSet keys = new LongOpenHashSet();
    for (long a = 1; a <= 200; a++) {
      for (long b = 1; b <= 200; b++) {
        if (a != b) {
          long[] k = PathSelection.linkKeys(new long[] {a + 1_000, b + 2_000});
          assertEquals(3, k.length);
          for (long key : k) {
            keys.add(key);
          }
        }
      }
    }
    // Links: source to each of 200 first hops, 200 x 199 inner ones, each of 200 last hops to the destination.
    assertEquals(200 + 200 * 199 + 200, keys.size());
  }

  /*
   * Paths for the greedy-miss cases below, by their link sets (S source, D destination):
   *   A = [x, 100, 201, 301]: x-100, 100-201, 201-301, 301-D
   *   B = [x, 100, 201, 302]: shares x-100 and 100-201 with A
   *   C = [x, 110, 202, 301]: shares 301-D with A, nothing with B
   * With k = 2 greedy takes A, then C (one shared link against B's two): not disjoint; B and C are.
   */
  private static long[] path(long... hops) {
    return hops;
  }

  /**
   * Links that every candidate uses (here the 20 links up to a shared hop 69: the host's uplink and a chain of
   * shared hops) are ignored, however many: B and C are still disjoint.
   */
  @Test
  void linksEveryCandidateUsesDoNotHideADisjointSet() {
    long[] prefix = new long[20];
    for (int i = 0; i < prefix.length; i++) {
      prefix[i] = 50 + i;
    }
    long[][] paths = {withPrefix(prefix, 100, 201, 301), withPrefix(prefix, 100, 201, 302),
        withPrefix(prefix, 110, 202, 301)};
    assertArrayEquals(new int[] {1, 2}, PathSelection.select(paths, 0, 0, 2));
  }

  private static long[] withPrefix(long[] prefix, long... hops) {
    long[] path = Arrays.copyOf(prefix, prefix.length + hops.length);
    System.arraycopy(hops, 0, path, prefix.length, hops.length);
    return path;
  }

  private static final long[] F0 = {120, 203, 303};
  private static final long[] F1 = {130, 204, 304}; // disjoint from F0 and from A, B, C
  private static final long[] F1_OVERLAPPING = {120, 205, 305}; // shares S-120 with F0

  /** Fixed paths stay at the front of the result when the search replaces the greedy picks after them. */
  @Test
  void theSearchKeepsTheFixedPathsInFront() {
    long[][] paths = {F0, F1, path(100, 201, 301), path(100, 201, 302), path(110, 202, 301)};
    // Greedy: F0, F1, then A (nothing shared), then C (1 shared) - not disjoint; the search finds B and C.
    assertArrayEquals(new int[] {0, 1, 3, 4}, PathSelection.select(paths, 2, 0, 4));
  }

  /** When the fixed paths overlap each other no set can be disjoint, so the search does not run: greedy stands. */
  @Test
  void overlappingFixedPathsLeaveTheGreedyPicks() {
    long[][] paths = {F0, F1_OVERLAPPING, path(100, 201, 301), path(100, 201, 302), path(110, 202, 301)};
    assertArrayEquals(new int[] {0, 1, 2, 4}, PathSelection.select(paths, 2, 0, 4));
  }

  @Test
  void countsThatExceedTheCandidatesAreACallersBug() {
    long[][] paths = {F0, F1, path(100, 201, 301)};
    assertThrows(IllegalArgumentException.class, () -> PathSelection.select(paths, 1, 3, 4));
    assertThrows(IllegalArgumentException.class, () -> PathSelection.select(paths, 2, 2, 4));
  }

  /**
   * A pathological input exhausts the search's step budget and the greedy set stands (note 1). Five colours of
   * ten paths each: paths of one colour share their first links, so at most one per colour is disjoint; six
   * more paths Q0..Q5 are disjoint from each other, but Qj crosses one inner link of every coloured path. The
   * only six disjoint paths are the Qs, which the search, trying the coloured paths first (10^5 combinations and
   * more candidate tests each), never reaches within 100,000 tests. Greedy takes one path per colour (0, 10, 20,
   * 30, 40: nothing shared) and then the cheapest overlap, path 1 (two shared links; a Q shares five).
   */
  @Test
  void aSearchThatRunsOutOfStepsLeavesTheGreedyPicks() {
    long[] next = {1_000};
    int colours = 5;
    int perColour = 10;
    int qs = 6;
    long[][] u = new long[colours * perColour][qs];
    long[][] v = new long[colours * perColour][qs];
    List<long[]> paths = new ArrayList<>();
    for (int c = 0; c < colours; c++) {
      long first = next[0]++;
      long second = next[0]++;
      for (int i = 0; i < perColour; i++) {
        int p = c * perColour + i;
        long[] hops = new long[2 + 2 * qs];
        hops[0] = first;
        hops[1] = second;
        for (int j = 0; j < qs; j++) {
          u[p][j] = next[0]++;
          v[p][j] = next[0]++;
          hops[2 + 2 * j] = u[p][j];
          hops[3 + 2 * j] = v[p][j];
        }
        paths.add(hops);
      }
    }
    for (int j = 0; j < qs; j++) {
      long[] hops = new long[1 + 3 * colours * perColour];
      hops[0] = next[0]++;
      for (int p = 0; p < colours * perColour; p++) {
        hops[1 + 3 * p] = u[p][j];
        hops[2 + 3 * p] = v[p][j];
        hops[3 + 3 * p] = next[0]++;
      }
      paths.add(hops);
    }
    long[][] candidates = paths.toArray(new long[0][]);
    assertArrayEquals(new int[] {0, 10, 20, 30, 40, 1}, PathSelection.select(candidates, 0, 0, 6));
  }
}
