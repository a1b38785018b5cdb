// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import dev.clove.api.Counter;
import dev.clove.api.DestinationPaths;
import dev.clove.core.internal.GuardedClocks;
import dev.clove.core.internal.Hashing;
import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The state every dataplane of one balancer shares: the path set of each destination, the policy, path discovery,
 * the fallback hash, and the control-plane counters.
 *
 * <h2>Threading</h2>
 * Path sets are immutable and published per destination with release semantics ({@link #publishPaths}); dataplane
 * threads read them with acquire semantics ({@link #paths}). Every control operation (feedback, ticks, path
 * changes) runs under {@link #control}, so the policy and discovery see one caller at a time; dataplane threads
 * never take that lock.
 */
final class BalancerCore {
  final int maxDestinations;
  final int maxPaths;
  final int fallbackMinPort;
  final int fallbackPortCount;
  final long fallbackSecret0;
  final long fallbackSecret1;
  /** Keys ECMP's rendezvous hash: the same for every dataplane of this balancer, secret to tenants. */
  final long ecmpSecret;
  final long flowletGapNanos;
  final int flowletCapacity;
  final long seed;
  final long activityNoteIntervalNanos;
  final PathPolicy policy;
  final boolean usesFlowlets;
  private final boolean consumesCongestion;
  private final boolean consumesUtilization;
  private final boolean consumesCongestionFraction;
  final SharedCounters counters = new SharedCounters();
  final Object control = new Object();
  /** The open dataplanes, whose per-thread counts {@link #count} sums. */
  final CopyOnWriteArrayList<CloveBalancer> dataplanes = new CopyOnWriteArrayList<>();
  /** Dataplanes made by {@code newDataplane()} so far; numbers their seeds. */
  final AtomicInteger dataplanesCreated = new AtomicInteger();

  private final AtomicReferenceArray<PathSet> paths;
  /** When each destination's current set was published; written and read under {@link #control}. */
  private final long[] publishedAtNanos;
  private Discovery discovery;
  /** Static paths as configured, by destination; absent for destinations without static paths. */
  private final Int2ObjectOpenHashMap<StaticPaths> staticPaths = new Int2ObjectOpenHashMap<>();
  /** Destinations with a static path in hold-down, in no particular order. */
  private final IntArrayList holdingDown = new IntArrayList();
  final long staticPathHoldDownNanos;
  /** Finds paths that went silent; null when the builder turned silence detection off. */
  final SilenceDetector silence;
  /** Which paths of different destinations are one physical path; null unless the builder shares feedback. */
  final PathSharing sharing;
  /** Per-destination adaptive flowlet gaps; null when the builder left the option off. */
  final AdaptiveGaps adaptiveGaps;
  private long nextPathVersion = 1;
  /** Ticks' times, by the {@link GuardedClocks} rule: one absurd tick time cannot stall the control plane. */
  private final GuardedClocks tickClock = new GuardedClocks(1);
  /** The latest accepted tick time, {@link Long#MIN_VALUE} before the first. */
  private long lastTickNanos = Long.MIN_VALUE;
  /** The time of the control operation in progress, for listeners that are not handed one. */
  private long controlNanos;

  BalancerCore(BalancerBuilder b) {
    this.maxDestinations = b.maxDestinations;
    this.maxPaths = b.maxPathsPerDestination;
    this.fallbackMinPort = b.fallbackMinPort;
    this.fallbackPortCount = b.fallbackMaxPort - b.fallbackMinPort + 1;
    this.seed = b.seed;
    this.fallbackSecret0 = Hashing.mix64(b.seed ^ 0x2545F4914F6CDD1DL);
    this.fallbackSecret1 = Hashing.mix64(b.seed ^ 0x632BE59BD9B4E019L);
    this.ecmpSecret = Hashing.mix64(b.seed ^ 0x5851F42D4C957F2DL);
    this.flowletGapNanos = b.effectiveFlowletGapNanos();
    this.flowletCapacity = b.flowletTableCapacity;
    this.policy = b.policy;
    this.usesFlowlets = policy.usesFlowlets();
    this.consumesCongestion = policy.consumesCongestion();
    this.consumesUtilization = policy.consumesUtilization();
    this.consumesCongestionFraction = policy.consumesCongestionFraction();
    this.paths = new AtomicReferenceArray<>(maxDestinations);
    this.publishedAtNanos = new long[maxDestinations];
    java.util.Arrays.fill(publishedAtNanos, Long.MIN_VALUE);
    for (int d = 0; d < maxDestinations; d++) {
      paths.setPlain(d, PathSet.EMPTY);
    }
    this.activityNoteIntervalNanos = b.activityNoteIntervalNanos();
    this.staticPathHoldDownNanos = b.staticPathHoldDownNanos;
    this.silence = b.silenceTimeoutNanos > 0
        ? new SilenceDetector(maxDestinations, maxPaths, b.silenceTimeoutNanos) : null;
    this.sharing = b.sharePathFeedback ? new PathSharing(maxDestinations) : null;
    this.adaptiveGaps = b.adaptiveGapMinNanos > 0 && usesFlowlets
        ? new AdaptiveGaps(maxDestinations, flowletGapNanos, b.adaptiveGapMinNanos, b.adaptiveGapStaleAfterNanos)
        : null;
    policy.bind(maxDestinations, maxPaths, b.baseRttNanos);
  }

  /**
   * A destination's static paths as configured, and when each was last reported failed
   * ({@link Long#MIN_VALUE} while it is in service). Control thread only.
   */
  private static final class StaticPaths {
    final int[] ports;
    /** The physical id of each port's path, or null if none were given. */
    final long[] ids;
    final long[] failedAt;
    /** How long each port's current (or last) hold-down lasts. */
    final long[] holdFor;
    /** When each port was last re-admitted, and how many silent removals in a row followed re-admissions. */
    final long[] readmittedAt;
    final int[] silentStreak;

    StaticPaths(int[] ports, long[] ids) {
      this.ports = ports;
      this.ids = ids;
      this.failedAt = new long[ports.length];
      java.util.Arrays.fill(failedAt, Long.MIN_VALUE);
      this.holdFor = new long[ports.length];
      this.readmittedAt = new long[ports.length];
      java.util.Arrays.fill(readmittedAt, Long.MIN_VALUE);
      this.silentStreak = new int[ports.length];
    }

    int[] inService() {
      int n = 0;
      for (long t : failedAt) {
        n += t == Long.MIN_VALUE ? 1 : 0;
      }
      int[] live = new int[n];
      for (int i = 0, j = 0; i < ports.length; i++) {
        if (failedAt[i] == Long.MIN_VALUE) {
          live[j++] = ports[i];
        }
      }
      return live;
    }
  }

  /**
   * Publishes a destination's static paths and remembers them for re-admission; {@code ids}, if not null, are
   * their physical identities (see {@link PathSharing}). Caller holds {@link #control}.
   */
  void installStaticPaths(int destination, int[] ports, long[] ids) {
    staticPaths.put(destination, new StaticPaths(ports.clone(), ids == null ? null : ids.clone()));
    publishPaths(destination, ports, 0);
  }

  /** Installs discovery; called once by the builder before the balancer is handed out. */
  void attachDiscovery(Discovery discovery) {
    this.discovery = discovery;
  }

  /** The time passed to the control operation in progress. Caller holds {@link #control}. */
  long controlNanos() {
    return controlNanos;
  }

  PathSet paths(int destination) {
    return paths.getAcquire(destination);
  }

  /** See {@link dev.clove.api.LoadBalancer#paths}. */
  DestinationPaths pathsCopy(int destination) {
    if (destination < 0 || destination >= maxDestinations) {
      return new DestinationPaths(destination, 0, Long.MIN_VALUE, new int[0], new long[0][]);
    }
    synchronized (control) {
      PathSet current = paths.getPlain(destination);
      long[][] hops = new long[current.size()][];
      for (int i = 0; i < hops.length; i++) {
        hops[i] = discovery == null ? null : discovery.hops(destination, current.port(i));
      }
      return new DestinationPaths(destination, current.version(), publishedAtNanos[destination], current.ports(),
          hops);
    }
  }

  /** See {@link dev.clove.api.LoadBalancer#pathsVersion}. */
  long pathsVersion(int destination) {
    return destination < 0 || destination >= maxDestinations ? -1 : paths.getAcquire(destination).version();
  }

  /** The static ECMP hash of a flow onto the fallback port range, the same in every dataplane. */
  int fallbackPort(long flowKey) {
    long h = Hashing.keyed(flowKey, fallbackSecret0, fallbackSecret1);
    return fallbackMinPort + Hashing.reduce(h, fallbackPortCount);
  }

  /** Records traffic to a destination so that discovery probes it; cheap and thread-safe. */
  void noteActivity(int destination, long nowNanos) {
    Discovery d = discovery;
    if (d != null) {
      d.noteActivity(destination, nowNanos);
    }
  }

  /**
   * Replaces the paths of {@code destination} with {@code ports} (truncated to {@link #maxPaths}, duplicates and
   * invalid ports dropped), publishes them and tells the policy. Caller holds {@link #control}.
   */
  void publishPaths(int destination, int[] ports, long nowNanos) {
    int[] clean = new int[Math.min(ports.length, maxPaths)];
    int n = 0;
    for (int port : ports) {
      if (n == clean.length) {
        break;
      }
      if (port < 0 || port > 0xFFFF) {
        counters.increment(Counter.FEEDBACK_INVALID_VALUE);
        continue;
      }
      boolean repeated = false;
      for (int j = 0; j < n; j++) {
        repeated |= clean[j] == port;
      }
      if (!repeated) {
        clean[n++] = port;
      }
    }
    PathSet previous = paths.getPlain(destination);
    int[] published = n == clean.length ? clean : java.util.Arrays.copyOf(clean, n);
    PathSet current = new PathSet(published, nextPathVersion++,
        silence == null ? null : SilenceDetector.carryOver(previous, published));
    paths.setRelease(destination, current);
    publishedAtNanos[destination] = nowNanos;
    if (sharing != null) {
      sharing.update(destination, physicalIds(destination, published));
    }
    policy.onPathsChanged(destination, previous, current, nowNanos);
  }

  /**
   * Discovery changed the traced hops of a current path of {@code destination} without changing its ports (a
   * lost reply filled in, or the fabric moved a port): its physical identity may have changed. Caller holds
   * {@link #control}.
   */
  void hopsChanged(int destination) {
    if (sharing != null) {
      sharing.update(destination, physicalIds(destination, paths.getPlain(destination).ports()));
    }
  }

  /**
   * The physical identity of each of {@code ports}, paths of {@code destination}: from the hops discovery traced
   * (which end before the destination host, so destinations behind one leaf share their fabric paths), else from
   * the ids given with static paths, else {@link PathSharing#NO_IDENTITY}. Caller holds {@link #control}.
   */
  private long[] physicalIds(int destination, int[] ports) {
    long[] ids = new long[ports.length];
    StaticPaths configured = staticPaths.get(destination);
    for (int i = 0; i < ports.length; i++) {
      long id = discovery == null ? PathSharing.NO_IDENTITY
          : PathSharing.idOfHops(discovery.hops(destination, ports[i]));
      if (id == PathSharing.NO_IDENTITY && configured != null && configured.ids != null) {
        for (int j = 0; j < configured.ports.length; j++) {
          id = configured.ports[j] == ports[i] ? configured.ids[j] : id;
        }
      }
      ids[i] = id;
    }
    return ids;
  }

  /**
   * One kind of per-path report a policy consumes, applied to one (destination, path index). A new kind of
   * report that should be shared along physical paths is one more constant here, delivered through
   * {@link #deliver}.
   */
  @FunctionalInterface
  private interface PathReport {
    void apply(PathPolicy policy, int destination, int pathIndex, double value, long nowNanos);
  }

  private static final PathReport CONGESTION = (p, d, i, v, t) -> p.onCongestion(d, i, t);
  private static final PathReport UTILIZATION = (p, d, i, v, t) -> p.onUtilization(d, i, v, t);
  private static final PathReport CONGESTION_FRACTION = (p, d, i, v, t) -> p.onCongestionFraction(d, i, v, t);

  /**
   * Applies {@code report} about path {@code index} of {@code destination}: to that path alone, or, when the
   * balancer shares feedback by physical path, to every (destination, path) the index says is the same physical
   * path, the reporting one included, in the index's order. Liveness is not shared: the caller has already marked
   * the reported path heard for its own destination only, because a report proves that the fabric path and that
   * destination answer, not that another destination behind the same leaf does (its host or access link may be
   * down), and silence detection is what finds such a destination's dead path. Caller holds {@link #control}.
   */
  private void deliver(PathReport report, int destination, int index, double value, long nowNanos) {
    PathSharing.Group group = sharing == null ? null : sharing.group(destination, index);
    if (group == null) {
      report.apply(policy, destination, index, value, nowNanos);
      return;
    }
    final int[] members = group.members;
    final int pairs = group.pairs;
    for (int k = 0; k < pairs; k++) {
      report.apply(policy, members[2 * k], members[2 * k + 1], value, nowNanos);
    }
  }

  /**
   * The index of {@code sourcePort} among the current paths of {@code destination} (a known one), which a report
   * proves heard, so it is stamped heard at {@code nowNanos}; or -1, counted as {@link Counter#FEEDBACK_UNKNOWN_PATH},
   * if it is not a current path. Caller holds {@link #control}.
   */
  private int reportedPath(int destination, int sourcePort, long nowNanos) {
    PathSet current = paths.getPlain(destination);
    int index = current.indexOf(sourcePort);
    if (index < 0) {
      counters.increment(Counter.FEEDBACK_UNKNOWN_PATH);
      return -1;
    }
    SilenceDetector.heard(current, index, nowNanos);
    return index;
  }

  // ---- control operations: each takes the control lock ----

  void congestion(int destination, int sourcePort, long nowNanos) {
    synchronized (control) {
      // Counted under the lock, where every report is counted: a plain increment, not an atomic one.
      counters.incrementHeld(Counter.CONGESTION_REPORTS);
      int index = knownDestination(destination) ? reportedPath(destination, sourcePort, nowNanos) : -1;
      if (index < 0) {
        return;
      }
      if (!consumesCongestion) { // a report about a real path, but this policy has no use for it: miswired relay
        counters.incrementHeld(Counter.FEEDBACK_WRONG_KIND);
        return;
      }
      deliver(CONGESTION, destination, index, 0, nowNanos);
    }
  }

  /**
   * A graded congestion report. A policy that does not take fractions gets a fraction above 0 as a mark, if it takes
   * marks; a fraction of 0 is then only a liveness report. Counted as a congestion report either way. A graded
   * relay reports every port it hears, so its reports arm silence detection (SilenceDetector note 4) and are shared
   * along physical paths like marks.
   */
  void congestionFraction(int destination, int sourcePort, double fraction, long nowNanos) {
    if (!(fraction >= 0 && fraction <= 1)) {
      counters.increment(Counter.FEEDBACK_INVALID_VALUE);
      return;
    }
    if (!consumesCongestionFraction && fraction == 0) {
      heard(destination, sourcePort, nowNanos);
      return;
    }
    if (!consumesCongestionFraction) {
      congestion(destination, sourcePort, nowNanos);
      return;
    }
    synchronized (control) {
      counters.incrementHeld(Counter.CONGESTION_REPORTS);
      int index = knownDestination(destination) ? reportedPath(destination, sourcePort, nowNanos) : -1;
      if (index < 0) {
        return;
      }
      if (silence != null) {
        silence.arm(destination, nowNanos); // a graded relay reports every port it hears, as a utilization relay
      }
      deliver(CONGESTION_FRACTION, destination, index, fraction, nowNanos);
    }
  }

  void utilization(int destination, int sourcePort, double utilization, long nowNanos) {
    if (!knownDestination(destination)) {
      return;
    }
    if (!(utilization >= 0 && utilization <= MAX_PLAUSIBLE_UTILIZATION)) {
      counters.increment(Counter.FEEDBACK_INVALID_VALUE);
      return;
    }
    synchronized (control) {
      int index = reportedPath(destination, sourcePort, nowNanos);
      if (index < 0) {
        return;
      }
      if (silence != null) {
        silence.arm(destination, nowNanos); // a utilization relay reports every port it hears (SilenceDetector 4)
      }
      if (!consumesUtilization) { // see congestion(): a miswired relay
        counters.increment(Counter.FEEDBACK_WRONG_KIND);
        return;
      }
      counters.increment(Counter.UTILIZATION_REPORTS);
      deliver(UTILIZATION, destination, index, utilization, nowNanos);
    }
  }

  /**
   * A liveness word: {@code sourcePort} of {@code destination} is heard. Lock-free, except for the first word
   * from a destination, which arms its silence detection under the control lock. A word about a port that is not
   * a current path (an ECMP fallback port, a path just replaced) is ignored without counting it as an anomaly:
   * relays report every port they hear.
   */
  void heard(int destination, int sourcePort, long nowNanos) {
    counters.increment(Counter.LIVENESS_REPORTS);
    if (!knownDestination(destination)) {
      return;
    }
    final SilenceDetector detector = silence;
    if (detector == null) {
      return;
    }
    PathSet current = paths.getAcquire(destination);
    int index = current.indexOf(sourcePort);
    if (index >= 0) {
      SilenceDetector.heard(current, index, nowNanos);
    }
    if (!detector.isArmed(destination)) {
      synchronized (control) {
        detector.arm(destination, nowNanos);
      }
    }
  }

  /**
   * A path-delay report: the spread of one-way delays among the paths the destination heard from us. Applied under
   * the control lock when the adaptive gap is on; ignored otherwise (a relay with delay reports may serve senders
   * with and without the option).
   */
  void pathDelay(int destination, int portsMeasured, long spreadNanos, long nowNanos) {
    final AdaptiveGaps gaps = adaptiveGaps;
    if (gaps == null || !knownDestination(destination)) {
      return;
    }
    synchronized (control) {
      gaps.report(destination, portsMeasured, paths.getPlain(destination).size(), spreadNanos, nowNanos, counters);
    }
  }

  /** Utilization is a fraction of capacity; anything beyond this is a broken or hostile report. */
  static final double MAX_PLAUSIBLE_UTILIZATION = 16.0;

  void probeReply(int destination, int sourcePort, int ttl, int probeId, long hopId, boolean fromDestination,
      long nowNanos) {
    if (!knownDestination(destination)) {
      return;
    }
    synchronized (control) {
      if (discovery == null) {
        counters.increment(Counter.PROBE_REPLIES_UNEXPECTED);
        return;
      }
      // A reply may come synchronously from inside tick's ProbeSender: restore the tick's time afterwards, so a
      // path change the tick publishes later is stamped with the tick's time, not the reply's.
      long saved = controlNanos;
      controlNanos = nowNanos;
      try {
        discovery.onProbeReply(destination, sourcePort, ttl, probeId, hopId, fromDestination, nowNanos);
      } finally {
        controlNanos = saved;
      }
    }
  }

  void pathFailure(int destination, int sourcePort, long nowNanos) {
    if (!knownDestination(destination)) {
      return;
    }
    synchronized (control) {
      controlNanos = nowNanos;
      if (discovery != null) {
        discovery.onPathFailure(destination, sourcePort, nowNanos);
        return;
      }
      counters.increment(Counter.PATH_FAILURES);
      removeStatic(destination, sourcePort, nowNanos, false);
    }
  }

  /**
   * Takes a path that went silent out of service, as a reported failure would, but counted as
   * {@link Counter#PATHS_SILENT}. Caller holds {@link #control}.
   */
  void silentPath(int destination, int sourcePort, long nowNanos) {
    counters.increment(Counter.PATHS_SILENT);
    if (discovery != null) {
      discovery.onPathSilent(destination, sourcePort, nowNanos);
    } else {
      removeStatic(destination, sourcePort, nowNanos, true);
    }
  }

  /** Silent removals in a row after which a static path's hold-down stops doubling (64 hold-downs). */
  private static final int MAX_SILENT_DOUBLINGS = 6;

  /**
   * Puts a static path in hold-down and publishes the set without it. A reported failure holds it for
   * {@link #staticPathHoldDownNanos}. A path found {@code silent} again less than its last hold-down after it was
   * re-admitted is held twice as long as the time before, up to 64 hold-downs: a gray link can last for hours,
   * and each re-admission costs the new flowlets of a silence timeout. Caller holds {@link #control}.
   */
  private void removeStatic(int destination, int sourcePort, long nowNanos, boolean silent) {
    StaticPaths configured = staticPaths.get(destination);
    int index = -1;
    for (int i = 0; configured != null && i < configured.ports.length; i++) {
      index = configured.ports[i] == sourcePort ? i : index;
    }
    if (index < 0) {
      counters.increment(Counter.FEEDBACK_UNKNOWN_PATH);
      return;
    }
    boolean wasInService = configured.failedAt[index] == Long.MIN_VALUE;
    // The hold-down runs on tick time, which a single absurd report time cannot push into the future.
    long at = lastTickNanos != Long.MIN_VALUE ? lastTickNanos : nowNanos;
    configured.failedAt[index] = at;
    long readmitted = configured.readmittedAt[index];
    if (silent && wasInService && readmitted != Long.MIN_VALUE && at - readmitted < configured.holdFor[index]) {
      configured.silentStreak[index] = Math.min(MAX_SILENT_DOUBLINGS, configured.silentStreak[index] + 1);
    } else if (wasInService) {
      configured.silentStreak[index] = 0;
    }
    int doublings = silent ? configured.silentStreak[index] : 0;
    configured.holdFor[index] = staticPathHoldDownNanos > (Long.MAX_VALUE >> doublings) ? Long.MAX_VALUE
        : staticPathHoldDownNanos << doublings;
    if (!holdingDown.contains(destination)) {
      holdingDown.add(destination);
    }
    if (wasInService) {
      counters.increment(Counter.PATHS_REMOVED);
      publishPaths(destination, configured.inService(), nowNanos);
    }
  }

  void tick(long tickNanos) {
    synchronized (control) {
      final long nowNanos = tickClock.advance(0, tickNanos);
      final Counter anomaly = tickClock.anomaly();
      if (anomaly != null) {
        counters.increment(anomaly);
        return; // no time passed: nothing is due
      }
      if (tickClock.status() == GuardedClocks.REBASED_BACKWARD) {
        pullBackHoldDowns(nowNanos);
      }
      lastTickNanos = nowNanos;
      controlNanos = nowNanos;
      if (discovery != null) {
        discovery.onTick(nowNanos);
      }
      if (!holdingDown.isEmpty()) {
        readmitStaticPaths(nowNanos);
      }
      if (silence != null) {
        silence.scan(this, nowNanos);
      }
      policy.onTick(nowNanos);
    }
  }

  /** After the tick clock was reset to an earlier time, no hold-down may have started after it. */
  private void pullBackHoldDowns(long nowNanos) {
    for (int k = 0; k < holdingDown.size(); k++) {
      long[] failedAt = staticPaths.get(holdingDown.getInt(k)).failedAt;
      for (int i = 0; i < failedAt.length; i++) {
        if (failedAt[i] != Long.MIN_VALUE && failedAt[i] - nowNanos > 0) {
          failedAt[i] = nowNanos;
        }
      }
    }
  }

  /** Returns static paths whose hold-down has passed to service. Caller holds {@link #control}. */
  private void readmitStaticPaths(long nowNanos) {
    for (int k = holdingDown.size() - 1; k >= 0; k--) {
      int destination = holdingDown.getInt(k);
      StaticPaths configured = staticPaths.get(destination);
      boolean readmitted = false;
      boolean stillHeld = false;
      for (int i = 0; i < configured.ports.length; i++) {
        long failed = configured.failedAt[i];
        if (failed == Long.MIN_VALUE) {
          continue;
        }
        if (nowNanos - failed >= configured.holdFor[i]) {
          configured.failedAt[i] = Long.MIN_VALUE;
          configured.readmittedAt[i] = nowNanos;
          readmitted = true;
          counters.increment(Counter.PATHS_ADDED);
        } else {
          stillHeld = true;
        }
      }
      if (readmitted) {
        publishPaths(destination, configured.inService(), nowNanos);
      }
      if (!stillHeld) {
        holdingDown.removeInt(k);
      }
    }
  }

  private boolean knownDestination(int destination) {
    if (destination < 0 || destination >= maxDestinations) {
      counters.increment(Counter.FEEDBACK_UNKNOWN_DESTINATION);
      return false;
    }
    return true;
  }

  /** Removes a closed dataplane and keeps its counts in the shared totals. Idempotent. */
  void retire(CloveBalancer dataplane) {
    synchronized (control) {
      if (dataplanes.remove(dataplane)) {
        for (Counter counter : Counter.values()) {
          long local = dataplane.localCount(counter);
          if (local != 0) {
            counters.add(counter, local);
          }
        }
      }
    }
  }

  long count(Counter counter) {
    long total = counters.get(counter) + policy.count(counter);
    for (CloveBalancer dataplane : dataplanes) {
      total += dataplane.localCount(counter);
    }
    return total;
  }
}
