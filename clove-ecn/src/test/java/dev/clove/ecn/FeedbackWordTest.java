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
    assertEquals((subKind == FeedbackWord.SUBKIND_HEARD && value == 0) || subKind == FeedbackWord.SUBKIND_PATH_DELAY,
        FeedbackWord.isWellFormed(word)); // a path-delay word (sub-kind 3) is well formed with any value
  }

  @Test
  void aBalancerCountsUnknownExtendedWordsAsMalformedAndNeverThrows() {
    dev.clove.api.LoadBalancer lb = dev.clove.core.Clove.builder().seed(1).staticPaths(3, 100, 101).build();
    lb.onFeedbackWord(3, 0xC8000064, 0); // sub-kind 2: reserved
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
