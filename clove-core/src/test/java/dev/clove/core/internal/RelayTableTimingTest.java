// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import org.junit.jupiter.api.Test;

/**
 * {@link RelayTable}'s timing at its edges, in scripted sequences: when a liveness word falls due after a poll found
 * nothing ready, when a waiting liveness word takes its turn with ready reports (exactly a liveness interval after it
 * was ready), that reports go first whatever was served before, and what a clock reset back does to the intervals.
 */
class RelayTableTimingTest {
  static final long I = 1_000;
  static final long LIVENESS = RelayTable.LIVENESS_INTERVALS * I;

  @Test
  void theIntervalMustBePositive() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RelayTable(1, 1, 0));
    assertEquals("relayIntervalNanos must be > 0, was 0", e.getMessage());
    assertEquals(1, new RelayTable(1, 1, 1).capacity());
  }

  @Test
  void aNewPortTakesAFreeSlotRatherThanForgetAPortWhoseIntervalPassed() {
    assertANewPortLeavesACooledPortItsSlot(false);
  }

  @Test
  void aNewPortsReportTakesAFreeSlotRatherThanForgetAPortWhoseIntervalPassed() {
    assertANewPortLeavesACooledPortItsSlot(true);
  }

  /**
   * Two slots. Port 1's word goes out at 0; port 2 first comes (heard, or with a report) at I, when port 1's relay
   * interval has passed but not its liveness interval. Port 2 takes the free slot: port 1 is not forgotten, and its
   * next heard word still waits its sixteen intervals (before the fix port 2 took port 1's slot, and port 1's word
   * went out again at I).
   */
  static void assertANewPortLeavesACooledPortItsSlot(boolean newPortReported) {
    RelayTable t = new RelayTable(1, 2, I, true);
    t.markHeard(0, 1, 0);
    assertEquals(1, t.port(t.poll(0, 0)));
    if (newPortReported) {
      t.mark(0, 2, I);
    } else {
      t.markHeard(0, 2, I);
    }
    assertEquals(2, t.port(t.poll(0, I)));
    t.markHeard(0, 1, I);
    assertDueAt(t, LIVENESS, 1, false);
  }

  @Test
  void withNoFreeSlotANewPortTakesOneWhoseIntervalPassed() {
    RelayTable t = new RelayTable(1, 2, I, false);
    t.mark(0, 1, 0);
    t.mark(0, 2, 0);
    assertEquals(java.util.Set.of(1, 2), java.util.Set.of(t.port(t.poll(0, 0)), t.port(t.poll(0, 0))));
    assertEquals(RelayTable.NO_SLOT, t.mark(0, 3, I - 1), "both cooling");
    int slot = t.mark(0, 3, I);
    assertTrue(slot != RelayTable.NO_SLOT, "cooled: one of them is forgotten");
    assertEquals(3, t.port(t.poll(0, I)));
    assertEquals(1, t.dropped());
  }

  @Test
  void theLivenessIntervalIsSixteenRelayIntervalsUpToTheLargestTime() {
    // A sixteenth of Long.MAX_VALUE, rounded down: sixteen of them still fit, 15 ns short of the largest time.
    long interval = Long.MAX_VALUE / RelayTable.LIVENESS_INTERVALS;
    long liveness = RelayTable.LIVENESS_INTERVALS * interval;
    assertEquals(Long.MAX_VALUE - 15, liveness);
    RelayTable t = new RelayTable(1, 1, interval, true);
    t.markHeard(0, 9, 0);
    assertEquals(9, t.port(t.poll(0, 0)));
    t.markHeard(0, 9, 1);
    // The clock jumps to just before the word is due: held once, then followed.
    assertEquals(RelayTable.NO_SLOT, t.poll(0, liveness - 1));
    assertEquals(RelayTable.NO_SLOT, t.poll(0, liveness - 1));
    assertEquals(9, t.port(t.poll(0, liveness)));
  }

  /**
   * At 0: port 7 heard (its liveness word goes out at once) and port 9 marked (its report too). Port 9 is reported
   * again at 15.5 I and marked once more, so its next report is due at 16.5 I, and a poll then finds nothing ready.
   * Port 7, heard again, is due one liveness interval after its word, at 16 I, before the report: it must go out
   * then. With {@code otherHeardBetween}, port 8 was heard after port 7, so port 7 is not the latest port heard.
   */
  static void assertHeardPortDueBeforeAWaitingReportGoesOutInTime(boolean otherHeardBetween) {
    RelayTable t = new RelayTable(1, 4, I, true);
    t.markHeard(0, 7, 0);
    t.mark(0, 9, 0);
    if (otherHeardBetween) {
      t.markHeard(0, 8, 0);
    }
    java.util.Set<Integer> served = new java.util.HashSet<>();
    for (int slot = t.poll(0, 0); slot != RelayTable.NO_SLOT; slot = t.poll(0, 0)) {
      served.add(t.port(slot));
    }
    assertEquals(otherHeardBetween ? java.util.Set.of(7, 8, 9) : java.util.Set.of(7, 9), served);
    long reportAt = 15 * I + I / 2;
    t.mark(0, 9, reportAt);
    assertEquals(9, t.port(t.poll(0, reportAt)));
    t.mark(0, 9, reportAt + 1); // cooling until reportAt + I
    assertEquals(RelayTable.NO_SLOT, t.poll(0, reportAt + 2), "nothing ready");
    t.markHeard(0, 7, reportAt + 3);
    assertDueAt(t, LIVENESS, 7, false);
  }

  /** Nothing from source 0 at {@code due - 1}; at {@code due}, {@code port}'s news, a report or liveness. */
  static void assertDueAt(RelayTable t, long due, int port, boolean report) {
    assertEquals(RelayTable.NO_SLOT, t.poll(0, due - 1));
    int slot = t.poll(0, due);
    assertTrue(slot != RelayTable.NO_SLOT, "port " + port + " was due at " + due);
    assertEquals(port, t.port(slot));
    assertEquals(report, t.hasReport(slot));
  }

  @Test
  void aHeardPortDueBeforeAWaitingReportGoesOutInTime() {
    assertHeardPortDueBeforeAWaitingReportGoesOutInTime(false);
  }

  @Test
  void aHeardPortDueBeforeAWaitingReportGoesOutInTimeWhenAnotherPortWasHeardSince() {
    assertHeardPortDueBeforeAWaitingReportGoesOutInTime(true);
  }

  @Test
  void aReportDueBeforeWaitingLivenessGoesOutInTime() {
    // Port 3's report and port 6's liveness word both go out at 0. Port 6 is heard again (due at LIVENESS) and a poll
    // finds nothing ready; then port 3 is marked again: its report is due at I, long before, and must go out then.
    RelayTable t = new RelayTable(1, 4, I, true);
    t.markHeard(0, 6, 0);
    t.mark(0, 3, 0);
    assertEquals(3, t.port(t.poll(0, 0)));
    assertEquals(6, t.port(t.poll(0, 0)));
    t.markHeard(0, 6, 1);
    assertEquals(RelayTable.NO_SLOT, t.poll(0, 2));
    t.mark(0, 3, 3);
    assertDueAt(t, I, 3, true);
  }

  @Test
  void aWaitingLivenessWordTakesItsTurnExactlyALivenessIntervalAfterItWasReady() {
    // Two slots: a report port always marked and ready at each poll, one poll per interval; port 5 heard at 0,
    // new to the table, so ready at once. Reports go first until port 5 has been ready a liveness interval more.
    RelayTable t = new RelayTable(1, 2, I, true);
    t.mark(0, 4, 0);
    t.markHeard(0, 5, 0);
    long servedAt = -1;
    for (long now = 0; now <= 2 * LIVENESS && servedAt < 0; now += I) {
      t.mark(0, 4, now);
      int slot = t.poll(0, now);
      assertTrue(slot != RelayTable.NO_SLOT, "at " + now);
      if (t.port(slot) == 5) {
        servedAt = now;
      } else {
        assertTrue(t.hasReport(slot));
      }
    }
    // Ready at 0; overdue, and so next in turn after the report served just before, at LIVENESS.
    assertEquals(LIVENESS, servedAt);
  }

  @Test
  void withNoReportPendingLivenessWordsGoRoundRobinAndAnOverdueOneDoesNotJumpTheQueue() {
    // Slots in the order of first marking: 6 (slot 0), the report port 9 (1), 7 (2), 8 (3). Every word goes out at
    // 0; 7's again at LIVENESS. At 2 x LIVENESS, 6's word goes out alone (the turn is then at slot 0); then 7 and 8
    // are heard and 9 marked. 8 last went out at 0, so it has waited a liveness interval beyond its turn (overdue);
    // 7 is just ready. The report goes first; with no report left the liveness words take turns round robin from
    // the last port served, so 7 (slot 2) before 8 (slot 3): being overdue earns a word a turn among reports only.
    RelayTable t = new RelayTable(1, 4, I, true);
    t.markHeard(0, 6, 0);
    t.mark(0, 9, 0);
    t.markHeard(0, 7, 0);
    t.markHeard(0, 8, 0);
    for (int k = 0; k < 4; k++) {
      assertTrue(t.poll(0, 0) != RelayTable.NO_SLOT);
    }
    t.markHeard(0, 7, LIVENESS);
    assertEquals(7, t.port(t.poll(0, LIVENESS)));
    long now = 2 * LIVENESS;
    t.markHeard(0, 6, now);
    assertEquals(6, t.port(t.poll(0, now)));
    t.markHeard(0, 7, now);
    t.markHeard(0, 8, now);
    t.mark(0, 9, now);
    int report = t.poll(0, now);
    assertEquals(9, t.port(report));
    assertTrue(t.hasReport(report));
    assertEquals(7, t.port(t.poll(0, now)));
    assertEquals(8, t.port(t.poll(0, now)));
  }

  @Test
  void reportsStillGoFirstAfterALivenessWordWasServedWhileTheyCooled() {
    RelayTable t = new RelayTable(1, 8, I, true);
    t.mark(0, 1, 0);
    assertEquals(1, t.port(t.poll(0, 0)));
    t.mark(0, 1, 1); // cooling until I
    for (int port = 10; port < 14; port++) {
      t.markHeard(0, port, 2);
    }
    int liveness = t.poll(0, 3);
    assertFalse(t.hasReport(liveness), "the report is cooling: a liveness word may go");
    int again = t.poll(0, 3);
    assertFalse(t.hasReport(again), "and another: nothing ready stops the others");
    assertTrue(t.port(again) != t.port(liveness));
    int report = t.poll(0, I);
    assertEquals(1, t.port(report), "at I the report is ready and goes before the two liveness words left");
    assertTrue(t.hasReport(report));
  }

  @Test
  void aClockResetBackForgetsStampsFromTheFutureOnly() {
    // Source 1 of two, four slots; relay interval 100 ms; times counted from b, a second before 0 (times are
    // arbitrary longs: a relay's clock may read negative).
    final long ms = 1_000_000;
    final long b = -1_000 * ms;
    final long interval = 100 * ms;
    RelayTable t = new RelayTable(2, 4, interval, false);
    final long newTime = b + 40 * ms + 1;
    t.mark(1, 1, b);
    assertEquals(1, t.port(t.poll(1, b))); // port 1 reported at b
    t.mark(1, 4, newTime);
    assertEquals(4, t.port(t.poll(1, newTime))); // port 4 at exactly the time the clock will be reset to
    t.mark(1, 2, b + 50 * ms);
    assertEquals(2, t.port(t.poll(1, b + 50 * ms))); // port 2 at b + 50 ms
    t.mark(1, 3, b + 80 * ms);
    assertEquals(3, t.port(t.poll(1, b + 80 * ms))); // port 3 at b + 80 ms
    // The clock goes back 40 ms: the first such time is held (a glitch, perhaps), the next one confirms it.
    t.mark(1, 1, b + 40 * ms);
    assertEquals(1, t.count(Counter.CLOCK_JUMPS, new long[Counter.values().length]));
    t.mark(1, 2, newTime);
    // Ports 2 and 3 were reported "in the future" of the new time line: they may be reported at once.
    assertEquals(2, t.port(t.poll(1, newTime)));
    t.mark(1, 3, newTime);
    assertEquals(3, t.port(t.poll(1, newTime)));
    // Port 1 (reported at b) and port 4 (reported at the new time itself) keep their intervals.
    t.mark(1, 4, newTime);
    assertEquals(RelayTable.NO_SLOT, t.poll(1, newTime));
    assertEquals(RelayTable.NO_SLOT, t.poll(1, b + interval - 1));
    assertEquals(1, t.port(t.poll(1, b + interval)));
    assertEquals(RelayTable.NO_SLOT, t.poll(1, newTime + interval - 1));
    assertEquals(4, t.port(t.poll(1, newTime + interval)));
    assertEquals(0, t.clockBackwards());
  }

  @Test
  void aClockResetBackOnOneSourceLeavesTheOthersIntervals() {
    final long ms = 1_000_000;
    RelayTable t = new RelayTable(2, 2, 100 * ms, false);
    t.mark(0, 1, 500 * ms);
    assertEquals(1, t.port(t.poll(0, 500 * ms))); // source 0: port 1 reported at 500 ms
    t.mark(1, 1, 500 * ms);
    assertEquals(1, t.port(t.poll(1, 500 * ms)));
    t.mark(1, 1, 100 * ms); // source 1's clock goes back to 100 ms, confirmed at once
    t.mark(1, 1, 100 * ms + 1);
    assertEquals(1, t.port(t.poll(1, 100 * ms + 1)), "source 1's report from the future is forgotten");
    t.mark(0, 1, 550 * ms);
    assertEquals(RelayTable.NO_SLOT, t.poll(0, 550 * ms), "source 0's clock did not move back");
    assertEquals(1, t.port(t.poll(0, 600 * ms)));
  }
}
