// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import dev.clove.api.Counter;
import dev.clove.api.FeedbackRelay;
import dev.clove.api.FeedbackWord;
import dev.clove.core.internal.RelayTable;

/**
 * {@link Clove#livenessRelay()}: the receiving half for senders that take no congestion feedback (Edge-Flowlet,
 * ECMP over static or discovered paths) but should still notice a path that has gone silent. It relays nothing but
 * {@link FeedbackWord#encodeHeard heard} words: each port it hears from a source, at most once per 16 relay intervals
 * (the bookkeeping is a {@link RelayTable}; see {@link SilenceDetector} for what the sender does with them).
 *
 * <p>Threading: one thread at a time, as {@link FeedbackRelay} says; nothing allocates after construction.
 * {@link #count} may be read racily from another thread.
 */
final class LivenessRelay implements FeedbackRelay {
  private final int maxSources;
  private final RelayTable table;
  private final long[] counters = new long[Counter.values().length];

  LivenessRelay(int maxSources, RelayTable table) {
    this.maxSources = maxSources;
    this.table = table;
  }

  @Override
  public void onArrival(int source, int sourcePort, boolean congestionExperienced, long nowNanos) {
    counters[Counter.RELAY_ARRIVALS.ordinal()]++;
    if (congestionExperienced) {
      counters[Counter.RELAY_CE_ARRIVALS.ordinal()]++;
    }
    if (source < 0 || source >= maxSources) {
      counters[Counter.FEEDBACK_UNKNOWN_DESTINATION.ordinal()]++;
      return;
    }
    if (sourcePort < 0 || sourcePort > 0xFFFF) {
      counters[Counter.FEEDBACK_INVALID_VALUE.ordinal()]++;
      return;
    }
    table.markHeard(source, sourcePort, nowNanos);
  }

  /** A liveness relay relays no telemetry: counted as {@link Counter#RELAY_WRONG_KIND} and ignored. */
  @Override
  public void onTelemetry(int source, int sourcePort, double pathUtilization, long nowNanos) {
    counters[Counter.RELAY_WRONG_KIND.ordinal()]++;
  }

  @Override
  public int pollFeedback(int source, long nowNanos) {
    if (source < 0 || source >= maxSources) {
      counters[Counter.FEEDBACK_UNKNOWN_DESTINATION.ordinal()]++;
      return FeedbackWord.NONE;
    }
    int slot = table.poll(source, nowNanos);
    if (slot == RelayTable.NO_SLOT) {
      return FeedbackWord.NONE;
    }
    counters[Counter.RELAY_LIVENESS_SENT.ordinal()]++;
    return FeedbackWord.encodeHeard(table.port(slot));
  }

  @Override
  public long count(Counter counter) {
    return table.count(counter, counters);
  }

  @Override
  public String toString() {
    return "LivenessRelay{maxSources=" + maxSources + ", " + table + "}";
  }
}
