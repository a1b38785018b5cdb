// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.ecn;

import dev.clove.api.Counter;
import dev.clove.api.FeedbackRelay;
import dev.clove.api.FeedbackWord;
import dev.clove.core.internal.RelayTable;

/**
 * {@link CloveEcn#gradedRelay()}: the receiving half of graded ECN. Per (source, port) it counts the packets that
 * arrived and how many of them carried CE, and reports each port heard as one
 * {@link FeedbackWord#encodeCongestionFraction CE-fraction} word, marked / arrived, at most once per relay interval;
 * a port heard without a mark is reported as fraction 0, which is also its liveness report.
 *
 * <h2>Counting window</h2>
 * The window of a report is the time since the port's previous report: every arrival is news for the
 * {@link RelayTable} (a {@link RelayTable#mark report}, never mere liveness), the table keeps a port reported at most
 * once per relay interval, and the poll that hands out a port's word resets its counts. So a window is at least one
 * relay interval long, and longer when the reverse packets that carry the words are fewer than the ports to report
 * (the table then serves the ports round robin and each keeps counting until its turn). No packet is counted twice
 * and none between two reports is left out.
 *
 * <h2>Memory and cost</h2>
 * Two {@code int} arrays indexed by the table's slot numbers ({@code maxSources x pendingPortsPerSource} each) and
 * one hint per source; nothing allocates after construction. Per arrival: the source's hint slot (the slot of the
 * last port counted for that source) is tried first, and if it holds the arriving port with a report already
 * pending, the arrival costs two array increments; otherwise the table's {@link RelayTable#mark} scans the source's
 * slots once, as the binary relay does for every CE arrival. A count that reaches 2^30 packets halves both counts
 * (the fraction is kept; only a port nobody polls for that long gets there).
 *
 * <h2>More ports than slots</h2>
 * Every heard port is pending from its first arrival until its report is polled, so a source whose active ports
 * outnumber its slots keeps every slot pending or cooling. The arrivals of a port that finds no slot are not
 * counted: each is counted in {@link Counter#RELAY_REPORTS_DROPPED} instead (one per packet, not one per report), and
 * the port is counted and reported from its first arrival after a slot cools with no news; the ports that hold
 * slots are reported as usual. So the relay reports on at most {@code pendingPortsPerSource} ports per source at a
 * time; set it at least to the sender's paths per destination (the default, 16, is four times the simulated
 * fabric's four paths).
 *
 * <p>Counters: a word with a fraction above 0 counts as {@link Counter#RELAY_REPORTS_SENT}, a word of fraction 0
 * as {@link Counter#RELAY_LIVENESS_SENT} (it is the port's liveness report); the builder's
 * {@code livenessReports} setting does not apply (a graded relay reports every heard port: the 0 fraction is the
 * news that the port is clear).
 *
 * <p>Threading: one thread at a time (the receive path of one dataplane thread), as {@link FeedbackRelay} says;
 * nothing allocates after construction. {@link #count} may be read racily from another thread.
 */
final class GradedEcnRelay implements FeedbackRelay {
  /** A port's counts halve when its arrivals reach this, so that neither overflows. */
  static final int COUNT_LIMIT = 1 << 30;

  private final int maxSources;
  private final RelayTable table;
  private final long[] counters = new long[Counter.values().length];
  /** Per slot: packets counted since the slot's last report. */
  private final int[] arrived;
  /** Per slot: CE-marked packets among {@link #arrived}. */
  private final int[] marked;
  /**
   * Per slot: whether the slot is pending in the table with counts of this window (set by {@link RelayTable#mark},
   * cleared when the poll hands the slot's word out). A pending slot is never given to another port, so while this
   * is set the slot's port and counts belong together.
   */
  private final boolean[] counting;
  /** Per source: the slot of the last port counted (always one of the source's slots), tried first. */
  private final int[] hint;

  GradedEcnRelay(int maxSources, RelayTable table) {
    this.maxSources = maxSources;
    this.table = table;
    int slots = table.capacity();
    this.arrived = new int[slots];
    this.marked = new int[slots];
    this.counting = new boolean[slots];
    this.hint = new int[maxSources];
    int slotsPerSource = slots / maxSources;
    for (int source = 0; source < maxSources; source++) {
      hint[source] = source * slotsPerSource; // a slot of the source's own: a hint never crosses sources
    }
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
    int slot = hint[source];
    if (!counting[slot] || table.port(slot) != sourcePort) {
      slot = table.mark(source, sourcePort, nowNanos);
      if (slot == RelayTable.NO_SLOT) {
        return; // counted by the table as a dropped report
      }
      if (!counting[slot]) {
        counting[slot] = true; // a new window: the slot's counts were cleared by its last poll
        arrived[slot] = 0;
        marked[slot] = 0;
      }
      hint[source] = slot;
    }
    int a = ++arrived[slot];
    if (congestionExperienced) {
      marked[slot]++;
    }
    if (a >= COUNT_LIMIT) {
      arrived[slot] = a >>> 1;
      marked[slot] >>>= 1;
    }
  }

  /**
   * CLOVE-ECN relays no telemetry: counted as {@link Counter#RELAY_WRONG_KIND} and ignored.
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
    int a = arrived[slot];
    int m = marked[slot];
    counting[slot] = false;
    arrived[slot] = 0;
    marked[slot] = 0;
    if (m > 0) {
      counters[Counter.RELAY_REPORTS_SENT.ordinal()]++;
    } else {
      counters[Counter.RELAY_LIVENESS_SENT.ordinal()]++;
    }
    // a > 0 whenever the table hands out a slot: only an arrival makes a slot pending here.
    return FeedbackWord.encodeCongestionFraction(table.port(slot), a > 0 ? (double) m / a : 0);
  }

  @Override
  public long count(Counter counter) {
    return table.count(counter, counters);
  }

  @Override
  public String toString() {
    return "GradedEcnRelay{maxSources=" + maxSources + ", " + table + "}";
  }
}
