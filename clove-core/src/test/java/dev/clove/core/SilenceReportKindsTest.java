// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.clove.api.Counter;
import dev.clove.api.FeedbackWord;
import dev.clove.api.LoadBalancer;
import org.junit.jupiter.api.Test;

/**
 * Which feedback counts as hearing a path, and which arms silence detection (SilenceDetector's class comment and
 * note 4): any report about a port proves it heard; a liveness word or a utilization report arms detection, a
 * congestion report does not. Also: a policy that takes no congestion or utilization (PathPolicy's defaults) counts
 * such reports as the wrong kind, and does not lose their evidence of hearing.
 */
class SilenceReportKindsTest {
  static final int D = 2;
  static final int[] PORTS = {1000, 1001, 1002, 1003};
  static final long MS = 1_000_000;
  static final long US = 1_000;

  static LoadBalancer balancer(long timeoutNanos) {
    return Clove.builder().maxDestinations(4).seed(11).policy(Policies.edgeFlowlet())
        .silenceTimeoutNanos(timeoutNanos).staticPaths(D, PORTS).build();
  }

  /**
   * At 0 every path is heard through {@code armWord}; from 1 to 4 ms a new flow every 10 us, so every path gets
   * flowlets over more than a quarter timeout; then, every 100 us to 40 ms, each port is reported by the word
   * {@code wordFor} gives it (NONE: not reported), and a new flow placed, with a tick after each round (so that a
   * suspected path gets the fresh flowlet that SilenceDetector's note 11 needs before a removal).
   */
  static LoadBalancer run(java.util.function.IntUnaryOperator armWord,
      java.util.function.IntUnaryOperator wordFor) {
    return run(5 * MS, armWord, wordFor);
  }

  static LoadBalancer run(long timeoutNanos, java.util.function.IntUnaryOperator armWord,
      java.util.function.IntUnaryOperator wordFor) {
    LoadBalancer lb = balancer(timeoutNanos);
    for (int port : PORTS) {
      lb.onFeedbackWord(D, armWord.applyAsInt(port), 0);
    }
    lb.onTick(0);
    boolean[] used = new boolean[PORTS.length];
    long key = 1;
    for (long t = MS; t < 4 * MS; t += 10 * US) {
      used[lb.selectSourcePort(D, key++, 1500, t) - PORTS[0]] = true;
      lb.onTick(t);
    }
    for (boolean u : used) {
      assertEquals(true, u, "every path must have been given flowlets for the test to mean something");
    }
    for (long t = 10 * MS; t < 40 * MS; t += 100 * US) {
      for (int port : PORTS) {
        lb.onFeedbackWord(D, wordFor.applyAsInt(port), t);
      }
      lb.selectSourcePort(D, key++, 1500, t);
      lb.onTick(t);
    }
    return lb;
  }

  static java.util.function.IntUnaryOperator except(int quiet, java.util.function.IntUnaryOperator word,
      java.util.function.IntUnaryOperator quietWord) {
    return port -> port == quiet ? quietWord.applyAsInt(port) : word.applyAsInt(port);
  }

  static int none(int port) {
    return FeedbackWord.NONE;
  }

  static int utilization(int port) {
    return FeedbackWord.encodeUtilization(port, 0.25);
  }

  @Test
  void aPathNobodyReportsIsRemovedWhileTheOthersAreHeard() {
    // The control case for the two below: 1002 gets flowlets and never a word.
    LoadBalancer lb = run(FeedbackWord::encodeHeard, except(1002, FeedbackWord::encodeHeard, p -> none(p)));
    assertEquals(1, lb.count(Counter.PATHS_SILENT));
    assertArrayEquals(new int[] {1000, 1001, 1003}, lb.paths(D).ports());
  }

  @Test
  void aTimeoutOfZeroTurnsDetectionOffEvenForAPathThatWasHeardBefore() {
    LoadBalancer lb = run(0, FeedbackWord::encodeHeard, except(1002, FeedbackWord::encodeHeard, p -> none(p)));
    assertEquals(0, lb.count(Counter.PATHS_SILENT));
    assertArrayEquals(PORTS, lb.paths(D).ports());
  }

  @Test
  void aCongestionReportProvesAPathHeard() {
    // 1002 is congested: its relay sends congestion reports about it, and never a liveness word.
    LoadBalancer lb = run(FeedbackWord::encodeHeard,
        except(1002, FeedbackWord::encodeHeard, FeedbackWord::encodeCongestion));
    assertEquals(0, lb.count(Counter.PATHS_SILENT));
    assertArrayEquals(PORTS, lb.paths(D).ports());
    // Edge-Flowlet takes no congestion feedback (PathPolicy's default): each report is counted as the wrong kind.
    assertEquals(300, lb.count(Counter.CONGESTION_REPORTS));
    assertEquals(300, lb.count(Counter.FEEDBACK_WRONG_KIND));
  }

  @Test
  void utilizationReportsAloneArmDetectionAndProvePathsHeard() {
    // A CLOVE-INT style relay: utilization reports about every port it hears, no liveness words; 1002 is dead.
    LoadBalancer lb = run(SilenceReportKindsTest::utilization,
        except(1002, SilenceReportKindsTest::utilization, p -> none(p)));
    assertEquals(1, lb.count(Counter.PATHS_SILENT));
    assertArrayEquals(new int[] {1000, 1001, 1003}, lb.paths(D).ports());
    assertEquals(0, lb.count(Counter.LIVENESS_REPORTS));
    assertEquals(0, lb.count(Counter.UTILIZATION_REPORTS), "Edge-Flowlet accepts none");
    assertEquals(4 + 3 * 300, lb.count(Counter.FEEDBACK_WRONG_KIND));
  }

  @Test
  void everyPathReportedByUtilizationKeepsItsPlace() {
    LoadBalancer lb = run(SilenceReportKindsTest::utilization, SilenceReportKindsTest::utilization);
    assertEquals(0, lb.count(Counter.PATHS_SILENT));
    assertArrayEquals(PORTS, lb.paths(D).ports());
  }

  @Test
  void utilizationReportsWithDetectionOffAreStillCountedAsTheWrongKind() {
    LoadBalancer lb = Clove.builder().maxDestinations(4).seed(11).policy(Policies.edgeFlowlet())
        .silenceTimeoutNanos(0).staticPaths(D, PORTS).build();
    lb.onUtilization(D, 1000, 0.5, 0);
    lb.onCongestion(D, 1001, 0);
    assertEquals(2, lb.count(Counter.FEEDBACK_WRONG_KIND));
    assertEquals(0, lb.count(Counter.UTILIZATION_REPORTS));
    assertEquals(1, lb.count(Counter.CONGESTION_REPORTS));
  }

  @Test
  void aPolicyConsumesNoFeedbackUnlessItSaysSo() {
    // Edge-Flowlet and ECMP keep PathPolicy's defaults.
    for (PathPolicy policy : new PathPolicy[] {Policies.edgeFlowlet(), Policies.ecmp()}) {
      assertFalse(policy.consumesCongestion());
      assertFalse(policy.consumesUtilization());
      assertEquals(0, policy.count(Counter.PATHS_SILENT));
    }
  }
}
