// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import static dev.clove.core.DiscoveryScript.MS;
import static dev.clove.core.DiscoveryScript.harness;
import static dev.clove.core.DiscoveryScript.sentAt;
import static dev.clove.core.DiscoveryScript.sentToSince;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import org.junit.jupiter.api.Test;

/**
 * Discovery's schedule at the exact edges of its documented rules ({@link DiscoveryConfig}, {@link PathDiscovery}
 * notes 1, 2 and 8): the activity window, the stamp granularity, glitched stamps, the second round after an
 * early first one, a late tick, and a confirmed jump of the clock back. One destination's rounds are due at the
 * epoch (the first tick) plus whole intervals. Threading: single-threaded.
 */
class PathDiscoveryScheduleEdgesTest {
  private static final long T = 10_000 * MS;
  private static final long INTERVAL = 500 * MS;
  /** A jump of the clock back, far more than the 10 ms of reordering and the 1 s window. */
  private static final long JUMP = 100_000 * MS;

  private static PathDiscoveryTest.Harness oneDestination(DiscoveryConfig config) {
    return harness(config, 1);
  }

  /** Activity at T, the first (early) round at T, answered, and ended by the tick at its timeout. */
  private static PathDiscoveryTest.Harness firstRoundAtT(DiscoveryConfig config) {
    PathDiscoveryTest.Harness h = oneDestination(config);
    h.discovery.noteActivity(0, T);
    h.tick(T);
    h.fabric.deliver(h.discovery, T + MS);
    h.tick(T + 50 * MS);
    return h;
  }

  private static boolean roundAt(PathDiscoveryTest.Harness h, long t) {
    h.tick(t);
    h.fabric.deliver(h.discovery, t + MS);
    return !sentAt(h, t).isEmpty();
  }

  @Test
  void activityExactlyOneWindowOldStillCountsAndOneIntervalLaterItDoesNot() {
    PathDiscoveryTest.Harness h = firstRoundAtT(DiscoveryConfig.defaults()); // window 1 s = 2 intervals
    assertTrue(roundAt(h, T + INTERVAL));
    h.tick(T + INTERVAL + 50 * MS);
    assertTrue(roundAt(h, T + 2 * INTERVAL), "the only activity is exactly one window old");
    h.tick(T + 2 * INTERVAL + 50 * MS);
    assertFalse(roundAt(h, T + 3 * INTERVAL));
  }

  /**
   * A stamp at most one clock step (1 s) ahead of the control clock is activity; one more nanosecond ahead it is
   * a glitched packet time, and the destination is not probed for it.
   */
  @Test
  void aFirstStampExactlyOneStepAheadCountsAndOneNanosecondFurtherDoesNot() {
    for (long ahead : new long[] {1_000 * MS, 1_000 * MS + 1}) {
      PathDiscoveryTest.Harness h = oneDestination(DiscoveryConfig.defaults());
      h.tick(T); // the epoch; nothing is active yet
      h.discovery.noteActivity(0, T + INTERVAL + ahead);
      assertEquals(ahead == 1_000 * MS, roundAt(h, T + INTERVAL), "stamp " + ahead + " ns ahead");
    }
  }

  /**
   * Stamps are rewritten once they are a sixteenth of the window stale (note 2): a note exactly that much later
   * moves the stamp, and the destination stays active one window after the later note.
   */
  @Test
  void aNoteExactlyOneGranuleLaterMovesTheStamp() {
    long window = 480 * MS; // granule 30 ms
    PathDiscoveryTest.Harness h = firstRoundAtT(DiscoveryConfig.builder().activityWindowNanos(window).build());
    h.discovery.noteActivity(0, T + 30 * MS);
    assertTrue(roundAt(h, T + INTERVAL), "active until T + 30 ms + 480 ms");

    PathDiscoveryTest.Harness stale = firstRoundAtT(DiscoveryConfig.builder().activityWindowNanos(window).build());
    stale.discovery.noteActivity(0, T + 30 * MS - 1); // less than a granule: the stamp stays at T
    assertFalse(roundAt(stale, T + INTERVAL), "active only until T + 480 ms");
  }

  /**
   * A time earlier than the stamp replaces it only when the stamp lies more than a clock step after it (then the
   * stamp came from a glitched packet time). A stamp left 1.5 s ahead of the control clock is no activity.
   */
  @Test
  void anEarlierNoteReplacesAGlitchedStampOnlyMoreThanOneStepBehindIt() {
    for (long behind : new long[] {1_000 * MS, 1_000 * MS + 1}) {
      PathDiscoveryTest.Harness h = oneDestination(DiscoveryConfig.defaults());
      h.tick(T);
      long glitched = T + INTERVAL + 1_500 * MS;
      h.discovery.noteActivity(0, glitched);
      h.discovery.noteActivity(0, glitched - behind);
      boolean replaced = behind > 1_000 * MS;
      assertEquals(replaced, roundAt(h, T + INTERVAL), "a note " + behind + " ns before the glitched stamp");
    }
  }

  /**
   * The second round comes at the destination's first offset at least half an interval after the early first
   * round started: exactly half an interval is enough, a nanosecond less is not.
   */
  @Test
  void theSecondRoundMayComeExactlyHalfAnIntervalAfterAnEarlyFirstOne() {
    for (long early : new long[] {T + INTERVAL / 2, T + INTERVAL / 2 + 1}) {
      PathDiscoveryTest.Harness h = oneDestination(DiscoveryConfig.defaults());
      h.tick(T); // epoch: rounds due at T + n x interval
      h.discovery.noteActivity(0, early);
      assertTrue(roundAt(h, early), "the first round is early, at the first tick after the first packet");
      h.tick(early + 50 * MS);
      boolean halfAnInterval = T + INTERVAL - early >= INTERVAL / 2;
      assertEquals(halfAnInterval, roundAt(h, T + INTERVAL), "first round at " + (early - T) + " ns");
      h.tick(T + INTERVAL + 50 * MS);
      assertTrue(roundAt(h, T + 2 * INTERVAL));
    }
  }

  /**
   * A tick exactly one interval after a due round it missed starts one round, not two (note 1: each destination
   * gets at most one round per tick).
   */
  @Test
  void aTickOneIntervalLateStartsOneRound() {
    PathDiscoveryTest.Harness h = firstRoundAtT(DiscoveryConfig.defaults());
    int paths = h.current().length;
    assertTrue(paths > 0);
    h.discovery.noteActivity(0, T + 2 * INTERVAL);
    h.tick(T + 2 * INTERVAL); // the round due at T + interval was missed
    assertEquals((paths + DiscoveryConfig.DEFAULT_PROBES_PER_ROUND) * DiscoveryConfig.DEFAULT_MAX_TTL,
        sentAt(h, T + 2 * INTERVAL).size());
  }

  /**
   * A tick 480 ms late starts the round of the slot it missed; when the destination's next slot comes 25 ms
   * later, that round is still open (its timeout runs from its start). It is ended then, judged as it stands
   * (here: nothing answered, so with expiry after one round every path goes), and the next one starts.
   */
  @Test
  void aRoundStillOpenWhenTheNextSlotComesIsEndedThen() {
    PathDiscoveryTest.Harness h = firstRoundAtT(DiscoveryConfig.builder().expiryRounds(1).build());
    assertTrue(h.current().length > 0);
    h.discovery.noteActivity(0, T + INTERVAL + 480 * MS);
    h.tick(T + INTERVAL + 480 * MS); // the slot at T + interval, late
    h.fabric.dropPending();
    assertTrue(h.discovery.roundInProgress(0));
    h.discovery.noteActivity(0, T + 2 * INTERVAL + 5 * MS);
    h.tick(T + 2 * INTERVAL + 5 * MS); // the next slot: the late round ends unanswered, a new one starts
    assertEquals(0, h.current().length, "every path missed the ended round");
    assertTrue(h.discovery.roundInProgress(0));
    h.fabric.deliver(h.discovery, T + 2 * INTERVAL + 6 * MS);
    assertFalse(h.discovery.roundInProgress(0), "the new round completed with its answers");
    h.tick(T + 2 * INTERVAL + 55 * MS);
    assertTrue(h.current().length > 0, "and found paths again");
  }

  /** Holds a jump back by JUMP at {@code from} and confirms it 1 ms later; returns the confirmed time. */
  private static long jumpBack(PathDiscoveryTest.Harness h, long from) {
    h.tick(from - JUMP);
    assertEquals(1, h.counters.get(Counter.CLOCK_JUMPS));
    h.tick(from - JUMP + MS);
    return from - JUMP + MS;
  }

  /** After a confirmed jump back, an open round ends one reply timeout after its start, on the new clock. */
  @Test
  void anOpenRoundsTimeoutMovesBackWithTheClock() {
    PathDiscoveryTest.Harness h = oneDestination(DiscoveryConfig.defaults());
    h.discovery.noteActivity(0, T);
    h.tick(T); // the round starts; nobody answers
    h.tick(T + 10 * MS);
    long now = jumpBack(h, T + 10 * MS); // the clock moved back by JUMP - 1 ms
    long shift = now - (T + 10 * MS);
    h.tick(T + 50 * MS + shift - 1);
    assertTrue(h.discovery.roundInProgress(0), "1 ns before the moved deadline");
    h.tick(T + 50 * MS + shift);
    assertFalse(h.discovery.roundInProgress(0), "at the moved deadline");
  }

  /** After a confirmed jump back, the second round still comes one interval after the early first one. */
  @Test
  void theEarlyRoundsStartMovesBackWithTheClock() {
    PathDiscoveryTest.Harness h = oneDestination(DiscoveryConfig.defaults());
    h.tick(T);
    h.discovery.noteActivity(0, T + 100 * MS);
    assertTrue(roundAt(h, T + 100 * MS));
    h.tick(T + 150 * MS);
    h.tick(T + 200 * MS);
    long now = jumpBack(h, T + 200 * MS);
    long shift = now - (T + 200 * MS);
    assertTrue(roundAt(h, T + INTERVAL + shift), "400 ms after the early round, on the new clock");
  }

  /**
   * After a confirmed jump back, an activity stamp that now lies in the future is pulled back to the new time
   * (the destination stays active); a stamp older than the new time keeps its age, and a destination that never
   * had traffic stays without it.
   */
  @Test
  void aJumpBackPullsOnlyFutureStampsBack() {
    long t0 = 10 * JUMP; // every time in this test is positive, before and after the jump
    PathDiscoveryTest.Harness h = harness(DiscoveryConfig.defaults(), 3);
    h.discovery.noteActivity(1, t0 - 2 * JUMP); // long ago: older than the new time after the jump
    h.discovery.noteActivity(0, t0);
    h.tick(t0);
    h.fabric.deliver(h.discovery, t0 + MS);
    assertEquals(0, sentToSince(h, 1, Long.MIN_VALUE), "destination 1 is not active");
    h.tick(t0 + 50 * MS);
    h.tick(t0 + 100 * MS);
    long now = jumpBack(h, t0 + 100 * MS);
    for (long t = now; t - (now + INTERVAL) <= 0; t += 10 * MS) {
      h.tick(t);
      h.fabric.deliver(h.discovery, t + MS);
    }
    assertTrue(sentToSince(h, 0, now) > 0, "destination 0 was active just before the jump");
    assertEquals(0, sentToSince(h, 1, now), "destination 1's activity is still 100 s old");
    assertEquals(0, sentToSince(h, 2, now), "destination 2 never had traffic");
  }
}
