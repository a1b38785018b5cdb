// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.ecn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clove.api.Counter;
import dev.clove.core.PathSet;
import org.junit.jupiter.api.Test;

/**
 * A confirmed reset of the clock to an earlier time (EcnPolicy's design notes, "Time"): every stamp after the new
 * time is forgotten, and stamps at or before it are kept. A reset is made the way {@code GuardedClocks} confirms
 * one: a call half a second back is held, and the next call, one nanosecond after the held time, moves the clock
 * there. Threading: single-threaded.
 */
class EcnClockResetTest {
  private static final long US = 1_000;
  private static final long MS = 1_000_000;
  private static final long RESET = 11_000 * MS;

  /** Moves the clock back to {@link #RESET} from up to a second later: a held jump, then its confirmation. */
  private static void resetTheClock(EcnPolicy policy, int destination, int path) {
    policy.onCongestion(destination, path, RESET - 1);
    policy.onCongestion(destination, path, RESET);
  }

  @Test
  void cutStampsAfterTheResetAreForgottenAndThoseAtOrBeforeItStillSuppress() {
    EcnPolicy policy = CloveEcn.policy().build(); // relay interval and congestion memory 50 us
    policy.bind(2, 4, 100_000);
    policy.onPathsChanged(0, PathSet.EMPTY, PathSet.of(1, 2, 3, 4), 0);
    policy.onPathsChanged(1, PathSet.EMPTY, PathSet.of(1, 2), 0);
    policy.onCongestion(0, 0, RESET - 10 * US); // path 0 cut 10 us before the time the clock will go back to
    policy.onCongestion(0, 1, RESET); // path 1 cut exactly at it
    policy.onCongestion(0, 2, RESET + 500 * MS); // path 2 cut after it
    assertEquals(3, policy.count(Counter.CONGESTION_CUTS));
    resetTheClock(policy, 1, 0); // through destination 1, which takes the held report and the confirming one
    assertEquals(1, policy.count(Counter.CLOCK_JUMPS), "held once, then confirmed");
    long cuts = policy.count(Counter.CONGESTION_CUTS);
    long suppressed = policy.count(Counter.CONGESTION_SUPPRESSED);

    policy.onCongestion(0, 0, RESET + 10 * US); // 20 us after path 0's cut: within the interval
    policy.onCongestion(0, 1, RESET + 10 * US); // 10 us after path 1's cut: within the interval
    assertEquals(suppressed + 2, policy.count(Counter.CONGESTION_SUPPRESSED), "stamps up to the reset are kept");
    policy.onCongestion(0, 2, RESET + 10 * US); // path 2's cut lay in the new future: forgotten, so it cuts
    assertEquals(cuts + 1, policy.count(Counter.CONGESTION_CUTS), "a stamp after the reset is forgotten");
  }

  /**
   * Recovery's stamp too: a destination last decayed after the reset time starts its recovery afresh (the next
   * tick only stamps it), one decayed at or before it decays from that stamp.
   */
  @Test
  void decayStampsAfterTheResetAreForgottenAndThoseAtOrBeforeItAreKept() {
    long tau = 1_000 * MS;
    EcnPolicy policy = CloveEcn.policy().recovery(Recovery.decayToEqual(tau)).build();
    policy.bind(4, 2, 100_000);
    for (int d = 0; d < 4; d++) {
      policy.onPathsChanged(d, PathSet.EMPTY, PathSet.of(1, 2), 0);
    }
    // Each of destinations 1 to 3 is cut once, to [1/3, 2/3]; each report decays it first, which stamps it.
    policy.onCongestion(2, 0, RESET - 500 * MS); // before the reset time
    policy.onCongestion(3, 0, RESET); // exactly at it
    policy.onCongestion(1, 0, RESET + 500 * MS); // after it
    resetTheClock(policy, 0, 0); // through destination 0: no tick, so destinations 1 to 3 are not decayed here
    long tick = RESET + 900 * MS;
    policy.onTick(tick);
    assertArrayEquals(new double[] {1.0 / 3, 2.0 / 3}, policy.weights(1), 1e-15,
        "stamped after the reset: forgotten, so this tick only stamps it");
    assertArrayEquals(decayed(1.0 / 3, tick - (RESET - 500 * MS), tau), policy.weights(2), 1e-12,
        "stamped before the reset: decays from its stamp");
    assertArrayEquals(decayed(1.0 / 3, tick - RESET, tau), policy.weights(3), 1e-12,
        "stamped at the reset: decays from its stamp");
  }

  /** Two paths whose first weighed {@code w0}, after {@code dt} of decay toward 1/2 (Recovery's Javadoc). */
  private static double[] decayed(double w0, long dt, long tau) {
    double first = 0.5 + (w0 - 0.5) * Math.exp(-(double) dt / tau);
    return new double[] {first, 1 - first};
  }
}
