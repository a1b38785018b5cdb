// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import dev.clove.api.LoadBalancer;
import dev.clove.core.internal.FlowletTable;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The documented limits hold at their edges: the largest values build and behave, the next ones are named errors. */
class LimitsTest {

  /** Any accepted gap, however large, keeps a flow's closely spaced packets in one flowlet. */
  @Property(tries = 200)
  void everyAcceptedGapKeepsABusyFlowInOneFlowlet(@ForAll @LongRange(min = 1_000_000, max = Long.MAX_VALUE) long gap) {
    LoadBalancer lb = Clove.builder().maxDestinations(1).flowletGapNanos(gap).staticPaths(0, 50001, 50002, 50003)
        .seed(1).build();
    long t = 1_000_000_000L;
    for (int i = 0; i < 20; i++, t += 1_000) { // 1 us apart, far below the smallest gap tried
      lb.selectSourcePort(0, 42, 100, t);
    }
    assertEquals(1, lb.count(Counter.NEW_FLOWLETS), "gap " + gap);
  }

  @Test
  void theLargestGapsStillFormFlowlets() {
    for (long gap : new long[] {Long.MAX_VALUE - (1L << 54), Long.MAX_VALUE}) {
      LoadBalancer lb = Clove.builder().maxDestinations(1).flowletGapNanos(gap).staticPaths(0, 50001, 50002)
          .seed(2).build();
      lb.selectSourcePort(0, 7, 100, 0);
      lb.selectSourcePort(0, 7, 100, 1_000_000);
      assertEquals(1, lb.count(Counter.NEW_FLOWLETS), "gap " + gap);
    }
    // The documented largest base RTT makes a gap of Long.MAX_VALUE - 1.
    LoadBalancer slow = Clove.builder().maxDestinations(1).baseRttNanos(Long.MAX_VALUE / 2)
        .staticPaths(0, 50001, 50002).seed(3).build();
    slow.selectSourcePort(0, 7, 100, 0);
    slow.selectSourcePort(0, 7, 100, 5_000_000);
    assertEquals(1, slow.count(Counter.NEW_FLOWLETS));
  }

  @Test
  void theLargestFlowletTableFitsAJavaArrayAndTheNextIsANamedError() {
    // 8 bytes a flow plus padding must stay below the largest array length.
    assertTrue(8L * FlowletTable.MAX_CAPACITY + 64 < Integer.MAX_VALUE - 8);
    assertTrue(16L * FlowletTable.MAX_CAPACITY > Integer.MAX_VALUE, "the next power of two would not fit");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Clove.builder().flowletTableCapacity(2 * FlowletTable.MAX_CAPACITY));
    assertEquals("flowletTableCapacity must be in 8.." + FlowletTable.MAX_CAPACITY + ", was " + (1 << 28),
        e.getMessage());
  }

  @Test
  void aConfigurationThatCannotFitTheHeapIsANamedErrorAtBuildTime() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BalancerBuilder.checkMemory(1 << 24, 1 << 20, 1L << 30));
    assertEquals("maxDestinations=16777216 and flowletTableCapacity=1048576 need about 2056 MiB up front (128 "
        + "bytes per destination, 8 per flowlet table entry), more than this JVM's maximum heap of 1024 MiB; lower "
        + "them or raise -Xmx", e.getMessage());
    BalancerBuilder.checkMemory(1 << 20, 1 << 16, 1L << 30); // 128.5 MiB: fits
  }
}
