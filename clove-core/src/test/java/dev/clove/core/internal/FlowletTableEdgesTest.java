// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * {@link FlowletTable} at the edges of its parameters, and for flows whose 16-bit tag (the top bits of the keyed
 * hash) is 0, the value that marks an empty way. Threading: single-threaded.
 */
class FlowletTableEdgesTest {

  @Test
  void theSmallestTableHoldsOneSetAndReportsItsParameters() {
    FlowletTable table = FlowletTable.create(FlowletTable.WAYS, 1_000, 3);
    assertEquals(8, table.capacity());
    assertEquals(1_000, table.gapNanos());
    assertEquals(FlowletTable.NEW_FLOWLET, table.lookup(5, 0));
    table.assign(9);
    assertEquals(9, table.lookup(5, 10));
    assertThrows(IllegalArgumentException.class, () -> FlowletTable.create(FlowletTable.WAYS / 2, 1_000, 3));
  }

  /** A flow whose hash has a zero tag is remembered like any other, in both scans. */
  @Test
  void aFlowWhoseTagIsZeroIsRememberedToo() {
    for (boolean branchy : new boolean[] {false, true}) {
      FlowletTable table = FlowletTable.create(64, 1_000, 7, branchy);
      long flow = 0;
      while (table.hash(flow) >>> 48 != 0) { // about 65,536 keys in, one hash has its top 16 bits clear
        flow++;
      }
      long hash = table.hash(flow);
      assertEquals(FlowletTable.NEW_FLOWLET, table.lookupHashed(hash, 100));
      table.assign(4);
      assertEquals(4, table.lookupHashed(hash, 200), "branchy " + branchy + ": the same flowlet");
      assertEquals(4, table.lookup(flow, 300));
    }
  }
}
