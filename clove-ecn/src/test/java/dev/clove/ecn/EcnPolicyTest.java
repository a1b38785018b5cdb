// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.ecn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import dev.clove.core.PathSet;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** Hand-computed examples of {@link EcnPolicy}'s rules. */
class EcnPolicyTest {
  static final long I = 50_000; // relay interval (default for a 100 us RTT)

  static EcnPolicy bound(EcnPolicy policy, int... ports) {
    policy.bind(4, 16, 100_000);
    policy.onPathsChanged(0, PathSet.EMPTY, PathSet.of(ports), 0);
    return policy;
  }

  @Test
  void defaultsAreThePapers() {
    EcnPolicy p = CloveEcn.policy().build();
    assertEquals(50_000, p.relayIntervalNanos());
    assertEquals(50_000, p.congestionMemoryNanos());
    assertEquals(1.0 / 3, p.cutFactor());
    assertEquals(Recovery.none(), p.recovery());
    EcnPolicy q = CloveEcn.policy().baseRttNanos(40_000).build();
    assertEquals(20_000, q.relayIntervalNanos());
    assertEquals(20_000, q.congestionMemoryNanos());
    assertEquals(70_000, CloveEcn.policy().relayIntervalNanos(70_000).build().congestionMemoryNanos());
  }

  @Test
  void weightsStartEqual() {
    EcnPolicy p = bound(CloveEcn.policy().build(), 10, 11, 12, 13);
    assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, p.weights(0), 1e-15);
    assertArrayEquals(new double[0], p.weights(1)); // no paths yet
  }

  @Test
  void oneReportCutsAThirdAndSpreadsItOverTheOthers() {
    EcnPolicy p = bound(CloveEcn.policy().build(), 10, 11, 12, 13);
    p.onCongestion(0, 0, 1_000_000);
    // 1/4 loses 1/12; each of the three others gains 1/36.
    double others = 0.25 + 1.0 / 36;
    assertArrayEquals(new double[] {1.0 / 6, others, others, others}, p.weights(0), 1e-12);
    assertEquals(1, p.count(Counter.CONGESTION_CUTS));
  }

  @Test
  void secondReportWithinTheIntervalIsSuppressed() {
    EcnPolicy p = bound(CloveEcn.policy().build(), 10, 11, 12, 13);
    p.onCongestion(0, 0, 1_000_000);
    double[] afterFirst = p.weights(0);
    p.onCongestion(0, 0, 1_000_000 + I - 1);
    assertArrayEquals(afterFirst, p.weights(0), 0);
    assertEquals(1, p.count(Counter.CONGESTION_SUPPRESSED));
    p.onCongestion(0, 0, 1_000_000 + 2 * I); // a full interval after the cut: cut again
    assertEquals(2, p.count(Counter.CONGESTION_CUTS));
    assertEquals(1.0 / 6 * 2 / 3, p.weights(0)[0], 1e-12);
  }

  @Test
  void congestedPathsReceiveNothing() {
    EcnPolicy p = bound(CloveEcn.policy().build(), 10, 11, 12, 13);
    p.onCongestion(0, 0, 1_000_000); // [1/6, 1/4+1/36, 1/4+1/36, 1/4+1/36]
    p.onCongestion(0, 1, 1_000_010); // path 0 still congested: path 1's cut goes to paths 2 and 3 only
    double w1 = 0.25 + 1.0 / 36;
    double removed = w1 / 3;
    assertArrayEquals(new double[] {1.0 / 6, w1 - removed, w1 + removed / 2, w1 + removed / 2}, p.weights(0),
        1e-12);
  }

  @Test
  void aPathReportedExactlyOneMemoryAgoIsStillCongested() {
    EcnPolicy p = bound(CloveEcn.policy().build(), 10, 11, 12);
    p.onCongestion(0, 0, 1_000_000); // [2/9, 7/18, 7/18]
    p.onCongestion(0, 1, 1_000_000 + I); // path 0 reported exactly I ago: only path 2 receives
    double w1 = 7.0 / 18;
    assertArrayEquals(new double[] {2.0 / 9, w1 * 2 / 3, w1 + w1 / 3}, p.weights(0), 1e-12);
  }

  @Test
  void congestionIsForgottenAfterTheMemory() {
    EcnPolicy p = bound(CloveEcn.policy().build(), 10, 11);
    p.onCongestion(0, 0, 1_000_000); // [1/3, 2/3]
    p.onCongestion(0, 1, 1_000_000 + I + 1); // path 0 last reported more than a memory ago: receives 2/9
    assertArrayEquals(new double[] {5.0 / 9, 4.0 / 9}, p.weights(0), 1e-12);
  }

  @Test
  void reportWithEveryOtherPathCongestedChangesNothing() {
    EcnPolicy p = bound(CloveEcn.policy().build(), 10, 11);
    p.onCongestion(0, 0, 1_000_000); // [1/3, 2/3]
    double[] before = p.weights(0);
    p.onCongestion(0, 1, 1_000_001); // the only other path (0) is congested: no receiver
    assertArrayEquals(before, p.weights(0), 0);
    assertEquals(1, p.count(Counter.CONGESTION_CUTS));
    assertEquals(0, p.count(Counter.CONGESTION_SUPPRESSED));
    assertEquals(1, p.count(Counter.CONGESTION_NO_RECIPIENT));
    // Not a cut, so it does not start path 1's interval: once path 0 clears, path 1 is cut at once.
    p.onCongestion(0, 1, 1_000_001 + I + 1);
    assertArrayEquals(new double[] {5.0 / 9, 4.0 / 9}, p.weights(0), 1e-12);
  }

  @Test
  void aSinglePathKeepsWeightOne() {
    EcnPolicy p = bound(CloveEcn.policy().build(), 10);
    p.onCongestion(0, 0, 5);
    assertArrayEquals(new double[] {1.0}, p.weights(0), 0);
  }

  @Test
  void pathChangeKeepsSurvivorsAndGivesNewPathsTheEqualShare() {
    EcnPolicy p = bound(CloveEcn.policy().build(), 10, 11, 12, 13);
    p.onCongestion(0, 0, 1_000_000); // 10: 1/6, others 5/18
    // Drop 13, add 14 in front: survivors 10, 11, 12 keep 1/6, 5/18, 5/18 (sum 13/18); 14 joins with 1/4.
    p.onPathsChanged(0, PathSet.of(10, 11, 12, 13), PathSet.of(14, 10, 11, 12), 1_000_001);
    double total = 13.0 / 18 + 0.25;
    assertArrayEquals(new double[] {0.25 / total, (1.0 / 6) / total, (5.0 / 18) / total, (5.0 / 18) / total},
        p.weights(0), 1e-12);
    // Path 10 keeps its history: it was cut at 1_000_000, so a report within the interval is suppressed.
    p.onCongestion(0, 1, 1_000_002);
    assertEquals(1, p.count(Counter.CONGESTION_SUPPRESSED));
    p.onPathsChanged(0, PathSet.of(14, 10, 11, 12), PathSet.EMPTY, 1_000_003);
    assertArrayEquals(new double[0], p.weights(0));
    p.onPathsChanged(0, PathSet.EMPTY, PathSet.of(10, 11), 1_000_004);
    assertArrayEquals(new double[] {0.5, 0.5}, p.weights(0), 0); // gone and back: starts afresh
  }

  @Test
  void replacingTheFirstOrTheLastPathKeepsTheOthersWeightsAndTheSameSetChangesNothing() {
    EcnPolicy p = bound(CloveEcn.policy().build(), 10, 11, 12, 13);
    p.onCongestion(0, 3, 1_000_000); // [5/18, 5/18, 5/18, 1/6]
    // First path replaced: 11, 12, 13 keep 5/18, 5/18, 1/6 (13/18 in all), 20 joins with 1/4; the sum 35/36 is
    // scaled back to 1.
    p.onPathsChanged(0, PathSet.of(10, 11, 12, 13), PathSet.of(20, 11, 12, 13), 1_000_001);
    assertArrayEquals(new double[] {9.0 / 35, 10.0 / 35, 10.0 / 35, 6.0 / 35}, p.weights(0), 1e-12);
    // Last path replaced: 20, 11, 12 keep 29/35, 21 joins with 1/4; the sum is 151/140.
    p.onPathsChanged(0, PathSet.of(20, 11, 12, 13), PathSet.of(20, 11, 12, 21), 1_000_002);
    assertArrayEquals(new double[] {36.0 / 151, 40.0 / 151, 40.0 / 151, 35.0 / 151}, p.weights(0), 1e-12);
    double[] before = p.weights(0);
    p.onPathsChanged(0, PathSet.of(20, 11, 12, 21), PathSet.of(20, 11, 12, 21), 1_000_003);
    assertArrayEquals(before, p.weights(0), 1e-15);
  }

  /** With cut factor 1 a cut path keeps nothing; if only such paths survive a change, the set starts over equal. */
  @Test
  void survivorsWithNoWeightLeftStartOverEqualWithTheNewPaths() {
    EcnPolicy p = CloveEcn.policy().cutFactor(1).build();
    p.bind(1, 2, 100_000); // the new set fills every path slot
    p.onPathsChanged(0, PathSet.EMPTY, PathSet.of(10, 11), 0);
    p.onCongestion(0, 0, 1_000_000);
    assertArrayEquals(new double[] {0, 1}, p.weights(0), 0);
    p.onPathsChanged(0, PathSet.of(10, 11), PathSet.of(10, 12), 1_000_001); // 11 leaves; only the empty 10 stays
    assertArrayEquals(new double[] {0.5, 0.5}, p.weights(0), 0);
  }

  /** A congestion memory of 0 is a valid setting, not "unset": a report 1 ns old no longer counts as congested. */
  @Test
  void aCongestionMemoryOfZeroForgetsAReportAfterOneNanosecond() {
    EcnPolicy p = CloveEcn.policy().congestionMemoryNanos(0).build();
    assertEquals(0, p.congestionMemoryNanos());
    bound(p, 10, 11);
    assertEquals(0, p.congestionMemoryNanos(), "still 0 once bound");
    p.onCongestion(0, 0, 1_000_000); // [1/3, 2/3]
    p.onCongestion(0, 1, 1_000_001); // path 0 was reported 1 ns ago: uncongested, so it receives 2/9
    assertArrayEquals(new double[] {5.0 / 9, 4.0 / 9}, p.weights(0), 1e-12);
    assertEquals(2, p.count(Counter.CONGESTION_CUTS));
  }

  @Test
  void weightsOfTheFirstIdPastTheLastDestinationAreEmpty() {
    EcnPolicy p = CloveEcn.policy().build();
    p.bind(256, 2, 100_000); // one full chunk of 256 destinations
    p.onPathsChanged(255, PathSet.EMPTY, PathSet.of(10, 11), 0);
    assertArrayEquals(new double[] {0.5, 0.5}, p.weights(255), 0);
    assertEquals(0, p.weights(256).length);
  }

  @Test
  void recoveryDecaysTowardEqualOnTicks() {
    long tau = 1_000_000;
    EcnPolicy p = bound(CloveEcn.policy().recovery(Recovery.decayToEqual(tau)).build(), 10, 11, 12, 13);
    p.onCongestion(0, 0, 0); // [1/6, 5/18, 5/18, 5/18]; recovery clock starts here
    p.onTick(tau);
    double e = Math.exp(-1);
    double w0 = 0.25 + (1.0 / 6 - 0.25) * e;
    double wi = 0.25 + (5.0 / 18 - 0.25) * e;
    assertArrayEquals(new double[] {w0, wi, wi, wi}, p.weights(0), 1e-12);
    p.onTick(100 * tau);
    assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, p.weights(0), 1e-12);
  }

  @Test
  void recoveryIsAppliedBeforeACut() {
    long tau = 1_000_000;
    EcnPolicy p = bound(CloveEcn.policy().recovery(Recovery.decayToEqual(tau)).build(), 10, 11);
    p.onCongestion(0, 0, 0); // [1/3, 2/3]
    p.onCongestion(0, 1, 2 * tau); // first decays 2 tau, then cuts path 1
    double e = Math.exp(-2);
    double w0 = 0.5 + (1.0 / 3 - 0.5) * e;
    double w1 = 1 - w0;
    assertArrayEquals(new double[] {w0 + w1 / 3, w1 * 2 / 3}, p.weights(0), 1e-12);
  }

  @Test
  void withoutRecoveryTicksChangeNothing() {
    EcnPolicy p = bound(CloveEcn.policy().build(), 10, 11);
    p.onCongestion(0, 0, 0);
    double[] before = p.weights(0);
    p.onTick(1_000_000_000_000L);
    assertArrayEquals(before, p.weights(0), 0);
  }

  @Test
  void earlierTimesAreCountedAndTreatedAsNoTimePassing() {
    EcnPolicy p = bound(CloveEcn.policy().build(), 10, 11, 12);
    p.onCongestion(0, 0, 1_000_000);
    // A second back: a jump, held and not used, so the report counts at "now" and is suppressed.
    p.onCongestion(0, 0, 1_000_000 + 2 * I - 1_000_000_000);
    assertEquals(1, p.count(Counter.CLOCK_JUMPS));
    assertEquals(0, p.count(Counter.CLOCK_BACKWARDS));
    assertEquals(1, p.count(Counter.CONGESTION_SUPPRESSED));
    p.onTick(5); // a millisecond back: threads racing for the lock, treated as no time passing
    assertEquals(1, p.count(Counter.CLOCK_BACKWARDS));
  }

  @Test
  void junkInputIsCountedNotThrown() {
    EcnPolicy p = bound(CloveEcn.policy().build(), 10, 11);
    double[] before = p.weights(0);
    p.onCongestion(-1, 0, 1);
    p.onCongestion(4, 0, 1);
    p.onCongestion(Integer.MAX_VALUE, 0, 1);
    assertEquals(3, p.count(Counter.FEEDBACK_UNKNOWN_DESTINATION));
    p.onCongestion(0, 2, 1);
    p.onCongestion(0, -1, 1);
    p.onCongestion(1, 0, 1); // destination without paths
    assertEquals(3, p.count(Counter.FEEDBACK_UNKNOWN_PATH));
    // Reports about nothing that exists change nothing: destination 0 keeps its two equal halves, bit for bit.
    assertArrayEquals(new double[] {0.5, 0.5}, before);
    assertArrayEquals(before, p.weights(0));
    assertEquals(0, p.count(Counter.CONGESTION_CUTS));
    p.onCongestion(0, 0, Long.MIN_VALUE);
    p.onCongestion(0, 1, Long.MAX_VALUE);
    p.onTick(Long.MIN_VALUE);
    p.onPathsChanged(-3, PathSet.EMPTY, PathSet.of(1), 0);
    assertEquals(4, p.count(Counter.FEEDBACK_UNKNOWN_DESTINATION), "the path-set change for destination -3 too");
    assertEquals(0, p.weights(-1).length);
    assertEquals(0, p.weights(99).length);
    assertEquals(2, p.weights(0).length, "destination 0 still has its two paths");
    EcnPolicyPropertiesTest.assertDistribution(p.weights(0));
  }

  @Test
  void bindsOnce() {
    EcnPolicy p = CloveEcn.policy().build();
    assertThrows(IllegalStateException.class, () -> p.newChooser(1));
    p.bind(1, 4, 100_000);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.bind(1, 4, 100_000));
    assertTrue(e.getMessage().contains("already bound"));
  }

  @Test
  void configurationErrorsNameTheParameterAndValue() {
    assertError("relayIntervalNanos", "0", () -> CloveEcn.policy().relayIntervalNanos(0));
    assertError("relayIntervalNanos", "-5", () -> CloveEcn.policy().relayIntervalNanos(-5));
    assertError("baseRttNanos", "0", () -> CloveEcn.policy().baseRttNanos(0));
    assertError("congestionMemoryNanos", "-1", () -> CloveEcn.policy().congestionMemoryNanos(-1));
    assertError("cutFactor", "0.0", () -> CloveEcn.policy().cutFactor(0));
    assertError("cutFactor", "1.5", () -> CloveEcn.policy().cutFactor(1.5));
    assertError("cutFactor", "NaN", () -> CloveEcn.policy().cutFactor(Double.NaN));
    assertError("recovery.timeConstantNanos", "0", () -> Recovery.decayToEqual(0));
    assertError("maxSources", "0", () -> CloveEcn.relay().maxSources(0));
    assertError("maxSources", "16777217", () -> CloveEcn.relay().maxSources((1 << 24) + 1));
    assertError("relayIntervalNanos", "-1", () -> CloveEcn.relay().relayIntervalNanos(-1));
    assertError("baseRttNanos", "-1", () -> CloveEcn.relay().baseRttNanos(-1));
    assertError("pendingPortsPerSource", "0", () -> CloveEcn.relay().pendingPortsPerSource(0));
    assertError("pendingPortsPerSource", "257", () -> CloveEcn.relay().pendingPortsPerSource(257));
    assertError("maxSources x pendingPortsPerSource", "16777216 x 256",
        () -> CloveEcn.relay().maxSources(1 << 24).pendingPortsPerSource(256).build());
    NullPointerException noRecovery = assertThrows(NullPointerException.class, () -> CloveEcn.policy().recovery(null));
    assertTrue(noRecovery.getMessage().startsWith("recovery "), noRecovery.getMessage());
    // the valid extremes build
    CloveEcn.policy().cutFactor(1).congestionMemoryNanos(0).relayIntervalNanos(1).build();
    CloveEcn.relay().maxSources(1).pendingPortsPerSource(1).relayIntervalNanos(1).build();
  }

  static void assertError(String parameter, String value, Runnable r) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(e.getMessage().startsWith(parameter + " "), e.getMessage());
    assertTrue(e.getMessage().endsWith(value), e.getMessage());
  }

  @Test
  void feedbackProcessingDoesNotAllocate() {
    com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    EcnPolicy p = bound(CloveEcn.policy().recovery(Recovery.decayToEqual(10 * I)).build(), 1, 2, 3, 4, 5, 6, 7, 8);
    long t = 0;
    for (int i = 0; i < 200_000; i++) { // warm up, and fill every lazily created structure
      t += 7_919;
      p.onCongestion(0, i & 7, t);
      if ((i & 63) == 0) {
        p.onTick(t);
      }
    }
    long before = bean.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 200_000; i++) {
      t += 7_919;
      p.onCongestion(0, i & 7, t);
      if ((i & 63) == 0) {
        p.onTick(t);
      }
    }
    long allocated = bean.getCurrentThreadAllocatedBytes() - before;
    assertTrue(allocated < 1024, "allocated " + allocated + " bytes for 200k reports");
    EcnPolicyPropertiesTest.assertDistribution(p.weights(0));
  }
}
