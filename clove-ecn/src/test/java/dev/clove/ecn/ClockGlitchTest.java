// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.ecn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import dev.clove.api.FeedbackRelay;
import dev.clove.api.FeedbackWord;
import dev.clove.api.LoadBalancer;
import dev.clove.core.Clove;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * One absurd time, handed to any control-plane call, stalls nothing: CLOVE-ECN keeps cutting, the relay keeps
 * reporting, and ticks keep re-admitting static paths, on the correct times that follow.
 */
class ClockGlitchTest {
  private static final long US = 1_000;
  private static final long MS = 1_000_000;
  private static final long START = 10_000 * MS;

  @Provide
  Arbitrary<Long> glitches() {
    return Arbitraries.oneOf(Arbitraries.of(Long.MAX_VALUE, Long.MIN_VALUE, 0L, START + 3_600_000 * MS,
        START - 60_000 * MS), Arbitraries.longs());
  }

  private static boolean isGlitch(long glitch, long around) {
    return glitch - around > 1_000 * MS || glitch - around < -10 * MS;
  }

  @Property(tries = 100)
  void ecnKeepsCuttingAfterAGlitchedReportOrTick(@ForAll("glitches") long glitch, @ForAll boolean inTick) {
    if (!isGlitch(glitch, START)) {
      return;
    }
    EcnPolicy policy = CloveEcn.policy().build();
    LoadBalancer lb = Clove.builder().maxDestinations(1).baseRttNanos(100 * US).policy(policy)
        .staticPaths(0, 50001, 50002, 50003).seed(1).build();
    lb.onTick(START);
    if (inTick) {
      lb.onTick(glitch);
    } else {
      lb.onCongestion(0, 50001, glitch);
    }
    long cutsBefore = lb.count(Counter.CONGESTION_CUTS);
    long t = START + MS;
    for (int i = 0; i < 10; i++, t += MS) { // one report a millisecond, far apart from the 50 us relay interval
      lb.onTick(t);
      lb.onCongestion(0, 50002, t);
    }
    assertEquals(cutsBefore + 10, lb.count(Counter.CONGESTION_CUTS), "every report after the glitch cuts");
    assertEquals(1, lb.count(Counter.CLOCK_JUMPS), "and the glitch was counted");
  }

  @Property(tries = 100)
  void theRelayKeepsReportingAfterAGlitchedArrivalOrPoll(@ForAll("glitches") long glitch, @ForAll boolean inPoll) {
    if (!isGlitch(glitch, START)) {
      return;
    }
    FeedbackRelay relay = CloveEcn.relay().baseRttNanos(100 * US).build();
    relay.onArrival(3, 50001, true, START);
    if (inPoll) {
      relay.pollFeedback(3, glitch);
    } else {
      relay.onArrival(3, 50001, true, glitch);
    }
    int reported = 0;
    long t = START + MS;
    for (int i = 0; i < 10; i++, t += MS) {
      relay.onArrival(3, 50001, true, t);
      reported += relay.pollFeedback(3, t) == FeedbackWord.encodeCongestion(50001) ? 1 : 0;
    }
    assertEquals(10, reported, "one report per millisecond of marks after the glitch");
  }

  @Property(tries = 100)
  void ticksKeepReadmittingStaticPathsAfterAGlitchedTick(@ForAll("glitches") long glitch) {
    if (!isGlitch(glitch, START)) {
      return;
    }
    LoadBalancer lb = Clove.builder().maxDestinations(1).staticPaths(0, 50001, 50002)
        .staticPathHoldDownNanos(20 * MS).seed(1).build();
    lb.onTick(START);
    lb.onPathFailure(0, 50002, START);
    lb.onTick(glitch);
    for (long t = START + MS; t <= START + 25 * MS; t += MS) {
      lb.onTick(t);
    }
    assertArrayEquals(new int[] {50001, 50002}, lb.paths(0).ports(), "re-admitted on schedule despite the glitch");
  }

  /** A clock really reset to an earlier time is followed, and stamps from before the reset do not block cuts. */
  @Property(tries = 30)
  void aConfirmedResetBackwardsDoesNotSuppressCuts(@ForAll("resets") long resetBy) {
    EcnPolicy policy = CloveEcn.policy().build();
    LoadBalancer lb = Clove.builder().maxDestinations(1).baseRttNanos(100 * US).policy(policy)
        .staticPaths(0, 50001, 50002, 50003).seed(1).build();
    lb.onTick(START);
    lb.onCongestion(0, 50001, START); // stamps a cut at START
    long t = START - resetBy;
    lb.onTick(t);          // held
    lb.onTick(t + MS);     // confirms: the clock is reset
    long cuts = lb.count(Counter.CONGESTION_CUTS);
    lb.onCongestion(0, 50001, t + 2 * MS);
    assertEquals(cuts + 1, lb.count(Counter.CONGESTION_CUTS), "a cut one interval after the reset is not held back");
    assertNotEquals(0, lb.count(Counter.CLOCK_JUMPS));
    assertTrue(policy.weights(0)[0] < 1.0 / 3);
  }

  @Provide
  Arbitrary<Long> resets() {
    // Beyond the 10 ms a clock may step back as benign reordering (which is clamped, not followed).
    return Arbitraries.longs().between(20 * MS, 5_000 * MS);
  }
}
