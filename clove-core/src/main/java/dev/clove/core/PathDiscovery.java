package dev.clove.core;

import dev.clove.core.internal.Hashing;
import dev.clove.api.Counter;
import dev.clove.api.ProbeSender;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * CLOVE's path discovery bookkeeping (paper, section 2.1): probes each active destination with
 * traceroute-style probes on random outer source ports, groups the ports by the path their probes took, keeps
 * {@code k} ports on distinct, preferably link-disjoint paths, and re-probes periodically so that paths which
 * disappear are dropped.
 *
 * <p>The embedder's control thread drives it:
 * <pre>{@code
 * discovery.noteActivity(dst, now);                                   // dataplane, on each new flowlet
 * discovery.onTick(now);                                              // control thread, every ms or so
 * discovery.onProbeReply(dst, port, ttl, hopId, fromDestination, now);// control thread, per probe answer
 * discovery.onPathFailure(dst, port, now);                            // control thread, when told
 * }</pre>
 * and learns the outcome through its {@link PathSetListener}.
 *
 * <h2>Rounds</h2>
 * Once per {@link DiscoveryConfig#probeIntervalNanos() interval} each active destination gets a round: the
 * ports of its current paths (to re-confirm them) plus {@link DiscoveryConfig#probesPerRound()} fresh random
 * ports, each probed with every TTL from 1 to {@link DiscoveryConfig#maxTtl()}. Destination {@code d}'s rounds
 * start {@code d * interval / maxDestinations} after the interval's start, so the probes of many destinations
 * are spread evenly over the interval instead of leaving in one burst (the paper's staggering). A round ends
 * as soon as every port's trace is complete (the destination answered, and every TTL below that), or at the
 * {@link DiscoveryConfig#replyTimeoutNanos() reply timeout}; a trace then counts as what it has, and a trace
 * that never reached the destination does not count at all.
 *
 * <h2>Choosing paths</h2>
 * At the end of a round, traces with the same hop list are one path (an unanswered hop matches any hop), and
 * the first port of each path represents it: current ports come first, so a surviving path keeps its port and
 * with it its weights and flowlets downstream. Current paths that were not re-confirmed stay until they miss
 * {@link DiscoveryConfig#expiryRounds()} rounds in a row. {@link PathSelection#select} then picks up to k paths
 * greedily by fewest shared links, preferring re-confirmed current paths on ties. If the set changed, the
 * listener is told.
 *
 * <p>A destination that stops being probed (no traffic within the activity window) keeps its paths as they
 * were: rounds, and with them expiry, resume with its traffic, and the first round re-confirms or begins to
 * expire them. {@link #onPathFailure} still removes a path at any time.
 *
 * <h2>Bad input</h2>
 * Nothing from the network throws. A reply for a destination out of range, a port not probed in the
 * destination's latest round, a TTL out of range or a reserved hop id, a failure report for an unknown port,
 * and a time earlier than one already seen are counted in the {@link SharedCounters} and otherwise ignored.
 *
 * <h2>Memory</h2>
 * Per destination that was ever probed: its k current paths with their hop lists, and the ports of its latest
 * round. Per round in progress (at most one per destination): {@code (k + probesPerRound) x maxTtl} hop ids,
 * in buffers that are pooled and reused, so steady state allocates only the small per-round selection inputs.
 *
 * <h2>Threading</h2>
 * {@link #noteActivity} is thread-safe and lock-free: any number of dataplane threads may call it at any time.
 * Every other method is a control method: the caller serializes them (one thread at a time, for example the
 * thread that calls {@code LoadBalancer.onTick}); the {@link ProbeSender} and {@link PathSetListener} are
 * called from inside them, on that thread.
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
   */

  private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
  /** Activity stamp of a destination that never had traffic. */
  private static final long NEVER = Long.MIN_VALUE;

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
  private long lastNow;
  private boolean anyTime;

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
    this.destinations = new Destination[maxDestinations];
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
    long last = (long) LONGS.getOpaque(lastActivity, destination);
    // Write only when the stamp is stale by a 16th of the window (note 2); a time earlier than the stamp
    // (another thread's clock read, or a clock going backwards) leaves it alone.
    if (last == NEVER || nowNanos - last >= activityGranularity) {
      LONGS.setRelease(lastActivity, destination, nowNanos);
    }
  }

  /**
   * Control method. Ends rounds whose reply timeout passed, and starts the rounds that came due: probes go out
   * through the {@link ProbeSender} from inside this call.
   */
  @Override
  public void onTick(long nowNanos) {
    long now = clock(nowNanos);
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
    long behind = now - slotTime(nextSlot);
    if (behind >= interval) {
      nextSlot += (behind / interval) * maxDestinations; // note 1: skip whole cycles
    }
    while (now - slotTime(nextSlot) >= 0) {
      int d = destinationOfSlot(nextSlot);
      nextSlot++;
      if (!config.probeOnlyActive() || isActive(d, now)) {
        startRound(d, now);
      }
    }
  }

  /**
   * Control method. Records the answer to the probe sent to {@code destination} with {@code sourcePort} and
   * {@code ttl}: {@code hopId} identifies the interface that answered, and {@code fromDestination} says the
   * destination itself answered (its {@code hopId} is then ignored). The first answer per port and TTL stands.
   * Ends the round when this completes every trace. A {@code hopId} of {@link PathSelection#UNKNOWN_HOP}
   * ({@code Long.MIN_VALUE}) is reserved and counted as an invalid value.
   */
  @Override
  public void onProbeReply(int destination, int sourcePort, int ttl, long hopId, boolean fromDestination,
      long nowNanos) {
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
    if (round == null) {
      // Late answers to the latest round are normal (note 3).
      counters.increment(Arrays.binarySearch(dest.lastRoundPorts, 0, dest.lastRoundCount, sourcePort) >= 0
          ? Counter.PROBE_REPLIES : Counter.PROBE_REPLIES_UNEXPECTED);
      return;
    }
    int slot = Arrays.binarySearch(round.ports, 0, round.count, sourcePort);
    if (slot < 0) {
      counters.increment(Counter.PROBE_REPLIES_UNEXPECTED);
      return;
    }
    counters.increment(Counter.PROBE_REPLIES);
    if (round.dead[slot] || round.complete[slot]) {
      return;
    }
    if (fromDestination) {
      if (round.destinationTtl[slot] == 0 || ttl < round.destinationTtl[slot]) {
        round.destinationTtl[slot] = ttl;
      }
    } else {
      long bit = 1L << (ttl - 1);
      if ((round.answered[slot] & bit) == 0) { // the first answer per TTL stands
        round.answered[slot] |= bit;
        round.hops[slot * maxTtl + ttl - 1] = hopId;
      }
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

  /** Returns the time to use: {@code nowNanos}, or the latest time seen if the clock went backwards. */
  private long clock(long nowNanos) {
    if (anyTime && nowNanos - lastNow < 0) {
      counters.increment(Counter.CLOCK_BACKWARDS);
      return lastNow;
    }
    anyTime = true;
    lastNow = nowNanos;
    return nowNanos;
  }

  private boolean isActive(int d, long now) {
    long last = (long) LONGS.getAcquire(lastActivity, d);
    return last != NEVER && now - last <= activityWindow;
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
      dest = new Destination(k, config.probesPerRound());
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
    dest.round = round;
    dest.destination = d;
    openRounds.add(dest);
    for (int slot = 0; slot < round.count; slot++) {
      for (int ttl = 1; ttl <= maxTtl; ttl++) {
        sender.sendProbe(d, round.ports[slot], ttl);
      }
    }
    counters.add(Counter.PROBES_SENT, (long) round.count * maxTtl);
  }

  private void finishRound(Destination dest) {
    Round round = dest.round;
    dest.round = null;
    openRounds.remove(dest);

    // Traces in order: current paths in their order, then fresh ports in port order.
    int total = round.count;
    long[][] traceHops = new long[total + dest.size][];
    int[] tracePort = new int[total + dest.size];
    int[] traceKind = new int[total + dest.size]; // KIND_ constants
    int[] traceCurrent = new int[total + dest.size]; // index into dest's current paths, or -1
    int traces = 0;
    int expiryRounds = config.expiryRounds();
    for (int i = 0; i < dest.size; i++) {
      int slot = Arrays.binarySearch(round.ports, 0, total, dest.ports[i]);
      long[] hops = slot >= 0 && !round.dead[slot] ? trace(round, slot) : null;
      if (hops != null) {
        dest.hops[i] = hops;
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
    for (int slot = 0; slot < total; slot++) {
      if (round.dead[slot] || dest.indexOf(round.ports[slot]) >= 0) {
        continue;
      }
      long[] hops = trace(round, slot);
      if (hops != null) {
        traceHops[traces] = hops;
        tracePort[traces] = round.ports[slot];
        traceKind[traces] = KIND_FRESH;
        traceCurrent[traces] = -1;
        traces++;
      }
    }
    dest.rememberRound(round);
    pool.push(round);

    // One representative per path: the first trace of it, so current ports win.
    int[] reps = new int[traces];
    int repCount = 0;
    for (int t = 0; t < traces; t++) {
      boolean merged = false;
      for (int r = 0; r < repCount && !merged; r++) {
        merged = PathSelection.samePath(traceHops[reps[r]], traceHops[t]);
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
    int lastRoundCount;

    Destination(int k, int probesPerRound) {
      ports = new int[k];
      hops = new long[k][];
      missed = new int[k];
      lastRoundPorts = new int[k + probesPerRound];
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
    int count;
    int completed;
    long deadline;

    Round(int capacity, int maxTtl) {
      ports = new int[capacity];
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
      Arrays.fill(destinationTtl, 0);
      Arrays.fill(complete, false);
      Arrays.fill(dead, false);
    }
  }
}
