// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import dev.clove.api.FeedbackRelay;
import dev.clove.core.RelayBuilder;
import org.junit.jupiter.api.Test;

/**
 * What {@link TableRelayBuilder} hands its factory (RelayBuilder's documented defaults and settings), and the
 * settings it refuses, each error naming the parameter and the value.
 */
class TableRelayBuilderTest {

  /** The factory's arguments, as one build passed them. */
  static final class Captured implements TableRelayBuilder.Factory {
    int maxSources;
    RelayTable table;
    final FeedbackRelay relay = new FeedbackRelay() {
      @Override
      public void onArrival(int source, int sourcePort, boolean congestionExperienced, long nowNanos) {}

      @Override
      public void onTelemetry(int source, int sourcePort, double pathUtilization, long nowNanos) {}

      @Override
      public int pollFeedback(int source, long nowNanos) {
        return 0;
      }

      @Override
      public long count(Counter counter) {
        return 0;
      }
    };

    @Override
    public FeedbackRelay create(int maxSources, RelayTable table) {
      this.maxSources = maxSources;
      this.table = table;
      return relay;
    }
  }

  /** The least time between two reports of one port, measured on the table: marked and polled at 0, then again. */
  static long reportInterval(RelayTable table) {
    table.mark(0, 1, 0);
    assertEquals(1, table.port(table.poll(0, 0)));
    table.mark(0, 1, 1);
    long t = 1;
    while (table.poll(0, t) == RelayTable.NO_SLOT) {
      t++;
    }
    return t;
  }

  @Test
  void theDefaultsAreThoseRelayBuilderDocuments() {
    Captured f = new Captured();
    FeedbackRelay built = new TableRelayBuilder(f).build();
    assertSame(f.relay, built, "build returns what the factory made");
    assertEquals(1024, f.maxSources);
    assertEquals(1024 * 16, f.table.capacity(), "16 pending ports per source");
    assertTrue(f.table.keepsLiveness());
    assertEquals(50_000, reportInterval(f.table), "base RTT 100 us, interval half of it");
  }

  @Test
  void theSettingsReachTheTable() {
    Captured f = new Captured();
    RelayBuilder b = new TableRelayBuilder(f);
    assertSame(b, b.maxSources(3));
    assertSame(b, b.pendingPortsPerSource(5));
    assertSame(b, b.baseRttNanos(4_000));
    assertSame(b, b.livenessReports(false));
    b.build();
    assertEquals(3, f.maxSources);
    assertEquals(15, f.table.capacity());
    assertFalse(f.table.keepsLiveness());
    assertEquals(2_000, reportInterval(f.table), "half the base RTT");
    assertSame(b, b.relayIntervalNanos(700));
    b.build();
    assertEquals(700, reportInterval(f.table), "an explicit interval wins");
    b.baseRttNanos(1).relayIntervalNanos(1).build();
    assertEquals(1, reportInterval(f.table), "the smallest settings are allowed");
  }

  @Test
  void aBaseRttOfOneNanosecondStillGivesAPositiveInterval() {
    Captured f = new Captured();
    new TableRelayBuilder(f).baseRttNanos(1).build();
    assertEquals(1, reportInterval(f.table));
    new TableRelayBuilder(f).baseRttNanos(3).build();
    assertEquals(1, reportInterval(f.table), "3 / 2, rounded down");
  }

  @Test
  void badSettingsAreRefusedAndNamed() {
    TableRelayBuilder b = new TableRelayBuilder(new Captured());
    assertMessage("baseRttNanos must be > 0, was 0", () -> b.baseRttNanos(0));
    assertMessage("baseRttNanos must be > 0, was -3", () -> b.baseRttNanos(-3));
    assertMessage("relayIntervalNanos must be > 0, was 0", () -> b.relayIntervalNanos(0));
    assertMessage("maxSources must be in 1..16777216, was 0", () -> b.maxSources(0));
    assertMessage("maxSources must be in 1..16777216, was 16777217", () -> b.maxSources((1 << 24) + 1));
    assertMessage("pendingPortsPerSource must be in 1..256, was 257", () -> b.pendingPortsPerSource(257));
    assertMessage("pendingPortsPerSource must be in 1..256, was 0", () -> b.pendingPortsPerSource(0));
    assertMessage("factory must not be null", () -> new TableRelayBuilder(null));
  }

  @Test
  void aTableOverTwoToThe28SlotsIsRefusedAtBuild() {
    TableRelayBuilder b = new TableRelayBuilder(new Captured());
    b.maxSources(1 << 24).pendingPortsPerSource(256); // each allowed alone: 2^32 slots together
    assertMessage("maxSources x pendingPortsPerSource must be <= 2^28, was 16777216 x 256", b::build);
  }

  static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
    assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
  }
}
