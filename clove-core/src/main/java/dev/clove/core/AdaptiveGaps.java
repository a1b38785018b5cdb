// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import dev.clove.api.Counter;
import dev.clove.core.internal.FlowletTable;
import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The sending side of the adaptive flowlet gap ({@link BalancerBuilder#adaptiveFlowletGap}): per destination, the
 * flowlet gap that follows the delay spread its receiver reports, published for the dataplanes.
 *
 * <h2>The rule</h2>
 * A destination's gap is {@code max(minGap, spread + spread / 4)}, at most the fixed gap, where {@code spread} is
 * the largest spread among its <em>fresh</em> reports (received less than {@code staleAfter} ago), and only while
 * at least two reports are fresh; otherwise it is the fixed gap. Each report's spread is first clamped to the
 * fixed gap (counted as {@link Counter#PATH_DELAY_CLAMPED}); a report that compared fewer ports than the
 * balancer has paths to the destination is not used at all ({@link Counter#PATH_DELAY_PARTIAL}): a path left out
 * may differ by more.
 *
 * <ul>
 *   <li>Never below a fresh report: the gap is republished with every report, from every fresh one, and expires
 *       (reverting to the fixed gap, which is above every clamped report) as soon as fewer than two of the reports
 *       it was made from are fresh. A report that leaves freshness earlier only keeps the gap higher than needed
 *       until the next report.</li>
 *   <li>One absurd report cannot shrink the gap: a tiny spread is outvoted by the largest fresh one, and a lone
 *       report (the others stale) is not used at all; a huge spread is clamped and can only hold the gap at the
 *       fixed value for a freshness time.</li>
 *   <li>The margin, a quarter of the spread: the spread is a past measurement, and queues grow between it and its
 *       use (up to {@code staleAfter} later); a quarter covers a queue difference that grows by 25% within that
 *       time. The encoder's rounding (up, by less than 1.1%) and the send stamp's
 *       resolution (1 us in the simulator) are absorbed by the minimum gap.</li>
 * </ul>
 *
 * <h2>Publication and the per-packet read</h2>
 * Per destination one {@code long}: the gap in flowlet-table ticks in the low 16 bits, and above them the time the
 * gap expires, in units of 1,024 ns (48 bits, compared modulo 2^48, so about 9 years of range around now). It is
 * written under the control lock with a release store and read per packet with an acquire load (not hoisted out
 * of a packet loop), one load, no lock, no clock: the packet's own time decides whether the gap has expired, so a
 * balancer whose ticks stop still falls back when its reports stop. Zero means "no adaptive gap". The array is
 * allocated only when the option is on: 8 bytes per destination.
 *
 * <p>Threading: {@link #gapTicks} from any dataplane thread; {@link #report} under the balancer's control lock.
 */
final class AdaptiveGaps {
  /*
   * Design notes (issue 15, mechanism 3; docs/policies.md has the measurements).
   *
   * 1. Source. Flowlet switching moves a flow between paths only at an idle time larger than the largest delay
   *    difference among the paths, which keeps its packets in order (Kandula et al., "Dynamic load balancing
   *    without packet reordering", FLARE, CCR 2007). The CLOVE paper fixes that gap at twice the RTT (section 2.3),
   *    a bound on the difference that holds whatever the queues. Here the receiver measures the difference and the
   *    gap follows it, bounded above by the fixed gap: below it when the paths' delays are close, so that flows
   *    move more often (agility), never above.
   * 2. What is measured, and where. One-way delays at the receiver, from a send time in the encapsulation (a
   *    Geneve option): the sender's clock offset is one constant per source, so it cancels in the difference
   *    between two of its paths, and no clock synchronisation is needed (drift over a measurement window of a few
   *    hundred microseconds is far below a microsecond). Round-trip times at the sender would need the reverse
   *    path's delay, which mixes in another path.
   * 3. The spread, not per-port delays. The receiver sends one number per source and window: the largest
   *    difference between two ports' delays (a port's highest against another's lowest), and how many ports it
   *    compared. Per-port words would need the offset removed against a reference the sender cannot see, four to
   *    sixteen words where one does, and a reference that moves with drift. The price: the sender cannot pick the
   *    paths it compares, so it uses a report only if it compared at least as many ports as it has paths.
   * 4. Safety first in every rule: the spread is an envelope over 16 windows (old samples only widen it); the
   *    encoder rounds up; the gap is a quarter above the largest fresh report and needs two of them; a report above
   *    the fixed gap holds the gap at the fixed value; without fresh reports the gap is the fixed one, decided per
   *    packet from the packet's own time, so a stalled control thread cannot leave a small gap in place.
   */
  /** Reports remembered per destination: the freshest this many, of which the gap uses the fresh ones. */
  static final int REMEMBERED = 4;
  private static final int TICKS_BITS = 16;
  private static final long TICKS_MASK = (1L << TICKS_BITS) - 1;
  /** Expiry times are kept in units of 2^10 ns. */
  private static final int TIME_SHIFT = 10;
  private static final VarHandle GAPS = MethodHandles.arrayElementVarHandle(long[].class);

  private final long fixedGapNanos;
  private final int fixedGapTicks;
  private final long minGapNanos;
  private final long staleAfterNanos;
  private final long[] published;
  /** Control side, under the lock: per destination, the last reports' spreads and times, newest at [0]. */
  private final Int2ObjectOpenHashMap<long[]> recent = new Int2ObjectOpenHashMap<>();

  AdaptiveGaps(int maxDestinations, long fixedGapNanos, long minGapNanos, long staleAfterNanos) {
    this.fixedGapNanos = fixedGapNanos;
    this.fixedGapTicks = FlowletTable.gapTicksFor(fixedGapNanos, fixedGapNanos);
    this.minGapNanos = Math.min(minGapNanos, fixedGapNanos);
    this.staleAfterNanos = staleAfterNanos;
    this.published = new long[maxDestinations];
  }

  /**
   * The flowlet gap in ticks for a packet to {@code destination} at {@code nowNanos}: the adaptive gap while it is
   * fresh, else the fixed gap's ticks. One acquire load and a compare. Any thread.
   */
  int gapTicks(int destination, long nowNanos) {
    final long word = (long) GAPS.getAcquire(published, destination);
    final int ticks = (int) (word & TICKS_MASK);
    // Fresh while now < expiry, modulo 2^48 units: the difference's sign after dropping its top 16 bits.
    final boolean fresh = (((nowNanos >> TIME_SHIFT) - (word >>> TICKS_BITS)) << TICKS_BITS) < 0;
    return ticks != 0 && fresh ? ticks : fixedGapTicks;
  }

  /**
   * The gap {@link #gapTicks} gives, in nanoseconds as the rule computed it before rounding to ticks, for tests:
   * what {@link #report} last decided for {@code destination}, or the fixed gap if that has expired by
   * {@code nowNanos}. Caller holds the control lock.
   */
  long gapNanos(int destination, long nowNanos) {
    long[] r = recent.get(destination);
    if (r == null) {
      return fixedGapNanos;
    }
    long gap = gapFrom(r, r[2 * REMEMBERED]);
    return gap > 0 && r[2 * REMEMBERED + 1] - nowNanos > 0 ? gap : fixedGapNanos;
  }

  /**
   * A report from {@code destination}: delays among {@code portsMeasured} of its paths differed by up to
   * {@code spreadNanos}. Used, and the gap republished, only if that covers the {@code pathsInUse} paths the
   * balancer has to it. Caller holds the control lock.
   */
  void report(int destination, int portsMeasured, int pathsInUse, long spreadNanos, long nowNanos,
      SharedCounters counters) {
    counters.increment(Counter.PATH_DELAY_REPORTS);
    if (portsMeasured < pathsInUse) {
      counters.increment(Counter.PATH_DELAY_PARTIAL); // a path not compared may differ by more: not evidence
      return;
    }
    long spread = spreadNanos;
    if (!(spread < fixedGapNanos)) {
      counters.increment(Counter.PATH_DELAY_CLAMPED);
      spread = fixedGapNanos;
    }
    long[] r = recent.get(destination);
    if (r == null) {
      // spreads at [0, REMEMBERED), times at [REMEMBERED, 2 REMEMBERED), then the decision's time and expiry
      r = new long[2 * REMEMBERED + 2];
      java.util.Arrays.fill(r, REMEMBERED, 2 * REMEMBERED, Long.MIN_VALUE);
      recent.put(destination, r);
    }
    // The oldest report leaves; while it may still be fresh, its spread stays as a floor of the next oldest, whose
    // later time keeps it a little longer (higher for longer: the safe side).
    long leaving = r[REMEMBERED - 1];
    System.arraycopy(r, 0, r, 1, REMEMBERED - 1);
    System.arraycopy(r, REMEMBERED, r, REMEMBERED + 1, REMEMBERED - 1);
    r[REMEMBERED - 1] = Math.max(r[REMEMBERED - 1], leaving);
    r[0] = spread;
    r[REMEMBERED] = nowNanos;
    r[2 * REMEMBERED] = nowNanos;
    long gap = gapFrom(r, nowNanos);
    if (gap <= 0) {
      GAPS.setRelease(published, destination, 0L); // fewer than two fresh reports: the fixed gap
      r[2 * REMEMBERED + 1] = nowNanos;
      return;
    }
    // Expires when the second-newest fresh report does: from then on fewer than two of these are fresh.
    long expiry = secondNewestTime(r, nowNanos) + staleAfterNanos;
    r[2 * REMEMBERED + 1] = expiry;
    int ticks = FlowletTable.gapTicksFor(fixedGapNanos, gap);
    GAPS.setRelease(published, destination, ((expiry >> TIME_SHIFT) << TICKS_BITS) | (ticks & TICKS_MASK));
  }

  /** The rule's gap from the reports fresh at {@code at}, or 0 when fewer than two are fresh. */
  private long gapFrom(long[] r, long at) {
    int freshReports = 0;
    long largest = 0;
    for (int i = 0; i < REMEMBERED; i++) {
      long t = r[REMEMBERED + i];
      if (fresh(t, at)) {
        freshReports++;
        largest = Math.max(largest, r[i]);
      }
    }
    if (freshReports < 2) {
      return 0;
    }
    long withMargin = largest + largest / 4;
    return Math.min(fixedGapNanos, Math.max(minGapNanos, withMargin));
  }

  /** Whether a report received at {@code t} ({@code Long.MIN_VALUE}: none) is fresh at {@code at}. */
  private boolean fresh(long t, long at) {
    return t != Long.MIN_VALUE && at - t < staleAfterNanos && at - t >= 0;
  }

  /** The time of the second-newest report fresh at {@code at} (there are at least two). */
  private long secondNewestTime(long[] r, long at) {
    int seen = 0;
    for (int i = 0; i < REMEMBERED; i++) {
      long t = r[REMEMBERED + i];
      if (fresh(t, at) && ++seen == 2) {
        return t;
      }
    }
    return at; // unreachable when gapFrom found two
  }
}
