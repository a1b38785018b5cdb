// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

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
 * The table is set-associative, like a CPU cache: a flow's keyed hash picks a set of {@value #WAYS} ways, and the
 * flow lives in one of them. A set is 64 bytes, one cache line: the eight ways' 16-bit tags side by side (16
 * bytes), then their eight 48-bit entries, each the 24-bit value the caller stores (a balancer stores its path's
 * index and port), a bit that says whether a second packet has continued the flowlet (see below) and the 23-bit
 * tick of the flow's last packet. A packet touches one line of the table, and its
 * tag is compared with all eight tags at once. The capacity costs 8 bytes per flow: 512 KB for 65,536 flows, 8 MB
 * for a million.
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
 * When a new flow finds its set full, it takes an entry, chosen in this order: the one idle longest among those
 * whose flowlet has ended (idle beyond the gap); else among active flowlets that have seen only one packet; else
 * among active flowlets that a second packet has continued. Taking an ended flowlet loses nothing: its flow's
 * next packet would have started a new flowlet anyway. Taking an active one means that flow's next packet will
 * look new and may be sent on another path within its flowlet, which risks reordering; this is never silent: it is
 * counted as {@link #evictedActive()} (exposed by balancers as
 * {@link dev.clove.api.Counter#FLOWLET_EVICTED_ACTIVE}).
 *
 * <p>Protection. The order keeps a flood of one-packet flows (scans, SYN floods, DNS) from pushing live flows off
 * their paths: every flow of the flood holds an entry for a gap and is then the first to go, and while it is
 * active it is taken before any flowlet that has seen two packets. What is guaranteed: an active flowlet that a
 * second packet has continued is evicted only when every way of its set holds such a flowlet. So a flow whose
 * packets come at most a gap apart keeps its path from its second packet on, whatever the rate of one-packet
 * flows, as long as fewer than {@value #WAYS} such flows share its set. What is not: a flow's first packet is
 * as exposed as any one-packet flow until its second arrives; a flood of flows that send two or more packets within
 * a gap looks like live flows and competes with them exactly as before protection (only capacity helps); in a set
 * that eight live flows fill, a newcomer still evicts one of them; and a one-packet flow whose tag matches an
 * active entry (about 1 in 8,192 lookups in a full set, see Tags) is that entry's second packet to the table.
 *
 * <p>Sizing. Size the table at four times the flows that hold an entry at once: the concurrently active flows,
 * plus, under a flood of new flows, the flood's rate times the gap (each new flow holds an entry for a gap). That
 * is {@code 4 x (live flows + flood rate x gap)}, 32 bytes per flow. Without a flood: in the benchmarks' traces
 * (uniformly random flows, 10% of packets starting a flowlet), a capacity of 1x the active flows made 4.7-12% of
 * packets evict a live flowlet, 2x 0.15-0.61%, 4x at most 0.0065% and 8x at most 0.00003% (benchmarks/README.md,
 * "Sizing"). Under a flood: 4,096 live flows (a packet every 10-90 us), a 100 us gap and 20 Mpps of one-packet
 * flows (2,000 per gap) for 20 ms call for 4 x 6,096 = 24,384, so 32,768 entries; there none of the live flows
 * was re-pathed, where the table before protection re-pathed 11 (0.27%). Sized at 4x the live flows alone (16,384),
 * 42 (1.0%) were, all in sets that eight or more live flows fill, against 534 (13%) before protection
 * (FlowletTableFloodTest; {@code mvn -B -pl clove-core -am test -Dtest=FlowletTableFloodTest
 * -Dsurefire.failIfNoSpecifiedTests=false}). Flow keys are hashed with a per-instance secret, so tenants cannot
 * craft flows that collide in one set.
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
 * Times are passed in, in nanoseconds, and stored as a 23-bit, wrapping count of ticks: the tick is the largest
 * power of two nanoseconds {@code <= gap / 256} (at least 1 ns; 512 ns for the builder's default 200 us gap, so
 * 2^23 ticks are 4.3 s), and {@code gapTicks = ceil(gap / tick)}, between 256 and 512 (or the gap itself below
 * 256 ns). A packet {@code d} ticks after its flow's last one
 * ({@code d = (now >> shift) - (last >> shift)}, modulo 2^23):
 * <ul>
 *   <li>{@code d <= gapTicks} continues the flowlet, {@code d > gapTicks} starts a new one (hence the
 *       uncertainty above: {@code d} is the idle time in ticks rounded down or up);</li>
 *   <li>{@code d} in the top {@code gapTicks} of the 23-bit range is a clock that went backwards by up to a gap:
 *       counted in {@link #clockBackwards()}, treated as no time having passed (the flow keeps its path, the
 *       later time is kept). A clock that jumps back further looks like a long idle time and starts a new
 *       flowlet;</li>
 *   <li>wrap: a flow idle for a multiple of 2^23 ticks (16,384 to 32,768 gaps; seconds) can look recent again
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
   * 1. One line per packet. The first layout (64-bit key and 64-bit time interleaved, values in a separate
   *    int[]) touched up to three lines per packet, each a DRAM miss once the table outgrows the L3. Packing a way
   *    into 8 bytes makes a set one 64-byte line. The price is the 16-bit tag (safe, see the class Javadoc), the
   *    24-bit value and the 24-bit wrapping tick (23 bits and a flag since note 6). The set is a byte[] read
   *    through a little-endian long view (LONG_AT): tags at bytes 0-15 (way k at 2k), entries at 16-63 (way k at
   *    16 + 6k). An entry is read as the top 48 bits of the long at byte 14 + 6k, so that no access leaves its own
   *    set; the low 16 bits of that window belong to the field before it, and every write keeps them.
   * 2. Alignment. A byte[]'s elements start 16 bytes after the array object (HotSpot's 12-byte header with
   *    compressed class pointers, plus the 4-byte length). Large arrays are G1 humongous objects (above half a
   *    region: 512 KB with a 2 GB heap's 1 MB regions) and start at a region boundary, so PAD = 48 leading bytes
   *    put set 0, and so every set, on a 64-byte boundary. A smaller array is only 8-byte aligned and a set may
   *    straddle two lines, but such a table (< 64k flows) sits in the L2 anyway.
   * 3. One keyed mixing round (mix64 of the key xor a secret): a secret-keyed bijection, enough that flows
   *    cannot be crafted offline to collide; two rounds cost ~8 ns more on an L2-resident lookup. The set comes
   *    from the low bits of the hash and the tag from the top 16, so they are independent.
   * 4. Two tag scans. With eight separate 8-byte entries, the scan was a loop of eight compares whose exit (the
   *    flow's way, random) the CPU mispredicted about once per packet: JMH FlowletTableBenchmark put the table
   *    alone at ~36 ns per packet with the table in L1. With the tags side by side, lookupCached compares all
   *    eight in two 64-bit words (the SWAR zero-lane test) and computes the way, with no branch to mispredict:
   *    ~17 ns in L1 and ~32 instead of ~42 at 100k flows (2 MB table). But a computed way is a data dependence:
   *    when the set misses every cache, the entry's address waits for the miss, and so does everything after it,
   *    while a predicted branch lets the CPU run on into the next packet and start its miss early. At 1M flows
   *    (16 MB) one packet at a time, the branch-free scan was slower (JMH numbers in benchmarks/README.md), so
   *    tables above 4 MB (BRANCHY_ABOVE_ENTRIES) scan with branches per packet (lookupBranchy). Bursts always
   *    use the branch-free scan: their sets are in cache by then (note 5). Both scans find the same way (a set
   *    holds a tag at most once), and a property test checks that they decide alike.
   * 5. Bursts. Once the table outgrows the L2, a packet costs one dependent cache miss (~25 ns in the L3, ~100 ns
   *    in DRAM on the benchmark machine), and one packet at a time overlaps little of it. A balancer given a
   *    burst first touches every packet's set (touchSet: independent loads, many misses in flight), then looks
   *    each packet up (lookupCached) in order, on lines that are now in cache; the rule is the same code. The
   *    touching pass is a loop of nothing but loads, with the hashes and set offsets computed in a pass before
   *    it: a load that misses holds its reorder-buffer slot until its line arrives, so the fewer instructions
   *    between two touches, the more misses the buffer holds at once. Hashing inside the touching loop (about
   *    ten instructions per packet) held fewer; splitting it out made bursts 15-17% faster at 100k flows and
   *    21-23% at 1M (benchmarks/README.md, "Touching in a loop of its own").
   *    Touching the next chunk's sets while deciding this one's (a sliding window of 64 packets in flight) was
   *    measured with bursts of 256 and was slower (CLOVE-ECN, 100k flows 74-77 vs 56-59 ns/packet, 1M 116-128
   *    vs 78-84; noisy, machine shared), so a chunk is touched whole, then decided whole. The same cause fits: a
   *    touch among a packet's decision work holds up everything behind it in the reorder buffer until its line
   *    arrives, so few misses overlap. A table of at most
   *    256 KB (well inside a 1 MB L2) is not touched ahead (outgrowsL2): at 1k flows the touching pass cost
   *    ~5 ns/packet (CLOVE-ECN bursts of 32: 49-71 ns/packet with it, 42-47 without; noisy).
   * 6. Protection from one-packet floods (issue "Resilience", item 8). With the victim simply the entry idle
   *    longest, a flood of one-packet flows (20 Mpps against 4,096 live flows in 16,384 entries, FlowletTableFloodTest)
   *    re-pathed 13% of the live flows in 20 ms: in a set with no ended entry, the flood's fresh entries outlive
   *    any live flow that is between packets. A miss now ranks ways in three classes (ended, active seen once,
   *    active seen twice; idle longest first within a class) as rank = class offset + idle, still one pass over
   *    the eight ways. It needs one bit per entry, "a second packet has continued this flowlet" (SEEN_TWICE), and the
   *    entry had none spare: the value's 24 bits are all used (a balancer's 8-bit path index and 16-bit port, with
   *    all ones the new-flowlet mark), and a tag bit would double the sharing rate and break the 16-bit SWAR lanes
   *    of note 4. So the bit is the tick's top bit: the tick keeps its resolution (the gap rule and its two-tick
   *    uncertainty are unchanged) and loses half its range. What the range bounds: the wrap, now 2^23 ticks
   *    (16,384 to 32,768 gaps, 4.3 s at the default gap), still seconds and still benign (class Javadoc, Time);
   *    and the clock-backwards window, the top gapTicks (at most 512) of the range, far from the middle. Time
   *    arithmetic is modulo 2^23 (TIME_MASK); an entry's word keeps the bit above the tick, so masking the
   *    difference drops it, and every store of a time rewrites or keeps it explicitly. Per packet: a continuing
   *    packet sets the bit in the store of its time it always made (one more OR); a new flowlet of a known flow
   *    clears it in its existing store (seen once again: a restarted flow is as new as any other); a clock that
   *    went backwards sets it with a store of its own, on that rare path only. A miss writes a new entry with the
   *    bit clear. The hit path's loads, branches and stores are otherwise the same. Measured with CompareBuilds
   *    (benchmarks/README.md; CLOVE-ECN, one packet per call, the baseline listed twice), the median paired ratio
   *    of this build to the one before was 1.018 at 1k flows (baseline's copy: 1.007), 0.975 at 100k (1.017) and
   *    0.985 at 1M (0.991): no change beyond the tool's noise. Victims differ, so decisions do where sets overflow.
   */

  /** Returned by {@link #lookup} when the packet starts a new flowlet. */
  public static final int NEW_FLOWLET = -1;
  /** The largest value {@link #assign} accepts: 2^24 - 2 (all ones is the table's own new-flowlet mark). */
  public static final int MAX_VALUE = (1 << 24) - 2;

  /** Entries (ways) per set, whose tags one cache line holds; also the smallest capacity. */
  public static final int WAYS = 8;
  /**
   * The largest capacity, 2^27 flows: 8 bytes a flow make it a 1 GiB array, the largest power of two a Java byte
   * array can hold with the table's padding.
   */
  public static final int MAX_CAPACITY = 1 << 27;
  /** Bytes per set: one cache line. */
  static final int SET_BYTES = 64;
  /** Leading padding, in bytes, that puts set 0 on a cache-line boundary in a humongous array (note 2). */
  static final int PAD = 48;

  /** Entries in 256 KB, the smallest per-core L2 of current x86 servers (1 MB on the benchmark machine). */
  public static final int L2_ENTRIES = 1 << 15;
  /** Entries in 4 MB: larger tables scan tags with branches one packet at a time (note 4). */
  static final int BRANCHY_ABOVE_ENTRIES = 1 << 19;

  /** Reads and writes a little-endian long at any byte offset of the table (unaligned loads are fine on x86). */
  private static final VarHandle LONG_AT =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final int TIME_BITS = 23;
  private static final int TIME_MASK = (1 << TIME_BITS) - 1;
  /** Set in an entry once a second packet has continued its flowlet: protected from one-packet flows (note 6). */
  private static final int SEEN_TWICE = 1 << TIME_BITS;
  /** The tick and the seen-twice bit: what a continuing packet rewrites. */
  private static final int TIME_AND_SEEN = TIME_MASK | SEEN_TWICE;
  private static final int VALUE_SHIFT = 24;
  private static final int VALUE_MARK = (1 << 24) - 1;
  /** An entry: 23-bit tick, the seen-twice bit, then the 24-bit value. */
  private static final long VALUE_BITS = (long) VALUE_MARK << VALUE_SHIFT;
  /** Victim classes of a miss (note 6): ranks above any idle time, so a class always beats the one below it. */
  private static final int RANK_SEEN_ONCE = 1 << 24;
  private static final int RANK_ENDED = 1 << 25;
  /** Way k's entry is the top 48 bits of the long at byte {@code ENTRY_WINDOW + 6k} of its set (note 1). */
  private static final int ENTRY_WINDOW = 14;
  /** The low 16 bits of an entry's window belong to the field before it; the entry starts at this bit. */
  private static final int IN_WINDOW = 16;
  private static final long WINDOW_KEEP = (1L << IN_WINDOW) - 1;
  private static final int TAG_SHIFT = 48;
  /** One in every 16-bit lane, and the lanes' top bits: the SWAR zero-lane test (note 4). */
  private static final long LANES = 0x0001_0001_0001_0001L;
  private static final long LANE_TOPS = 0x8000_8000_8000_8000L;

  private final byte[] sets;
  private final int capacity;
  private final int setMask;
  private final boolean branchyScan;
  private final long gapNanos;
  private final int tickShift;
  private final int gapTicks;
  /** Tick differences at or above this are a clock that went backwards by up to {@code gapTicks}. */
  private final int backwardsFrom;
  private final long secret;

  /** The byte offset of the window of the entry the last lookup positioned on. */
  private int cursor;
  /** What the flow of the last lookup that started a new flowlet stored before, or {@link #NEW_FLOWLET}. */
  private int endedValue = NEW_FLOWLET;
  private long evictedActive;
  private long clockBackwards;

  private FlowletTable(int capacity, long gapNanos, long seed, boolean branchyScan) {
    this.capacity = capacity;
    this.sets = new byte[PAD + capacity / WAYS * SET_BYTES];
    this.setMask = capacity / WAYS - 1;
    this.branchyScan = branchyScan;
    this.gapNanos = gapNanos;
    this.tickShift = tickShiftOf(gapNanos);
    this.gapTicks = gapTicksFor(gapNanos, gapNanos);
    this.backwardsFrom = (1 << TIME_BITS) - gapTicks;
    this.secret = Hashing.mix64(seed);
  }

  /**
   * Creates a table.
   *
   * @param capacity the number of flows it can hold: a power of two, at least {@value #WAYS}
   * @param gapNanos the flowlet gap: an idle time longer than this starts a new flowlet; positive
   * @param seed the secret the flow-key hash is keyed with
   * @return a new, empty table
   * @throws IllegalArgumentException if a parameter is out of range, naming it
   */
  public static FlowletTable create(int capacity, long gapNanos, long seed) {
    return create(capacity, gapNanos, seed, capacity > BRANCHY_ABOVE_ENTRIES);
  }

  /** {@link #create(int, long, long)} with the per-packet tag scan chosen by the caller (tests). */
  static FlowletTable create(int capacity, long gapNanos, long seed, boolean branchyScan) {
    if (capacity < WAYS || capacity > MAX_CAPACITY || Integer.bitCount(capacity) != 1) {
      throw new IllegalArgumentException(
          "flowletTableCapacity must be a power of two in " + WAYS + ".." + MAX_CAPACITY + ", was " + capacity);
    }
    if (gapNanos <= 0) {
      throw new IllegalArgumentException("flowletGapNanos must be > 0, was " + gapNanos);
    }
    return new FlowletTable(capacity, gapNanos, seed, branchyScan);
  }

  /**
   * The number of flows the table holds.
   *
   * @return the capacity, a power of two
   */
  public int capacity() {
    return capacity;
  }

  /**
   * The flowlet gap in nanoseconds.
   *
   * @return the gap in nanoseconds, positive
   */
  public long gapNanos() {
    return gapNanos;
  }

  /**
   * The resolution of stored times: the largest power of two nanoseconds {@code <= gap / 256}, at least 1.
   *
   * @return the tick in nanoseconds, a power of two
   */
  public long tickNanos() {
    return 1L << tickShift;
  }

  /**
   * Records a packet of {@code flowKey} at {@code nowNanos} and returns the value stored for its current flowlet,
   * or {@link #NEW_FLOWLET} if the packet starts a new flowlet (first packet of the flow, idle gap exceeded, or no
   * value assigned yet). Either way, the table is positioned on the flow's entry for {@link #assign}.
   *
   * @param flowKey identity of the packet's inner flow
   * @param nowNanos the packet's time
   * @return the flowlet's stored value, in {@code 0..MAX_VALUE}, or {@link #NEW_FLOWLET}
   */
  public int lookup(long flowKey, long nowNanos) {
    return lookupHashed(hash(flowKey), nowNanos);
  }

  /**
   * The keyed hash of {@code flowKey}: picks its set and tag. For bursts, see {@link #touchSet}.
   *
   * @param flowKey identity of the inner flow
   * @return the flow's 64-bit keyed hash
   */
  public long hash(long flowKey) {
    return Hashing.mix64(flowKey ^ secret);
  }

  /**
   * Loads the tag word of the set at {@code setOffset} (a flow's {@link #setOffset}) and returns it, so that a later
   * {@link #lookupCached} finds the line in cache. A burst calls it for every packet before looking any up (note
   * 5): the loads are independent, so the CPU keeps their misses in flight together. The caller must consume the
   * result (fold it into a field), or the JIT drops the load.
   *
   * @param setOffset the set's byte offset, as {@link #setOffset} returned it
   * @return the set's first tag word
   */
  public long touchSet(int setOffset) {
    return (long) LONG_AT.get(sets, setOffset);
  }

  /**
   * True when the table is larger than a conservative L2 (256 KB, 32,768 flows): only then does touching a burst's
   * sets ahead pay (note 5). A smaller table is in L1/L2 and the touching pass would be pure overhead.
   *
   * @return true if the capacity exceeds 32,768 flows
   */
  public boolean outgrowsL2() {
    return capacity > L2_ENTRIES;
  }

  /**
   * {@link #lookup} with the flow's {@link #hash} already computed, one packet at a time: the tag scan that suits
   * the table's size (note 4).
   *
   * @param hash the flow's {@link #hash}
   * @param nowNanos the packet's time
   * @return as {@link #lookup}: the flowlet's stored value, or {@link #NEW_FLOWLET}
   */
  public int lookupHashed(long hash, long nowNanos) {
    return branchyScan ? lookupBranchy(hash, nowNanos, gapTicks) : lookupCached(hash, nowNanos, gapTicks);
  }

  /**
   * {@link #lookupHashed(long, long)} with a flowlet gap of {@code gapTicks} ticks for this packet instead of the
   * table's own (an adaptive gap, per destination): an idle time of more than {@code gapTicks} ticks starts a new
   * flowlet. A gap above the table's own is cut to it; the victim order of a miss keeps the table's own gap.
   *
   * @param hash the flow's {@link #hash}
   * @param nowNanos the packet's time
   * @param gapTicks the gap in ticks, from {@link #gapTicksFor}; at least 1
   * @return as {@link #lookup}: the flowlet's stored value, or {@link #NEW_FLOWLET}
   */
  public int lookupHashed(long hash, long nowNanos, int gapTicks) {
    final int gap = Math.min(gapTicks, this.gapTicks);
    return branchyScan ? lookupBranchy(hash, nowNanos, gap) : lookupCached(hash, nowNanos, gap);
  }

  /**
   * The gap in ticks of a table whose own gap is {@code tableGapNanos}, for a gap of {@code gapNanos}: rounded up,
   * as the table rounds its own (never early), and between 1 and the table's own gap in ticks. Every dataplane of a
   * balancer has the same tick, so one value serves them all.
   *
   * @param tableGapNanos the table's own gap ({@link #gapNanos()}), positive
   * @param gapNanos the wanted gap; at most {@code tableGapNanos} counts
   * @return the gap in ticks, for {@link #lookupHashed(long, long, int)}
   */
  public static int gapTicksFor(long tableGapNanos, long gapNanos) {
    final int shift = tickShiftOf(tableGapNanos);
    final long g = Math.max(1, Math.min(gapNanos, tableGapNanos));
    // Rounded up (never early), without forming g + 2^shift, which overflows for gaps near Long.MAX_VALUE.
    return (int) ((g >> shift) + ((g & ((1L << shift) - 1)) != 0 ? 1 : 0));
  }

  /** The tick of a table with gap {@code gapNanos}: the largest power of two ns {@code <= gap / 256}, at least 1. */
  private static int tickShiftOf(long gapNanos) {
    return gapNanos < 256 ? 0 : 63 - Long.numberOfLeadingZeros(gapNanos / 256);
  }

  /** True when {@link #lookupHashed} scans tags with branches (tables above 4 MB, note 4). */
  boolean scansWithBranches() {
    return branchyScan;
  }

  /**
   * The byte offset in the table of the set of the flow with {@code hash}, its {@link #hash}.
   *
   * @param hash the flow's {@link #hash}
   * @return the set's byte offset, for {@link #touchSet}
   */
  public int setOffset(long hash) {
    return PAD + (((int) hash & setMask) << 6);
  }

  /** The flow's 16-bit tag, never 0 (a zero tag marks an empty way). */
  private static int tagOf(long hash) {
    int tag = (int) (hash >>> TAG_SHIFT);
    return tag | ((tag - 1) >>> 31); // 0 -> 1
  }

  /**
   * {@link #lookupHashed} by a branch-free scan: both tag words are compared with the tag in parallel (SWAR) and the
   * matching way is computed, not branched to. The fastest scan once the set is in cache: a burst's packets, or a
   * table that fits the caches (note 4).
   *
   * @param hash the flow's {@link #hash}
   * @param nowNanos the packet's time
   * @return as {@link #lookup}: the flowlet's stored value, or {@link #NEW_FLOWLET}
   */
  public int lookupCached(long hash, long nowNanos) {
    return lookupCached(hash, nowNanos, gapTicks);
  }

  /**
   * {@link #lookupCached(long, long)} with this packet's own gap in ticks, as
   * {@link #lookupHashed(long, long, int)}.
   *
   * @param hash the flow's {@link #hash}
   * @param nowNanos the packet's time
   * @param gapTicks the gap in ticks, from {@link #gapTicksFor}; at least 1, cut to the table's own
   * @return as {@link #lookup}: the flowlet's stored value, or {@link #NEW_FLOWLET}
   */
  public int lookupCached(long hash, long nowNanos, int gapTicks) {
    final int gap = Math.min(gapTicks, this.gapTicks);
    final int tag = tagOf(hash);
    final int set = setOffset(hash);
    final byte[] b = sets; // a final local: one field load, and the JIT keeps the array in a register
    final long probe = tag * LANES;
    final long x0 = (long) LONG_AT.get(b, set) ^ probe;
    final long x1 = (long) LONG_AT.get(b, set + 8) ^ probe;
    // A lane of x is zero where the tag matches. (x - LANES) & ~x & LANE_TOPS flags the lowest zero lane exactly
    // (lanes above it may be flagged by the borrow, never lanes below), and a set holds a tag at most once.
    // Ways 0-3 land on bits 0, 16, 32, 48 and ways 4-7 on bits 4, 20, 36, 52.
    final long matches = (((x0 - LANES) & ~x0 & LANE_TOPS) >>> 15) | (((x1 - LANES) & ~x1 & LANE_TOPS) >>> 11);
    if (matches != 0) {
      final int bit = Long.numberOfTrailingZeros(matches);
      return hit(b, set + ENTRY_WINDOW + 6 * ((bit >>> 4) | (bit & 4)), nowNanos, gap);
    }
    return miss(b, set, tag, nowNanos);
  }

  /**
   * {@link #lookupHashed} by a scan that branches on each way's tag. Slower on a set in cache (about one
   * mispredicted branch per packet), but faster on a set that misses all caches: the predicted way lets the CPU run
   * ahead into the next packet, whose loads then overlap this one's miss (note 4).
   */
  private int lookupBranchy(long hash, long nowNanos, int gap) {
    final int tag = tagOf(hash);
    final int set = setOffset(hash);
    final byte[] b = sets;
    final long tags0 = (long) LONG_AT.get(b, set);
    for (int way = 0; way < WAYS / 2; way++) {
      if ((int) (tags0 >>> (way << 4) & 0xFFFF) == tag) {
        return hit(b, set + ENTRY_WINDOW + 6 * way, nowNanos, gap);
      }
    }
    final long tags1 = (long) LONG_AT.get(b, set + 8);
    for (int way = 0; way < WAYS / 2; way++) {
      if ((int) (tags1 >>> (way << 4) & 0xFFFF) == tag) {
        return hit(b, set + ENTRY_WINDOW + 6 * (WAYS / 2 + way), nowNanos, gap);
      }
    }
    return miss(b, set, tag, nowNanos);
  }

  /** The flow is present; its entry's window is at {@code window}; {@code gap} is this packet's gap in ticks. */
  private int hit(byte[] b, int window, long nowNanos, int gap) {
    cursor = window;
    final long bits = (long) LONG_AT.get(b, window);
    final long entry = bits >>> IN_WINDOW;
    final int now = (int) (nowNanos >> tickShift) & TIME_MASK;
    final int idle = (now - (int) entry) & TIME_MASK;
    if (idle <= gap) {
      // The store a continuing packet always made (its time), now also marking the flowlet seen twice (note 6).
      LONG_AT.set(b, window,
          (bits & ~((long) TIME_AND_SEEN << IN_WINDOW)) | ((long) (now | SEEN_TWICE) << IN_WINDOW));
      final int value = (int) (entry >>> VALUE_SHIFT) & VALUE_MARK;
      return value == VALUE_MARK ? NEW_FLOWLET : value;
    }
    if (idle >= backwardsFrom) { // a clock that went back by up to a gap: keep the path and the later time
      clockBackwards++;
      LONG_AT.set(b, window, bits | ((long) SEEN_TWICE << IN_WINDOW)); // still a second packet of the flowlet
      final int value = (int) (entry >>> VALUE_SHIFT) & VALUE_MARK;
      return value == VALUE_MARK ? NEW_FLOWLET : value;
    }
    // A new flowlet of a known flow: seen once so far, like any new flowlet (note 6).
    final int ended = (int) (entry >>> VALUE_SHIFT) & VALUE_MARK;
    endedValue = ended == VALUE_MARK ? NEW_FLOWLET : ended;
    LONG_AT.set(b, window, (bits & WINDOW_KEEP) | ((VALUE_BITS | now) << IN_WINDOW));
    return NEW_FLOWLET;
  }

  /**
   * Not present: take an empty way; else the entry idle longest among those whose flowlet has ended; else among
   * active flowlets seen once; else among active flowlets seen twice (note 6).
   */
  private int miss(byte[] b, int set, int tag, long nowNanos) {
    final int now = (int) (nowNanos >> tickShift) & TIME_MASK;
    final long tags0 = (long) LONG_AT.get(b, set);
    final long tags1 = (long) LONG_AT.get(b, set + 8);
    int victim = 0;
    int victimRank = -1;
    int victimIdle = 0;
    long victimEntry = 0;
    for (int way = 0; way < WAYS; way++) {
      final long tags = way < WAYS / 2 ? tags0 : tags1;
      if ((tags >>> ((way & 3) << 4) & 0xFFFF) == 0) {
        victim = way;
        victimIdle = Integer.MAX_VALUE;
        victimEntry = -1;
        break;
      }
      final long entry = (long) LONG_AT.get(b, set + ENTRY_WINDOW + 6 * way) >>> IN_WINDOW;
      int idle = (now - (int) entry) & TIME_MASK;
      if (idle >= backwardsFrom) {
        idle = 0; // seen "in the future" by a clock that went back: as recent as it gets
      }
      final int rank = idle > gapTicks ? RANK_ENDED + idle
          : (entry & SEEN_TWICE) == 0 ? RANK_SEEN_ONCE + idle
          : idle;
      if (rank > victimRank) {
        victimRank = rank;
        victimIdle = idle;
        victim = way;
        victimEntry = entry;
      }
    }
    if (victimEntry != -1 && (victimEntry & VALUE_BITS) != VALUE_BITS && victimIdle <= gapTicks) {
      evictedActive++;
    }
    final int tagWord = set + ((victim >>> 2) << 3);
    final int tagShift = (victim & 3) << 4;
    final long tags = (long) LONG_AT.get(b, tagWord);
    LONG_AT.set(b, tagWord, (tags & ~(0xFFFFL << tagShift)) | ((long) tag << tagShift));
    final int window = set + ENTRY_WINDOW + 6 * victim;
    final long bits = (long) LONG_AT.get(b, window);
    LONG_AT.set(b, window, (bits & WINDOW_KEEP) | ((VALUE_BITS | now) << IN_WINDOW));
    cursor = window;
    endedValue = NEW_FLOWLET;
    return NEW_FLOWLET;
  }

  /**
   * After a lookup that returned {@link #NEW_FLOWLET}: the value the same flow's previous flowlet stored, if the
   * flow was still in the table, else {@link #NEW_FLOWLET}. A balancer uses it to keep a flow whose previous
   * flowlet went unanswered off that path.
   *
   * @return the previous flowlet's value, in {@code 0..}{@value #MAX_VALUE}, or {@link #NEW_FLOWLET}
   */
  public int endedValue() {
    return endedValue;
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
    final int window = cursor;
    final long bits = (long) LONG_AT.get(sets, window);
    LONG_AT.set(sets, window, (bits & ~(VALUE_BITS << IN_WINDOW)) | ((long) value << (VALUE_SHIFT + IN_WINDOW)));
  }

  /**
   * How many entries of still-active flowlets were evicted to make room for other flows.
   *
   * @return the number of such evictions since the table was created
   */
  public long evictedActive() {
    return evictedActive;
  }

  /**
   * How many lookups passed a time up to a gap earlier than the flow's last-seen time (see Time above).
   *
   * @return the number of such lookups since the table was created
   */
  public long clockBackwards() {
    return clockBackwards;
  }
}
