// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link PathSelection} by example: path identity, links, and the choice of k paths; the properties are in
 * {@link PathSelectionPropertiesTest}. Threading: single-threaded.
 */
class PathSelectionTest {
  private static final long U = PathSelection.UNKNOWN_HOP;

  @Test
  void tracesFitWhenTheyAgreeWhereverBothAreKnown() {
    assertTrue(PathSelection.fits(new long[] {1, 2, 3}, new long[] {1, 2, 3}));
    assertTrue(PathSelection.fits(new long[] {1, U, 3}, new long[] {1, 2, 3}));
    assertTrue(PathSelection.fits(new long[] {}, new long[] {}));
    assertFalse(PathSelection.fits(new long[] {1, 2, 3}, new long[] {1, 4, 3}));
    assertFalse(PathSelection.fits(new long[] {1, 2}, new long[] {1, 2, 3}));
  }

  @Test
  void aHopIsLostWhenATraceBetweenTheSameNeighboursKnowsIt() {
    long[] lostSpine = {1, U, 3};
    // Another trace through the same first and last hop answered TTL 2: the reply was lost.
    assertTrue(PathSelection.hasLostHop(lostSpine, new long[][] {lostSpine, {1, 2, 3}}));
    // Only traces that disagree elsewhere, or are as unknown there: nothing says TTL 2 ever answers, so silent.
    assertFalse(PathSelection.hasLostHop(lostSpine, new long[][] {lostSpine, {1, 2, 4}, {1, U, 3}, {1, 2}, null}));
    // A first hop is lost when a trace through the same second hop knew it, whatever their last hops.
    assertTrue(PathSelection.hasLostHop(new long[] {U, 2, 3}, new long[][] {{1, 2, 4}}));
    assertFalse(PathSelection.hasLostHop(new long[] {U, 2, 3}, new long[][] {{1, 5, 3}}));
    // A trace with no unknown hop lost nothing, whatever the evidence.
    assertFalse(PathSelection.hasLostHop(new long[] {1, 2, 3}, new long[][] {{1, 2, 3}, {U, U, U}}));
  }

  @Test
  void trailingUnknownHopsAreTheDestinationsLostAnswersWhenAShorterTraceEndsThere() {
    long[] looksLonger = {1, 2, 3, U};
    assertEquals(3, PathSelection.lengthWithoutLostEnd(looksLonger, new long[][] {looksLonger, {1, 2, 3}}));
    assertEquals(3, PathSelection.lengthWithoutLostEnd(new long[] {1, 2, 3, U, U}, new long[][] {{1, U, 3}}));
    // Evidence that is itself too long does not stop the cut short.
    assertEquals(3, PathSelection.lengthWithoutLostEnd(new long[] {1, 2, 3, U, U},
        new long[][] {{1, 2, 3, U}, {1, 2, 3}}));
    // A shorter trace through other hops that ends after the same hop is enough: the destination follows it.
    assertEquals(3, PathSelection.lengthWithoutLostEnd(new long[] {U, 2, 3, U}, new long[][] {{1, 5, 3}}));
    // No shorter trace ends after that hop: the unknown hop stays a hop.
    assertEquals(4, PathSelection.lengthWithoutLostEnd(looksLonger, new long[][] {{1, 2, 4}, {1, 2}, null}));
    assertEquals(3, PathSelection.lengthWithoutLostEnd(new long[] {1, 2, 3}, new long[][] {{1, 2}}));
  }

  @Test
  void fillTakesUnknownHopsFromATraceThatFits() {
    long[] known = {1, U, 3};
    assertArrayEquals(new long[] {1, 2, 3}, PathSelection.fill(known, new long[] {U, 2, 3}));
    assertArrayEquals(new long[] {1, U, 3}, known, "the argument is not changed");
    long[] complete = {1, 2, 3};
    assertSame(complete, PathSelection.fill(complete, new long[] {1, U, 3}), "nothing to fill: no copy");
  }

  @Test
  void linksTouchingAnUnknownHopAreLeftOut() {
    assertEquals(4, PathSelection.linkKeys(new long[] {1, 2, 3}).length); // S-1, 1-2, 2-3, 3-D
    assertEquals(2, PathSelection.linkKeys(new long[] {1, U, 3}).length); // S-1, 3-D
    assertEquals(1, PathSelection.linkKeys(new long[] {}).length);        // S-D
    assertEquals(0, PathSelection.linkKeys(new long[] {U}).length);
  }

  @Test
  void theFirstAndLastLinksCount() {
    // S-1, 1-2, 2-D against S-2, 2-1, 1-D: links have a direction, and the end links name their hop.
    long[] a = PathSelection.linkKeys(new long[] {1, 2});
    long[] b = PathSelection.linkKeys(new long[] {2, 1});
    assertFalse(Arrays2.intersects(a, b), "direction matters: 1-2 is not 2-1, S-1 is not S-2");
  }

  @Test
  void greedyPicksThePathSharingFewestLinks() {
    long[][] paths = {{1, 2}, {1, 3}, {4, 5}};
    // {1,3} shares S-1 with {1,2}; {4,5} shares nothing.
    assertArrayEquals(new int[] {0, 2}, PathSelection.select(paths, 0, 0, 2));
  }

  @Test
  void searchFindsTheDisjointSetThatGreedyMisses() {
    // Candidate 0 touches both others: S-10 with the first, 21-D with the second. Greedy starts with it.
    long[][] paths = {{10, 21}, {10, 11}, {20, 21}};
    assertArrayEquals(new int[] {1, 2}, PathSelection.select(paths, 0, 0, 2));
  }

  @Test
  void aPreferredPathWinsTiesButNotAgainstAMoreDisjointOne() {
    long[][] paths = {{1, 2}, {1, 3}, {4, 5}, {6, 7}};
    // Two preferred (0, 1): 0 first; then 1 shares S-1 while fresh 2 and 3 share nothing: 2 wins.
    assertArrayEquals(new int[] {0, 2}, PathSelection.select(paths, 0, 2, 2));
    long[][] disjoint = {{1, 2}, {3, 4}, {5, 6}};
    assertArrayEquals(new int[] {0, 1}, PathSelection.select(disjoint, 0, 2, 2));
  }

  @Test
  void fixedPathsAreAlwaysKept() {
    long[][] paths = {{1, 2}, {1, 2, 3}, {4, 5}};
    int[] picked = PathSelection.select(paths, 2, 0, 2);
    assertArrayEquals(new int[] {0, 1}, picked);
  }

  @Test
  void linksEveryPathUsesAreIgnored() {
    // The 8-path 2-spine fabric: every path starts S-100. Four disjoint paths exist apart from that link.
    HopTraceFabric fabric = HopTraceFabric.twoSpinesTwoLinks(false);
    long[][] paths = new long[fabric.pathCount()][];
    for (int i = 0; i < paths.length; i++) {
      paths[i] = fabric.path(i);
    }
    int[] picked = PathSelection.select(paths, 0, 0, 4);
    Set<Long> uplinks = new HashSet<>();
    Set<Long> downlinks = new HashSet<>();
    for (int i : picked) {
      uplinks.add(paths[i][1]);
      downlinks.add(paths[i][2]);
    }
    assertEquals(4, uplinks.size());
    assertEquals(4, downlinks.size());
  }

  @Test
  void fewerCandidatesThanKAreAllKept() {
    long[][] paths = {{1}, {1}};
    assertArrayEquals(new int[] {0, 1}, PathSelection.select(paths, 1, 1, 4));
    assertArrayEquals(new int[] {}, PathSelection.select(new long[0][], 0, 0, 4));
  }

  /** Small helpers on sorted arrays. */
  private static final class Arrays2 {
    static boolean intersects(long[] a, long[] b) {
      Set<Long> set = new HashSet<>();
      for (long v : a) {
        set.add(v);
      }
      for (long v : b) {
        if (set.contains(v)) {
          return true;
        }
      }
      return false;
    }
  }
}
