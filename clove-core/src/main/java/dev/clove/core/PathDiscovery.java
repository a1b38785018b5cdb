// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import dev.clove.api.Counter;
import dev.clove.api.ProbeSender;
import dev.clove.core.internal.GuardedClocks;
import dev.clove.core.internal.Hashing;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * CLOVE's path discovery bookkeeping (paper, section 2.1). What it does, as a user sees it (rounds, the first
 * round, hop matching, path choice, expiry, what the embedder must call) is described on {@link DiscoveryConfig};
 * this class documents how.
 *
 * <p>The balancer drives it:
 * <pre>{@code
 * discovery.noteActivity(dst, now);                                   // dataplane, on each new flowlet
 * discovery.onTick(now);                                              // control, every ms or so
 * discovery.onProbeReply(dst, port, ttl, id, hopId, fromDest, now); // control, per probe answer
 * discovery.onPathFailure(dst, port, now);                            // control, when told
 * }</pre>
 * and learns the outcome through its {@link PathSetListener}.
 *
 * <h2>Scheduling</h2>
 * Destination {@code d}'s scheduled rounds start {@code phase(d) = d' * interval / maxDestinations} after each
 * interval's start, {@code d'} being {@code d} rotated by a per-instance offset (note 1). A destination that
 * was never probed does not wait for its phase: the first {@link #onTick} after its first activity starts its
 * first round (note 4); its next scheduled round is skipped if it comes less than half an interval after that
 * one, so that the second round does not follow the first at once.
 *
 * <h2>Choosing paths</h2>
 * At the end of a round (note 6): each trace is classified complete or incomplete
 * ({@link PathSelection#hasLostHop}); each current path is re-confirmed, moved, or missed by its own port's
 * trace; current paths that missed {@link DiscoveryConfig#expiryRounds()} rounds in a row leave; complete fresh
 * traces that fit no current path and no earlier fresh trace ({@link PathSelection#fits}) are new
 * candidates. {@link PathSelection#select} then picks up to k paths. If the set changed, the listener is told.
 *
 * <h2>Probe ids</h2>
 * Each probe carries a 16-bit id (note 7); a reply is used only if its destination, port, TTL and id match a
 * probe of the destination's round in flight that was not answered yet.
 *
 * <h2>Bad input</h2>
 * Nothing from the network throws. A reply for a destination out of range, a port not probed in the
 * destination's latest round, a TTL out of range or a reserved hop id, a failure report for an unknown port,
 * are counted in the {@link SharedCounters} and otherwise ignored; so is a reply whose probe id matches no probe
 * in flight, or whose probe was already answered ({@link Counter#PROBE_REPLIES_REJECTED}). Times go through a
 * {@link GuardedClocks}: a time slightly earlier than the latest counts as {@link Counter#CLOCK_BACKWARDS} and as
 * no time passing; a jump is held ({@link Counter#CLOCK_JUMPS}) and used only once the next call confirms it,
 * so a single absurd time (even {@code Long.MAX_VALUE}) never reaches the schedule; a confirmed jump backwards
 * moves every stored time back by the same amount (note 8).
 *
 * <h2>Memory</h2>
 * Per destination: an activity stamp and a slot of the first-activity queue (12 bytes). Per destination that
 * was ever probed: its k current paths with their hop lists, and the ports and probe ids (2 bytes each) of its
 * latest round. Per round in progress (at most one per destination): {@code (k + probesPerRound) x maxTtl} hop
 * ids and probe ids, in buffers that are pooled and reused, so steady state allocates only the small per-round
 * selection inputs.
 *
 * <h2>Threading</h2>
 * {@link #noteActivity} is thread-safe and lock-free: any number of dataplane threads may call it at any time.
 * Every other method is a control method: the caller serializes them (the balancer's control lock). The
 * {@link ProbeSender} and {@link PathSetListener} are called from inside them, on the caller's thread. The sender
 * may call {@link #onProbeReply} (and {@link #onPathFailure}) re-entrantly from inside {@code sendProbe}: a round
 * is fully set up before its first probe leaves, and nothing iterates over state a reply changes while probes
 * go out (note 5). A re-entrant {@link #onTick} is ignored.
 */
final class PathDiscovery implements Discovery {
  /*
   * Implementation notes.
   *
   * 1. Scheduling is a sweep over "slots": slot s = cycle * maxDestinations + d is due at
   *    epoch + cycle * interval + phase(d), and phase(d) grows with d, so slot times grow with s. onTick walks
   *    the slots that came due since the last tick: its cost is the number of due destinations, not
   *    maxDestinations. A tick that comes very late skips whole cycles, so each destination gets at most one
   *    round per tick.
   * 2. Activity stamps are written by dataplane threads. noteActivity writes only when the stamp is older than
   *    1/16 of the activity window: most calls are then a plain read of a cache line that stays shared, instead
   *    of a store that would bounce the line between cores. Activity is therefore known to within 1/16 of the
   *    window. Release/acquire pairs the stamp with the dataplane's earlier writes, though discovery needs
   *    only the value itself.
   * 3. A round's ports are kept sorted so that a reply finds its trace by binary search. After the round ends,
   *    its ports are remembered until the next round starts: replies that arrive late (probes beyond the path
   *    length are answered by the destination too, and may trail the round's end) are expected, so they are
   *    counted as replies, not as unexpected ones.
   * 4. The first round: noteActivity's first stamp for a destination is a CAS from NEVER, so exactly one
   *    caller per destination, once in the instance's life, wins it; the winner appends the destination to
   *    firstActivity, an array with one slot per destination (so it never fills) claimed with an atomic
   *    counter and published with a release store. onTick drains it and starts a round at once for every
   *    destination that has none yet. A claimed slot whose store is not yet visible stops the drain until the
   *    next tick. The dataplane cost is one CAS per destination, ever; nothing allocates or locks.
   * 5. Re-entrancy: startRound installs the round (ports sorted, dest.round set, in openRounds) before sending,
   *    and iterates only over the round's own ports. A synchronous reply can complete the round inside the send
   *    loop; finishRound then returns the buffer to the pool, where it stays untouched until the next
   *    startRound, which cannot run before the loop ends (a re-entrant onTick is ignored). The loop's remaining
   *    probes are for TTLs past the destination, whose answers count as late ones, as they would
   *    asynchronously. The openRounds loop in onTick sends nothing, so no reply can change it mid-iteration.
   * 6. Why an unanswered hop is never a match. Replies get lost (switches answer from a policed CPU). If an unanswered
   *    hop matched any hop, one trace that lost its spine's reply would fit every path through the other spines too,
   *    and merging by "first trace represents the path" collapsed them all into one for a whole interval. So a missing
   *    hop only ever means "unknown": an incomplete trace (one with a lost hop, see PathSelection.hasLostHop) neither
   *    adds a path nor replaces one; it re-confirms its own port's path if it agrees with it wherever both answered,
   *    and otherwise counts as a miss. A hop that no other trace answered between the same neighbouring hops (a switch
   *    that never sends time-exceeded) is silent, not lost, and such a trace is complete: it is compared on the hops it
   *    has. (The witness must agree only at the neighbours, not at every hop: a trace that lost its first hop on a path
   *    no other trace took would otherwise count as complete, and its unknown links, never counted as shared, would
   *    make it look more disjoint than the current paths, which it would then replace.) The destination's answers get
   *    lost too: if its answer to the first TTL past the path is lost, the trace looks longer, ending in unknown hops;
   *    when another trace or a current path ends right after the same hop (PathSelection.lengthWithoutLostEnd) the
   *    trace is cut back to that length and is incomplete, so it re-confirms its path instead of looking like another.
   *    Current paths are deduplicated by exact equality of their hop lists only (possible after a complete trace moved
   *    a port onto another current path); never by a trace that merely fits both.
   * 7. Probe ids. An id is a keyed 16-bit permutation (a 4-round Feistel network over two bytes, with round tables
   *    drawn from the seed) of a counter that starts at a seed-derived value: ids are distinct among any 65,536
   *    consecutive probes, and a sender that does not see the probes cannot tell the id of the probe in flight for a
   *    port and TTL from anything it knows: a forged reply matches with probability 1/65,536. (This is not
   *    cryptography: an observer who sees many probes could learn the tables; one who sees the probes can answer them
   *    anyway.) A round keeps each probe's id and a bit per probe that is set by its first accepted reply, so a second
   *    reply (a replay, a duplicate) is rejected. The latest finished round's ids are remembered with its ports, so a
   *    late reply that quotes the right id counts as a late reply, and one that quotes a wrong id as rejected.
   * 8. Clock. A confirmed jump back by s moves the epoch (and with it every slot time), every open
   *    round's deadline and the early-round stamps back by s, and pulls activity stamps that lie in the future
   *    back to the new time. Rounds are then due as they were, relative to the clock: the next one within one
   *    interval.
   */

  private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
  /** A firstActivity slot that was claimed but not yet written, or never claimed. */
  private static final int NO_DESTINATION = -1;
  /** Destination.earlyRoundStart when its first round was a scheduled one (or its second round has come). */
  private static final long NO_EARLY_ROUND = Long.MIN_VALUE;
  /** Activity stamp of a destination that never had traffic. */
  private static final long NEVER = Long.MIN_VALUE;
  /** Feistel rounds of the probe-id permutation (note 7). */
  private static final int ID_ROUNDS = 4;

  private final DiscoveryConfig config;
  private final int maxDestinations;
  private final ProbeSender sender;
  private final PathSetListener listener;
  private final SharedCounters counters;
  private final SplittableRandom random;
  /** Offset of this instance's probing order; see {@link #destinationOfSlot}. */
  private final int rotation;

  private final int k;
  private final int maxTtl;
  private final long interval;
  private final long activityWindow;
  private final long activityGranularity;

  /** Last activity time per destination; written by dataplane threads (note 2). */
  private final long[] lastActivity;
  /** Destinations in the order of their first activity (note 4); NO_DESTINATION beyond what was written. */
  private final int[] firstActivity;
  /** Slots of firstActivity claimed by dataplane threads. */
  private final AtomicInteger firstActivityClaimed = new AtomicInteger();
  /** Slots of firstActivity the control thread has handled. */
  private int firstActivityDrained;
  /** State per destination, created at its first round. */
  private final Destination[] destinations;
  /** Destinations with a round in progress. */
  private final List<Destination> openRounds = new ArrayList<>();
  /** Round buffers not in use. */
  private final ArrayDeque<Round> pool = new ArrayDeque<>();
  private final IntOpenHashSet drawn = new IntOpenHashSet();

  private boolean started;
  private long epoch;
  private long nextSlot;
  /** The time every control method uses (note 8). */
  private final GuardedClocks clocks = new GuardedClocks(1);
  /** The Feistel round tables of the probe-id permutation (note 7). */
  private final int[][] idRounds = new int[ID_ROUNDS][256];
  /** Counts probes sent; its permutation is the next probe id. */
  private int probeSequence;
  /** True while onTick runs: a re-entrant onTick (from inside the ProbeSender) is ignored (note 5). */
  private boolean ticking;

  /**
   * Creates discovery for destinations {@code 0..maxDestinations-1}; nothing is probed before the first
   * {@link #onTick}.
   *
   * @param seed seeds the choice of fresh ports and so makes runs repeatable
   * @throws IllegalArgumentException if {@code maxDestinations < 1}
   */
  PathDiscovery(DiscoveryConfig config, int maxDestinations, long seed, ProbeSender sender,
      PathSetListener listener, SharedCounters counters) {
    this.config = Objects.requireNonNull(config, "config");
    this.sender = Objects.requireNonNull(sender, "sender");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.counters = Objects.requireNonNull(counters, "counters");
    if (maxDestinations < 1) {
      throw new IllegalArgumentException("maxDestinations must be >= 1, was " + maxDestinations);
    }
    this.maxDestinations = maxDestinations;
    this.random = new SplittableRandom(seed);
    this.rotation = Math.floorMod(Hashing.mix64(seed ^ 0x6A09E667F3BCC909L), maxDestinations);
    this.k = config.pathsPerDestination();
    this.maxTtl = config.maxTtl();
    this.interval = config.probeIntervalNanos();
    this.activityWindow = config.activityWindowNanos();
    this.activityGranularity = Math.max(1, activityWindow / 16);
    this.lastActivity = new long[maxDestinations];
    Arrays.fill(lastActivity, NEVER);
    this.firstActivity = new int[maxDestinations];
    Arrays.fill(firstActivity, NO_DESTINATION);
    this.destinations = new Destination[maxDestinations];
    // Probe-id key material, from the seed but not from the port stream (note 7).
    SplittableRandom idRandom = new SplittableRandom(Hashing.mix64(seed ^ 0x3C6EF372FE94F82BL));
    for (int[] table : idRounds) {
      for (int i = 0; i < table.length; i++) {
        table[i] = idRandom.nextInt(256);
      }
    }
    this.probeSequence = idRandom.nextInt();
  }

  /**
   * Records that traffic is being sent to {@code destination}, so that it is probed. Cheap and lock-free; safe
   * from any thread. Out-of-range destinations are ignored (the balancer counts them on its own path).
   */
  @Override
  public void noteActivity(int destination, long nowNanos) {
    if (destination < 0 || destination >= maxDestinations) {
      return;
    }
    // A clock reading Long.MIN_VALUE (a wrapping clock passes it) is stamped one nanosecond later, as NEVER is
    // reserved.
    long stamp = nowNanos == NEVER ? NEVER + 1 : nowNanos;
    long last = (long) LONGS.getOpaque(lastActivity, destination);
    if (last == NEVER) {
      // The first activity ever: the one caller whose CAS wins queues the destination for a round at the next
      // tick (note 4).
      if (LONGS.compareAndSet(lastActivity, destination, NEVER, stamp)) {
        int slot = firstActivityClaimed.getAndIncrement();
        if (slot < firstActivity.length) {
          INTS.setRelease(firstActivity, slot, destination);
        }
      }
      return;
    }
    // Write only when the stamp is stale by a 16th of the window (note 2); a time earlier than the stamp
    // (another thread's clock read, or a clock going backwards) leaves it alone, unless the stamp lies more than
    // a clock step after it: then the stamp came from a glitched packet time, and this time replaces it.
    if (stamp - last >= activityGranularity || last - stamp > GuardedClocks.MAX_STEP_NANOS) {
      LONGS.setRelease(lastActivity, destination, stamp);
    }
  }

  /**
   * Control method. Ends rounds whose reply timeout passed, starts the first round of every destination that
   * had its first activity since the last tick, and starts the scheduled rounds that came due: probes go out
   * through the {@link ProbeSender} from inside this call. A call from inside the sender is ignored.
   */
  @Override
  public void onTick(long nowNanos) {
    if (ticking) {
      return; // re-entrant, from inside the ProbeSender (note 5)
    }
    ticking = true;
    try {
      tick(clock(nowNanos));
    } finally {
      ticking = false;
    }
  }

  private void tick(long now) {
    if (!started) {
      started = true;
      epoch = now;
      nextSlot = 0;
    }
    for (int i = openRounds.size() - 1; i >= 0; i--) {
      Destination dest = openRounds.get(i);
      if (now - dest.round.deadline >= 0) {
        finishRound(dest);
      }
    }
    startFirstRounds(now);
    long behind = now - slotTime(nextSlot);
    if (behind >= interval) {
      nextSlot += (behind / interval) * maxDestinations; // note 1: skip whole cycles
    }
    while (now - slotTime(nextSlot) >= 0) {
      int d = destinationOfSlot(nextSlot);
      nextSlot++;
      if ((!config.probeOnlyActive() || isActive(d, now)) && !followsEarlyRound(d, now)) {
        startRound(d, now);
      }
    }
  }

  /** Starts a round for each newly active destination that never had one (note 4). */
  private void startFirstRounds(long now) {
    int claimed = Math.min(firstActivityClaimed.get(), firstActivity.length);
    while (firstActivityDrained < claimed) {
      int d = (int) INTS.getAcquire(firstActivity, firstActivityDrained);
      if (d == NO_DESTINATION) {
        return; // claimed, not yet written: next tick
      }
      firstActivityDrained++;
      if (destinations[d] == null && (!config.probeOnlyActive() || isActive(d, now))) {
        startRound(d, now);
        destinations[d].earlyRoundStart = now;
      }
    }
  }

  /**
   * Whether destination {@code d}'s scheduled round, due now, is to be skipped because its first round was an
   * early one that started less than half an interval ago (or is still open). Only the first scheduled round
   * after an early one is ever skipped.
   */
  private boolean followsEarlyRound(int d, long now) {
    Destination dest = destinations[d];
    if (dest == null || dest.earlyRoundStart == NO_EARLY_ROUND) {
      return false;
    }
    long since = now - dest.earlyRoundStart;
    dest.earlyRoundStart = NO_EARLY_ROUND;
    return since < interval / 2 || dest.round != null;
  }

  /**
   * Control method. Records the answer to the probe sent to {@code destination} with {@code sourcePort},
   * {@code ttl} and {@code probeId}: {@code hopId} identifies the interface that answered, and
   * {@code fromDestination} says the destination itself answered (its {@code hopId} is then ignored). Only the
   * first answer to a probe of the destination's round in flight is used (note 7). Ends the round when this
   * completes every trace. A {@code hopId} of {@link PathSelection#UNKNOWN_HOP} ({@code Long.MIN_VALUE}) is
   * reserved and counted as an invalid value.
   */
  @Override
  public void onProbeReply(int destination, int sourcePort, int ttl, int probeId, long hopId,
      boolean fromDestination, long nowNanos) {
    clock(nowNanos);
    if (destination < 0 || destination >= maxDestinations) {
      counters.increment(Counter.FEEDBACK_UNKNOWN_DESTINATION);
      return;
    }
    if (ttl < 1 || ttl > maxTtl || (!fromDestination && hopId == PathSelection.UNKNOWN_HOP)) {
      counters.increment(Counter.FEEDBACK_INVALID_VALUE);
      return;
    }
    Destination dest = destinations[destination];
    if (dest == null) {
      counters.increment(Counter.PROBE_REPLIES_UNEXPECTED);
      return;
    }
    Round round = dest.round;
    int slot = round == null ? -1 : Arrays.binarySearch(round.ports, 0, round.count, sourcePort);
    if (slot < 0 || round.ids[slot * maxTtl + ttl - 1] != probeId) {
      // Not a probe of the round in flight: a late answer to the latest finished round (note 3), or junk.
      int last = Arrays.binarySearch(dest.lastRoundPorts, 0, dest.lastRoundCount, sourcePort);
      if (last >= 0 && dest.lastRoundIds[last * maxTtl + ttl - 1] == probeId) {
        counters.increment(Counter.PROBE_REPLIES);
      } else {
        counters.increment(slot >= 0 || last >= 0
            ? Counter.PROBE_REPLIES_REJECTED : Counter.PROBE_REPLIES_UNEXPECTED);
      }
      return;
    }
    long bit = 1L << (ttl - 1);
    if ((round.replied[slot] & bit) != 0) {
      counters.increment(Counter.PROBE_REPLIES_REJECTED); // a second answer to one probe
      return;
    }
    round.replied[slot] |= bit;
    counters.increment(Counter.PROBE_REPLIES);
    if (round.dead[slot] || round.complete[slot]) {
      return;
    }
    if (fromDestination) {
      if (round.destinationTtl[slot] == 0 || ttl < round.destinationTtl[slot]) {
        round.destinationTtl[slot] = ttl;
      }
    } else {
      round.answered[slot] |= bit;
      round.hops[slot * maxTtl + ttl - 1] = hopId;
    }
    int length = round.destinationTtl[slot];
    if (length != 0) {
      long needed = (1L << (length - 1)) - 1; // TTLs 1..length-1
      if ((round.answered[slot] & needed) == needed) {
        round.complete[slot] = true;
        if (++round.completed == round.count) {
          finishRound(dest);
        }
      }
    }
  }

  /**
   * Control method. The path {@code sourcePort} takes to {@code destination} failed: the port leaves the set at
   * once and the listener is told. A report for a port that is not a current path is counted and ignored.
   */
  @Override
  public void onPathFailure(int destination, int sourcePort, long nowNanos) {
    clock(nowNanos);
    counters.increment(Counter.PATH_FAILURES);
    removeFailed(destination, sourcePort);
  }

  /**
   * Control method. The balancer found the path {@code sourcePort} takes to {@code destination} silent: it leaves
   * the set as in {@link #onPathFailure}, without counting as a reported failure.
   */
  @Override
  public void onPathSilent(int destination, int sourcePort, long nowNanos) {
    clock(nowNanos);
    removeFailed(destination, sourcePort);
  }

  private void removeFailed(int destination, int sourcePort) {
    if (destination < 0 || destination >= maxDestinations) {
      counters.increment(Counter.FEEDBACK_UNKNOWN_DESTINATION);
      return;
    }
    Destination dest = destinations[destination];
    int index = dest == null ? -1 : dest.indexOf(sourcePort);
    if (index < 0) {
      counters.increment(Counter.FEEDBACK_UNKNOWN_PATH);
      return;
    }
    dest.remove(index);
    counters.increment(Counter.PATHS_REMOVED);
    if (dest.round != null) {
      // Do not let this round's traces re-admit the port.
      int slot = Arrays.binarySearch(dest.round.ports, 0, dest.round.count, sourcePort);
      if (slot >= 0) {
        dest.round.dead[slot] = true;
      }
    }
    listener.pathsChanged(destination, dest.currentPorts());
  }

  /** The current paths' ports to {@code destination}, as last given to the listener; a fresh array. */
  int[] currentPorts(int destination) {
    Destination dest = destination < 0 || destination >= maxDestinations ? null : destinations[destination];
    return dest == null ? new int[0] : dest.currentPorts();
  }

  @Override
  public long[] hops(int destination, int port) {
    Destination dest = destination < 0 || destination >= maxDestinations ? null : destinations[destination];
    int i = dest == null ? -1 : dest.indexOf(port);
    return i < 0 || dest.hops[i] == null ? null : dest.hops[i].clone();
  }

  /** Whether a round to {@code destination} is in progress. */
  boolean roundInProgress(int destination) {
    Destination dest = destination < 0 || destination >= maxDestinations ? null : destinations[destination];
    return dest != null && dest.round != null;
  }

  // ---------------------------------------------------------------------------------------------------------

  /** Returns the time to use for a call made at {@code nowNanos}, by the rule of {@link GuardedClocks} (note 8). */
  private long clock(long nowNanos) {
    long before = clocks.started(0) ? clocks.now(0) : nowNanos;
    long now = clocks.advance(0, nowNanos);
    switch (clocks.status()) {
      case GuardedClocks.BACKWARDS -> counters.increment(Counter.CLOCK_BACKWARDS);
      case GuardedClocks.JUMP_HELD -> counters.increment(Counter.CLOCK_JUMPS);
      case GuardedClocks.REBASED_BACKWARD -> moveBack(now - before, now);
      default -> { }
    }
    return now;
  }

  /** After a confirmed jump back by {@code shift} (negative) to {@code now}: stored times follow (note 8). */
  private void moveBack(long shift, long now) {
    epoch += shift;
    for (Destination dest : openRounds) {
      dest.round.deadline += shift;
    }
    for (Destination dest : destinations) {
      if (dest != null && dest.earlyRoundStart != NO_EARLY_ROUND) {
        dest.earlyRoundStart += shift;
      }
    }
    for (int d = 0; d < maxDestinations; d++) {
      long last = (long) LONGS.getAcquire(lastActivity, d);
      if (last != NEVER && last - now > 0) {
        // A dataplane write meanwhile is newer anyway.
        LONGS.compareAndSet(lastActivity, d, last, now == NEVER ? NEVER + 1 : now);
      }
    }
  }

  /** The next probe id: a keyed 16-bit permutation of the probe counter (note 7). */
  private int nextProbeId() {
    int x = probeSequence++ & 0xFFFF;
    int left = x >>> 8;
    int right = x & 0xFF;
    for (int[] table : idRounds) {
      int mixed = left ^ table[right];
      left = right;
      right = mixed;
    }
    return left << 8 | right;
  }

  private boolean isActive(int d, long now) {
    long last = (long) LONGS.getAcquire(lastActivity, d);
    long age = now - last;
    // A stamp more than a clock step in the future is a glitched packet time, not activity.
    return last != NEVER && age <= activityWindow && age >= -GuardedClocks.MAX_STEP_NANOS;
  }

  /**
   * The destination a slot probes: slot positions are rotated by a per-instance offset drawn from the seed, so
   * that hypervisors started together do not all probe the same destination at the same moment (their probes
   * would converge on that destination's access link at once).
   */
  private int destinationOfSlot(long slot) {
    return (int) ((slot + rotation) % maxDestinations);
  }

  private long slotTime(long slot) {
    long cycle = slot / maxDestinations;
    int d = (int) (slot % maxDestinations);
    return epoch + cycle * interval + phase(d);
  }

  /** Offset of destination {@code d}'s rounds within the interval: spread evenly, growing with d. */
  private long phase(int d) {
    long p = (long) ((double) d / maxDestinations * interval);
    return Math.min(p, interval - 1);
  }

  private void startRound(int d, long now) {
    Destination dest = destinations[d];
    if (dest == null) {
      dest = new Destination(k, config.probesPerRound(), maxTtl);
      destinations[d] = dest;
    } else if (dest.round != null) {
      finishRound(dest); // only if ticks were so late that the timeout and the next slot passed together
    }
    Round round = pool.isEmpty() ? new Round(k + config.probesPerRound(), maxTtl) : pool.pop();
    round.reset(now + config.replyTimeoutNanos());
    drawn.clear();
    for (int i = 0; i < dest.size; i++) {
      drawn.add(dest.ports[i]);
      round.ports[round.count++] = dest.ports[i];
    }
    int min = config.minSourcePort();
    int span = config.maxSourcePort() - min + 1;
    // The config guarantees span >= probesPerRound + k, so this terminates.
    for (int i = 0; i < config.probesPerRound(); ) {
      int port = min + random.nextInt(span);
      if (drawn.add(port)) {
        round.ports[round.count++] = port;
        i++;
      }
    }
    Arrays.sort(round.ports, 0, round.count);
    for (int i = 0; i < round.count * maxTtl; i++) {
      round.ids[i] = (char) nextProbeId();
    }
    dest.round = round;
    dest.destination = d;
    openRounds.add(dest);
    for (int slot = 0; slot < round.count; slot++) {
      for (int ttl = 1; ttl <= maxTtl; ttl++) {
        sender.sendProbe(d, round.ports[slot], ttl, round.ids[slot * maxTtl + ttl - 1]);
      }
    }
    counters.add(Counter.PROBES_SENT, (long) round.count * maxTtl);
  }

  private void finishRound(Destination dest) {
    Round round = dest.round;
    dest.round = null;
    openRounds.remove(dest);

    // The round's traces by slot (null: the destination never answered, or the port failed), and which of
    // them lost a reply: judged against the other traces and the current paths (note 6).
    int total = round.count;
    long[][] slotTrace = new long[total][];
    for (int slot = 0; slot < total; slot++) {
      slotTrace[slot] = round.dead[slot] ? null : trace(round, slot);
    }
    long[][] evidence = Arrays.copyOf(slotTrace, total + dest.size);
    System.arraycopy(dest.hops, 0, evidence, total, dest.size);
    boolean[] incomplete = new boolean[total];
    for (int slot = 0; slot < total; slot++) {
      long[] hops = slotTrace[slot];
      if (hops == null) {
        continue;
      }
      int length = PathSelection.lengthWithoutLostEnd(hops, evidence);
      if (length < hops.length) {
        slotTrace[slot] = Arrays.copyOf(hops, length); // the destination's first answers were lost
        incomplete[slot] = true;
      } else {
        incomplete[slot] = PathSelection.hasLostHop(hops, evidence);
      }
    }

    // Traces in order: current paths in their order, then fresh ports in port order.
    long[][] traceHops = new long[total + dest.size][];
    int[] tracePort = new int[total + dest.size];
    int[] traceKind = new int[total + dest.size]; // KIND_ constants
    int[] traceCurrent = new int[total + dest.size]; // index into dest's current paths, or -1
    int traces = 0;
    int expiryRounds = config.expiryRounds();
    long[][] hopsBefore = Arrays.copyOf(dest.hops, dest.size); // to tell the listener of changed hops
    boolean hopsChanged = false;
    for (int i = 0; i < dest.size; i++) {
      int slot = Arrays.binarySearch(round.ports, 0, total, dest.ports[i]);
      long[] hops = slot >= 0 ? slotTrace[slot] : null;
      boolean confirmed;
      if (hops == null) {
        confirmed = false;
      } else if (PathSelection.fits(dest.hops[i], hops)) {
        confirmed = true; // complete or not, it fits wherever both answered
        if (!incomplete[slot]) {
          dest.hops[i] = PathSelection.fill(dest.hops[i], hops);
        }
      } else if (incomplete[slot]) {
        confirmed = false; // contradicts, but a lost reply may be why: a miss, not a move
      } else {
        confirmed = true; // a complete trace elsewhere: the fabric moved the port
        dest.hops[i] = hops;
      }
      if (confirmed) {
        dest.missed[i] = 0;
        traceKind[traces] = KIND_CONFIRMED;
      } else if (++dest.missed[i] >= expiryRounds) {
        continue; // expired: leaves the set below
      } else {
        traceKind[traces] = KIND_UNCONFIRMED;
      }
      traceHops[traces] = dest.hops[i];
      tracePort[traces] = dest.ports[i];
      traceCurrent[traces] = i;
      traces++;
    }
    int currentTraces = traces;
    for (int i = 0; i < dest.size && !hopsChanged; i++) {
      hopsChanged = dest.hops[i] != hopsBefore[i] && !Arrays.equals(dest.hops[i], hopsBefore[i]);
    }
    for (int slot = 0; slot < total; slot++) {
      if (slotTrace[slot] == null || incomplete[slot] || dest.indexOf(round.ports[slot]) >= 0) {
        continue; // only a complete trace may bring a new path (note 6)
      }
      traceHops[traces] = slotTrace[slot];
      tracePort[traces] = round.ports[slot];
      traceKind[traces] = KIND_FRESH;
      traceCurrent[traces] = -1;
      traces++;
    }
    dest.rememberRound(round);
    pool.push(round);

    // One representative per path: the first trace of it, so current ports win. Current paths are one path only
    // when their hop lists are equal; a fresh trace joins any earlier one it fits (note 6).
    int[] reps = new int[traces];
    int repCount = 0;
    for (int t = 0; t < traces; t++) {
      boolean merged = false;
      for (int r = 0; r < repCount && !merged; r++) {
        merged = t < currentTraces
            ? Arrays.equals(traceHops[reps[r]], traceHops[t])
            : PathSelection.fits(traceHops[reps[r]], traceHops[t]);
      }
      if (!merged) {
        reps[repCount++] = t;
      }
    }

    // Candidates grouped for PathSelection: unconfirmed current, confirmed current, fresh.
    long[][] candidates = new long[repCount][];
    int[] candidateTrace = new int[repCount];
    int c = 0;
    for (int kind = KIND_UNCONFIRMED; kind <= KIND_FRESH; kind++) {
      for (int r = 0; r < repCount; r++) {
        if (traceKind[reps[r]] == kind) {
          candidateTrace[c] = reps[r];
          candidates[c++] = traceHops[reps[r]];
        }
      }
    }
    int fixed = 0;
    int preferred = 0;
    for (int r = 0; r < repCount; r++) {
      if (traceKind[reps[r]] == KIND_UNCONFIRMED) {
        fixed++;
      } else if (traceKind[reps[r]] == KIND_CONFIRMED) {
        preferred++;
      }
    }
    int[] picked = PathSelection.select(candidates, fixed, preferred, k);

    // New set: surviving current paths in their old order, then new paths in pick order.
    boolean[] keepCurrent = new boolean[dest.size];
    int[] newPorts = new int[k];
    long[][] newHops = new long[k][];
    int[] newMissed = new int[k];
    int n = 0;
    for (int p : picked) {
      int i = traceCurrent[candidateTrace[p]];
      if (i >= 0) {
        keepCurrent[i] = true;
      }
    }
    for (int i = 0; i < dest.size; i++) {
      if (keepCurrent[i]) {
        newPorts[n] = dest.ports[i];
        newHops[n] = dest.hops[i];
        newMissed[n] = dest.missed[i];
        n++;
      }
    }
    int survivors = n;
    for (int p : picked) {
      int t = candidateTrace[p];
      if (traceCurrent[t] < 0) {
        newPorts[n] = tracePort[t];
        newHops[n] = traceHops[t];
        newMissed[n] = 0;
        n++;
      }
    }
    int removed = dest.size - survivors;
    int added = n - survivors;
    dest.replace(newPorts, newHops, newMissed, n);
    if (removed > 0 || added > 0) {
      counters.add(Counter.PATHS_REMOVED, removed);
      counters.add(Counter.PATHS_ADDED, added);
      listener.pathsChanged(dest.destination, dest.currentPorts());
    } else if (hopsChanged) {
      listener.hopsChanged(dest.destination);
    }
  }

  /**
   * The hop list of a slot's trace: hops at TTLs below the one the destination first answered, unanswered ones
   * as {@link PathSelection#UNKNOWN_HOP}; null if the destination never answered.
   */
  private long[] trace(Round round, int slot) {
    int length = round.destinationTtl[slot];
    if (length == 0) {
      return null;
    }
    long[] hops = new long[length - 1];
    for (int ttl = 1; ttl < length; ttl++) {
      hops[ttl - 1] = (round.answered[slot] & (1L << (ttl - 1))) != 0
          ? round.hops[slot * maxTtl + ttl - 1] : PathSelection.UNKNOWN_HOP;
    }
    return hops;
  }

  private static final int KIND_UNCONFIRMED = 0;
  private static final int KIND_CONFIRMED = 1;
  private static final int KIND_FRESH = 2;

  /** Per-destination state. Threading: control thread only. */
  private static final class Destination {
    int destination;
    int[] ports;
    long[][] hops;
    int[] missed;
    int size;
    Round round;
    final int[] lastRoundPorts;
    /** The probe ids of the latest finished round, {@code maxTtl} per port of {@link #lastRoundPorts}. */
    final char[] lastRoundIds;
    int lastRoundCount;
    /** When the early first round started, until the next scheduled round is due; else NO_EARLY_ROUND. */
    long earlyRoundStart = NO_EARLY_ROUND;

    Destination(int k, int probesPerRound, int maxTtl) {
      ports = new int[k];
      hops = new long[k][];
      missed = new int[k];
      lastRoundPorts = new int[k + probesPerRound];
      lastRoundIds = new char[(k + probesPerRound) * maxTtl];
    }

    int indexOf(int port) {
      for (int i = 0; i < size; i++) {
        if (ports[i] == port) {
          return i;
        }
      }
      return -1;
    }

    void remove(int index) {
      int tail = size - index - 1;
      System.arraycopy(ports, index + 1, ports, index, tail);
      System.arraycopy(hops, index + 1, hops, index, tail);
      System.arraycopy(missed, index + 1, missed, index, tail);
      size--;
      hops[size] = null;
    }

    void replace(int[] newPorts, long[][] newHops, int[] newMissed, int n) {
      ports = newPorts;
      hops = newHops;
      missed = newMissed;
      size = n;
    }

    void rememberRound(Round round) {
      System.arraycopy(round.ports, 0, lastRoundPorts, 0, round.count);
      System.arraycopy(round.ids, 0, lastRoundIds, 0, round.ids.length);
      lastRoundCount = round.count;
    }

    int[] currentPorts() {
      return Arrays.copyOf(ports, size);
    }
  }

  /** The traces of one round in progress; pooled. Threading: control thread only. */
  private static final class Round {
    final int[] ports;
    final long[] hops;
    final long[] answered;
    final int[] destinationTtl;
    final boolean[] complete;
    final boolean[] dead;
    /** The id of each probe, {@code maxTtl} per port, TTL 1 first. */
    final char[] ids;
    /** Per port, a bit per TTL: the probe was answered (every later answer to it is rejected). */
    final long[] replied;
    int count;
    int completed;
    long deadline;

    Round(int capacity, int maxTtl) {
      ports = new int[capacity];
      ids = new char[capacity * maxTtl];
      replied = new long[capacity];
      hops = new long[capacity * maxTtl];
      answered = new long[capacity];
      destinationTtl = new int[capacity];
      complete = new boolean[capacity];
      dead = new boolean[capacity];
    }

    void reset(long deadline) {
      this.deadline = deadline;
      count = 0;
      completed = 0;
      Arrays.fill(answered, 0);
      Arrays.fill(replied, 0);
      Arrays.fill(destinationTtl, 0);
      Arrays.fill(complete, false);
      Arrays.fill(dead, false);
    }
  }
}
