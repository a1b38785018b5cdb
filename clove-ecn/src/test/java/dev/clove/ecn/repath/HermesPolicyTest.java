// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.ecn.repath;

import static dev.clove.ecn.repath.Fixture.PORTS;
import static dev.clove.ecn.repath.Fixture.ROUND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Hermes's rules, one example each, on a real balancer (flows send every 10 us, inside the 200 us gap). */
class HermesPolicyTest {

  /** One round of packets from every flow, then a report per port of {@code fractions}; returns moves. */
  private static int round(Fixture fx, long[] now, double... fractions) {
    int changed = 0;
    for (int step = 0; step < ROUND / 10_000; step++) {
      now[0] += 10_000;
      changed += fx.sendAll(now[0]);
    }
    for (int j = 0; j < fractions.length; j++) {
      fx.report(PORTS[j], fractions[j], now[0]);
    }
    return changed;
  }

  @Test
  void noRerouteWhenThePathIsGoodOrGray() {
    HermesPolicy policy = Hermes.policy().build();
    Fixture fx = new Fixture(policy, 64);
    long[] now = {1_000_000};
    fx.sendAll(now[0]);
    int changed = 0;
    for (int r = 0; r < 20; r++) {
      changed += round(fx, now, 0.05, 0.3, 0.0, 0.0); // good, gray, good, good
    }
    assertEquals(0, changed);
    assertEquals(0, policy.flowsMoved());
  }

  @Test
  void noRerouteWhenNoPathIsClearlyBetter() {
    HermesPolicy policy = Hermes.policy().build();
    Fixture fx = new Fixture(policy, 64);
    long[] now = {1_000_000};
    fx.sendAll(now[0]);
    int changed = 0;
    for (int r = 0; r < 20; r++) {
      // Three congested paths (0.45 to 0.47); the gray one (0.39) is not 0.1 below any of them.
      changed += round(fx, now, 0.45, 0.46, 0.39, 0.47);
    }
    for (int r = 0; r < 20; r++) {
      changed += round(fx, now, 0.9, 0.8, 0.5, 0.6); // every path congested: nowhere better to go
    }
    assertEquals(0, changed);
    assertEquals(0, policy.flowsMoved());
  }

  /** Fails with the mechanism switched off (reroute(false), or a balancer that never asks leaves()). */
  @Test
  void rerouteWhenItPaysAndOnlyToTheClearlyBetterPath() {
    HermesPolicy policy = Hermes.policy().build();
    Fixture fx = new Fixture(policy, 64);
    long[] now = {1_000_000};
    fx.sendAll(now[0]);
    int[] before = fx.current.clone();
    int moved = 0;
    for (int r = 0; r <= policy.turnRounds(); r++) { // every flow's turn comes once in turnRounds rounds
      // path 0 congested, path 2 good: the only clearly better non-congested path (1 and 3 are congested too)
      moved += round(fx, now, 0.9, 0.5, 0.0, 0.45);
    }
    int onHot = 0;
    for (int f = 0; f < before.length; f++) {
      if (before[f] == PORTS[0]) {
        onHot++;
        assertEquals(PORTS[2], fx.current[f], "flow " + f + " went to the good path");
      } else if (before[f] == PORTS[1] || before[f] == PORTS[3]) {
        // congested too, and path 2 is clearly better for them as well
        assertEquals(PORTS[2], fx.current[f]);
      } else {
        assertEquals(before[f], fx.current[f]);
      }
    }
    assertTrue(onHot > 0);
    assertEquals(moved, policy.flowsMoved());

    HermesPolicy off = Hermes.policy().reroute(false).build();
    Fixture still = new Fixture(off, 64);
    long[] t = {1_000_000};
    still.sendAll(t[0]);
    int stillMoved = 0;
    for (int r = 0; r <= off.turnRounds(); r++) {
      stillMoved += round(still, t, 0.9, 0.5, 0.0, 0.45);
    }
    assertEquals(0, stillMoved, "without the reroute, flows that never pause stay");
  }

  @Test
  void aTwelfthOfTheFlowsOfACongestedPathPerRoundNotAllAtOnce() {
    HermesPolicy policy = Hermes.policy().build();
    Fixture fx = new Fixture(policy, 4_000);
    long[] now = {1_000_000};
    fx.sendAll(now[0]);
    int onHot = fx.on(PORTS[0]);
    round(fx, now, 1.0, 0.0, 0.0, 0.0);
    for (int r = 0; r < 3; r++) {
      double p = 1.0 / (policy.turnRounds() - r); // the phases already served have left
      int moved = round(fx, now, 1.0, 0.0, 0.0, 0.0);
      double sd = Math.sqrt(onHot * p * (1 - p));
      assertTrue(Math.abs(moved - onHot * p) < 6 * sd, "round " + r + ": moved " + moved + " of " + onHot);
      onHot -= moved;
      assertEquals(onHot, fx.on(PORTS[0]));
    }
  }

  @Test
  void newFlowsGoToTheBestClass() {
    HermesPolicy policy = Hermes.policy().build();
    Fixture fx = new Fixture(policy, 1);
    fx.report(PORTS[0], 0.9, 1_000);
    fx.report(PORTS[1], 0.2, 1_000);
    fx.report(PORTS[2], 0.05, 1_000);
    fx.report(PORTS[3], 0.5, 1_000);
    for (long key = 1; key <= 200; key++) {
      assertEquals(PORTS[2], fx.balancer.selectSourcePort(0, key * 7919, 1500, 2_000), "the only good path");
    }
  }

  @Test
  void settingsAreValidatedWithTheirNames() {
    assertEquals("betterBy must be in [0, 1), was 1.0",
        assertThrows(IllegalArgumentException.class, () -> Hermes.policy().betterBy(1)).getMessage());
    assertEquals("memoryNanos must be > 0, was 0",
        assertThrows(IllegalArgumentException.class, () -> Hermes.policy().memoryNanos(0)).getMessage());
    assertEquals("congestedFrom must be >= goodBelow, was congestedFrom=0.1 goodBelow=0.2",
        assertThrows(IllegalArgumentException.class,
            () -> Hermes.policy().goodBelow(0.2).congestedFrom(0.1).build()).getMessage());
  }
}
