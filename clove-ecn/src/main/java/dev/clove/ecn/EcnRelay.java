// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.ecn;

import dev.clove.api.Counter;
import dev.clove.api.FeedbackRelay;
import dev.clove.api.FeedbackWord;
import dev.clove.core.internal.RelayTable;

/**
 * {@link CloveEcn#relay()}: the receiving hypervisor's half of CLOVE-ECN. Remembers, per source, which outer
 * source ports (paths) arrived CE-marked, and hands them out one at a time as {@link FeedbackWord#encodeCongestion}
 * words to piggyback on reverse traffic.
 *
 * <p>The bookkeeping is a {@link RelayTable}: a port is reported at most once per relay interval; marks that
 * arrive while it is pending merge into that one report (the paper's relay-rate optimisation, section 2.3); a
 * mark that arrives after a report is reported as soon as its interval has passed, so no mark of a new interval
 * is lost. A mark that finds every slot of its source busy is dropped and counted
 * ({@link Counter#RELAY_REPORTS_DROPPED}).
 *
 * <p>Liveness: every arrival, marked or not, also notes its port as heard; a heard port without a CE mark to
 * report is relayed as a {@link FeedbackWord#encodeHeard heard} word, at most once per 16 relay intervals, after every
 * ready CE report (see {@link RelayTable}). A CE report proves the port heard by itself.
 *
 * <p>Threading: one thread at a time (the receive path of one dataplane thread), as {@link FeedbackRelay} says;
 * nothing allocates after construction. {@link #count} may be read racily from another thread.
 */
final class EcnRelay implements FeedbackRelay {
  private final int maxSources;
  private final RelayTable table;
  private final long[] counters = new long[Counter.values().length];
  private final boolean liveness;

  EcnRelay(int maxSources, RelayTable table) {
    this.maxSources = maxSources;
    this.table = table;
    this.liveness = table.keepsLiveness();
  }

  @Override
  public void onArrival(int source, int sourcePort, boolean congestionExperienced, long nowNanos) {
    counters[Counter.RELAY_ARRIVALS.ordinal()]++;
    if (!congestionExperienced) {
      if (liveness && source >= 0 && source < maxSources && sourcePort >= 0 && sourcePort <= 0xFFFF) {
        table.markHeard(source, sourcePort, nowNanos); // bad input is counted when it carries a mark, as before
      }
      return;
    }
    counters[Counter.RELAY_CE_ARRIVALS.ordinal()]++;
    if (source < 0 || source >= maxSources) {
      counters[Counter.FEEDBACK_UNKNOWN_DESTINATION.ordinal()]++;
      return;
    }
    if (sourcePort < 0 || sourcePort > 0xFFFF) {
      counters[Counter.FEEDBACK_INVALID_VALUE.ordinal()]++;
      return;
    }
    table.mark(source, sourcePort, nowNanos);
  }

  /**
   * CLOVE-ECN relays no telemetry: counted as {@link Counter#RELAY_WRONG_KIND} and ignored (a CLOVE-INT sender
   * needs {@code CloveInt.relay()}).
   */
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
    if (!table.hasReport(slot)) {
      counters[Counter.RELAY_LIVENESS_SENT.ordinal()]++;
      return FeedbackWord.encodeHeard(table.port(slot));
    }
    counters[Counter.RELAY_REPORTS_SENT.ordinal()]++;
    return FeedbackWord.encodeCongestion(table.port(slot));
  }

  @Override
  public long count(Counter counter) {
    return table.count(counter, counters);
  }

  @Override
  public String toString() {
    return "EcnRelay{maxSources=" + maxSources + ", " + table + "}";
  }
}
