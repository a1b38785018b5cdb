// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core.internal;

import dev.clove.api.Counter;

/**
 * The bookkeeping of a receiving hypervisor's relay: per source, which paths (outer source ports) have news to
 * report back to that source, with each path reported at most once per relay interval and none lost.
 *
 * <p>Per source there is a fixed table of {@code slotsPerSource} slots. A slot holds a port that is
 * <em>pending</em> (news since its last report) or <em>cooling</em> (reported less than one relay interval ago, so
 * not reportable yet). News about a pending port merges into its one coming report (the paper relays at most once
 * per path per interval, section 2.3); news that arrives after a report makes the port pending again, and it is
 * reported as soon as its interval has passed. Ready ports are served round robin. News about a new port takes a
 * slot no port has used yet if there is one, or else the slot of a port whose interval has passed (that port is
 * forgotten: its next news counts as new). News about a new port when every slot is pending or cooling is dropped and
 * counted ({@link #dropped()}); cooling slots are never evicted, since forgetting one would allow a second report
 * within its interval.
 *
 * <p>News is of two strengths. A <em>report</em> ({@link #mark}: a CE mark, a utilization reading) must reach the
 * sender; <em>liveness</em> ({@link #markHeard}: the port was merely heard) is worth sending only when nothing else
 * about the port is. Liveness never takes a slot that a report would need: it uses free or cooled slots only and is
 * otherwise dropped (counted in {@link #livenessDropped()}), and a report that finds every slot busy takes over a
 * ready slot that holds liveness only. A port's pending news is a report as soon as any of it is one
 * ({@link #hasReport}); {@link #poll} serves ports with reports first, round robin, then liveness, so liveness
 * words delay reports only in one case: a liveness word that has been ready for {@value #LIVENESS_INTERVALS} relay
 * intervals more takes its turn with the reports. Without that exception, a destination whose reverse packets are few
 * (about one per relay interval, as the acknowledgements of one 1 Gbps flow are) and whose other paths carry marks
 * all the time would never report an unmarked path, and its sender would take a live path out of service as
 * silent; with it, such a word waits at most twice its liveness interval and costs reports one word in that
 * time. A port is reported at most once per relay interval, and a port with liveness news only
 * at most once per {@value #LIVENESS_INTERVALS} relay intervals (800 us at the default 50 us interval) while it keeps
 * its slot (a port forgotten for a new one, when the source has more ports than slots, starts afresh): the sender
 * judges silence over milliseconds ({@code BalancerBuilder.silenceTimeoutNanos}), not over one interval, and a
 * liveness word per port per interval would be most of the relay's words, and of the sender's feedback work. A
 * table built without liveness ignores {@link #markHeard}.
 *
 * <p>The CLOVE-ECN and CLOVE-INT relays are built on it; a relay keeps whatever it reports (a utilization, say)
 * in its own arrays indexed by the slot numbers this table returns.
 *
 * <p>Threading: one thread at a time; nothing allocates after construction. Sources and ports are checked by
 * the caller.
 */
public final class RelayTable {
  /** Returned when there is no slot: the news was dropped, or nothing is ready to report. */
  public static final int NO_SLOT = -1;

  private static final long NEVER = Long.MIN_VALUE;
  /** Relay intervals between two liveness words about one port (see the class comment). */
  public static final int LIVENESS_INTERVALS = 16;
  private static final int FREE = -1;

  private final int slotsPerSource;
  private final long relayIntervalNanos;
  private final long livenessIntervalNanos;
  private final int[] port;
  private final boolean[] pending;
  /** Whether a slot's pending news (or, after it was polled, the news just handed out) is a report. */
  private final boolean[] report;
  private final int[] pendingReports;
  /**
   * Per source, a time before which no pending slot is ready (so {@link #poll} need not scan), or
   * {@link #NEVER}: lowered whenever a slot becomes pending, raised by a poll that found nothing ready.
   */
  private final long[] notBefore;
  /** Per source, the slot its latest heard port was found in (a slot of that source, possibly reused since). */
  private final int[] lastHeardSlot;
  private final boolean liveness;
  private long livenessDropped;
  /** Set by a full {@link #take} that found nothing: the earliest time a pending slot it saw becomes ready. */
  private long scanReadyAt;
  private final long[] lastSent;
  private final int[] cursor;
  private final int[] pendingCount;
  private final GuardedClocks clocks;
  private long dropped;
  private long clockBackwards;
  private long clockJumps;

  /**
   * Creates a table for sources {@code 0..maxSources-1}.
   *
   * @param maxSources the number of sources, at least 1
   * @param slotsPerSource the ports per source that can be pending or cooling at once, at least 1
   * @param relayIntervalNanos the least time in nanoseconds between two reports of one port, positive
   * @throws IllegalArgumentException if a size is below 1 or the interval is not positive, naming it
   */
  public RelayTable(int maxSources, int slotsPerSource, long relayIntervalNanos) {
    this(maxSources, slotsPerSource, relayIntervalNanos, false);
  }

  /**
   * Creates a table for sources {@code 0..maxSources-1} that also keeps liveness news when {@code liveness}.
   *
   * @param maxSources the number of sources, at least 1
   * @param slotsPerSource the ports per source that can be pending or cooling at once, at least 1
   * @param relayIntervalNanos the least time in nanoseconds between two reports of one port, positive
   * @param liveness whether to keep liveness (heard) news as well as reports
   * @throws IllegalArgumentException if a size is below 1 or the interval is not positive, naming it
   */
  public RelayTable(int maxSources, int slotsPerSource, long relayIntervalNanos, boolean liveness) {
    Checks.checkRange("maxSources", maxSources, 1, Integer.MAX_VALUE);
    Checks.checkRange("pendingPortsPerSource", slotsPerSource, 1, Integer.MAX_VALUE);
    if (relayIntervalNanos <= 0) {
      throw new IllegalArgumentException("relayIntervalNanos must be > 0, was " + relayIntervalNanos);
    }
    this.slotsPerSource = slotsPerSource;
    this.relayIntervalNanos = relayIntervalNanos;
    this.livenessIntervalNanos = relayIntervalNanos > Long.MAX_VALUE / LIVENESS_INTERVALS ? Long.MAX_VALUE
        : relayIntervalNanos * LIVENESS_INTERVALS;
    int total = Math.multiplyExact(maxSources, slotsPerSource);
    this.port = new int[total];
    java.util.Arrays.fill(port, FREE);
    this.pending = new boolean[total];
    this.report = new boolean[total];
    this.pendingReports = new int[maxSources];
    this.notBefore = new long[maxSources];
    java.util.Arrays.fill(notBefore, NEVER);
    this.lastHeardSlot = new int[maxSources];
    for (int source = 0; source < maxSources; source++) {
      lastHeardSlot[source] = source * slotsPerSource;
    }
    this.liveness = liveness;
    this.lastSent = new long[total];
    java.util.Arrays.fill(lastSent, NEVER);
    this.cursor = new int[maxSources];
    this.pendingCount = new int[maxSources];
    this.clocks = new GuardedClocks(maxSources);
  }

  /**
   * The number of slots all sources have together; slot numbers are below it.
   *
   * @return {@code maxSources x slotsPerSource}
   */
  public int capacity() {
    return port.length;
  }

  /**
   * Notes a report about {@code sourcePort} from {@code source} and returns the slot that now holds the port,
   * pending with a report, or {@link #NO_SLOT} if every slot of the source is busy with reports or cooling
   * (counted in {@link #dropped()}).
   *
   * @param source the source the news is for, in {@code 0..maxSources-1}
   * @param sourcePort the outer source port, and so the path, the news is about
   * @param nowNanos the current time
   * @return the slot, in {@code 0..capacity()-1}, or {@link #NO_SLOT}
   */
  public int mark(int source, int sourcePort, long nowNanos) {
    final long now = clock(source, nowNanos);
    final int base = source * slotsPerSource;
    int free = NO_SLOT;
    int cooledSlot = NO_SLOT;
    int livenessOnly = NO_SLOT;
    for (int i = base, end = base + slotsPerSource; i < end; i++) {
      int p = port[i];
      if (p == sourcePort) {
        if (!pending[i]) {
          pending[i] = true;
          pendingCount[source]++;
          report[i] = true;
          pendingReports[source]++;
          becamePending(source, i);
        } else if (!report[i]) {
          report[i] = true;
          pendingReports[source]++;
          becamePending(source, i); // ready sooner as a report than as liveness
        }
        return i;
      }
      if (p == FREE) {
        free = free < 0 ? i : free;
      } else if (!pending[i]) {
        cooledSlot = cooledSlot < 0 && cooled(i, now) ? i : cooledSlot;
      } else if (livenessOnly < 0 && !report[i] && cooled(i, now)) {
        livenessOnly = i;
      }
    }
    int reusable = free >= 0 ? free : cooledSlot; // a free slot first: a cooled port keeps its stamps
    if (reusable < 0) {
      if (livenessOnly < 0) {
        dropped++;
        return NO_SLOT;
      }
      // Take over a ready slot that holds only liveness: that port's liveness word is lost, the report is not.
      livenessDropped++;
      pendingCount[source]--;
      reusable = livenessOnly;
    }
    // A port absent from the table was not reported within the last interval (cooling slots are kept).
    port[reusable] = sourcePort;
    pending[reusable] = true;
    report[reusable] = true;
    lastSent[reusable] = freshStamp(now);
    pendingCount[source]++;
    pendingReports[source]++;
    notBefore[source] = NEVER;
    return reusable;
  }

  /**
   * Notes that {@code sourcePort} from {@code source} was heard, and returns the slot that holds the port, or
   * {@link #NO_SLOT} if the table keeps no liveness or every slot of the source is busy (counted in
   * {@link #livenessDropped()}). A port that is already pending keeps its news as it is.
   *
   * @param source the source the port was heard from, in {@code 0..maxSources-1}
   * @param sourcePort the outer source port heard
   * @param nowNanos the current time
   * @return the slot, in {@code 0..capacity()-1}, or {@link #NO_SLOT}
   */
  public int markHeard(int source, int sourcePort, long nowNanos) {
    if (!liveness) {
      return NO_SLOT;
    }
    final long now = clock(source, nowNanos);
    // Most arrivals repeat the port before them: try the slot it had first, and skip the scan if it is pending.
    final int hint = lastHeardSlot[source];
    if (port[hint] == sourcePort) {
      if (!pending[hint]) {
        pending[hint] = true;
        report[hint] = false;
        pendingCount[source]++;
        becamePending(source, hint);
      }
      return hint;
    }
    final int base = source * slotsPerSource;
    int free = NO_SLOT;
    int cooledSlot = NO_SLOT;
    for (int i = base, end = base + slotsPerSource; i < end; i++) {
      int p = port[i];
      if (p == sourcePort) {
        if (!pending[i]) {
          pending[i] = true;
          report[i] = false;
          pendingCount[source]++;
          becamePending(source, i);
        }
        lastHeardSlot[source] = i;
        return i;
      }
      if (p == FREE) {
        free = free < 0 ? i : free;
      } else if (!pending[i]) {
        cooledSlot = cooledSlot < 0 && cooled(i, now) ? i : cooledSlot;
      }
    }
    int reusable = free >= 0 ? free : cooledSlot; // as in mark: a cooled port keeps its stamps while it can
    if (reusable < 0) {
      livenessDropped++;
      return NO_SLOT;
    }
    port[reusable] = sourcePort;
    pending[reusable] = true;
    report[reusable] = false;
    lastSent[reusable] = freshStamp(now);
    pendingCount[source]++;
    notBefore[source] = NEVER;
    lastHeardSlot[source] = reusable;
    return reusable;
  }

  /**
   * Whether the news of {@code slot} is a report (a {@link #mark}) rather than liveness only: for a slot that
   * {@link #poll} just returned, whether to send the report or a heard word.
   *
   * @param slot a slot, in {@code 0..capacity()-1}
   * @return true for a report, false for liveness only
   */
  public boolean hasReport(int slot) {
    return report[slot];
  }

  /**
   * Whether this table keeps liveness news.
   *
   * @return true if it was created with liveness
   */
  public boolean keepsLiveness() {
    return liveness;
  }

  /**
   * Returns the slot of the next port of {@code source} that is pending and out of its cooling interval, marking
   * it reported at {@code nowNanos}; or {@link #NO_SLOT}. Ports with a report come first, taking turns with
   * liveness words that have waited a liveness interval beyond their turn; with no report pending, ready ports take
   * turns round robin from the last port served.
   *
   * @param source the source to report to, in {@code 0..maxSources-1}
   * @param nowNanos the current time
   * @return the slot of the port to report, in {@code 0..capacity()-1}, or {@link #NO_SLOT} if none is ready
   */
  public int poll(int source, long nowNanos) {
    if (pendingCount[source] == 0) {
      return NO_SLOT;
    }
    final long now = clock(source, nowNanos);
    if (now < notBefore[source]) {
      return NO_SLOT; // every pending port is still cooling
    }
    if (pendingReports[source] > 0) {
      int slot = take(source, now, true);
      if (slot != NO_SLOT) {
        return slot;
      }
    }
    int slot = take(source, now, false);
    if (slot == NO_SLOT) {
      notBefore[source] = scanReadyAt; // nothing ready: nothing will be before this, unless news comes
    }
    return slot;
  }

  /** A slot of {@code source} became pending: poll must look again from the time it is ready. */
  private void becamePending(int source, int slot) {
    long readyAt = readyAt(slot);
    if (readyAt < notBefore[source]) {
      notBefore[source] = readyAt;
    }
  }

  /** The next ready pending slot of {@code source}, round robin; with a report only when {@code reportsOnly}. */
  private int take(int source, long now, boolean reportsOnly) {
    final int base = source * slotsPerSource;
    long readyAt = Long.MAX_VALUE;
    final int start = cursor[source];
    for (int k = 1; k <= slotsPerSource; k++) {
      int s = start + k;
      if (s >= slotsPerSource) {
        s -= slotsPerSource;
      }
      int i = base + s;
      if (!pending[i] || (reportsOnly && !report[i] && !overdue(i, now))) {
        continue;
      }
      long ready = readyAt(i);
      if (now < ready) {
        readyAt = Math.min(readyAt, ready);
      } else {
        pending[i] = false;
        lastSent[i] = now;
        pendingCount[source]--;
        if (report[i]) {
          pendingReports[source]--;
        }
        cursor[source] = s;
        return i;
      }
    }
    scanReadyAt = readyAt;
    return NO_SLOT;
  }

  /**
   * The port a slot holds.
   *
   * @param slot a slot number, as {@link #mark} or {@link #poll} returned it
   * @return the port the slot holds, or -1 if it never held one
   */
  public int port(int slot) {
    return port[slot];
  }

  /**
   * News dropped because every slot of its source was busy.
   *
   * @return the number of dropped pieces of news
   */
  public long dropped() {
    return dropped;
  }

  /**
   * Liveness news dropped, or displaced by a report, because every slot of its source was busy.
   *
   * @return the number of such news
   */
  public long livenessDropped() {
    return livenessDropped;
  }

  /**
   * Calls that passed a time earlier than one already seen for the source (treated as no time passing).
   *
   * @return the number of such calls
   */
  public long clockBackwards() {
    return clockBackwards;
  }

  /**
   * A relay's value of {@code counter}: the table's own count for {@link Counter#RELAY_REPORTS_DROPPED},
   * {@link Counter#CLOCK_BACKWARDS} and {@link Counter#CLOCK_JUMPS}, the relay's {@code relayCounts[counter.ordinal()]} for every other counter.
   *
   * @param counter the counter to read
   * @param relayCounts the relay's own counts, indexed by {@link Counter#ordinal()}
   * @return the counter's value
   */
  public long count(Counter counter, long[] relayCounts) {
    switch (counter) {
      case RELAY_REPORTS_DROPPED:
        return dropped;
      case RELAY_LIVENESS_DROPPED:
        return livenessDropped;
      case CLOCK_BACKWARDS:
        return clockBackwards;
      case CLOCK_JUMPS:
        return clockJumps;
      default:
        return relayCounts[counter.ordinal()];
    }
  }

  @Override
  public String toString() {
    return "RelayTable{slotsPerSource=" + slotsPerSource + ", relayIntervalNanos=" + relayIntervalNanos
        + ", liveness=" + liveness + "}";
  }

  /** When a pending slot may be reported: one relay interval after its last word, or more for liveness only. */
  private long readyAt(int slot) {
    long last = lastSent[slot];
    if (last == NEVER) {
      return NEVER;
    }
    long wait = report[slot] ? relayIntervalNanos : livenessIntervalNanos;
    return last > Long.MAX_VALUE - wait ? Long.MAX_VALUE : last + wait;
  }

  /**
   * The send stamp of a slot that a port takes for the first time: one liveness interval before {@code now}, so
   * that the port is ready at once (it was not reported within an interval, or it would still hold its slot) and a
   * liveness word about it becomes overdue one liveness interval from now, like any other.
   */
  private long freshStamp(long now) {
    return now - livenessIntervalNanos < now ? now - livenessIntervalNanos : NEVER;
  }

  /** Whether a slot's pending liveness has been ready for a liveness interval more: it takes turns with reports. */
  private boolean overdue(int slot, long now) {
    long last = lastSent[slot];
    return last == NEVER || (now - last) - livenessIntervalNanos >= livenessIntervalNanos;
  }

  private boolean cooled(int slot, long now) {
    long last = lastSent[slot];
    return last == NEVER || now - last >= relayIntervalNanos;
  }

  /** Per-source time by the {@link GuardedClocks} rule; a confirmed reset back forgets later report stamps. */
  private long clock(int source, long now) {
    final long t = clocks.advance(source, now);
    switch (clocks.status()) {
      case GuardedClocks.BACKWARDS:
        clockBackwards++;
        break;
      case GuardedClocks.JUMP_HELD:
        clockJumps++;
        break;
      case GuardedClocks.REBASED_BACKWARD:
        for (int i = source * slotsPerSource, end = i + slotsPerSource; i < end; i++) {
          if (lastSent[i] != NEVER && lastSent[i] - t > 0) {
            lastSent[i] = NEVER; // a report "in the future" says nothing about the new time line
          }
        }
        break;
      default:
    }
    return t;
  }
}
