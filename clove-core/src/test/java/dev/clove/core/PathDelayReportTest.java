// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import dev.clove.api.FeedbackRelay;
import dev.clove.api.FeedbackWord;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * The path-delay word (extended sub-kind 3) and the relay that sends it: the word's layout as FeedbackWord's
 * Javadoc documents it, its rounding (never below the spread), old words decoding as before, and what a relay built
 * with {@code delayReports(true)} measures and when it reports.
 */
class PathDelayReportTest {
  /** A relay interval, set explicitly; the relay reports at most once per 4 of them per source. */
  static final long I = 10_000;
  static final long WINDOW = RelayBuilder.DELAY_REPORT_INTERVALS * I;

  // ---- the word ----

  @Property(tries = 3000)
  void theDecodedSpreadIsNeverBelowTheEncodedOneAndAtMostOneStepAbove(
      @ForAll @LongRange(min = 0, max = 64_000_000) long spread, @ForAll @IntRange(min = 0, max = 0xFFFF) int ports) {
    int word = FeedbackWord.encodePathDelay(ports, spread);
    // The documented layout, built by hand: kind 3 in bits 31-30, sub-kind 3 in 29-26, the code in 25-16.
    assertEquals(3, word >>> 30);
    assertEquals(3, (word >>> 26) & 0xF);
    assertEquals(ports, word & 0xFFFF);
    assertTrue(FeedbackWord.isWellFormed(word));
    int code = (word >>> 16) & 0x3FF;
    double documented = 1000 * Math.pow(2, code / 64.0); // 1 us x 2^(code / 64)
    assertEquals(documented, FeedbackWord.pathDelayNanos(word), 0.5 + documented * 1e-12);
    assertTrue(FeedbackWord.pathDelayNanos(word) >= spread, "decoded " + FeedbackWord.pathDelayNanos(word)
        + " below the spread " + spread);
    if (spread > 1000) { // the least code that covers it: the code below would not
      assertTrue(1000 * Math.pow(2, (code - 1) / 64.0) < spread + 0.5, "code " + code + " is not the least");
    } else {
      assertEquals(0, code, "1 us or less is code 0");
    }
    assertEquals(ports, FeedbackWord.pathDelayPorts(word));
  }

  @Test
  void theScaleSpansOneMicrosecondToAboutSixtyFiveMilliseconds() {
    assertEquals(1000, FeedbackWord.pathDelayNanos(FeedbackWord.encodePathDelay(2, -5)));
    assertEquals(1000, FeedbackWord.pathDelayNanos(FeedbackWord.encodePathDelay(2, 0)));
    long top = Math.round(1000 * Math.pow(2, 1023 / 64.0));
    assertEquals(top, FeedbackWord.pathDelayNanos(FeedbackWord.encodePathDelay(2, Long.MAX_VALUE)));
    assertTrue(top > 10_000_000, "covers 10 ms");
    // 1 us to 10 ms are distinct codes, about 1.1% apart.
    int c1 = (FeedbackWord.encodePathDelay(2, 1_000_000) >>> 16) & 0x3FF;
    int c2 = (FeedbackWord.encodePathDelay(2, 2_000_000) >>> 16) & 0x3FF;
    assertEquals(64, c2 - c1, "64 codes per doubling");
  }

  @Property(tries = 2000)
  void oldWordsStillDecodeAsBefore(@ForAll @IntRange(min = 0, max = 0xFFFF) int port,
      @ForAll @IntRange(min = 0, max = 0x3FFF) int utilizationBits) {
    // Words of kinds 1 and 2 and heard words, built from the 0.1 layout by hand.
    int congestion = (1 << 30) | port;
    int utilization = (2 << 30) | (utilizationBits << 16) | port;
    int heard = (3 << 30) | (1 << 26) | port;
    assertTrue(FeedbackWord.isWellFormed(congestion) && FeedbackWord.isWellFormed(utilization)
        && FeedbackWord.isWellFormed(heard));
    assertEquals(congestion, FeedbackWord.encodeCongestion(port));
    assertEquals(heard, FeedbackWord.encodeHeard(port));
    assertEquals(port, FeedbackWord.sourcePort(utilization));
    assertEquals(utilizationBits / 8192.0, FeedbackWord.utilization(utilization), 0);
    assertEquals(FeedbackWord.SUBKIND_HEARD, FeedbackWord.subKind(heard));
  }

  @Test
  void aBalancerWithoutTheAdaptiveGapTakesDelayWordsAsWellFormedAndIgnoresThem() {
    dev.clove.api.LoadBalancer lb = Clove.builder().seed(1).staticPaths(3, 100, 101).build();
    lb.onFeedbackWord(3, FeedbackWord.encodePathDelay(2, 5_000), 0);
    assertEquals(0, lb.count(Counter.FEEDBACK_MALFORMED));
    assertEquals(0, lb.count(Counter.PATH_DELAY_REPORTS));
    assertEquals(0, lb.count(Counter.LIVENESS_REPORTS), "not mistaken for a heard word");
  }

  // ---- the relay ----

  static FeedbackRelay relay(boolean delayReports) {
    return Clove.livenessRelay().maxSources(4).relayIntervalNanos(I).livenessReports(false)
        .delayReports(delayReports).build();
  }

  @Test
  void theRelayReportsTheLargestDifferenceBetweenTwoPortsAndTheClockOffsetCancels() {
    for (long offset : new long[] {0, 123_456_789_000L, -987_654_321L}) {
      FeedbackRelay r = relay(true);
      // Port 1: one-way delays 40 and 55 us; port 2: 100 and 130 us; sender clock = receiver clock - offset.
      long now = 1_000_000;
      r.onSendTimestamp(2, 1, now - 40_000 - offset, now);
      r.onSendTimestamp(2, 2, now - 130_000 - offset, now + 1);
      r.onSendTimestamp(2, 1, now - 55_000 - offset, now + 2);
      r.onSendTimestamp(2, 2, now - 100_000 - offset, now + 3);
      assertEquals(FeedbackWord.NONE, r.pollFeedback(2, now + WINDOW - 1), "the window has not ended");
      int word = r.pollFeedback(2, now + WINDOW);
      // max over p != q of (max_p - min_q) = 130 - 40 = 90 us, rounded up to its code.
      assertEquals(FeedbackWord.encodePathDelay(2, 90_000), word, "offset " + offset);
      assertEquals(1, r.count(Counter.RELAY_DELAY_SENT));
    }
  }

  @Test
  void onePathAloneIsNeverReportedBecauseOnePathCannotReorder() {
    FeedbackRelay r = relay(true);
    r.onSendTimestamp(1, 7, 0, 10_000);
    r.onSendTimestamp(1, 7, 0, 900_000); // 890 us of queueing on the same path
    assertEquals(FeedbackWord.NONE, r.pollFeedback(1, 10 * WINDOW));
    assertEquals(0, r.count(Counter.RELAY_DELAY_SENT));
  }

  @Test
  void aPortKeepsCountingForSixteenWindowsThenLeaves() {
    FeedbackRelay r = relay(true);
    long t = 0;
    r.onSendTimestamp(1, 5, t - 10_000, t); // port 5 once, 10 us
    r.onSendTimestamp(1, 6, t - 30_000, t); // port 6, 30 us
    int words = 0;
    for (int w = 1; w <= 20; w++) {
      t += WINDOW;
      r.onSendTimestamp(1, 6, t - 30_000, t); // port 6 keeps being heard, port 5 is not
      int word = r.pollFeedback(1, t);
      if (word != FeedbackWord.NONE) {
        words++;
        assertEquals(2, FeedbackWord.pathDelayPorts(word), "window " + w);
      }
    }
    assertEquals(16, words, "port 5 is compared in the window it was heard and the fifteen after");
  }

  @Test
  void withoutDelayReportsTheRelayIgnoresSendTimesAndBuildersThatCannotMeasureSaySo() {
    FeedbackRelay r = relay(false);
    r.onSendTimestamp(1, 1, 0, 10_000);
    r.onSendTimestamp(1, 2, 0, 90_000);
    assertEquals(FeedbackWord.NONE, r.pollFeedback(1, 100 * WINDOW));
    RelayBuilder minimal = new RelayBuilder() {
      @Override
      public RelayBuilder maxSources(int maxSources) {
        return this;
      }

      @Override
      public RelayBuilder baseRttNanos(long baseRttNanos) {
        return this;
      }

      @Override
      public RelayBuilder relayIntervalNanos(long relayIntervalNanos) {
        return this;
      }

      @Override
      public RelayBuilder pendingPortsPerSource(int pendingPortsPerSource) {
        return this;
      }

      @Override
      public RelayBuilder livenessReports(boolean enabled) {
        return this;
      }

      @Override
      public FeedbackRelay build() {
        return null;
      }
    };
    assertEquals(minimal, minimal.delayReports(false));
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
        () -> minimal.delayReports(true));
    assertTrue(e.getMessage().contains("delayReports"), e.getMessage());
  }

  @Test
  void aDelayWordGoesOutBeforeTheWrappedRelaysWordsAndThenTheyFollow() {
    FeedbackRelay r = Clove.livenessRelay().maxSources(4).relayIntervalNanos(I).delayReports(true).build();
    r.onArrival(1, 5, false, 0);
    r.onSendTimestamp(1, 5, -10_000, 0);
    r.onArrival(1, 6, false, 0);
    r.onSendTimestamp(1, 6, -20_000, 0);
    int first = r.pollFeedback(1, WINDOW);
    assertEquals(FeedbackWord.SUBKIND_PATH_DELAY, FeedbackWord.subKind(first));
    int second = r.pollFeedback(1, WINDOW);
    assertEquals(FeedbackWord.SUBKIND_HEARD, FeedbackWord.subKind(second), "the liveness words still go out");
    assertFalse(r.toString().isEmpty());
  }
}
