// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import dev.clove.api.LoadBalancer;
import org.junit.jupiter.api.Test;

/**
 * {@link SilenceDetector}'s timing rules, each at its edge, with the detector of a real balancer driven by hand
 * (placements, reports, arming and scans at chosen nanoseconds). With a timeout T: a path is suspected when it was
 * given flowlets at t1 and again at t2 >= t1 + T/4, has not been heard since t1, and another path was heard later
 * than t2 + T; it is silent once, since the suspicion began, as many further reports as the destination has paths
 * came back and a flowlet placed on it at t3 went unheard while another path was heard later than t3 + T/4 (the
 * class comment and notes 3, 4, 8 and 11). Scans run at most once per T/10; a
 * destination not heard for max(1 s, 100 T) is disarmed.
 */
class SilenceDetectorRulesTest {
  static final int D = 1;
  static final int[] PORTS = {1000, 1001, 1002, 1003};
  static final long T = 1_000_000;
  static final long QUARTER = T / 4;
  static final long SCAN = T / 10;
  static final long SECOND = 1_000_000_000L;
  /** The first placement on the path that goes silent, 1002. */
  static final long P1 = 10_000;

  /** A balancer over static paths whose detector the test drives by hand. */
  static final class Rig {
    final LoadBalancer lb;
    final BalancerCore core;
    final SilenceDetector detector;

    Rig(long timeoutNanos) {
      this(timeoutNanos, PORTS);
    }

    Rig(long timeoutNanos, int... ports) {
      lb = Clove.builder().maxDestinations(4).seed(1).policy(Policies.edgeFlowlet())
          .silenceTimeoutNanos(timeoutNanos).staticPaths(D, ports).build();
      core = ((CloveBalancer) lb).core;
      detector = core.silence;
    }

    PathSet paths() {
      return core.paths(D);
    }

    void heard(int port, long t) {
      SilenceDetector.heard(paths(), paths().indexOf(port), t);
    }

    /** {@code count} reports about {@code port}, all at {@code t}. */
    void reports(int port, int count, long t) {
      for (int k = 0; k < count; k++) {
        heard(port, t);
      }
    }

    void placed(int port, long t) {
      detector.placed(paths(), paths().indexOf(port), t);
    }

    void arm(long t) {
      synchronized (core.control) {
        detector.arm(D, t);
      }
    }

    void scan(long t) {
      synchronized (core.control) {
        detector.scan(core, t);
      }
    }

    /**
     * 1000 heard at {@code at} and a scan then (1002 suspected, if its placements allow); 1002 given a flowlet then
     * and four reports about 1001; 1000 heard a quarter timeout later and a scan (1002 silent, if still suspected).
     */
    void heardElsewhereAndScannedTwice(long at) {
      heard(1000, at);
      scan(at);
      placed(1002, at);
      reports(1001, 4, at);
      heard(1000, at + QUARTER);
      scan(at + QUARTER);
    }

    boolean silent(int port) {
      return paths().indexOf(port) < 0;
    }
  }

  /** A rig armed at 0 whose paths were all heard at 1 us. */
  static Rig armedAndHeard() {
    Rig r = new Rig(T);
    r.arm(0);
    for (int port : PORTS) {
      r.heard(port, 1_000);
    }
    return r;
  }

  /** {@link #armedAndHeard}, then 1002 given flowlets at {@link #P1} and exactly a quarter timeout later. */
  static Rig placedTwice() {
    Rig r = armedAndHeard();
    r.placed(1002, P1);
    r.placed(1002, P1 + QUARTER);
    return r;
  }

  /**
   * Armed at 0, every path heard at 1 us; 1002 given flowlets at {@link #P1} and exactly a quarter timeout later,
   * and never heard again; 1000 heard at {@code otherHeardAt}, where the scan then runs.
   */
  static Rig placedTwiceAndUnheard(long otherHeardAt) {
    Rig r = placedTwice();
    r.heard(1000, otherHeardAt);
    r.scan(otherHeardAt);
    return r;
  }

  /** The earliest time another path's report makes 1002 suspected: more than T after its second placement. */
  static final long SUSPECTED = P1 + QUARTER + T + 1;

  /** Armed at {@code armedAt}, every path heard at 1 us, 1002 given flowlets at P1 and a quarter timeout later. */
  static Rig placedTwiceArmedAt(long armedAt) {
    Rig r = new Rig(T);
    r.arm(armedAt);
    for (int port : PORTS) {
      r.heard(port, 1_000);
    }
    r.placed(1002, P1);
    r.placed(1002, P1 + QUARTER);
    r.heardElsewhereAndScannedTwice(SUSPECTED);
    return r;
  }

  @Test
  void aFirstPlacementInTheNanosecondOfArmingIsIgnoredAndOneNanosecondLaterCounts() {
    // Note 4: placements made at or before the moment a destination was armed are ignored.
    assertFalse(placedTwiceArmedAt(P1).silent(1002), "placed in the arming nanosecond");
    assertTrue(placedTwiceArmedAt(P1 - 1).silent(1002), "placed one nanosecond after arming");
  }

  @Test
  void aSuspectedPathIsRemovedAfterAFreshFlowletAndFourReports() {
    Rig r = placedTwiceAndUnheard(SUSPECTED);
    assertFalse(r.silent(1002), "suspected only");
    r.placed(1002, SUSPECTED); // the flowlet placed since the suspicion (note 11)
    r.reports(1001, 4, SUSPECTED + QUARTER); // as many as the destination has paths, the last a quarter later
    r.scan(SUSPECTED + QUARTER);
    assertTrue(r.silent(1002));
    assertArrayEquals(new int[] {1000, 1001, 1003}, r.lb.paths(D).ports());
    assertEquals(1, r.lb.count(Counter.PATHS_SILENT));
  }

  @Test
  void withoutAFlowletSinceTheSuspicionAPathStaysSuspectedHoweverLong() {
    Rig r = placedTwiceAndUnheard(SUSPECTED);
    for (long t = SUSPECTED + SCAN; t < SUSPECTED + 20 * T; t += SCAN) {
      r.reports(1001, 4, t);
      r.heard(1000, t);
      r.scan(t);
    }
    assertFalse(r.silent(1002), "placements before the suspicion do not confirm it");
    long t = SUSPECTED + 20 * T;
    r.placed(1002, t);
    r.heard(1000, t + QUARTER);
    r.scan(t + QUARTER);
    assertTrue(r.silent(1002), "the reports since the suspicion count, the fresh flowlet confirms");
  }

  @Test
  void theFreshFlowletMustGoUnheardForAQuarterTimeout() {
    Rig r = placedTwiceAndUnheard(SUSPECTED);
    long t3 = SUSPECTED + 1;
    r.placed(1002, t3);
    r.reports(1001, 4, t3 + QUARTER - 1);
    r.scan(t3 + QUARTER - 1);
    assertFalse(r.silent(1002), "another path heard a nanosecond short of a quarter timeout later");
    // The next scan may run a tenth of a timeout later, no sooner.
    r.heard(1000, t3 + QUARTER);
    r.scan(t3 + QUARTER - 1 + SCAN - 1);
    assertFalse(r.silent(1002), "a scan within a tenth of a timeout of the last one does nothing");
    r.scan(t3 + QUARTER - 1 + SCAN);
    assertTrue(r.silent(1002));
  }

  @Test
  void aFreshFlowletThatIsHeardClearsTheSuspicion() {
    Rig r = placedTwiceAndUnheard(SUSPECTED);
    r.placed(1002, SUSPECTED);
    r.heard(1002, SUSPECTED + 1); // the path answered after all
    r.reports(1001, 4, SUSPECTED + T);
    r.scan(SUSPECTED + T);
    assertFalse(r.silent(1002));
  }

  @Test
  void fewerReportsThanPathsKeepThePathSuspectedOnly() {
    Rig r = placedTwiceAndUnheard(SUSPECTED);
    r.placed(1002, SUSPECTED);
    r.reports(1001, 3, SUSPECTED + QUARTER);
    r.scan(SUSPECTED + QUARTER);
    r.scan(SUSPECTED + 2 * QUARTER);
    assertFalse(r.silent(1002), "three reports, four paths");
    r.reports(1003, 1, SUSPECTED + 2 * QUARTER);
    r.scan(SUSPECTED + 3 * QUARTER);
    assertTrue(r.silent(1002));
  }

  @Test
  void anotherPathHeardExactlyATimeoutAfterTheSecondPlacementIsNotEnough() {
    long edge = P1 + QUARTER + T;
    Rig r = placedTwiceAndUnheard(edge);
    for (long t = edge; t < edge + 3 * T; t += SCAN) {
      r.reports(1000, 4, edge); // reports keep coming, all stamped at the edge
      r.placed(1002, t);
      r.scan(t);
    }
    assertFalse(r.silent(1002));
    r.heardElsewhereAndScannedTwice(edge + 3 * T);
    r.reports(1000, 4, edge + 3 * T + QUARTER);
    r.scan(edge + 3 * T + QUARTER + SCAN);
    assertTrue(r.silent(1002), "later is");
  }

  @Test
  void theSecondPlacementMustComeAQuarterTimeoutAfterTheFirst() {
    Rig r = armedAndHeard();
    r.placed(1002, P1);
    r.placed(1002, P1 + QUARTER - 1); // too soon to count
    long late = P1 + QUARTER + T + 1;
    r.heard(1000, late);
    r.scan(late);
    r.reports(1001, 4, late);
    r.heard(1000, late + QUARTER);
    r.scan(late + QUARTER);
    assertFalse(r.silent(1002), "one placement is not evidence");
    r.placed(1002, P1 + QUARTER); // this one counts
    r.heard(1000, late + QUARTER + 1);
    r.scan(late + 2 * QUARTER); // suspected now
    r.placed(1002, late + 2 * QUARTER);
    r.reports(1001, 4, late + 3 * QUARTER);
    r.scan(late + 3 * QUARTER);
    assertTrue(r.silent(1002));
  }

  @Test
  void laterPlacementsDoNotMoveTheSecond() {
    Rig r = placedTwice();
    r.placed(1002, P1 + 2 * QUARTER); // still the one at P1 + QUARTER that counts
    r.heardElsewhereAndScannedTwice(SUSPECTED);
    assertTrue(r.silent(1002));
  }

  @Test
  void aReportStampedAtTheFirstPlacementCountsAsHearingIt() {
    Rig r = placedTwice();
    r.heard(1002, P1); // a report processed late, stamped with the first placement's time
    r.heardElsewhereAndScannedTwice(SUSPECTED);
    assertFalse(r.silent(1002));
  }

  @Test
  void aPathThatAnsweredAndThenWentSilentIsJudgedOnItsNewPlacements() {
    Rig r = placedTwice();
    r.heard(1002, P1 + QUARTER + 1); // answered both
    long second = P1 + QUARTER + 10;
    r.placed(1002, second); // a new first placement, waiting for a report
    r.placed(1002, second + QUARTER);
    long late = second + QUARTER + T + 1;
    r.heardElsewhereAndScannedTwice(late);
    assertTrue(r.silent(1002));
  }

  @Test
  void aSilentPathIsFoundWhileEveryOtherPathIsWaitingForAReportToo() {
    // Busy destination: each live path is given flowlets again right after each of its reports, so at every scan
    // all four paths are waiting for a report; only 1002 has waited more than a timeout.
    Rig r = placedTwice();
    long t = SUSPECTED;
    for (int round = 0; round < 3; round++) {
      for (int port : new int[] {1000, 1001, 1002, 1003}) { // every path keeps getting flowlets, 1002 too
        if (port != 1002) {
          r.reports(port, 2, t);
        }
        r.placed(port, t + 1);
        r.placed(port, t + 1 + QUARTER);
      }
      t += 1 + QUARTER;
      r.scan(t);
    }
    assertTrue(r.silent(1002));
    assertArrayEquals(new int[] {1000, 1001, 1003}, r.lb.paths(D).ports());
  }

  @Test
  void aDestinationNeverHeardIsDisarmedOneSecondAfterArming() {
    long armed = 5 * SECOND;
    Rig r = new Rig(T);
    r.arm(armed);
    r.scan(armed + SECOND);
    assertTrue(r.detector.isArmed(D), "exactly a second: still armed");
    Rig s = new Rig(T);
    s.arm(armed);
    s.scan(armed + SECOND + 1);
    assertFalse(s.detector.isArmed(D));
    s.arm(armed + 2 * SECOND);
    assertTrue(s.detector.isArmed(D), "its next liveness word arms it again");
  }

  @Test
  void aDestinationIsDisarmedOneSecondAfterItWasLastHeard() {
    long heard = 5 * SECOND;
    Rig r = new Rig(T);
    r.arm(0);
    r.heard(1001, heard);
    r.scan(heard + SECOND);
    assertTrue(r.detector.isArmed(D));
    Rig s = new Rig(T);
    s.arm(0);
    s.heard(1001, heard);
    s.scan(heard + SECOND + 1);
    assertFalse(s.detector.isArmed(D));
  }

  @Test
  void aLongTimeoutDisarmsAfterAHundredTimeouts() {
    long timeout = 20_000_000; // 100 timeouts: 2 s, more than the 1 s floor
    Rig r = new Rig(timeout);
    assertEquals(timeout, r.detector.timeoutNanos());
    r.arm(SECOND);
    r.scan(3 * SECOND);
    assertTrue(r.detector.isArmed(D), "2 s: still armed");
    Rig s = new Rig(timeout);
    s.arm(SECOND);
    s.scan(3 * SECOND + 1);
    assertFalse(s.detector.isArmed(D));
  }

  @Test
  void aHundredTimeoutsSaturateOnlyWhenTheyWouldOverflow() {
    long timeout = Long.MAX_VALUE / 100; // a hundred of them fit: 7 ns short of the largest time
    long delay = 100 * timeout;
    assertEquals(Long.MAX_VALUE - 7, delay);
    Rig r = new Rig(timeout);
    r.arm(0);
    r.scan(delay);
    assertTrue(r.detector.isArmed(D));
    Rig s = new Rig(timeout);
    s.arm(0);
    s.scan(delay + 1);
    assertFalse(s.detector.isArmed(D));
  }

  @Test
  void aNewSetOfPathsNeverHeardDoesNotLookLongUnheard() {
    // Armed at 5 s with nothing heard yet, the paths then replaced by new ones: still "never heard", so the
    // destination is disarmed a second after arming, not as if its paths were last heard at time 0.
    Rig r = new Rig(T);
    r.arm(5 * SECOND);
    synchronized (r.core.control) {
      r.core.publishPaths(D, new int[] {2000, 2001}, 5 * SECOND);
    }
    r.scan(5 * SECOND + SCAN);
    assertTrue(r.detector.isArmed(D));
  }

  @Test
  void stampsAndTheReportCountFollowTheirPortsIntoANewSet() {
    int s = SilenceDetector.STRIDE;
    long[] old = new long[3 * s + 1];
    for (int k = 0; k < old.length; k++) {
      old[k] = 100 + k;
    }
    PathSet previous = new PathSet(new int[] {10, 11, 12}, 1, old);
    long[] stamps = SilenceDetector.carryOver(previous, new int[] {12, 13, 10});
    assertEquals(3 * s + 1, stamps.length);
    for (int f = 0; f < s; f++) {
      assertEquals(old[2 * s + f], stamps[f], "port 12, stamp " + f);
      assertEquals(SilenceDetector.NEVER, stamps[s + f], "port 13 is new, stamp " + f);
      assertEquals(old[f], stamps[2 * s + f], "port 10, stamp " + f);
    }
    assertEquals(old[3 * s], stamps[3 * s], "the report count carries over");
    long[] fresh = SilenceDetector.carryOver(PathSet.EMPTY, new int[] {7});
    for (int f = 0; f < s; f++) {
      assertEquals(SilenceDetector.NEVER, fresh[f]);
    }
    assertEquals(0, fresh[s], "no reports yet");
  }

  @Test
  void aSuspicionSurvivesAChangeOfTheSet() {
    Rig r = placedTwiceAndUnheard(SUSPECTED);
    r.lb.onPathFailure(D, 1000, SUSPECTED); // 1002 moves to index 1; its stamps and the report count follow
    r.placed(1002, SUSPECTED + 1);
    r.reports(1001, 3, SUSPECTED + 1 + QUARTER); // three paths now
    r.scan(SUSPECTED + 1 + QUARTER);
    assertArrayEquals(new int[] {1001, 1003}, r.lb.paths(D).ports());
    assertEquals(1, r.lb.count(Counter.PATHS_SILENT));
  }

  @Test
  void aFlowWhosePathWentUnansweredForHalfATimeoutTriesTheNextPath() {
    Rig r = armedAndHeard();
    r.placed(1001, P1); // a flowlet that is never answered
    r.placed(1003, P1);
    PathSet p = r.paths();
    long half = T / 2;
    assertEquals(2, r.detector.elsewhere(p, 1, 1001, P1 + half), "half a timeout unanswered: the next path");
    assertEquals(1, r.detector.elsewhere(p, 1, 1001, P1 + half - 1), "1 ns sooner: stay");
    assertEquals(0, r.detector.elsewhere(p, 3, 1003, P1 + half), "after the last path comes the first");
    assertEquals(1, r.detector.elsewhere(p, 1, 1000, P1 + T), "the flow's last flowlet took another path");
    assertEquals(1, r.detector.elsewhere(p, 1, -1, P1 + T), "a new flow");
    assertEquals(0, r.detector.elsewhere(p, 0, 1000, P1 + T), "1000 was given no flowlet since it was heard");
    r.heard(1001, P1); // answered, by a report stamped at the placement itself
    assertEquals(1, r.detector.elsewhere(r.paths(), 1, 1001, P1 + T));
  }

  @Test
  void twoPathsAreEnoughToRetryAndOneIsNot() {
    Rig two = new Rig(T, 1000, 1001);
    two.arm(0);
    two.heard(1000, 1_000);
    two.heard(1001, 1_000);
    two.placed(1000, P1);
    assertEquals(1, two.detector.elsewhere(two.paths(), 0, 1000, P1 + T));
    two.placed(1001, P1);
    assertEquals(0, two.detector.elsewhere(two.paths(), 1, 1001, P1 + T));
    Rig one = new Rig(T, 1000);
    one.arm(0);
    one.heard(1000, 1_000);
    one.placed(1000, P1);
    assertEquals(0, one.detector.elsewhere(one.paths(), 0, 1000, P1 + T), "nowhere else to go");
  }
}
