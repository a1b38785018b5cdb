// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.ecn.repath;

import static dev.clove.ecn.repath.Fixture.PORTS;
import static dev.clove.ecn.repath.Fixture.ROUND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** PLB's rules, one example each, on a real balancer (flows send every 10 us, well inside the 200 us gap). */
class PlbPolicyTest {

  /** Sends every flow every 10 us for one round, then reports {@code port} at {@code fraction}; returns moves. */
  private static int round(Fixture fx, long[] now, int port, double fraction) {
    int changed = 0;
    for (int step = 0; step < ROUND / 10_000; step++) {
      now[0] += 10_000;
      changed += fx.sendAll(now[0]);
    }
    fx.report(port, fraction, now[0]);
    return changed;
  }

  @Test
  void noForcedRepathBeforeNCongestedRoundsThenEveryFlowMovesOnceInItsTurnToAnotherPath() {
    PlbPolicy policy = Plb.policy().build();
    Fixture fx = new Fixture(policy, 400);
    long[] now = {1_000_000};
    fx.sendAll(now[0]);
    final int hot = fx.busiest();
    final int[] before = fx.current.clone();
    for (int r = 0; r < policy.forcedRounds(); r++) {
      assertEquals(0, round(fx, now, hot, 0.9), "no flow moves in round " + r);
    }
    assertEquals(0, policy.flowsMoved(), "the Nth report has just been sent");
    // N more rounds: each flow's turn comes exactly once, so every flow on the hot path moves, once.
    final int[] moves = new int[before.length];
    for (int r = 0; r < policy.forcedRounds(); r++) {
      for (int step = 0; step < ROUND / 10_000; step++) {
        now[0] += 10_000;
        int[] last = fx.current.clone();
        fx.sendAll(now[0]);
        for (int f = 0; f < moves.length; f++) {
          if (fx.current[f] != last[f]) {
            moves[f]++;
            assertNotEquals(hot, fx.current[f], "a repath picks another path");
          }
        }
      }
      fx.report(hot, 0.9, now[0]);
    }
    int onHot = 0;
    for (int f = 0; f < before.length; f++) {
      if (before[f] == hot) {
        onHot++;
        assertEquals(1, moves[f], "flow " + f + " on the congested path moved exactly once");
      } else {
        assertEquals(0, moves[f], "flow " + f + " on a clear path stays");
      }
    }
    assertTrue(onHot > 0);
    assertEquals(onHot, policy.flowsMoved());
  }

  @Test
  void aClearRoundResetsTheCount() {
    PlbPolicy policy = Plb.policy().build();
    Fixture fx = new Fixture(policy, 32);
    long[] now = {1_000_000};
    fx.sendAll(now[0]);
    int hot = fx.busiest();
    for (int r = 0; r < policy.forcedRounds() - 1; r++) {
      round(fx, now, hot, 0.9);
    }
    round(fx, now, hot, 0.49); // below K = 0.5: not congested
    for (int r = 0; r <= policy.forcedRounds() - 1; r++) { // N - 1 congested rounds, and the packets after them
      assertEquals(0, round(fx, now, hot, 0.5), "the count restarted at the clear round");
    }
    assertEquals(0, policy.flowsMoved());
    for (int r = 0; r < policy.forcedRounds(); r++) { // the next N turns
      round(fx, now, hot, 0.5);
    }
    assertTrue(policy.flowsMoved() > 0, "N congested rounds after the clear one, flows move in their turns");
  }

  /** Fails with the mechanism switched off (forcedRepath(false), or a balancer that never asks leaves()). */
  @Test
  void forcedRepathMovesFlowsThatNeverPauseAndTheAblationDoesNot() {
    assertTrue(movedMidFlowlet(Plb.policy().build()) > 0);
    assertEquals(0, movedMidFlowlet(Plb.policy().forcedRepath(false).build()));
  }

  private static long movedMidFlowlet(PlbPolicy policy) {
    Fixture fx = new Fixture(policy, 64);
    long[] now = {1_000_000};
    fx.sendAll(now[0]);
    int hot = fx.busiest();
    for (int r = 0; r < 3 * policy.forcedRounds(); r++) {
      round(fx, now, hot, 1.0);
    }
    return policy.flowsMoved();
  }

  @Test
  void aForcedRoundMovesAboutOneNthOfThePathsFlowsNotAllAtOnce() {
    PlbPolicy policy = Plb.policy().build();
    Fixture fx = new Fixture(policy, 4_000);
    long[] now = {1_000_000};
    fx.sendAll(now[0]);
    int hot = PORTS[0];
    int onHot = fx.on(hot);
    for (int r = 0; r < policy.forcedRounds(); r++) {
      round(fx, now, hot, 1.0);
    }
    // Phases are uniform in 0..N-1: the first round's movers are Binomial(onHot ~ 1,000, 1/12), mean ~83, sd ~9;
    // round r's are Binomial(flows still on the path, 1/(N - r)), as the phases already served have left.
    for (int r = 0; r < 3; r++) {
      double p = 1.0 / (policy.forcedRounds() - r);
      int moved = round(fx, now, hot, 1.0);
      int stillOn = onHot;
      double sd = Math.sqrt(stillOn * p * (1 - p));
      assertTrue(Math.abs(moved - stillOn * p) < 6 * sd, "round " + r + ": moved " + moved + " of " + stillOn);
      onHot -= moved;
      assertEquals(onHot, fx.on(hot), "the others stay until their turn");
    }
  }

  @Test
  void noForcedRepathWhenEveryOtherPathIsCongestedToo() {
    PlbPolicy policy = Plb.policy().build();
    Fixture fx = new Fixture(policy, 64);
    long[] now = {1_000_000};
    fx.sendAll(now[0]);
    int changed = 0;
    for (int r = 0; r < 3 * policy.forcedRounds(); r++) {
      changed += round(fx, now, PORTS[0], 1.0);
      for (int j = 1; j < PORTS.length; j++) {
        fx.report(PORTS[j], 0.8, now[0]);
      }
    }
    assertEquals(0, changed, "moving between congested paths would only reorder");
  }

  @Test
  void aFlowThatPausesMovesAfterMRoundsNotBefore() {
    PlbPolicy policy = Plb.policy().forcedRepath(false).build();
    Fixture fx = new Fixture(policy, 64);
    final long t0 = 1_000_000;
    fx.sendAll(t0);
    int hot = fx.busiest();
    int[] before = fx.current.clone();
    for (int r = 1; r < policy.idleRounds(); r++) { // M - 1 congested rounds
      fx.report(hot, 1.0, t0 + r * ROUND);
    }
    final long t1 = t0 + 250_000; // every flow paused beyond the 200 us gap: a new flowlet each
    assertEquals(0, fx.sendAll(t1), "after M - 1 congested rounds a new flowlet keeps its path");

    for (int r = 1; r <= policy.idleRounds(); r++) { // M congested rounds in a row (the first restarts the count)
      fx.report(hot, 1.0, t1 + r * ROUND);
    }
    fx.sendAll(t1 + 210_000);
    int movedOff = 0;
    for (int f = 0; f < before.length; f++) {
      if (before[f] == hot) {
        assertNotEquals(hot, fx.current[f], "flow " + f + " moved at its flowlet gap");
        movedOff++;
      } else {
        assertEquals(before[f], fx.current[f], "flows on clear paths are sticky across flowlets");
      }
    }
    assertTrue(movedOff > 0);
    assertEquals(0, policy.flowsMoved(), "none of these moves was mid-flowlet");
  }

  @Test
  void settingsAreValidatedWithTheirNames() {
    assertEquals("congestedFraction must be in (0, 1], was 0.0",
        assertThrows(IllegalArgumentException.class, () -> Plb.policy().congestedFraction(0)).getMessage());
    assertEquals("idleRounds must be in 1..1000, was 0",
        assertThrows(IllegalArgumentException.class, () -> Plb.policy().idleRounds(0)).getMessage());
    assertEquals("congestedFraction must be in (0, 1], was NaN",
        assertThrows(IllegalArgumentException.class, () -> Plb.policy().congestedFraction(Double.NaN))
            .getMessage());
    assertEquals("roundNanos must be > 0, was -1",
        assertThrows(IllegalArgumentException.class, () -> Plb.policy().roundNanos(-1)).getMessage());
    assertEquals("forcedRounds must be >= idleRounds, was forcedRounds=2 idleRounds=3",
        assertThrows(IllegalArgumentException.class, () -> Plb.policy().forcedRounds(2).build()).getMessage());
  }

  @Test
  void theRoundIsHalfTheBalancersBaseRttUnlessSet() {
    PlbPolicy policy = Plb.policy().build();
    new Fixture(policy, 1);
    assertEquals(ROUND, policy.roundNanos());
  }
}
