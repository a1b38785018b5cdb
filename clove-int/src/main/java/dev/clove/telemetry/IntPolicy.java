// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.telemetry;

import dev.clove.api.Counter;
import dev.clove.core.PathChooser;
import dev.clove.core.PathPolicy;
import dev.clove.core.PathSet;
import dev.clove.core.internal.Checks;
import dev.clove.core.internal.GuardedClocks;
import dev.clove.core.internal.Hashing;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * CLOVE-INT on the sending hypervisor: each new flowlet goes to the least-utilized path of its destination, by the
 * path utilizations (the largest egress-link utilization along each path) that in-band network telemetry
 * reports and the receiver relays (paper, section 2.3). Built by {@link CloveInt#policy()}; give it to one
 * balancer builder.
 *
 * <h2>Choice</h2>
 * <ul>
 *   <li>A reading is fresh while its age is at most {@code staleAfterNanos}; older readings, and paths never
 *       reported, are unknown.</li>
 *   <li>A new flowlet takes the fresh path with the smallest utilization; exact ties (common: utilizations arrive
 *       quantised to 1/8192) are broken uniformly at random by the chooser's own seeded random source.</li>
 *   <li>Unknown paths are never preferred to fresh ones: while some path of the destination has a fresh reading,
 *       each chooser sends at most one new flowlet per {@code staleAfterNanos} to an unknown path (the next one,
 *       round robin), to re-measure it; every other flowlet goes to a fresh path (see the design notes).</li>
 *   <li>When no path has a fresh reading, the flowlet takes a uniformly random path, like Edge-Flowlet, counted as
 *       {@link Counter#TELEMETRY_STALE_FALLBACK}.</li>
 *   <li>When the path set changes, surviving paths (matched by port) keep their readings; new paths are
 *       unknown.</li>
 * </ul>
 *
 * <h2>Threading</h2>
 * Control methods ({@code onUtilization}, {@code onPathsChanged}, {@code onTick}) run serialised under the
 * balancer's control lock and allocate nothing per reading. Readings reach the choosers through a per-destination
 * seqlock (release on publish, acquire on read), so choosers never block, never allocate, and always see a
 * utilization with its own timestamp. Each chooser is confined to its dataplane thread. {@link #utilizations(int)}
 * and {@link #count(Counter)} may be called from any thread.
 */
public final class IntPolicy implements PathPolicy {
  /*
   * Design notes.
   *
   * Unknown paths are re-measured, not preferred. A path stops being measured as soon as none of our flowlets
   * use it, so if unknown paths were simply avoided, a path that was busy once would be avoided long after it
   * cleared: new flowlets would herd onto the measured paths and leave the others unmeasured for good (in the
   * simulator, this made CLOVE-INT slower than CLOVE-ECN). Earlier versions therefore counted an unknown path
   * as idle, as CONGA ages its remote metrics to zero (Alizadeh et al., SIGCOMM 2014, section 3.3). But a path
   * whose readings stopped because it drops every packet (a gray failure) then looked idle too, and took 99.9% of
   * new flowlets until discovery expired it, 1.3 s later. So an unknown path now gets exploration flowlets
   * only: at most one per staleAfterNanos per chooser and destination, round robin over the unknown paths, while
   * a fresh path exists. A live path answers its exploration flowlet with a reading and then competes on its
   * utilization; a dead one costs one flowlet per staleAfterNanos until the balancer's silence detection (the
   * relay's liveness words, BalancerBuilder.silenceTimeoutNanos) takes it out of service within a few ms.
   * A chooser never gives two explorations of a destination in a row to one flow: the first flowlet after a
   * lull is often a retransmission after a timeout, and a flow whose packets keep being lost would otherwise
   * take every exploration to the same unknown path, never be answered there, and have the silence detector take
   * a live path out of service on that one flow's evidence (four of the five live paths the simulator removed in
   * 20 healthy runs at 70 and 80% load, before this rule).
   * Embedders that put telemetry on discovery probes keep every path measured and make the question moot.
   *
   * Time. Control calls' times are filtered by GuardedClocks: a time slightly earlier than the latest the policy
   * saw is counted as CLOCK_BACKWARDS and treated as no time passing; the reading is still applied (feedback
   * threads may take the lock slightly out of time order). A jump is held for one call (CLOCK_JUMPS), so a glitched
   * report time never stamps a reading, which would otherwise look fresh until real time caught up with it; a
   * confirmed reset to an earlier time forgets readings stamped after it. A chooser whose clock is behind a
   * reading's time treats the reading as age 0.
   */

  static final long NEVER = Long.MIN_VALUE;
  /** Utilization above this is a broken or hostile report; matches the balancer's own filter. */
  static final double MAX_PLAUSIBLE_UTILIZATION = 16.0;

  /** Settings from the builder; 0 or -1 where unset and derived from the base RTT. */
  private final long configuredBaseRttNanos;
  private final long configuredStaleAfterNanos;
  private long staleAfterNanos;
  private final AtomicLongArray counters = new AtomicLongArray(Counter.values().length);

  private volatile Readings readings;
  private int maxDestinations;
  private int maxPaths;
  private Destination[] destinations;
  private final GuardedClocks clock = new GuardedClocks(1);

  // Scratch for onPathsChanged.
  private int[] scratchPorts;
  private double[] scratchUtilizations;
  private long[] scratchTimes;

  /** Control-side copy of one destination's readings; written only under the control lock. */
  static final class Destination {
    int size;
    final int[] ports;
    final double[] utilizations;
    final long[] times;

    Destination(int maxPaths) {
      ports = new int[maxPaths];
      utilizations = new double[maxPaths];
      times = new long[maxPaths];
    }
  }

  IntPolicy(long baseRttNanos, long staleAfterNanos) {
    this.configuredBaseRttNanos = baseRttNanos;
    this.configuredStaleAfterNanos = staleAfterNanos;
    resolve(baseRttNanos > 0 ? baseRttNanos : CloveInt.DEFAULT_BASE_RTT_NANOS);
  }

  /** Readings go stale after ten base RTTs unless the builder set {@code staleAfterNanos}. */
  private void resolve(long baseRttNanos) {
    staleAfterNanos = configuredStaleAfterNanos > 0 ? configuredStaleAfterNanos
        : Math.multiplyExact(10, baseRttNanos);
  }

  @Override
  public boolean usesFlowlets() {
    return true;
  }

  @Override
  public boolean consumesUtilization() {
    return true;
  }

  @Override
  public void bind(int maxDestinations, int maxPathsPerDestination, long baseRttNanos) {
    if (readings != null) {
      throw new IllegalStateException("policy is already bound to a balancer; create one per balancer");
    }
    long rtt = Checks.agreedBaseRtt("CloveInt.policy().baseRttNanos", configuredBaseRttNanos, baseRttNanos);
    if (configuredStaleAfterNanos <= 0 && rtt > Long.MAX_VALUE / 10) {
      throw new IllegalArgumentException("baseRttNanos=" + rtt + " is too large for CLOVE-INT's default "
          + "staleAfterNanos (ten base RTTs); set staleAfterNanos explicitly");
    }
    resolve(rtt);
    Readings r = new Readings(maxDestinations, maxPathsPerDestination);
    this.maxDestinations = maxDestinations;
    this.maxPaths = maxPathsPerDestination;
    this.destinations = new Destination[maxDestinations];
    this.scratchPorts = new int[maxPathsPerDestination];
    this.scratchUtilizations = new double[maxPathsPerDestination];
    this.scratchTimes = new long[maxPathsPerDestination];
    this.readings = r;
  }

  @Override
  public PathChooser newChooser(long seed) {
    return new IntChooser(boundReadings(), staleAfterNanos, seed);
  }

  @Override
  public void onPathsChanged(int destination, PathSet previous, PathSet current, long nowNanos) {
    Objects.requireNonNull(previous, "previous");
    Objects.requireNonNull(current, "current");
    Readings r = boundReadings();
    if (destination < 0 || destination >= maxDestinations) {
      increment(Counter.FEEDBACK_UNKNOWN_DESTINATION);
      return;
    }
    final int n = current.size();
    if (n > maxPaths) {
      increment(Counter.FEEDBACK_INVALID_VALUE);
      return;
    }
    Destination d = destinations[destination];
    if (d == null) {
      if (n == 0) {
        return;
      }
      d = destinations[destination] = new Destination(maxPaths);
    }
    final int[] p = scratchPorts;
    final double[] u = scratchUtilizations;
    final long[] t = scratchTimes;
    for (int j = 0; j < n; j++) {
      p[j] = current.port(j);
      int k = indexOf(d, p[j]);
      u[j] = k >= 0 ? d.utilizations[k] : Double.NaN;
      t[j] = k >= 0 ? d.times[k] : NEVER;
    }
    System.arraycopy(p, 0, d.ports, 0, n);
    System.arraycopy(u, 0, d.utilizations, 0, n);
    System.arraycopy(t, 0, d.times, 0, n);
    d.size = n;
    r.publish(destination, n, d.ports, d.utilizations, d.times);
  }

  @Override
  public void onUtilization(int destination, int pathIndex, double utilization, long nowNanos) {
    Readings r = boundReadings();
    if (destination < 0 || destination >= maxDestinations) {
      increment(Counter.FEEDBACK_UNKNOWN_DESTINATION);
      return;
    }
    final Destination d = destinations[destination];
    if (d == null || pathIndex < 0 || pathIndex >= d.size) {
      increment(Counter.FEEDBACK_UNKNOWN_PATH);
      return;
    }
    if (!(utilization >= 0 && utilization <= MAX_PLAUSIBLE_UTILIZATION)) {
      increment(Counter.FEEDBACK_INVALID_VALUE);
      return;
    }
    final long now = advanceClock(nowNanos);
    d.utilizations[pathIndex] = utilization;
    d.times[pathIndex] = now;
    r.update(destination, pathIndex, utilization, now);
  }

  @Override
  public void onTick(long nowNanos) {
    if (readings != null) {
      advanceClock(nowNanos); // staleness is judged by the choosers against their own clocks
    }
  }

  @Override
  public long count(Counter counter) {
    return counters.get(counter.ordinal());
  }

  /**
   * The latest reported utilization of each path of {@code destination}, index-aligned with its current
   * {@link PathSet}, fresh or not; {@code NaN} for a path never reported. Empty if the destination is out of range,
   * has no paths, or the policy is not bound. Allocates; for inspection and tests. Thread-safe.
   *
   * @param destination dense id of the destination; any value is accepted
   * @return a new array with the latest utilization of each current path (a fraction of link capacity, or
   *     {@code NaN}), possibly empty
   */
  public double[] utilizations(int destination) {
    Readings r = readings;
    if (r == null || destination < 0 || destination >= maxDestinations) {
      return new double[0];
    }
    double[] u = new double[maxPaths];
    int n = r.read(destination, new int[maxPaths], u, new long[maxPaths]);
    return java.util.Arrays.copyOf(u, n);
  }

  /**
   * The age beyond which a reading counts as unknown, in nanoseconds.
   *
   * @return the staleness limit in nanoseconds, positive
   */
  public long staleAfterNanos() {
    return staleAfterNanos;
  }

  /** The published readings, for tests in this package. */
  Readings readings() {
    return readings;
  }

  @Override
  public String toString() {
    return "IntPolicy{staleAfterNanos=" + staleAfterNanos + "}";
  }

  private Readings boundReadings() {
    Readings r = readings;
    if (r == null) {
      throw new IllegalStateException("policy is not bound to a balancer yet");
    }
    return r;
  }

  private static int indexOf(Destination d, int port) {
    for (int i = 0, n = d.size; i < n; i++) {
      if (d.ports[i] == port) {
        return i;
      }
    }
    return -1;
  }

  /** The time to use for a control call made at {@code now}, by the {@link GuardedClocks} rule. */
  private long advanceClock(long now) {
    final long t = clock.advance(0, now);
    final Counter anomaly = clock.anomaly();
    if (anomaly != null) {
      increment(anomaly);
    } else if (clock.status() == GuardedClocks.REBASED_BACKWARD) {
      pullBack(t);
    }
    return t;
  }

  /**
   * After the clock was reset to an earlier time: a reading stamped after {@code now} would look fresh until real
   * time passed its stamp; its age is unknown, so it is marked never read (stale) and republished.
   */
  private void pullBack(long now) {
    for (int destination = 0; destination < maxDestinations; destination++) {
      Destination d = destinations[destination];
      if (d == null) {
        continue;
      }
      boolean changed = false;
      for (int j = 0; j < d.size; j++) {
        if (d.times[j] != NEVER && d.times[j] - now > 0) {
          d.times[j] = NEVER;
          changed = true;
        }
      }
      if (changed) {
        readings.publish(destination, d.size, d.ports, d.utilizations, d.times);
      }
    }
  }

  private void increment(Counter counter) {
    int i = counter.ordinal();
    counters.setRelease(i, counters.getPlain(i) + 1); // single writer: the control lock holder
  }

  /**
   * One dataplane's chooser: reads the destination's readings into scratch arrays and picks the least utilized
   * fresh path. Confined to its thread; allocates nothing per call.
   */
  static final class IntChooser implements PathChooser {
    private final Readings readings;
    private final long staleAfterNanos;
    private final SplittableRandom random;
    private final int[] ports;
    private final double[] utilizations;
    private final long[] times;
    /** Scratch of {@link #choose}: whether each path of the set has a fresh reading. */
    private final boolean[] fresh;
    /**
     * Per destination: when this chooser last sent a flowlet to an unknown path, and (packed) which path it was,
     * in the low {@value #CURSOR_BITS} bits, and 24 bits of the hash of the flow it was, above them.
     */
    private final long[] lastExploration;
    private final int[] explorationCursor;
    /** Keys the flow tags with this chooser's seed, so that a tenant's flow keys cannot choose collisions. */
    private final long flowSecret;
    private static final int CURSOR_BITS = 8;
    private static final int CURSOR_MASK = (1 << CURSOR_BITS) - 1;
    private long staleFallbacks;

    IntChooser(Readings readings, long staleAfterNanos, long seed) {
      this.readings = readings;
      this.staleAfterNanos = staleAfterNanos;
      this.random = new SplittableRandom(seed);
      this.flowSecret = Hashing.mix64(seed ^ 0x2545F4914F6CDD1DL);
      this.ports = new int[readings.maxPaths()];
      this.utilizations = new double[readings.maxPaths()];
      this.times = new long[readings.maxPaths()];
      this.fresh = new boolean[readings.maxPaths()];
      this.lastExploration = new long[readings.maxDestinations()];
      java.util.Arrays.fill(lastExploration, NEVER);
      this.explorationCursor = new int[readings.maxDestinations()];
    }

    @Override
    public int choose(int destination, PathSet paths, long flowKey, long nowNanos) {
      final int n = Math.min(paths.size(), fresh.length);
      final int count = readings.read(destination, ports, utilizations, times);
      boolean anyFresh = false;
      boolean anyUnknown = false;
      int best = 0;
      int ties = 0;
      double bestUtilization = Double.POSITIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        int k = reading(paths.port(i), i, count);
        boolean isFresh = k >= 0 && times[k] != NEVER && nowNanos - times[k] <= staleAfterNanos;
        fresh[i] = isFresh;
        if (!isFresh) {
          anyUnknown = true; // unknown or stale: re-measured by exploration, never preferred (design notes)
          continue;
        }
        anyFresh = true;
        double u = utilizations[k];
        if (u < bestUtilization) {
          bestUtilization = u;
          best = i;
          ties = 1;
        } else if (u == bestUtilization && random.nextInt(++ties) == 0) {
          best = i; // reservoir sampling: each of the tied paths ends up chosen with probability 1/ties
        }
      }
      if (!anyFresh) {
        staleFallbacks++;
        return random.nextInt(paths.size());
      }
      if (anyUnknown) {
        long last = lastExploration[destination];
        final int packed = explorationCursor[destination];
        final int flowTag = (int) Hashing.mix64(flowKey ^ flowSecret) << CURSOR_BITS;
        if ((last == NEVER || nowNanos - last >= staleAfterNanos || nowNanos < last)
            && (last == NEVER || (packed & ~CURSOR_MASK) != flowTag)) { // not the last explorer again
          lastExploration[destination] = nowNanos;
          int start = packed & CURSOR_MASK;
          for (int step = 1; step <= n; step++) {
            int i = (start + step) % n;
            if (!fresh[i]) {
              explorationCursor[destination] = flowTag | i;
              return i;
            }
          }
        }
      }
      return best;
    }

    /** The index in the snapshot of the reading for {@code port}, expected at {@code hint}; -1 if none. */
    private int reading(int port, int hint, int count) {
      if (hint < count && ports[hint] == port) {
        return hint;
      }
      for (int k = 0; k < count; k++) { // only while the path set and readings disagree
        if (ports[k] == port) {
          return k;
        }
      }
      return -1;
    }

    @Override
    public long count(Counter counter) {
      Objects.requireNonNull(counter, "counter");
      return counter == Counter.TELEMETRY_STALE_FALLBACK ? staleFallbacks : 0;
    }
  }
}
