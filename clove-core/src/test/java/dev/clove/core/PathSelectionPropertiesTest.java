// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Properties of {@link PathSelection#select}. Link-disjointness is checked with an independent, literal
 * computation of links as endpoint pairs, not with the code under test. Threading: single-threaded.
 */
class PathSelectionPropertiesTest {
  private static final long U = PathSelection.UNKNOWN_HOP;

  /** k planted pairwise-disjoint paths hidden among random ones that reuse their hops. */
  record Planted(int k, long[][] paths) {}

  /**
   * Random candidates come in two kinds. A crossover starts like one planted path and ends like another, the
   * way ECMP paths in a Clos fabric cross: it touches two disjoint paths at once, which is what can lead greedy
   * astray. A scrambled one takes each hop from a small pool or from the planted paths' hops.
   */
  @Provide
  Arbitrary<Planted> planted() {
    Arbitrary<Integer> ks = Arbitraries.integers().between(1, 4);
    Arbitrary<List<Integer>> plantedLengths = Arbitraries.integers().between(1, 5).list().ofSize(4);
    Arbitrary<List<List<Integer>>> randoms =
        Arbitraries.integers().between(0, 29).list().ofMinSize(4).ofMaxSize(5).list().ofMinSize(1).ofMaxSize(12);
    Arbitrary<Long> shuffle = Arbitraries.longs();
    return Combinators.combine(ks, plantedLengths, randoms, shuffle).as((k, lengths, codes, seed) -> {
      List<long[]> all = new ArrayList<>();
      for (int i = 0; i < k; i++) {
        long[] hops = new long[lengths.get(i)];
        for (int j = 0; j < hops.length; j++) {
          hops[j] = plantedHop(i, j);
        }
        all.add(hops);
      }
      for (List<Integer> c : codes) {
        if (c.get(0) % 3 != 0) {
          int a = c.get(1) % k;
          int b = k == 1 ? a : (a + 1 + c.get(2) % (k - 1)) % k; // another planted path

          int prefix = 1 + c.get(3) % lengths.get(a);
          int suffixStart = c.get(c.size() - 1) % lengths.get(b);
          List<Long> hops = new ArrayList<>();
          for (int j = 0; j < prefix; j++) {
            hops.add(plantedHop(a, j));
          }
          for (int j = suffixStart; j < lengths.get(b); j++) {
            hops.add(plantedHop(b, j));
          }
          all.add(hops.stream().mapToLong(Long::longValue).toArray());
        } else {
          long[] hops = new long[c.size() - 1];
          for (int j = 0; j < hops.length; j++) {
            int v = c.get(j + 1);
            hops[j] = v < 10 ? v + 1 : plantedHop((v - 10) / 5, (v - 10) % 5);
          }
          all.add(hops);
        }
      }
      Collections.shuffle(all, new Random(seed));
      return new Planted(k, all.toArray(new long[0][]));
    });
  }

  private static long plantedHop(int path, int position) {
    return 100L * (path + 1) + position;
  }

  @Property(tries = 1000)
  void whenKDisjointPathsExistTheChosenOnesArePairwiseDisjoint(@ForAll("planted") Planted p) {
    int n = p.paths().length;
    int[] picked = PathSelection.select(p.paths(), 0, 0, p.k());
    assertEquals(p.k(), picked.length);
    for (int a = 0; a < picked.length; a++) {
      for (int b = a + 1; b < picked.length; b++) {
        Set<String> shared = new HashSet<>(links(p.paths()[picked[a]]));
        shared.retainAll(links(p.paths()[picked[b]]));
        assertTrue(shared.isEmpty(), "paths " + picked[a] + " and " + picked[b] + " share " + shared);
      }
    }
    Statistics.label("k").collect(p.k());
    // The interesting case: plain greedy (recomputed here on literal links) would not find a disjoint set.
    Statistics.label("plain greedy fails").collect(!plainGreedyIsDisjoint(p.paths(), p.k()))
        .coverage(c -> c.check(true).percentage(pct -> pct > 2));
    assertTrue(n > p.k(), "the generator always adds random candidates");
  }

  /**
   * The paper's heuristic with nothing else: repeatedly take the path sharing the fewest links with those
   * taken, lowest index on ties. Used only to show that the generator reaches the cases where it falls short.
   */
  private static boolean plainGreedyIsDisjoint(long[][] paths, int k) {
    Set<String> taken = new HashSet<>();
    boolean[] used = new boolean[paths.length];
    for (int step = 0; step < k; step++) {
      int best = -1;
      int bestShared = Integer.MAX_VALUE;
      for (int i = 0; i < paths.length; i++) {
        if (used[i]) {
          continue;
        }
        Set<String> shared = new HashSet<>(links(paths[i]));
        shared.retainAll(taken);
        if (shared.size() < bestShared) {
          best = i;
          bestShared = shared.size();
        }
      }
      if (bestShared > 0) {
        return false;
      }
      used[best] = true;
      taken.addAll(links(paths[best]));
    }
    return true;
  }

  /** Links as literal endpoint pairs, the source before the first hop and the destination after the last. */
  private static Set<String> links(long[] hops) {
    Set<String> links = new HashSet<>();
    String previous = "S";
    for (long hop : hops) {
      links.add(previous + ">" + hop);
      previous = Long.toString(hop);
    }
    links.add(previous + ">D");
    return links;
  }

  @Property(tries = 1000)
  void neverMoreThanKNeverTwiceAndFixedAlwaysFirst(
      @ForAll("candidateLists") long[][] paths,
      @ForAll("smallInts") int k, @ForAll("smallInts") int fixedSeed, @ForAll("smallInts") int preferredSeed) {
    int n = paths.length;
    int fixed = Math.min(fixedSeed % (k + 1), n);
    int preferred = n == fixed ? 0 : preferredSeed % (n - fixed + 1);
    int[] picked = PathSelection.select(paths, fixed, preferred, k);
    assertEquals(Math.min(k, n), picked.length);
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < picked.length; i++) {
      assertTrue(picked[i] >= 0 && picked[i] < n, "index " + picked[i]);
      assertTrue(seen.add(picked[i]), "picked twice: " + picked[i]);
      if (i < fixed) {
        assertEquals(i, picked[i], "fixed paths come first, in order");
      }
    }
  }

  /**
   * With kept and preferred paths: the choice is exactly the documented rule, recomputed here on literal links
   * (pairs of known endpoints, without the links every candidate uses): the kept paths first; then, one at a time,
   * the candidate sharing the fewest links with those chosen, the lowest index on a tie (preferred paths come
   * first, so they win ties); and if that set is not pairwise disjoint while the kept paths are, the first
   * pairwise-disjoint completion in index order, when there is one.
   */
  @Property(tries = 1000)
  void keptAndPreferredPathsFollowTheDocumentedRule(
      @ForAll("candidateLists") long[][] raw,
      @ForAll("smallInts") int k, @ForAll("smallInts") int fixedSeed, @ForAll("smallInts") int preferredSeed) {
    long[][] paths = distinct(raw);
    int n = paths.length;
    int fixed = Math.min(fixedSeed % (k + 1), n);
    int preferred = n == fixed ? 0 : preferredSeed % (n - fixed + 1);
    int[] expected = modelSelect(paths, fixed, k);
    assertArrayEquals(expected, PathSelection.select(paths, fixed, preferred, k),
        () -> "k=" + k + " fixed=" + fixed + " preferred=" + preferred + " paths=" + java.util.Arrays.deepToString(paths));
    Statistics.label("fixed").collect(fixed > 0 && n > k);
  }

  /**
   * Kept paths that are pairwise disjoint, among candidates from which k pairwise-disjoint paths can be completed:
   * every chosen path avoids the kept paths' links as well as each other's.
   */
  @Property(tries = 500)
  void newPicksAvoidTheKeptPathsLinks(@ForAll("planted") Planted p, @ForAll("smallInts") int keptSeed) {
    int kept = keptSeed % (p.k() + 1);
    // The first `kept` planted (pairwise-disjoint) paths go first, as the kept paths; the rest keep their order.
    List<long[]> front = new ArrayList<>();
    List<long[]> rest = new ArrayList<>();
    for (long[] path : distinct(p.paths())) {
      (front.size() < kept && isPlanted(path) ? front : rest).add(path);
    }
    int actualKept = front.size();
    front.addAll(rest);
    long[][] paths = front.toArray(new long[0][]);
    int[] picked = PathSelection.select(paths, actualKept, 0, p.k());
    for (int a = 0; a < picked.length; a++) {
      for (int b = a + 1; b < picked.length; b++) {
        Set<String> shared = new HashSet<>(links(paths[picked[a]]));
        shared.retainAll(links(paths[picked[b]]));
        assertTrue(shared.isEmpty(), "paths " + picked[a] + " and " + picked[b] + " share " + shared
            + " with " + actualKept + " kept");
      }
    }
    Statistics.label("kept").collect(actualKept);
  }

  /** A planted path: its hops are 100(i+1), 100(i+1)+1, ... for one i (see plantedHop). */
  private static boolean isPlanted(long[] path) {
    if (path.length == 0 || path[0] < 100 || path[0] % 100 != 0) {
      return false;
    }
    for (int j = 0; j < path.length; j++) {
      if (path[j] != path[0] + j) {
        return false;
      }
    }
    return true;
  }

  private static long[][] distinct(long[][] raw) {
    List<long[]> out = new ArrayList<>();
    for (long[] path : raw) {
      boolean seen = false;
      for (long[] o : out) {
        seen |= java.util.Arrays.equals(o, path);
      }
      if (!seen) {
        out.add(path);
      }
    }
    return out.toArray(new long[0][]);
  }

  /** The documented selection rule on literal links; see keptAndPreferredPathsFollowTheDocumentedRule. */
  private static int[] modelSelect(long[][] paths, int fixed, int k) {
    int n = paths.length;
    int m = Math.min(k, n);
    int[] chosen = new int[m];
    if (n <= k) {
      for (int i = 0; i < n; i++) {
        chosen[i] = i;
      }
      return chosen;
    }
    List<Set<String>> links = new ArrayList<>();
    for (long[] path : paths) {
      links.add(knownLinks(path));
    }
    Set<String> everywhere = new HashSet<>(links.get(0));
    for (Set<String> l : links) {
      everywhere.retainAll(l);
    }
    for (Set<String> l : links) {
      l.removeAll(everywhere);
    }
    Set<String> taken = new HashSet<>();
    boolean[] used = new boolean[n];
    boolean disjoint = true;
    for (int i = 0; i < fixed; i++) {
      disjoint &= overlap(links.get(i), taken) == 0;
      taken.addAll(links.get(i));
      used[i] = true;
      chosen[i] = i;
    }
    boolean fixedDisjoint = disjoint;
    for (int c = fixed; c < m; c++) {
      int best = -1;
      int bestShared = Integer.MAX_VALUE;
      for (int i = fixed; i < n; i++) {
        if (!used[i] && overlap(links.get(i), taken) < bestShared) {
          best = i;
          bestShared = overlap(links.get(i), taken);
        }
      }
      disjoint &= bestShared == 0;
      used[best] = true;
      chosen[c] = best;
      taken.addAll(links.get(best));
    }
    if (disjoint || !fixedDisjoint) {
      return chosen;
    }
    Set<String> fixedLinks = new HashSet<>();
    for (int i = 0; i < fixed; i++) {
      fixedLinks.addAll(links.get(i));
    }
    int[] found = java.util.Arrays.copyOf(chosen, m);
    return firstDisjoint(links, fixed, fixedLinks, found, fixed) ? found : chosen;
  }

  /** Fills found[depth..] with the first (in index order) candidates from {@code from} on, disjoint from all. */
  private static boolean firstDisjoint(List<Set<String>> links, int from, Set<String> used, int[] found, int depth) {
    if (depth == found.length) {
      return true;
    }
    for (int i = from; i < links.size(); i++) {
      if (overlap(links.get(i), used) != 0) {
        continue;
      }
      Set<String> more = new HashSet<>(used);
      more.addAll(links.get(i));
      found[depth] = i;
      if (firstDisjoint(links, i + 1, more, found, depth + 1)) {
        return true;
      }
    }
    return false;
  }

  private static int overlap(Set<String> a, Set<String> b) {
    int s = 0;
    for (String x : a) {
      s += b.contains(x) ? 1 : 0;
    }
    return s;
  }

  /** Links as literal endpoint pairs, leaving out every link that touches an unanswered hop. */
  private static Set<String> knownLinks(long[] hops) {
    Set<String> out = new HashSet<>();
    String previous = "S";
    for (long hop : hops) {
      String here = hop == U ? null : Long.toString(hop);
      if (previous != null && here != null) {
        out.add(previous + ">" + here);
      }
      previous = here;
    }
    if (previous != null) {
      out.add(previous + ">D");
    }
    return out;
  }

  @Provide
  Arbitrary<long[][]> candidateLists() {
    // Hop 0 stands for an unanswered hop.
    return Arbitraries.longs().between(0, 8).map(v -> v == 0 ? U : v).array(long[].class).ofMaxSize(4)
        .array(long[][].class).ofMaxSize(14);
  }

  @Provide
  Arbitrary<Integer> smallInts() {
    return Arbitraries.integers().between(1, 6);
  }

}
