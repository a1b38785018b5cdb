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

  @Test
  void anUnmarkedPortIsStillReportedWhileEveryOtherPortIsMarkedAllTheTime() {
    // Three marked ports and three reverse packets (polls) per relay interval, evenly spaced: a report is ready
    // at every poll. Port 4 is heard all along, unmarked; its liveness word must still go out, within twice its
    // liveness interval of 16 relay intervals, while the marked ports keep nearly all their reports.
    final long interval = 1_200;
    RelayTable t = new RelayTable(1, 8, interval, true);
    int[] sent = new int[5];
    long firstLiveness = -1;
    for (long now = 0; now < 100 * interval; now += interval / 3) {
      for (int port = 1; port <= 3; port++) {
        t.mark(0, port, now);
      }
      t.markHeard(0, 4, now);
      int slot = t.poll(0, now);
      if (slot != RelayTable.NO_SLOT) {
        sent[t.port(slot)]++;
        if (t.port(slot) == 4 && firstLiveness < 0) {
          firstLiveness = now;
          assertFalse(t.hasReport(slot));
        }
      }
    }
    assertTrue(firstLiveness >= 0 && firstLiveness <= 2L * RelayTable.LIVENESS_INTERVALS * interval,
        "first liveness word at " + firstLiveness);
    // In 100 intervals: port 4 at least once per two liveness intervals and at most once per liveness interval;
    // each marked port at most once per interval (100) and, the liveness words' polls aside, at least 90.
    assertTrue(sent[4] >= 100 / (2 * RelayTable.LIVENESS_INTERVALS)
        && sent[4] <= 100 / RelayTable.LIVENESS_INTERVALS + 1, "liveness words: " + sent[4]);
    for (int port = 1; port <= 3; port++) {
      assertTrue(sent[port] >= 90 && sent[port] <= 100, "reports of port " + port + ": " + sent[port]);
    }
  }
}
