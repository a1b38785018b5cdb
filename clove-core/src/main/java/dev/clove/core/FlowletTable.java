package dev.clove.core;

/**
 * Remembers, for each active flow, when its last packet was seen and which path its current flowlet took, in a
 * fixed amount of memory, at O(1) cost and with no allocation per packet.
 *
 * <p>A packet starts a new flowlet when its flow has been idle for <em>more than</em> the flowlet gap (an idle time
 * exactly equal to the gap continues the flowlet). The paper recommends a gap of twice the network round-trip
 * time (section 2.3, after CONGA and TeXCP), large enough that two flowlets of one flow sent on different paths
 * arrive in order as long as the paths' one-way delays differ by less than the gap.
 *
 * <h2>Layout</h2>
 * The table is set-associative, like a CPU cache: a flow's keyed hash picks a set of {@value #WAYS} entries, and
 * the flow lives in one of them. An entry is its hashed key, its last-seen time and a 32-bit value the caller
 * stores (a balancer stores the port and the path-set version). Keys and times are interleaved in one
 * {@code long[]} so that a set's keys and times share cache lines.
 *
 * <h2>Collisions and eviction</h2>
 * When a new flow finds its set full, it takes the entry whose flow has been idle longest. If that flow's flowlet
 * had already ended (idle beyond the gap), nothing is lost: its next packet would have started a new flowlet
 * anyway. If it was still active, that flow's next packet will look new and may be sent on another path within
 * its flowlet, which risks reordering; this is never silent: it is counted as {@link #evictedActive()} (exposed by
 * balancers as {@link dev.clove.api.Counter#FLOWLET_EVICTED_ACTIVE}). Size the table above the number of
 * concurrently active flows to keep that counter near zero. Flow keys are hashed with a per-instance secret, so
 * tenants cannot craft flows that collide in one set.
 *
 * <h2>Use</h2>
 * <pre>{@code
 * int value = table.lookup(flowKey, now);
 * if (value == FlowletTable.NEW_FLOWLET) {
 *   value = choosePath(...);
 *   table.assign(value);          // stores it in the entry lookup() just positioned on
 * }
 * }</pre>
 *
 * <h2>Time</h2>
 * Times are passed in. A time earlier than a flow's last-seen time (a clock that went backwards) is counted in
 * {@link #clockBackwards()} and treated as no time having passed: the flow keeps its path.
 *
 * <p>Threading: not thread-safe; one instance per dataplane thread.
 */
public final class FlowletTable {
  /** Returned by {@link #lookup} when the packet starts a new flowlet. */
  public static final int NEW_FLOWLET = -1;

  static final int WAYS = 8;
  private static final long EMPTY = 0L;

  private final long[] keysAndTimes;
  private final int[] values;
  private final int setMask;
  private final long gapNanos;
  private final long secret0;
  private final long secret1;

  private int cursor;
  private long evictedActive;
  private long clockBackwards;

  private FlowletTable(int capacity, long gapNanos, long seed) {
    this.keysAndTimes = new long[capacity * 2];
    this.values = new int[capacity];
    this.setMask = capacity / WAYS - 1;
    this.gapNanos = gapNanos;
    this.secret0 = Hashing.mix64(seed);
    this.secret1 = Hashing.mix64(seed ^ 0x5DEECE66DL);
    java.util.Arrays.fill(values, NEW_FLOWLET);
  }

  /**
   * Creates a table.
   *
   * @param capacity the number of flows it can hold: a power of two, at least {@value #WAYS}
   * @param gapNanos the flowlet gap: an idle time longer than this starts a new flowlet; positive
   * @param seed the secret the flow-key hash is keyed with
   * @throws IllegalArgumentException if a parameter is out of range, naming it
   */
  public static FlowletTable create(int capacity, long gapNanos, long seed) {
    if (capacity < WAYS || capacity > (1 << 28) || Integer.bitCount(capacity) != 1) {
      throw new IllegalArgumentException(
          "flowletTableCapacity must be a power of two in " + WAYS + ".." + (1 << 28) + ", was " + capacity);
    }
    if (gapNanos <= 0) {
      throw new IllegalArgumentException("flowletGapNanos must be > 0, was " + gapNanos);
    }
    return new FlowletTable(capacity, gapNanos, seed);
  }

  /** The number of flows the table holds. */
  public int capacity() {
    return values.length;
  }

  /** The flowlet gap in nanoseconds. */
  public long gapNanos() {
    return gapNanos;
  }

  /**
   * Records a packet of {@code flowKey} at {@code nowNanos} and returns the value stored for its current flowlet,
   * or {@link #NEW_FLOWLET} if the packet starts a new flowlet (first packet of the flow, idle gap exceeded, or no
   * value assigned yet). Either way, the table is positioned on the flow's entry for {@link #assign}.
   */
  public int lookup(long flowKey, long nowNanos) {
    long key = Hashing.keyed(flowKey, secret0, secret1);
    if (key == EMPTY) {
      key = 1; // 0 marks an empty entry
    }
    final long[] kt = keysAndTimes;
    final int first = (((int) (key >>> 32)) & setMask) * WAYS;
    int victim = first;
    long victimTime = Long.MAX_VALUE;
    for (int entry = first, end = first + WAYS; entry < end; entry++) {
      long k = kt[entry << 1];
      if (k == key) {
        cursor = entry;
        return touch(entry, nowNanos);
      }
      long seen = k == EMPTY ? Long.MIN_VALUE : kt[(entry << 1) + 1];
      if (seen < victimTime) {
        victimTime = seen;
        victim = entry;
      }
    }
    // Not present: take the entry idle longest (or an empty one).
    if (kt[victim << 1] != EMPTY && values[victim] != NEW_FLOWLET && nowNanos - victimTime <= gapNanos) {
      evictedActive++;
    }
    kt[victim << 1] = key;
    kt[(victim << 1) + 1] = nowNanos;
    values[victim] = NEW_FLOWLET;
    cursor = victim;
    return NEW_FLOWLET;
  }

  private int touch(int entry, long nowNanos) {
    final int timeIndex = (entry << 1) + 1;
    long last = keysAndTimes[timeIndex];
    long idle = nowNanos - last;
    if (idle < 0) {
      clockBackwards++;
      return values[entry]; // keep the path; keep the later time
    }
    keysAndTimes[timeIndex] = nowNanos;
    if (idle > gapNanos) {
      values[entry] = NEW_FLOWLET;
      return NEW_FLOWLET;
    }
    return values[entry];
  }

  /**
   * Stores {@code value} (non-negative) for the flowlet of the flow the last {@link #lookup} was about. Calling it
   * after a lookup that returned an existing value replaces that value (a balancer does so when a path set
   * changed under a live flowlet).
   */
  public void assign(int value) {
    values[cursor] = value;
  }

  /** How many entries of still-active flowlets were evicted to make room for other flows. */
  public long evictedActive() {
    return evictedActive;
  }

  /** How many lookups passed a time earlier than the flow's last-seen time. */
  public long clockBackwards() {
    return clockBackwards;
  }
}
