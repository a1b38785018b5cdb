// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core.internal;

import dev.clove.api.FeedbackWord;

/**
 * The receiving side of the adaptive flowlet gap: measures, per source and port, the one-way delay of packets that
 * carry a send time, and once per window hands out one {@link FeedbackWord#encodePathDelay path-delay} word per
 * source: how far the delays of two different ports of that source lately differed at most.
 *
 * <h2>What a word says</h2>
 * Per port the meter keeps the envelope of the delays it measured: their maximum and minimum over the current
 * window and the {@value #WINDOWS} - 1 before it. At the end of a window it reports, over the ports with samples
 * in those windows, {@code max over ports p != q of (max delay of p - min delay of q)}, and how many ports that
 * was. A packet sent on path {@code q} at
 * least that long after a packet of the same flow sent on path {@code p} arrives after it, whenever both delays
 * fell within the envelopes; so a sender whose flowlet gap exceeds the spread does not reorder a flow when it moves
 * it between those paths. A port compared with itself is left out: one path is FIFO and cannot reorder. The
 * sender's clock offset is the same for every port of one source, so it cancels in every difference.
 *
 * <h2>Why an envelope, not a minimum or an average</h2>
 * Filters that remove queueing noise (a windowed minimum, as delay-based congestion control uses for its base RTT,
 * or an EWMA) would remove exactly what reorders packets: the queue one path has and another has not. The envelope
 * keeps it, and over-states the spread rather than under-states it (a port's highest and another's lowest delay
 * may come from different moments). The earlier windows are kept because a report is of use to the sender only
 * when it compares every path the sender has to this host (the word says how many ports it compared), and a
 * sender with few flows to one destination visits its paths one flowlet at a time: with four windows (390 us in
 * the simulated fabric) 87% of the reports of a 3,000-flow run compared fewer ports than the sender had paths,
 * with sixteen 25%. Old samples only widen the envelope, which errs on the safe side (a larger gap). Memory: 256
 * bytes per source and port slot (4 MB for the builder's defaults of 1,024 sources and 16 slots).
 *
 * <h2>Bounds</h2>
 * Per source, {@code portsPerSource} slots; a new port takes a free slot, or the slot of a port with no sample in
 * its windows, or is not measured (counted in {@link #dropped()}). A source with fewer than two ports measured in
 * its windows gets no word: with one path the sender has no difference to go by, and falls back to its fixed
 * gap once its last words are stale.
 *
 * <p>Threading: one thread at a time, like the relay it belongs to; nothing allocates after construction. Sources
 * and ports are checked by the caller.
 */
public final class PathDelayMeter {
  private static final long NONE = Long.MIN_VALUE;
  private static final int FREE = -1;

  private final int slotsPerSource;
  private final long windowNanos;
  private final int[] port;
  /** Windows a port's envelope spans: the current one and the fifteen before it (a power of two). */
  static final int WINDOWS = 16;
  /**
   * Per slot, the envelope of each of the last {@link #WINDOWS} windows, at {@code slot * WINDOWS + window % WINDOWS}
   * (NONE and MAX_VALUE when a window had no sample).
   */
  private final long[] hi;
  private final long[] lo;
  /** Per source: the number of its current window, counted from its first sample. */
  private final int[] windowNo;
  /** Per source: the start of its current window, or NONE before its first sample. */
  private final long[] windowStart;
  /** Per source: the slot of its latest sample, tried first (most arrivals repeat the port before them). */
  private final int[] lastSlot;
  private long dropped;

  /**
   * Creates a meter for sources {@code 0..maxSources-1}.
   *
   * @param maxSources the number of sources, at least 1
   * @param slotsPerSource the ports per source measured at once, at least 1
   * @param windowNanos how often a source gets a word at most, and how long a window lasts; positive
   * @throws IllegalArgumentException if a value is out of range, naming it
   */
  public PathDelayMeter(int maxSources, int slotsPerSource, long windowNanos) {
    Checks.checkRange("maxSources", maxSources, 1, Integer.MAX_VALUE);
    Checks.checkRange("pendingPortsPerSource", slotsPerSource, 1, Integer.MAX_VALUE);
    if (windowNanos <= 0) {
      throw new IllegalArgumentException("delay report window must be > 0 ns, was " + windowNanos);
    }
    this.slotsPerSource = slotsPerSource;
    this.windowNanos = windowNanos;
    int total = Math.multiplyExact(maxSources, slotsPerSource);
    this.port = new int[total];
    java.util.Arrays.fill(port, FREE);
    this.hi = new long[Math.multiplyExact(total, WINDOWS)];
    this.lo = new long[hi.length];
    java.util.Arrays.fill(hi, NONE);
    java.util.Arrays.fill(lo, Long.MAX_VALUE);
    this.windowNo = new int[maxSources];
    this.windowStart = new long[maxSources];
    java.util.Arrays.fill(windowStart, NONE);
    this.lastSlot = new int[maxSources];
    for (int s = 0; s < maxSources; s++) {
      lastSlot[s] = s * slotsPerSource;
    }
  }

  /**
   * The window length.
   *
   * @return the window in nanoseconds
   */
  public long windowNanos() {
    return windowNanos;
  }

  /**
   * Records one packet's one-way delay ({@code now - sentAt} on the two hosts' clocks, so offset by their
   * difference; any value is accepted, only differences between ports of one source are reported).
   *
   * @param source the sending host, in range
   * @param sourcePort the packet's outer source port, 0..65535
   * @param delayNanos its arrival time minus its send time
   * @param nowNanos the current time
   */
  public void sample(int source, int sourcePort, long delayNanos, long nowNanos) {
    int slot = lastSlot[source];
    if (port[slot] != sourcePort) {
      slot = findOrTake(source, sourcePort);
      if (slot < 0) {
        dropped++;
        return;
      }
      lastSlot[source] = slot;
    }
    final int at = slot * WINDOWS + (windowNo[source] & (WINDOWS - 1));
    if (delayNanos > hi[at]) {
      hi[at] = delayNanos;
    }
    if (delayNanos < lo[at]) {
      lo[at] = delayNanos;
    }
    if (windowStart[source] == NONE) {
      windowStart[source] = nowNanos;
    }
  }

  private int findOrTake(int source, int sourcePort) {
    final int base = source * slotsPerSource;
    int reusable = -1;
    for (int i = base, end = base + slotsPerSource; i < end; i++) {
      if (port[i] == sourcePort) {
        return i;
      }
      if (reusable < 0 && (port[i] == FREE || highest(i) == NONE)) {
        reusable = i;
      }
    }
    if (reusable >= 0) {
      port[reusable] = sourcePort;
      java.util.Arrays.fill(hi, reusable * WINDOWS, (reusable + 1) * WINDOWS, NONE);
      java.util.Arrays.fill(lo, reusable * WINDOWS, (reusable + 1) * WINDOWS, Long.MAX_VALUE);
    }
    return reusable;
  }

  /** The highest delay of a slot over its windows, or NONE. */
  private long highest(int slot) {
    long h = NONE;
    for (int w = slot * WINDOWS, end = w + WINDOWS; w < end; w++) {
      h = Math.max(h, hi[w]);
    }
    return h;
  }

  /** The lowest delay of a slot over its windows, or MAX_VALUE. */
  private long lowest(int slot) {
    long l = Long.MAX_VALUE;
    for (int w = slot * WINDOWS, end = w + WINDOWS; w < end; w++) {
      l = Math.min(l, lo[w]);
    }
    return l;
  }

  /**
   * The path-delay word for {@code source} if its window has ended and it has two or more ports measured, else
   * {@link FeedbackWord#NONE}. Ending a window starts the next one (at {@code nowNanos}) whether or not a word
   * came of it. Costs a compare while the window runs.
   *
   * @param source the source, in range
   * @param nowNanos the current time
   * @return a path-delay word, or {@link FeedbackWord#NONE}
   */
  public int poll(int source, long nowNanos) {
    final long start = windowStart[source];
    if (start == NONE || nowNanos - start < windowNanos) {
      return FeedbackWord.NONE; // no sample yet, or the window runs (a clock that went back waits for it)
    }
    final int base = source * slotsPerSource;
    // The two highest "hi" and the two lowest "lo" of the envelopes, with their slots: max over p != q of
    // hi_p - lo_q is then one of at most two candidates.
    long hi1 = NONE;
    long hi2 = NONE;
    int hi1Slot = -1; // slot of hi1; only compared with lo1Slot
    long lo1 = Long.MAX_VALUE;
    long lo2 = Long.MAX_VALUE;
    int lo1Slot = -1;
    int measured = 0;
    final int next = (windowNo[source] + 1) & (WINDOWS - 1);
    for (int i = base, end = base + slotsPerSource; i < end; i++) {
      final long h = highest(i);
      if (port[i] != FREE && h != NONE) {
        measured++;
        final long l = lowest(i);
        if (h > hi1) {
          hi2 = hi1;
          hi1 = h;
          hi1Slot = i;
        } else if (h > hi2) {
          hi2 = h;
        }
        if (l < lo1) {
          lo2 = lo1;
          lo1 = l;
          lo1Slot = i;
        } else if (l < lo2) {
          lo2 = l;
        }
      }
      hi[i * WINDOWS + next] = NONE; // the oldest window leaves; the next one starts empty
      lo[i * WINDOWS + next] = Long.MAX_VALUE;
    }
    windowNo[source]++;
    windowStart[source] = nowNanos;
    if (measured < 2) {
      return FeedbackWord.NONE;
    }
    long spread = hi1Slot != lo1Slot ? saturatingDiff(hi1, lo1)
        : Math.max(saturatingDiff(hi1, lo2), saturatingDiff(hi2, lo1));
    return FeedbackWord.encodePathDelay(measured, Math.max(0, spread));
  }

  /** {@code a - b}, saturated at {@link Long#MAX_VALUE} (delays on unsynchronised clocks may be anything). */
  private static long saturatingDiff(long a, long b) {
    long d = a - b;
    return ((a ^ b) & (a ^ d)) < 0 ? Long.MAX_VALUE : d;
  }

  /**
   * Samples not measured because every slot of their source held a port measured in its windows.
   *
   * @return the number of such samples
   */
  public long dropped() {
    return dropped;
  }
}
