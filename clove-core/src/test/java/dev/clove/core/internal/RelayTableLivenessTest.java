// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Liveness news in the relay table: second to reports, never in their way, once per interval like them. */
class RelayTableLivenessTest {
  static final long I = 1_000;

  @Test
  void reportsAreServedBeforeLiveness() {
    RelayTable t = new RelayTable(1, 4, I, true);
    t.markHeard(0, 1, 0);
    t.markHeard(0, 2, 0);
    t.mark(0, 3, 0);
    int first = t.poll(0, 0);
    assertEquals(3, t.port(first));
    assertTrue(t.hasReport(first));
    int second = t.poll(0, 0);
    assertFalse(t.hasReport(second));
    int third = t.poll(0, 0);
    assertFalse(t.hasReport(third));
    assertEquals(java.util.Set.of(1, 2), java.util.Set.of(t.port(second), t.port(third)));
    assertEquals(RelayTable.NO_SLOT, t.poll(0, 0));
  }

  @Test
  void aPortIsHeardAtMostOncePerIntervalAndAReportUpgradesItsNews() {
    RelayTable t = new RelayTable(1, 4, I, true);
    t.markHeard(0, 1, 0);
    assertEquals(1, t.port(t.poll(0, 0)));
    t.markHeard(0, 1, 10);
    assertEquals(RelayTable.NO_SLOT, t.poll(0, I - 1)); // cooling
    t.mark(0, 1, 20); // a CE mark on the pending heard port: the news becomes a report
    int slot = t.poll(0, I);
    assertTrue(t.hasReport(slot));
    assertEquals(RelayTable.NO_SLOT, t.poll(0, I));
  }

  @Test
  void livenessNeverCostsAReport() {
    RelayTable t = new RelayTable(1, 2, I, true);
    t.markHeard(0, 1, 0);
    t.markHeard(0, 2, 0);
    assertEquals(RelayTable.NO_SLOT, t.markHeard(0, 3, 0)); // full: liveness is dropped
    assertEquals(1, t.livenessDropped());
    int slot = t.mark(0, 4, 0); // a report takes over a slot that holds liveness only
    assertTrue(slot != RelayTable.NO_SLOT);
    assertEquals(0, t.dropped());
    assertEquals(2, t.livenessDropped());
    int first = t.poll(0, 0);
    assertEquals(4, t.port(first));
    assertTrue(t.hasReport(first));
  }

  @Test
  void aTableWithoutLivenessIgnoresHeardNews() {
    RelayTable t = new RelayTable(1, 2, I);
    assertEquals(RelayTable.NO_SLOT, t.markHeard(0, 1, 0));
    assertEquals(RelayTable.NO_SLOT, t.poll(0, 0));
    assertEquals(0, t.livenessDropped());
  }
}
