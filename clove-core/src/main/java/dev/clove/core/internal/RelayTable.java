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
 * reported as soon as its interval has passed. Ready ports are served round robin. News about a new port when
 * every slot is pending or cooling is dropped and counted ({@link #dropped()}); cooling slots are never evicted,
 * since forgetting one would allow a second report within its interval.
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
  private static final int FREE = -1;

  private final int slotsPerSource;
  private final long relayIntervalNanos;
  private final int[] port;
  private final boolean[] pending;
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
    Checks.checkRange("maxSources", maxSources, 1, Integer.MAX_VALUE);
    Checks.checkRange("pendingPortsPerSource", slotsPerSource, 1, Integer.MAX_VALUE);
    if (relayIntervalNanos <= 0) {
      throw new IllegalArgumentException("relayIntervalNanos must be > 0, was " + relayIntervalNanos);
    }
    this.slotsPerSource = slotsPerSource;
    this.relayIntervalNanos = relayIntervalNanos;
    int total = Math.multiplyExact(maxSources, slotsPerSource);
    this.port = new int[total];
    java.util.Arrays.fill(port, FREE);
    this.pending = new boolean[total];
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
   * Notes news about {@code sourcePort} from {@code source} and returns the slot that now holds the port, pending,
   * or {@link #NO_SLOT} if every slot of the source is busy (counted in {@link #dropped()}).
   *
   * @param source the source the news is for, in {@code 0..maxSources-1}
   * @param sourcePort the outer source port, and so the path, the news is about
   * @param nowNanos the current time
   * @return the slot, in {@code 0..capacity()-1}, or {@link #NO_SLOT}
   */
  public int mark(int source, int sourcePort, long nowNanos) {
    final long now = clock(source, nowNanos);
    final int base = source * slotsPerSource;
    int reusable = NO_SLOT;
    for (int i = base, end = base + slotsPerSource; i < end; i++) {
      int p = port[i];
      if (p == sourcePort) {
        if (!pending[i]) {
          pending[i] = true;
          pendingCount[source]++;
        }
        return i;
      }
      if (reusable < 0 && (p == FREE || (!pending[i] && cooled(i, now)))) {
        reusable = i;
      }
    }
    if (reusable < 0) {
      dropped++;
      return NO_SLOT;
    }
    // A port absent from the table was not reported within the last interval (cooling slots are kept).
    port[reusable] = sourcePort;
    pending[reusable] = true;
    lastSent[reusable] = NEVER;
    pendingCount[source]++;
    return reusable;
  }

  /**
   * Returns the slot of the next port of {@code source} that is pending and out of its cooling interval, marking
   * it reported at {@code nowNanos}; or {@link #NO_SLOT}.
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
    final int base = source * slotsPerSource;
    final int start = cursor[source];
    for (int k = 1; k <= slotsPerSource; k++) {
      int s = start + k;
      if (s >= slotsPerSource) {
        s -= slotsPerSource;
      }
      int i = base + s;
      if (pending[i] && cooled(i, now)) {
        pending[i] = false;
        lastSent[i] = now;
        pendingCount[source]--;
        cursor[source] = s;
        return i;
      }
    }
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
    return "RelayTable{slotsPerSource=" + slotsPerSource + ", relayIntervalNanos=" + relayIntervalNanos + "}";
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
