// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import dev.clove.api.Counter;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counters written by control-plane code (feedback, discovery, ticks) from any thread.
 *
 * <p>Threading: every method is thread-safe (atomic adds), except {@link #incrementHeld}, which relies on the
 * control lock. Dataplane threads do not use this class on the per-packet path: they count in plain
 * per-dataplane fields (see {@link CloveBalancer}), which need no atomic instructions.
 */
final class SharedCounters {
  private final AtomicLongArray values = new AtomicLongArray(Counter.values().length);

  void increment(Counter counter) {
    values.getAndIncrement(counter.ordinal());
  }

  /**
   * Increments {@code counter} without an atomic instruction: a plain read, add and release store. Only for a
   * counter that every writer increments while holding the balancer's control lock (one writer at a time);
   * readers on other threads still see whole values.
   */
  void incrementHeld(Counter counter) {
    int i = counter.ordinal();
    values.setRelease(i, values.getPlain(i) + 1);
  }

  void add(Counter counter, long delta) {
    values.getAndAdd(counter.ordinal(), delta);
  }

  long get(Counter counter) {
    return values.get(counter.ordinal());
  }
}
