// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.ecn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.FeedbackWord;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

/** The relay word codec of clove-api (which has no test dependencies), tested where it is used. */
class FeedbackWordTest {
  static final double STEP = 1.0 / 8192;

  @Test
  void congestionRoundTripsForEveryPort() {
    for (int port = 0; port <= 0xFFFF; port++) {
      int w = FeedbackWord.encodeCongestion(port);
      assertEquals(FeedbackWord.KIND_CONGESTION, FeedbackWord.kind(w));
      assertEquals(port, FeedbackWord.sourcePort(w));
      assertTrue(FeedbackWord.isWellFormed(w));
      assertTrue(w != FeedbackWord.NONE);
    }
  }

  @Test
  void utilizationRoundTripsForEveryPortAndEveryStep() {
    for (int port = 0; port <= 0xFFFF; port++) {
      double u = (port % 0x4000) * STEP; // every representable value, across the ports
      int w = FeedbackWord.encodeUtilization(port, u);
      assertEquals(FeedbackWord.KIND_UTILIZATION, FeedbackWord.kind(w));
      assertEquals(port, FeedbackWord.sourcePort(w));
      assertEquals(u, FeedbackWord.utilization(w), 0.0);
      assertTrue(FeedbackWord.isWellFormed(w));
    }
  }

  @Property(tries = 2000)
  void utilizationIsWithinHalfAStep(@ForAll @IntRange(min = 0, max = 0xFFFF) int port,
      @ForAll @DoubleRange(min = 0, max = FeedbackWord.MAX_UTILIZATION) @Scale(13) double u) {
    int w = FeedbackWord.encodeUtilization(port, u);
    assertEquals(port, FeedbackWord.sourcePort(w));
    assertEquals(u, FeedbackWord.utilization(w), 1.0 / 16384 + 1e-15);
  }

  @Test
  void outOfRangeUtilizationsSaturateOrClampToZero() {
    assertEquals(FeedbackWord.MAX_UTILIZATION, FeedbackWord.utilization(FeedbackWord.encodeUtilization(1, 16.0)), 0);
    assertEquals(FeedbackWord.MAX_UTILIZATION,
        FeedbackWord.utilization(FeedbackWord.encodeUtilization(1, Double.POSITIVE_INFINITY)), 0);
    assertEquals(0.0, FeedbackWord.utilization(FeedbackWord.encodeUtilization(1, Double.NaN)), 0);
    assertEquals(0.0, FeedbackWord.utilization(FeedbackWord.encodeUtilization(1, -3)), 0);
    assertEquals(1.0, FeedbackWord.utilization(FeedbackWord.encodeUtilization(1, 1.0)), 0);
  }

  @Property(tries = 2000)
  void heardWordsRoundTripAndOtherWordsDecodeAsBefore(@ForAll @IntRange(min = 0, max = 0xFFFF) int port,
      @ForAll @DoubleRange(min = 0, max = FeedbackWord.MAX_UTILIZATION) @Scale(13) double u) {
    int heard = FeedbackWord.encodeHeard(port);
    assertEquals(FeedbackWord.KIND_EXTENDED, FeedbackWord.kind(heard));
    assertEquals(FeedbackWord.SUBKIND_HEARD, FeedbackWord.subKind(heard));
    assertEquals(port, FeedbackWord.sourcePort(heard));
    assertTrue(FeedbackWord.isWellFormed(heard));
    // The layout written in FeedbackWord's Javadoc, bit by bit: kind 3, sub-kind 1 in bits 29..26, zero value.
    assertEquals(0xC4000000 | port, heard);
    // Old words: the same bits as before extended words existed, and they decode to the same fields.
    int congestion = FeedbackWord.encodeCongestion(port);
    assertEquals(0x40000000 | port, congestion);
    assertEquals(FeedbackWord.KIND_CONGESTION, FeedbackWord.kind(congestion));
    assertEquals(port, FeedbackWord.sourcePort(congestion));
    int utilization = FeedbackWord.encodeUtilization(port, u);
    assertEquals(0x80000000 | ((int) Math.round(u * 8192) << 16) | port, utilization);
    assertEquals(FeedbackWord.KIND_UTILIZATION, FeedbackWord.kind(utilization));
    assertTrue(FeedbackWord.isWellFormed(congestion) && FeedbackWord.isWellFormed(utilization));
  }

  @Property(tries = 2000)
  void extendedWordsOfUnknownSubKindsOrWithValueBitsAreMalformed(
      @ForAll @IntRange(min = 0, max = 15) int subKind, @ForAll @IntRange(min = 0, max = 0x3FF) int value,
      @ForAll @IntRange(min = 0, max = 0xFFFF) int port) {
    int word = 0xC0000000 | (subKind << 26) | (value << 16) | port;
    assertEquals(FeedbackWord.KIND_EXTENDED, FeedbackWord.kind(word));
    boolean known = subKind == 1 && value == 0 // heard: no value bits
        || subKind == 2 // CE fraction: any value
        || subKind == 3; // path delay: any value
    assertEquals(known, FeedbackWord.isWellFormed(word));
  }

  @Test
  void congestionFractionsRoundTripForEveryStep() {
    for (int step = 0; step <= 1023; step++) {
      double fraction = step / 1023.0;
      int port = (step * 64) & 0xFFFF;
      int w = FeedbackWord.encodeCongestionFraction(port, fraction);
      // The layout written in FeedbackWord's Javadoc: kind 3, sub-kind 2 in bits 29..26, the step in bits 25..16.
      assertEquals(0xC8000000 | (step << 16) | port, w);
      assertEquals(FeedbackWord.KIND_EXTENDED, FeedbackWord.kind(w));
      assertEquals(FeedbackWord.SUBKIND_CE_FRACTION, FeedbackWord.subKind(w));
      assertEquals(port, FeedbackWord.sourcePort(w));
      assertEquals(fraction, FeedbackWord.congestionFraction(w), 1e-15);
      assertTrue(FeedbackWord.isWellFormed(w));
    }
  }

  @Property(tries = 2000)
  void aFractionIsWithinHalfAStepAndAnyMarkIsReported(@ForAll @IntRange(min = 0, max = 0xFFFF) int port,
      @ForAll @DoubleRange(min = 0, max = 1) double fraction) {
    double decoded = FeedbackWord.congestionFraction(FeedbackWord.encodeCongestionFraction(port, fraction));
    if (fraction > 0 && fraction < 0.5 / 1023) {
      assertEquals(1 / 1023.0, decoded, 1e-15); // rounds up to one step, never to "no mark"
    } else {
      assertEquals(fraction, decoded, 0.5 / 1023 + 1e-15);
    }
    assertEquals(fraction > 0, decoded > 0);
  }

  @Test
  void outOfRangeFractionsSaturateOrClampToZero() {
    assertEquals(1.0, FeedbackWord.congestionFraction(FeedbackWord.encodeCongestionFraction(1, 7.5)), 0);
    assertEquals(1.0, FeedbackWord.congestionFraction(
        FeedbackWord.encodeCongestionFraction(1, Double.POSITIVE_INFINITY)), 0);
    assertEquals(0.0, FeedbackWord.congestionFraction(FeedbackWord.encodeCongestionFraction(1, Double.NaN)), 0);
    assertEquals(0.0, FeedbackWord.congestionFraction(FeedbackWord.encodeCongestionFraction(1, -0.5)), 0);
  }

  @Test
  void aBalancerWhosePolicyTakesOnlyMarksReadsAFractionAsAMarkOrAsHeard() {
    dev.clove.api.LoadBalancer lb = dev.clove.core.Clove.builder().seed(1)
        .policy(CloveEcn.policy().build()).staticPaths(3, 100, 101).build();
    lb.onFeedbackWord(3, FeedbackWord.encodeCongestionFraction(100, 0.25), 0);
    assertEquals(1, lb.count(dev.clove.api.Counter.CONGESTION_CUTS), "a marked fraction cuts like a mark");
    lb.onFeedbackWord(3, FeedbackWord.encodeCongestionFraction(101, 0), 1_000_000);
    assertEquals(1, lb.count(dev.clove.api.Counter.CONGESTION_CUTS), "an unmarked fraction cuts nothing");
    assertEquals(1, lb.count(dev.clove.api.Counter.LIVENESS_REPORTS), "an unmarked fraction is a liveness report");
    lb.onCongestionFraction(3, 100, Double.NaN, 2_000_000);
    lb.onCongestionFraction(3, 100, 1.5, 2_000_000);
    assertEquals(2, lb.count(dev.clove.api.Counter.FEEDBACK_INVALID_VALUE));
    assertEquals(0, lb.count(dev.clove.api.Counter.FEEDBACK_MALFORMED));
  }

  @Test
  void aBalancerCountsUnknownExtendedWordsAsMalformedAndNeverThrows() {
    dev.clove.api.LoadBalancer lb = dev.clove.core.Clove.builder().seed(1).staticPaths(3, 100, 101).build();
    lb.onFeedbackWord(3, 0xFC000064, 0); // sub-kind 15: reserved
    lb.onFeedbackWord(3, 0xC0000064, 0); // sub-kind 0: reserved
    lb.onFeedbackWord(3, 0xC4010064, 0); // heard, with value bits
    assertEquals(3, lb.count(dev.clove.api.Counter.FEEDBACK_MALFORMED));
    lb.onFeedbackWord(3, FeedbackWord.encodeHeard(100), 0);
    assertEquals(3, lb.count(dev.clove.api.Counter.FEEDBACK_MALFORMED));
    assertEquals(1, lb.count(dev.clove.api.Counter.LIVENESS_REPORTS));
  }

  @Test
  void malformedWordsAreRecognised() {
    assertTrue(FeedbackWord.isWellFormed(FeedbackWord.NONE));
    assertEquals(FeedbackWord.KIND_NONE, FeedbackWord.kind(FeedbackWord.NONE));
    assertFalse(FeedbackWord.isWellFormed(5)); // kind none with payload
    assertFalse(FeedbackWord.isWellFormed(FeedbackWord.encodeCongestion(5) | (1 << 16))); // congestion with utilization
    assertFalse(FeedbackWord.isWellFormed(0xC0000001)); // reserved kind
    assertEquals(FeedbackWord.KIND_RESERVED, FeedbackWord.kind(0xC0000001));
  }
}
