package dev.clove.core;

import dev.clove.api.Counter;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counters written by control-plane code (feedback, discovery, ticks) from any thread.
 *
 * <p>Threading: every method is thread-safe (atomic adds). Dataplane threads do not use this class on the
 * per-packet path: they count in plain per-dataplane fields (see {@link CloveBalancer}), which need no atomic instructions.
 */
final class SharedCounters {
  private final AtomicLongArray values = new AtomicLongArray(Counter.values().length);

  void increment(Counter counter) {
    values.getAndIncrement(counter.ordinal());
  }

  void add(Counter counter, long delta) {
    values.getAndAdd(counter.ordinal(), delta);
  }

  long get(Counter counter) {
    return values.get(counter.ordinal());
  }
}
