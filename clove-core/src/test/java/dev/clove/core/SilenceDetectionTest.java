// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import dev.clove.api.FeedbackWord;
import dev.clove.api.LoadBalancer;
import org.junit.jupiter.api.Test;

/**
 * The sender's half of silent-path detection, fed liveness words directly: which evidence removes a path, which
 * does not, and the builder's setting.
 */
class SilenceDetectionTest {
  static final int D = 2;
  static final int[] PORTS = {1000, 1001, 1002, 1003};
  static final long MS = 1_000_000;

  static LoadBalancer balancer(PathPolicy policy, long timeout) {
    return Clove.builder().maxDestinations(4).seed(5).policy(policy).silenceTimeoutNanos(timeout)
        .staticPaths(D, PORTS).build();
  }

  /**
   * Every 10 us a new flow to D; every port but {@code dead} is reported heard 100 us after it was used, through
   * {@code word}. Returns the last time a new flow went to {@code dead} at or after {@code from}.
   */
  static long drive(LoadBalancer lb, long from, long to, int dead, java.util.function.IntUnaryOperator word) {
    long last = Long.MIN_VALUE;
    java.util.ArrayDeque<long[]> heard = new java.util.ArrayDeque<>();
    for (long t = from; t < to; t += 10_000) {
      while (!heard.isEmpty() && heard.peek()[0] <= t) {
        lb.onFeedbackWord(D, word.applyAsInt((int) heard.poll()[1]), t);
      }
      int port = lb.selectSourcePort(D, t * 31 + 7, 1500, t);
      if (port == dead) {
        last = t;
      } else {
        heard.add(new long[] {t + 100_000, port});
      }
      if (t % MS == 0) {
        lb.onTick(t);
      }
    }
    return last;
  }

  @Test
  void anEcmpBalancerOverStaticPathsDropsASilentPathToo() {
    LoadBalancer lb = balancer(Policies.ecmp(), 5 * MS);
    drive(lb, 0, 50 * MS, -1, FeedbackWord::encodeHeard);
    long last = drive(lb, 50 * MS, 150 * MS, 1002, FeedbackWord::encodeHeard);
    assertTrue(last - 50 * MS < 10 * MS, "flows went to the dead path until " + last);
    assertEquals(1, lb.count(Counter.PATHS_SILENT));
    assertEquals(1, lb.count(Counter.PATHS_REMOVED));
    assertArrayEquals(new int[] {1000, 1001, 1003}, lb.paths(D).ports());
  }

  @Test
  void aSilentStaticPathReturnsAfterTheHoldDownAndIsFoundAgain() {
    LoadBalancer lb = Clove.builder().maxDestinations(4).seed(5).staticPathHoldDownNanos(20 * MS)
        .staticPaths(D, PORTS).build();
    drive(lb, 0, 10 * MS, -1, FeedbackWord::encodeHeard);
    drive(lb, 10 * MS, 400 * MS, 1001, FeedbackWord::encodeHeard);
    // Each round: found silent about 8 ms after it is back in use, then held 20, 40, 80, 160 ms...: removals
    // at about 18, 46, 94, 182 and 350 ms. Without the doubling it would be back every 28 ms, 14 times.
    long silent = lb.count(Counter.PATHS_SILENT);
    assertTrue(silent >= 4 && silent <= 6, "found again after each, longer, hold-down: " + silent);
    assertEquals(0, lb.count(Counter.PATH_FAILURES));
  }

  @Test
  void congestionReportsAloneDoNotArmDetection() {
    LoadBalancer lb = balancer(Policies.edgeFlowlet(), 5 * MS);
    // Only congestion words, about every live port: the dead one is never reported, but nothing is concluded.
    drive(lb, 0, 100 * MS, 1002, FeedbackWord::encodeCongestion);
    assertEquals(0, lb.count(Counter.PATHS_SILENT));
    assertEquals(4, lb.paths(D).ports().length);
  }

  @Test
  void zeroTurnsDetectionOff() {
    LoadBalancer lb = balancer(Policies.edgeFlowlet(), 0);
    drive(lb, 0, 100 * MS, 1002, FeedbackWord::encodeHeard);
    assertEquals(0, lb.count(Counter.PATHS_SILENT));
    assertEquals(4, lb.paths(D).ports().length);
    assertTrue(lb.count(Counter.LIVENESS_REPORTS) > 0);
  }

  @Test
  void aTimeoutLongerThanTheSilenceKeepsThePath() {
    // The same dead path, judged with a timeout longer than the test: never removed.
    LoadBalancer patient = balancer(Policies.edgeFlowlet(), 200 * MS);
    drive(patient, 0, 150 * MS, 1002, FeedbackWord::encodeHeard);
    assertEquals(0, patient.count(Counter.PATHS_SILENT));
  }

  @Test
  void badSettingsAreNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Clove.builder().silenceTimeoutNanos(-1));
    assertTrue(e.getMessage().contains("silenceTimeoutNanos") && e.getMessage().contains("-1"), e.getMessage());
  }

  @Test
  void heardWordsAboutUnknownPortsOrDestinationsAreHarmless() {
    LoadBalancer lb = balancer(Policies.edgeFlowlet(), 5 * MS);
    lb.onPathHeard(D, 4242, 0);
    lb.onPathHeard(-1, 1000, 0);
    lb.onPathHeard(99, 1000, 0);
    assertEquals(0, lb.count(Counter.FEEDBACK_UNKNOWN_PATH));
    assertEquals(2, lb.count(Counter.FEEDBACK_UNKNOWN_DESTINATION));
    assertEquals(3, lb.count(Counter.LIVENESS_REPORTS));
  }
}
