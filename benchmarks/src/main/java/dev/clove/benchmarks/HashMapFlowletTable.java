// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.benchmarks;

import java.util.HashMap;

/**
 * The baseline the flowlet table is measured against: flowlet tracking written the obvious way, with a
 * {@code HashMap} from a flow-key record to a mutable entry, and the same gap rule as
 * {@link dev.clove.core.internal.FlowletTable} (an idle time longer than the gap starts a new flowlet).
 *
 * <p>Deliberately unremarkable: a key object per lookup, a node and an entry object per flow, no bound on the
 * number of flows. That is what the fixed-size, allocation-free table is meant to beat.
 */
final class HashMapFlowletTable {
  /** Returned by {@link #lookup} when the packet starts a new flowlet, as {@code FlowletTable.NEW_FLOWLET}. */
  static final int NEW_FLOWLET = -1;

  /** The flow identity, as an application would model it. */
  record FlowKey(long value) {}

  /** What we remember per flow. */
  static final class MutableEntry {
    long lastSeen;
    int path = NEW_FLOWLET;
  }

  private final HashMap<FlowKey, MutableEntry> flows = new HashMap<>();
  private final long gapNanos;
  private MutableEntry current;

  HashMapFlowletTable(long gapNanos) {
    this.gapNanos = gapNanos;
  }

  /** Same contract as {@code FlowletTable.lookup}: the flowlet's path, or {@link #NEW_FLOWLET}. */
  int lookup(long flowKey, long nowNanos) {
    MutableEntry entry = flows.get(new FlowKey(flowKey));
    if (entry == null) {
      entry = new MutableEntry();
      entry.lastSeen = nowNanos;
      flows.put(new FlowKey(flowKey), entry);
      current = entry;
      return NEW_FLOWLET;
    }
    current = entry;
    long idle = nowNanos - entry.lastSeen;
    if (idle < 0) {
      return entry.path; // clock went backwards: keep the path and the later time
    }
    entry.lastSeen = nowNanos;
    if (idle > gapNanos) {
      entry.path = NEW_FLOWLET;
    }
    return entry.path;
  }

  /** Same contract as {@code FlowletTable.assign}. */
  void assign(int path) {
    current.path = path;
  }

  int size() {
    return flows.size();
  }
}
