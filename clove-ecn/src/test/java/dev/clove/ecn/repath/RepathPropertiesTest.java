// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.ecn.repath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.core.Clove;
import dev.clove.core.PathChooser;
import dev.clove.core.PathSet;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The invariants the flow-moving policies introduce. */
class RepathPropertiesTest {

  private static PathSet ports(int n) {
    int[] p = new int[n];
    for (int j = 0; j < n; j++) {
      p[j] = 50001 + j;
    }
    return PathSet.of(p);
  }

  @Provide
  Arbitrary<List<Double>> fractions() {
    // Report values on the graded word's grid, and some exactly at the thresholds.
    Arbitrary<Double> grid = Arbitraries.integers().between(0, 1023).map(u -> u / 1023.0);
    Arbitrary<Double> edges = Arbitraries.of(0.0, 0.1, 0.4, 0.5, 1.0);
    return Arbitraries.oneOf(grid, edges).list().ofMinSize(2).ofMaxSize(8);
  }

  /** PLB: a new flowlet leaves its path exactly when the path has M congested rounds, and never for itself. */
  @Property(tries = 300)
  void plbMovesExactlyFromPathsAtMRoundsAndAlwaysElsewhere(@ForAll @IntRange(min = 1, max = 8) int n,
      @ForAll @IntRange(min = -1, max = 7) int previous, @ForAll("rounds") List<Integer> rounds,
      @ForAll long seed) {
    PlbPolicy policy = Plb.policy().build();
    PathSet paths = ports(n);
    Clove.builder().baseRttNanos(Fixture.RTT).policy(policy).staticPaths(0, paths.ports()).build();
    for (int j = 0; j < n; j++) {
      policy.board().publish(0, j, rounds.get(j), MoveBoard.STAY);
    }
    PathChooser chooser = policy.newChooser(seed);
    int prev = previous < n ? previous : -1;
    int chosen = chooser.chooseFrom(0, paths, seed * 31, prev, 0);
    assertTrue(chosen >= 0 && chosen < n);
    if (prev >= 0 && n > 1) {
      boolean elsewhere = false;
      for (int j = 0; j < n; j++) {
        elsewhere |= j != prev && rounds.get(j) < policy.idleRounds();
      }
      if (rounds.get(prev) >= policy.idleRounds() && elsewhere) {
        assertNotEquals(prev, chosen, "a repath picks another path");
        assertTrue(rounds.get(chosen) < policy.idleRounds(), "and one that is not congested");
      } else {
        assertEquals(prev, chosen, "sticky below M, or when every other path is congested");
      }
    }
  }

  /**
   * The turns (both policies): over any N consecutive global rounds a flow's turn comes exactly once, so no flow
   * is moved mid-flowlet more than once per N rounds, and a round serves one phase of N.
   */
  @Property(tries = 300)
  void plbGivesEachFlowOneTurnPerNRounds(@ForAll long flowKey, @ForAll long secret,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 2_000) int firstRound,
      @ForAll @IntRange(min = 1, max = 1000) int period) {
    int turns = 0;
    for (int r = firstRound; r < firstRound + period; r++) {
      if (MoveBoard.inTurn(flowKey, secret, r, period)) {
        turns++;
      }
    }
    assertEquals(1, turns);
  }

  @Provide
  Arbitrary<List<Integer>> rounds() {
    return Arbitraries.integers().between(0, 12).list().ofSize(8);
  }

  /**
   * Hermes: a placement never picks a path of a worse class than the flow's previous one; a move leaves only a
   * congested path, for a non-congested path whose fraction is at least the margin lower; a new flow gets a path
   * of the best class present. Classes are recomputed here from the reported fractions.
   */
  @Property(tries = 400)
  void hermesNeverReroutesToAWorsePath(@ForAll("fractions") List<Double> fractions,
      @ForAll @IntRange(min = -1, max = 7) int previous, @ForAll long seed) {
    HermesPolicy policy = Hermes.policy().smoothing(1.0).build(); // a report is the path's fraction
    final int n = fractions.size();
    PathSet paths = ports(n);
    Clove.builder().baseRttNanos(Fixture.RTT).policy(policy).staticPaths(0, paths.ports()).build();
    for (int j = 0; j < n; j++) {
      policy.onCongestionFraction(0, j, fractions.get(j), 1_000);
    }
    PathChooser chooser = policy.newChooser(seed);
    final int prev = previous < n ? previous : -1;
    final int chosen = chooser.chooseFrom(0, paths, seed, prev, 2_000);
    assertTrue(chosen >= 0 && chosen < n);
    if (prev < 0) {
      int best = Integer.MAX_VALUE;
      for (double f : fractions) {
        best = Math.min(best, classOf(f));
      }
      assertEquals(best, classOf(fractions.get(chosen)), "a new flow goes to the best class");
      return;
    }
    assertTrue(classOf(fractions.get(chosen)) <= classOf(fractions.get(prev)), "never a worse class");
    if (chosen != prev) {
      assertEquals(2, classOf(fractions.get(prev)), "only a congested path is left");
      assertTrue(classOf(fractions.get(chosen)) < 2);
      assertTrue(units(fractions.get(chosen)) <= units(fractions.get(prev)) - 102, "clearly better");
    }
  }

  /** Hermes: flows are asked to leave a path exactly when it is congested and a clearly better path exists. */
  @Property(tries = 300)
  void hermesAsksFlowsToLeaveExactlyWhenItPays(@ForAll("fractions") List<Double> fractions) {
    HermesPolicy policy = Hermes.policy().smoothing(1.0).build();
    final int n = fractions.size();
    Clove.builder().baseRttNanos(Fixture.RTT).policy(policy).staticPaths(0, ports(n).ports()).build();
    for (int j = 0; j < n; j++) {
      policy.onCongestionFraction(0, j, fractions.get(j), 1_000);
    }
    for (int j = 0; j < n; j++) {
      boolean pays = false;
      for (int k = 0; k < n; k++) {
        pays |= k != j && classOf(fractions.get(j)) == 2 && classOf(fractions.get(k)) < 2
            && units(fractions.get(k)) <= units(fractions.get(j)) - 102;
      }
      assertEquals(pays, policy.board().move(0, j) < 0, "path " + j + " of " + fractions);
    }
  }

  /** The default thresholds, independently: good below 0.1, congested from 0.4. */
  private static int classOf(double f) {
    return f >= 0.4 ? 2 : f < 0.1 ? 0 : 1;
  }

  private static int units(double f) {
    return (int) Math.round(f * 1023);
  }
}
