package dev.clove.core;

/**
 * Remembers, for each active flow, when its last packet was seen and which path its current flowlet took, in a
 * fixed amount of memory, at O(1) cost and with no allocation per packet: one cache line per packet.
 *
 * <p>A packet starts a new flowlet when its flow has been idle for more than the flowlet gap. The paper recommends
 * a gap of twice the network round-trip time (section 2.3, after CONGA and TeXCP), large enough that two
 * flowlets of one flow sent on different paths arrive in order as long as the paths' one-way delays differ by
 * less than the gap. Idle times are measured in ticks (see Time below), and the gap is rounded up to whole
 * ticks, so a flowlet never ends early: an idle time of at most {@code gap} always continues the flowlet, one of
 * {@code gap + 2 tick} or more always starts a new one, and in between it depends on where the tick boundaries
 * fall.
 *
 * <h2>Layout</h2>
 * The table is set-associative, like a CPU cache: a flow's keyed hash picks a set of {@value #WAYS} entries, and
 * the flow lives in one of them. An entry is one {@code long}: a 16-bit tag of the flow's hash, the 24-bit value
 * the caller stores (a balancer stores its path's index and port), and the 24-bit tick of the flow's last
 * packet. A set is therefore 64 bytes, one cache line, and a packet touches one line of the table. The capacity
 * costs 8 bytes per flow: 512 KB for 65,536 flows, 8 MB for a million.
 *
 * <h2>Tags: two flows may share an entry</h2>
 * Only 16 bits of a flow's hash are kept, so a flow that is not in its set matches an entry of another flow
 * with probability about {@value #WAYS} / 2^16 (1 in 8,192) per lookup when its set is full. The two flows then
 * share the entry: they read the same value and refresh the same last-seen time. This never reorders a flow: the
 * shared entry starts a new flowlet only when its last-seen time, the later of the two flows' last packets, is
 * older than the gap, that is when <em>both</em> flows have been idle beyond the gap; while either is active,
 * both keep the path. Sharing only coarsens placement (the two flows move together, and a flow may continue
 * where it would have started a new flowlet). Unlike a full-key table, the table cannot tell the two apart, so
 * sharing is not counted.
 *
 * <h2>Collisions and eviction</h2>
 * When a new flow finds its set full, it takes the entry whose flow has been idle longest. If that flow's flowlet
 * had already ended (idle beyond the gap), nothing is lost: its next packet would have started a new flowlet
 * anyway. If it was still active, that flow's next packet will look new and may be sent on another path within
 * its flowlet, which risks reordering; this is never silent: it is counted as {@link #evictedActive()} (exposed by
 * balancers as {@link dev.clove.api.Counter#FLOWLET_EVICTED_ACTIVE}). Size the table at four times the number of
 * concurrently active flows (32 bytes per flow): in the benchmarks' traces (uniformly random flows, 10% of
 * packets starting a flowlet), a capacity of 1x the active flows made 5-14% of packets evict a live flowlet, 2x
 * 0.16-0.68%, 4x at most 0.008% and 8x at most 0.00005% (benchmarks/README.md, "Sizing"). Flow keys are hashed
 * with a per-instance secret, so tenants cannot craft flows that collide in one set.
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
 * Times are passed in, in nanoseconds, and stored as a 24-bit, wrapping count of ticks: the tick is the largest
 * power of two nanoseconds {@code <= gap / 256} (at least 1 ns; 512 ns for the builder's default 200 us gap, so
 * 2^24 ticks are 8.6 s), and {@code gapTicks = ceil(gap / tick)}, between 256 and 512 (or the gap itself below
 * 256 ns). A packet {@code d} ticks after its flow's last one
 * ({@code d = (now >> shift) - (last >> shift)}, modulo 2^24):
 * <ul>
 *   <li>{@code d <= gapTicks} continues the flowlet, {@code d > gapTicks} starts a new one (hence the
 *       uncertainty above: {@code d} is the idle time in ticks rounded down or up);</li>
 *   <li>{@code d} in the top {@code gapTicks} of the 24-bit range is a clock that went backwards by up to a gap:
 *       counted in {@link #clockBackwards()}, treated as no time having passed (the flow keeps its path, the
 *       later time is kept). A clock that jumps back further looks like a long idle time and starts a new
 *       flowlet;</li>
 *   <li>wrap: a flow idle for a multiple of 2^24 ticks (32,768 to 65,536 gaps; seconds) can look recent again
 *       and keep its old value. Benign: a balancer validates the remembered path against the current path set
 *       anyway, and a flow idle that long has no packets in flight to reorder.</li>
 * </ul>
 *
 * <p>Threading: not thread-safe; one instance per dataplane thread.
 */
public final class FlowletTable {
  /*
   * Design notes.
   *
   * 1. One line per packet. The previous layout (64-bit key and 64-bit time interleaved, values in a separate
   *    int[]) touched up to three lines per packet, each a DRAM miss once the table outgrows the L3. Packing an
   *    entry into 8 bytes makes a set one 64-byte line. The price is the 16-bit tag (safe, see the class
   *    Javadoc), the 24-bit value and the 24-bit wrapping tick.
   * 2. Alignment. A long[]'s elements start 16 bytes after the array object (HotSpot's 12-byte header with
   *    compressed class pointers, plus the 4-byte length). Large arrays are G1 humongous objects (above half a
   *    region: 512 KB with a 2 GB heap's 1 MB regions) and start at a region boundary, so PAD = 6 leading longs
   *    (48 bytes) put set 0, and so every set, on a 64-byte boundary. A smaller array is only 8-byte aligned
   *    and a set may straddle two lines, but such a table (< 64k flows) sits in the L2 anyway.
   * 3. One keyed mixing round (mix64 of the key xor a secret): a secret-keyed bijection, enough that flows
   *    cannot be crafted offline to collide; two rounds cost ~8 ns more on an L2-resident lookup. The set comes
   *    from the low bits of the hash and the tag from the top 16, so they are independent.
   * 4. The hit path is a tag scan and one store; choosing a victim is in a separate miss method. A branch-free
   *    scan (OR of (way + 1) over the matching ways) was measured too: 3 ns faster with the table in L1, but
   *    30-40 ns slower at 1M flows (table in DRAM), where the extra instructions leave less room in the
   *    out-of-order window to overlap the next packet's miss with this one's.
   * 5. Bursts. Once the table outgrows the L2, a packet costs one dependent cache miss (~25 ns in the L3, ~100 ns
   *    in DRAM on the benchmark machine), and one packet at a time overlaps little of it. A balancer given a
   *    burst first touches every packet's set (touchSet: independent loads, many misses in flight), then looks
   *    each packet up (lookupHashed) in order, on lines that are now in cache; the rule is the same code.
   *    Touching the next chunk's sets while deciding this one's (a sliding window of 64 packets in flight) was
   *    measured with bursts of 256 and was slower (CLOVE-ECN, 100k flows 74-77 vs 56-59 ns/packet, 1M 116-128
   *    vs 78-84; noisy, machine shared), so a chunk is touched whole, then decided whole. A table of at most
   *    256 KB (well inside a 1 MB L2) is not touched ahead (outgrowsL2): at 1k flows the touching pass cost
   *    ~5 ns/packet (CLOVE-ECN bursts of 32: 49-71 ns/packet with it, 42-47 without; noisy).
   */

  /** Returned by {@link #lookup} when the packet starts a new flowlet. */
  public static final int NEW_FLOWLET = -1;
  /** The largest value {@link #assign} accepts: 2^24 - 2 (all ones is the table's own new-flowlet mark). */
  public static final int MAX_VALUE = (1 << 24) - 2;

  static final int WAYS = 8;
  /** Leading padding, in longs, that puts set 0 on a cache-line boundary in a humongous array (note 2). */
  static final int PAD = 6;

  /** Entries in 256 KB, the smallest per-core L2 of current x86 servers (1 MB on the benchmark machine). */
  static final int L2_ENTRIES = 1 << 15;

  private static final int TIME_BITS = 24;
  private static final int TIME_MASK = (1 << TIME_BITS) - 1;
  private static final int VALUE_SHIFT = 24;
  private static final int VALUE_MARK = (1 << 24) - 1;
  private static final long VALUE_BITS = (long) VALUE_MARK << VALUE_SHIFT;
  private static final int TAG_SHIFT = 48;
  private static final long TAG_BITS = 0xFFFFL << TAG_SHIFT;
  private static final long EMPTY = 0L;

  private final long[] entries;
  private final int setMask;
  private final long gapNanos;
  private final int tickShift;
  private final int gapTicks;
  /** Tick differences at or above this are a clock that went backwards by up to {@code gapTicks}. */
  private final int backwardsFrom;
  private final long secret;

  private int cursor;
  private long evictedActive;
  private long clockBackwards;

  private FlowletTable(int capacity, long gapNanos, long seed) {
    this.entries = new long[PAD + capacity];
    this.setMask = capacity / WAYS - 1;
    this.gapNanos = gapNanos;
    this.tickShift = gapNanos < 256 ? 0 : 63 - Long.numberOfLeadingZeros(gapNanos / 256);
    this.gapTicks = (int) ((gapNanos + (1L << tickShift) - 1) >> tickShift); // rounded up: never early
    this.backwardsFrom = (1 << TIME_BITS) - gapTicks;
    this.secret = Hashing.mix64(seed);
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
    return entries.length - PAD;
  }

  /** The flowlet gap in nanoseconds. */
  public long gapNanos() {
    return gapNanos;
  }

  /** The resolution of stored times: the largest power of two nanoseconds {@code <= gap / 256}, at least 1. */
  public long tickNanos() {
    return 1L << tickShift;
  }

  /**
   * Records a packet of {@code flowKey} at {@code nowNanos} and returns the value stored for its current flowlet,
   * or {@link #NEW_FLOWLET} if the packet starts a new flowlet (first packet of the flow, idle gap exceeded, or no
   * value assigned yet). Either way, the table is positioned on the flow's entry for {@link #assign}.
   */
  public int lookup(long flowKey, long nowNanos) {
    return lookupHashed(hash(flowKey), nowNanos);
  }

  /** The keyed hash of {@code flowKey}: picks its set and tag. For bursts, see {@link #touchSet}. */
  long hash(long flowKey) {
    return Hashing.mix64(flowKey ^ secret);
  }

  /**
   * Loads the first word of {@code hash}'s set and returns it, so that a later {@link #lookupHashed} finds the
   * line in cache. A burst calls it for every packet before looking any up (note 5): the loads are independent,
   * so the CPU keeps their misses in flight together. The caller must consume the result (fold it into a field),
   * or the JIT drops the load.
   */
  long touchSet(long hash) {
    return entries[PAD + (((int) hash & setMask) << 3)];
  }

  /**
   * True when the table is larger than a conservative L2 (256 KB, 32,768 flows): only then does touching a burst's
   * sets ahead pay (note 5). A smaller table is in L1/L2 and the touching pass would be pure overhead.
   */
  boolean outgrowsL2() {
    return entries.length - PAD > L2_ENTRIES;
  }

  /** {@link #lookup} with the flow's {@link #hash} already computed. */
  int lookupHashed(long hash, long nowNanos) {
    int tag = (int) (hash >>> TAG_SHIFT);
    tag |= (tag - 1) >>> 31; // 0 -> 1: an all-zero entry means empty
    final long tagBits = (long) tag << TAG_SHIFT;
    final int first = PAD + (((int) hash & setMask) << 3);
    final long[] e = entries; // a final local: one field load, and the JIT keeps the array in a register
    for (int i = first, end = first + WAYS; i < end; i++) {
      final long entry = e[i];
      if ((entry & TAG_BITS) == tagBits) {
        cursor = i;
        return touch(e, i, entry, nowNanos);
      }
    }
    return miss(e, first, tagBits, nowNanos);
  }

  private int touch(long[] e, int i, long entry, long nowNanos) {
    final int now = (int) (nowNanos >> tickShift) & TIME_MASK;
    final int idle = (now - (int) entry) & TIME_MASK;
    if (idle <= gapTicks) {
      e[i] = (entry & ~TIME_MASK) | now;
      final int value = (int) (entry >>> VALUE_SHIFT) & VALUE_MARK;
      return value == VALUE_MARK ? NEW_FLOWLET : value;
    }
    if (idle >= backwardsFrom) { // a clock that went back by up to a gap: keep the path and the later time
      clockBackwards++;
      final int value = (int) (entry >>> VALUE_SHIFT) & VALUE_MARK;
      return value == VALUE_MARK ? NEW_FLOWLET : value;
    }
    e[i] = (entry & TAG_BITS) | VALUE_BITS | now;
    return NEW_FLOWLET;
  }

  /** Not present: take an empty entry, or the one idle longest. */
  private int miss(long[] e, int first, long tagBits, long nowNanos) {
    final int now = (int) (nowNanos >> tickShift) & TIME_MASK;
    int victim = first;
    int victimIdle = -1;
    for (int i = first, end = first + WAYS; i < end; i++) {
      final long entry = e[i];
      if (entry == EMPTY) {
        victim = i;
        victimIdle = Integer.MAX_VALUE;
        break;
      }
      int idle = (now - (int) entry) & TIME_MASK;
      if (idle >= backwardsFrom) {
        idle = 0; // seen "in the future" by a clock that went back: as recent as it gets
      }
      if (idle > victimIdle) {
        victimIdle = idle;
        victim = i;
      }
    }
    final long old = e[victim];
    if (old != EMPTY && (old & VALUE_BITS) != VALUE_BITS && victimIdle <= gapTicks) {
      evictedActive++;
    }
    e[victim] = tagBits | VALUE_BITS | now;
    cursor = victim;
    return NEW_FLOWLET;
  }

  /**
   * Stores {@code value} for the flowlet of the flow the last {@link #lookup} was about. Calling it after a lookup
   * that returned an existing value replaces that value (a balancer does so when a path set changed under a live
   * flowlet).
   *
   * @param value in {@code 0..}{@value #MAX_VALUE}
   * @throws IllegalArgumentException if {@code value} is out of range, naming it
   */
  public void assign(int value) {
    if (value < 0 || value > MAX_VALUE) {
      throw new IllegalArgumentException("flowlet value must be in 0.." + MAX_VALUE + ", was " + value);
    }
    final int i = cursor;
    entries[i] = (entries[i] & ~VALUE_BITS) | ((long) value << VALUE_SHIFT);
  }

  /** How many entries of still-active flowlets were evicted to make room for other flows. */
  public long evictedActive() {
    return evictedActive;
  }

  /** How many lookups passed a time up to a gap earlier than the flow's last-seen time (see Time above). */
  public long clockBackwards() {
    return clockBackwards;
  }
}
