// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.telemetry;

import dev.clove.api.Counter;
import dev.clove.api.FeedbackRelay;
import dev.clove.api.FeedbackWord;
import dev.clove.core.internal.RelayTable;

/**
 * {@link CloveInt#relay()}: the receiving hypervisor's half of CLOVE-INT. Keeps, per source, the latest path
 * utilization reported by in-band telemetry for each outer source port, and hands each out as a
 * {@link FeedbackWord#encodeUtilization} word at most once per relay interval, round robin across ports.
 *
 * <p>The bookkeeping is a {@link RelayTable}, with the latest reading kept per slot: a newer reading of a pending
 * port replaces the older one (only the latest matters); a reading that arrives after a report makes the port
 * pending again and is relayed once the interval has passed. A reading that finds every slot of its source busy
 * is dropped and counted ({@link Counter#RELAY_REPORTS_DROPPED}). Invalid utilizations (NaN,
 * negative, above 16) are counted as {@link Counter#FEEDBACK_INVALID_VALUE} and ignored; values above
 * {@link FeedbackWord#MAX_UTILIZATION} saturate in the word.
 *
 * <p>Liveness: every arrival notes its port as heard; a heard port without a reading to report is relayed as a
 * {@link FeedbackWord#encodeHeard heard} word, at most once per 16 relay intervals, after every ready reading (see
 * {@link RelayTable}). A utilization report proves the port heard by itself.
 *
 * <p>Threading: one thread at a time, as {@link FeedbackRelay} says; nothing allocates after construction.
 * {@link #count} may be read racily from another thread.
 */
final class IntRelay implements FeedbackRelay {
  private final int maxSources;
  private final RelayTable table;
  private final double[] utilization;
  private final long[] counters = new long[Counter.values().length];

  private final boolean liveness;

  IntRelay(int maxSources, RelayTable table) {
    this.maxSources = maxSources;
    this.table = table;
    this.liveness = table.keepsLiveness();
    this.utilization = new double[table.capacity()];
  }

  /** Counts the arrival and notes its port as heard; CLOVE-INT learns nothing from CE marks. */
  @Override
  public void onArrival(int source, int sourcePort, boolean congestionExperienced, long nowNanos) {
    counters[Counter.RELAY_ARRIVALS.ordinal()]++;
    if (congestionExperienced) {
      counters[Counter.RELAY_CE_ARRIVALS.ordinal()]++;
    }
    if (liveness && source >= 0 && source < maxSources && sourcePort >= 0 && sourcePort <= 0xFFFF) {
      table.markHeard(source, sourcePort, nowNanos);
    }
  }

  @Override
  public void onTelemetry(int source, int sourcePort, double pathUtilization, long nowNanos) {
    if (source < 0 || source >= maxSources) {
      counters[Counter.FEEDBACK_UNKNOWN_DESTINATION.ordinal()]++;
      return;
    }
    if (sourcePort < 0 || sourcePort > 0xFFFF
        || !(pathUtilization >= 0 && pathUtilization <= IntPolicy.MAX_PLAUSIBLE_UTILIZATION)) {
      counters[Counter.FEEDBACK_INVALID_VALUE.ordinal()]++;
      return;
    }
    int slot = table.mark(source, sourcePort, nowNanos);
    if (slot != RelayTable.NO_SLOT) {
      utilization[slot] = pathUtilization;
    }
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
    if (!table.hasReport(slot)) {
      counters[Counter.RELAY_LIVENESS_SENT.ordinal()]++;
      return FeedbackWord.encodeHeard(table.port(slot));
    }
    counters[Counter.RELAY_REPORTS_SENT.ordinal()]++;
    return FeedbackWord.encodeUtilization(table.port(slot), utilization[slot]);
  }

  @Override
  public long count(Counter counter) {
    return table.count(counter, counters);
  }

  @Override
  public String toString() {
    return "IntRelay{maxSources=" + maxSources + ", " + table + "}";
  }
}
