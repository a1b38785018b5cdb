// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.ecn;

import dev.clove.api.Counter;
import dev.clove.core.PathChooser;
import dev.clove.core.PathPolicy;
import dev.clove.core.PathSet;
import dev.clove.core.internal.Checks;
import dev.clove.core.internal.GuardedClocks;
import dev.clove.core.internal.PathWeights;
import dev.clove.core.internal.SmoothWeightedRoundRobin;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * CLOVE-ECN on the sending hypervisor: per destination, a weight per path that relayed ECN marks cut, and smooth
 * weighted round robin over those weights for new flowlets (paper, section 2.3). Built by
 * {@link CloveEcn#policy()}; give it to one balancer builder.
 *
 * <h2>Algorithm</h2>
 * <ul>
 *   <li>A destination's weights start equal and always sum to 1.</li>
 *   <li>A congestion report for path {@code p} at time {@code t}: if {@code p} was cut less than one relay interval
 *       before {@code t}, the report is suppressed (counted {@link Counter#CONGESTION_SUPPRESSED}), so a burst of
 *       marks cuts a path once, not once per packet. Otherwise {@code w_p <- (1 - cutFactor) w_p}, and the
 *       removed amount is split equally among the destination's other paths that are currently uncongested,
 *       those with no report within the congestion memory (counted {@link Counter#CONGESTION_CUTS}).</li>
 *   <li>If every other path is congested, the report changes nothing (see below).</li>
 *   <li>Optionally, weights {@linkplain Recovery decay toward equal} over time.</li>
 *   <li>When the path set changes, surviving paths (matched by port) keep their weight and history, new paths
 *       join with the equal share {@code 1/n}, and the vector is renormalised to sum 1.</li>
 * </ul>
 *
 * <h2>Graded mode (issue #15; off by default)</h2>
 * Built with {@link CloveEcn.PolicyBuilder#graded(boolean) graded(true)}, the policy takes the CE fractions that a
 * {@linkplain CloveEcn#gradedRelay() graded relay} reports and moves weight in proportion to them:
 * <ul>
 *   <li>Per path it keeps a level, an average of its reported fractions ({@code level <- (level + f) / 2} per
 *       report; a path with no report within the {@linkplain CloveEcn.PolicyBuilder#commonModeWindowNanos common-mode
 *       window} starts again from {@code f}).</li>
 *   <li>The destination's baseline is the lowest level among its paths reported within that window; it is 0 when
 *       no other path was. A path's excess is its level above the baseline (0 for a path not reported within the
 *       window). Marks that hit every path alike (the destination's access port) raise every level and the
 *       baseline with them, and so move nothing.</li>
 *   <li>A report for path {@code p} with fraction {@code f} cuts, unless suppressed as in the paper (a cut less than
 *       one relay interval ago), {@code w_p * cutFactor * e}, where {@code e = max(0, min(f, level_p) - baseline)}:
 *       the excess shown both by this report and by the path's level, so that neither one noisy window nor an
 *       average lagging behind a clear report moves weight. A path marked on every packet, with no common mode and
 *       a level at 1 (a first report after a silence sets it), loses the paper's {@code cutFactor}.</li>
 *   <li>The cut goes to the paths less marked than {@code p}, to each in proportion to how much less
 *       ({@code e_p - e_j}), so the sum stays 1 and the least marked path gains the most. A path with no excess
 *       is never cut; the paper's "no uncongested path" case becomes "no path less marked", which can only happen
 *       when {@code p} is the destination's only path (counted {@link Counter#CONGESTION_NO_RECIPIENT}).</li>
 *   <li>A one-bit mark ({@code onCongestion}, from a relay of the paper's kind) is read as a fraction of 1.</li>
 * </ul>
 *
 * <h2>Threading</h2>
 * The control methods ({@code onCongestion}, {@code onTick}, {@code onPathsChanged}) are called serialised by the
 * balancer and allocate nothing in steady state (path-set changes allocate once per new destination). Weights
 * reach the dataplane choosers through a {@link PathWeights} seqlock, so choosers never block and never see a
 * torn vector. {@link #weights(int)} and {@link #count(Counter)} may be called from any thread.
 */
public final class EcnPolicy implements PathPolicy {
  /*
   * Design notes.
   *
   * No uncongested path to give to. The paper spreads the removed weight "equally across all the other
   * uncongested paths" [1, section 2.3]. When every other path is congested too (reported within the congestion
   * memory), there is no such path, and we leave the weights unchanged: the report is not counted as a cut and
   * does not start the path's suppression interval. Two alternatives were rejected. Spreading the cut over all
   * other paths would move traffic from one congested path to other congested paths on the strength of which
   * report happened to arrive first; when the whole fabric is congested, the reports come from every path and
   * such moves only add churn (and reordering risk) without relieving anything. Cutting without giving the mass
   * anywhere would break the sum-to-one invariant the scheduler relies on. Keeping the mass where it is keeps the
   * sum exactly 1, keeps the invariant "a cut only ever feeds uncongested paths", and the first report after
   * another path clears will act normally.
   *
   * Time. Every control call passes a time, filtered by GuardedClocks: a time slightly earlier than the latest
   * one seen is counted as CLOCK_BACKWARDS and treated as no time passing (the report itself is still applied):
   * feedback arriving on several threads can take the balancer lock slightly out of time order, and dropping
   * such reports would lose congestion information for a benign race. A jump (a glitch) is held for one call and
   * counted as CLOCK_JUMPS, so one absurd time never stamps a cut; a confirmed reset to an earlier time forgets
   * every stamp after it, so no cut waits for real time to catch up. onPathsChanged does not take part: the builder publishes static
   * paths with time 0, which must not pin the clock.
   *
   * Drift. A cut moves weight between paths, so in real arithmetic the sum stays 1; in doubles each cut may
   * move it by a few ulps. A cut renormalises the vector only when its sum has drifted more than DRIFT (1e-12)
   * from 1, so drift never accumulates beyond that, and the common cut skips the division and a pass over the
   * weights (the control path is latency-bound: the balancer's lock serialises reports). Every other update
   * (path-set change, decay) renormalises.
   *
   * Graded mode. Source: DCTCP's alpha [2] (the sender estimates the fraction of its packets marked, instead of
   * reacting to each mark) and PLB's per-round CE fraction [3]; here the fraction is measured per path by the
   * receiver (the relay counts) and acted on per path by the sender. Changes from the binary rule and why: (1) the
   * cut scales with the excess fraction, so a path marked on 5% of its packets loses a twentieth of what a path
   * marked on all of them loses, where the paper cut both by a third (the issue measured 99.7% of reports cutting);
   * (2) the excess is taken over the destination's least marked recent path, because 28% of marks in the
   * asymmetric fabric come from the destination's access port, which every path shares and no path choice can
   * avoid; (3) the cut goes to the less marked paths in proportion to their margin, the graded form of "the
   * uncongested paths". The level averages two reports (gain 1/2): a window of one or two packets reads as 0 or 1,
   * and halving such an outlier is enough, while a persistent fraction is reached to 7/8 within three reports
   * (1.5 RTTs at the default interval); a smaller gain, DCTCP's 1/16 per RTT, would lag the per-interval cuts it
   * drives and make them overshoot. The common-mode window is long (default 20 relay intervals, 1 ms at the
   * default RTT) because a destination's flowlets visit its paths a few at a time: with one interval, the other
   * paths would rarely be recent and the baseline would fall to 0, the paper's rule.
   *
   * [1] Katta et al., "CLOVE: How I Learned to Stop Worrying About the Core and Love the Edge", HotNets 2016.
   * [2] Alizadeh et al., "Data Center TCP (DCTCP)", SIGCOMM 2010, section 3.1.
   * [3] Qureshi et al., "PLB: Congestion Signals are Simple and Effective for Network Load Balancing", SIGCOMM 2022.
   */

  private static final long NEVER = Long.MIN_VALUE;
  /** A cut renormalises only if the weights' sum is further than this from 1 (see "Drift"). */
  private static final double DRIFT = 1e-12;
  /** Weights closer than this to equal snap to exactly equal, so an idle destination stops republishing. */
  private static final double SNAP = 1e-12;

  /** Settings from the builder; 0 or -1 where unset and derived from the base RTT (see {@link #resolve}). */
  private final long configuredBaseRttNanos;
  private final long configuredRelayIntervalNanos;
  private final long configuredCongestionMemoryNanos;
  private long relayIntervalNanos;
  private long congestionMemoryNanos;
  private final double cutFactor;
  private final Recovery recovery;
  /** Graded mode (see the class comment); false: the paper's algorithm. */
  private final boolean graded;
  private final long configuredCommonModeWindowNanos;
  private long commonModeWindowNanos;
  /**
   * Graded mode: an excess at or below this is none. Levels are averages computed in doubles, so two paths with the
   * same reports can differ by a few ulps; such noise must neither cut nor start a path's suppression interval
   * (which would hold back the next, real cut). Fractions come in steps of 1/1023, far above it.
   */
  private static final double NO_EXCESS = 1e-9;
  /** Weight of a new report in a path's level (graded mode). */
  static final double LEVEL_GAIN = 0.5;
  private final AtomicLongArray counters = new AtomicLongArray(Counter.values().length);

  private volatile PathWeights published;
  private int maxDestinations;
  private int maxPaths;
  private Destination[] destinations;
  private int[] active;
  private int activeCount;
  private final GuardedClocks clock = new GuardedClocks(1);

  // Scratch for onPathsChanged, reused so a path-set change allocates only for a destination's first paths.
  private double[] scratchWeights;
  private long[] scratchCut;
  private long[] scratchReport;
  private double[] scratchLevel;
  /** {@code 1.0 / k} at {@code [k]}: a cut's share per recipient without a division. */
  private double[] reciprocals;

  /** Control-side state of one destination; written only under the balancer's control lock. */
  static final class Destination {
    int size;
    final int[] ports;
    final double[] weights;
    /**
     * Path {@code j}'s last cut at {@code [2j]} and last report at {@code [2j + 1]}: one array, so that a report
     * touches one line of it instead of one line in each of two arrays.
     */
    final long[] times;
    /** Graded mode: path {@code j}'s level, the average of its reported CE fractions (see the class comment). */
    final double[] levels;
    long lastDecay = NEVER;

    Destination(int maxPaths) {
      ports = new int[maxPaths];
      weights = new double[maxPaths];
      times = new long[2 * maxPaths];
      levels = new double[maxPaths];
    }
  }

  EcnPolicy(long baseRttNanos, long relayIntervalNanos, long congestionMemoryNanos, double cutFactor,
      Recovery recovery) {
    this(baseRttNanos, relayIntervalNanos, congestionMemoryNanos, cutFactor, recovery, false, -1);
  }

  EcnPolicy(long baseRttNanos, long relayIntervalNanos, long congestionMemoryNanos, double cutFactor,
      Recovery recovery, boolean graded, long commonModeWindowNanos) {
    this.graded = graded;
    this.configuredCommonModeWindowNanos = commonModeWindowNanos;
    this.configuredBaseRttNanos = baseRttNanos;
    this.configuredRelayIntervalNanos = relayIntervalNanos;
    this.configuredCongestionMemoryNanos = congestionMemoryNanos;
    this.cutFactor = cutFactor;
    this.recovery = recovery;
    resolve(baseRttNanos > 0 ? baseRttNanos : CloveEcn.DEFAULT_BASE_RTT_NANOS);
  }

  /** Derives the unset time constants from {@code baseRttNanos}: relay interval RTT / 2, memory one interval. */
  private void resolve(long baseRttNanos) {
    relayIntervalNanos = configuredRelayIntervalNanos > 0 ? configuredRelayIntervalNanos
        : Math.max(1, baseRttNanos / 2);
    congestionMemoryNanos = configuredCongestionMemoryNanos >= 0 ? configuredCongestionMemoryNanos
        : relayIntervalNanos;
    commonModeWindowNanos = configuredCommonModeWindowNanos > 0 ? configuredCommonModeWindowNanos
        : (relayIntervalNanos > Long.MAX_VALUE / CloveEcn.COMMON_MODE_INTERVALS ? Long.MAX_VALUE
            : relayIntervalNanos * CloveEcn.COMMON_MODE_INTERVALS);
  }

  @Override
  public boolean usesFlowlets() {
    return true;
  }

  @Override
  public boolean consumesCongestion() {
    return true;
  }

  /** True in graded mode ({@link CloveEcn.PolicyBuilder#graded(boolean)}). */
  @Override
  public boolean consumesCongestionFraction() {
    return graded;
  }

  @Override
  public void bind(int maxDestinations, int maxPathsPerDestination, long baseRttNanos) {
    if (published != null) {
      throw new IllegalStateException("policy is already bound to a balancer; create one per balancer");
    }
    resolve(Checks.agreedBaseRtt("CloveEcn.policy().baseRttNanos", configuredBaseRttNanos, baseRttNanos));
    PathWeights weights = new PathWeights(maxDestinations, maxPathsPerDestination);
    this.maxDestinations = maxDestinations;
    this.maxPaths = maxPathsPerDestination;
    this.destinations = new Destination[maxDestinations];
    this.active = new int[Math.min(maxDestinations, 16)];
    this.scratchWeights = new double[maxPathsPerDestination];
    this.scratchCut = new long[maxPathsPerDestination];
    this.scratchReport = new long[maxPathsPerDestination];
    this.scratchLevel = new double[maxPathsPerDestination];
    this.reciprocals = new double[maxPathsPerDestination + 1];
    for (int k = 1; k <= maxPathsPerDestination; k++) {
      reciprocals[k] = 1.0 / k;
    }
    this.published = weights;
  }

  @Override
  public PathChooser newChooser(long seed) {
    PathWeights weights = boundWeights();
    // The seed keys only where each destination's rotation starts (ties); shares follow the weights exactly.
    SmoothWeightedRoundRobin wrr = new SmoothWeightedRoundRobin(weights, maxDestinations, seed);
    return (destination, paths, flowKey, nowNanos) -> wrr.next(destination, paths.size());
  }

  @Override
  public void onPathsChanged(int destination, PathSet previous, PathSet current, long nowNanos) {
    Objects.requireNonNull(previous, "previous");
    Objects.requireNonNull(current, "current");
    boundWeights();
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
      d = newDestination(destination);
    }
    final double[] w = scratchWeights;
    final long[] cut = scratchCut;
    final long[] report = scratchReport;
    final double[] level = scratchLevel;
    double survivors = 0;
    int added = 0;
    for (int j = 0; j < n; j++) {
      int k = indexOf(d, current.port(j));
      if (k >= 0) {
        w[j] = d.weights[k];
        cut[j] = d.times[2 * k];
        report[j] = d.times[2 * k + 1];
        level[j] = d.levels[k];
        survivors += w[j];
      } else {
        w[j] = Double.NaN; // filled below
        cut[j] = NEVER;
        report[j] = NEVER;
        level[j] = 0;
        added++;
      }
    }
    final double equal = n == 0 ? 0 : 1.0 / n;
    for (int j = 0; j < n; j++) {
      d.ports[j] = current.port(j);
      d.weights[j] = Double.isNaN(w[j]) ? equal : w[j];
      d.times[2 * j] = cut[j];
      d.times[2 * j + 1] = report[j];
      d.levels[j] = level[j];
    }
    d.size = n;
    if (!(survivors > 0) && added < n) {
      // Surviving paths had (numerically) no weight: nothing to preserve, start over equal.
      for (int j = 0; j < n; j++) {
        d.weights[j] = equal;
      }
    }
    normalise(d);
    published.publish(destination, d.weights, n);
  }

  /**
   * A one-bit congestion report; in graded mode it is read as a fraction of 1 ({@link #onCongestionFraction}).
   */
  @Override
  public void onCongestion(int destination, int pathIndex, long nowNanos) {
    if (graded) {
      onCongestionFraction(destination, pathIndex, 1, nowNanos);
      return;
    }
    boundWeights();
    final Destination d = reported(destination, pathIndex);
    if (d == null) {
      return;
    }
    final long now = advanceClock(nowNanos);
    final boolean decayed = decay(d, now);
    final long lastCut = d.times[2 * pathIndex];
    d.times[2 * pathIndex + 1] = now;
    if (lastCut != NEVER && now - lastCut < relayIntervalNanos) {
      increment(Counter.CONGESTION_SUPPRESSED);
      publishIfDecayed(destination, d, decayed);
      return;
    }
    final int n = d.size;
    final double[] w = d.weights;
    // The reported path itself counts as congested (its last report is now), so "every other uncongested path"
    // needs no j != pathIndex test.
    int recipients = 0;
    for (int j = 0; j < n; j++) {
      if (!congested(d, j, now)) {
        recipients++;
      }
    }
    if (recipients == 0) {
      // Every other path is congested as well: keep the weights (see the design notes).
      increment(Counter.CONGESTION_NO_RECIPIENT);
      publishIfDecayed(destination, d, decayed);
      return;
    }
    final double removed = w[pathIndex] * cutFactor;
    final double share = removed * reciprocals[recipients]; // a multiply instead of a division
    w[pathIndex] -= removed;
    double sum = 0; // normalise's first pass, fused with the redistribution
    for (int j = 0; j < n; j++) {
      double v = congested(d, j, now) ? w[j] : w[j] + share;
      v = v > 0 ? v : 0; // also clears NaN
      w[j] = v;
      sum += v;
    }
    d.times[2 * pathIndex] = now;
    if (!(Math.abs(sum - 1) <= DRIFT)) { // see "Drift" in the design notes
      rescale(d, sum);
    }
    published.publish(destination, w, n);
    increment(Counter.CONGESTION_CUTS);
  }

  /**
   * A graded report (see "Graded mode" in the class comment); ignored unless the policy is graded, since the
   * balancer only calls it then.
   */
  @Override
  public void onCongestionFraction(int destination, int pathIndex, double fraction, long nowNanos) {
    boundWeights();
    if (!graded) {
      return;
    }
    final Destination d = reported(destination, pathIndex);
    if (d == null) {
      return;
    }
    if (!(fraction >= 0 && fraction <= 1)) {
      increment(Counter.FEEDBACK_INVALID_VALUE);
      return;
    }
    final long now = advanceClock(nowNanos);
    final boolean decayed = decay(d, now);
    final int n = d.size;
    final double[] levels = d.levels;
    final long[] times = d.times;
    // The path's level: an average of its reports, restarted by a report after a silence longer than the window.
    final double level = recent(times[2 * pathIndex + 1], now) ? levels[pathIndex] + LEVEL_GAIN
        * (fraction - levels[pathIndex]) : fraction;
    levels[pathIndex] = level;
    times[2 * pathIndex + 1] = now;
    // The destination's baseline: the least level among its recent paths, if another path is recent.
    double baseline = level;
    boolean comparable = false;
    for (int j = 0; j < n; j++) {
      if (j != pathIndex && recent(times[2 * j + 1], now)) {
        comparable = true;
        baseline = Math.min(baseline, levels[j]);
      }
    }
    if (!comparable) {
      baseline = 0;
    }
    final double excess = Math.min(fraction, level) - baseline;
    final long lastCut = times[2 * pathIndex];
    if (!(excess > NO_EXCESS)) {
      publishIfDecayed(destination, d, decayed);
      return; // nothing beyond the common mode: nothing to move
    }
    if (lastCut != NEVER && now - lastCut < relayIntervalNanos) {
      increment(Counter.CONGESTION_SUPPRESSED);
      publishIfDecayed(destination, d, decayed);
      return;
    }
    // Recipients: the paths less marked than this one, each by its margin. The reporting path's own margin is 0.
    final double own = level - baseline;
    double margins = 0;
    for (int j = 0; j < n; j++) {
      if (j != pathIndex) {
        margins += margin(d, j, own, baseline, now);
      }
    }
    if (!(margins > 0)) {
      increment(Counter.CONGESTION_NO_RECIPIENT);
      publishIfDecayed(destination, d, decayed);
      return;
    }
    final double[] w = d.weights;
    final double removed = w[pathIndex] * cutFactor * Math.min(1, excess);
    final double perMargin = removed / margins;
    w[pathIndex] -= removed;
    double sum = 0;
    for (int j = 0; j < n; j++) {
      double v = j == pathIndex ? w[j] : w[j] + perMargin * margin(d, j, own, baseline, now);
      v = v > 0 ? v : 0; // also clears NaN
      w[j] = v;
      sum += v;
    }
    times[2 * pathIndex] = now;
    if (!(Math.abs(sum - 1) <= DRIFT)) {
      rescale(d, sum);
    }
    published.publish(destination, w, n);
    increment(Counter.CONGESTION_CUTS);
  }

  /** A report that changes no weight still publishes the decay it applied first. */
  private void publishIfDecayed(int destination, Destination d, boolean decayed) {
    if (decayed) {
      published.publish(destination, d.weights, d.size);
    }
  }

  /**
   * The state of {@code destination} when {@code pathIndex} is one of its current paths; otherwise null, counted as
   * an unknown destination or path.
   */
  private Destination reported(int destination, int pathIndex) {
    if (destination < 0 || destination >= maxDestinations) {
      increment(Counter.FEEDBACK_UNKNOWN_DESTINATION);
      return null;
    }
    final Destination d = destinations[destination];
    if (d == null || pathIndex < 0 || pathIndex >= d.size) {
      increment(Counter.FEEDBACK_UNKNOWN_PATH);
      return null;
    }
    return d;
  }

  /** Graded mode: how much less marked path {@code j} is than a path of excess {@code own}; 0 if it is not. */
  private double margin(Destination d, int j, double own, double baseline, long now) {
    double excessJ = recent(d.times[2 * j + 1], now) ? Math.max(0, d.levels[j] - baseline) : 0;
    return own > excessJ ? own - excessJ : 0;
  }

  /** Graded mode: whether a report at {@code reportedAt} is within the common-mode window of {@code now}. */
  private boolean recent(long reportedAt, long now) {
    return reportedAt != NEVER && now - reportedAt <= commonModeWindowNanos;
  }

  @Override
  public void onTick(long nowNanos) {
    if (published == null) {
      return;
    }
    final long now = advanceClock(nowNanos);
    if (!recovery.enabled()) {
      return;
    }
    for (int i = 0; i < activeCount; i++) {
      int destination = active[i];
      Destination d = destinations[destination];
      if (decay(d, now)) {
        published.publish(destination, d.weights, d.size);
      }
    }
  }

  @Override
  public long count(Counter counter) {
    return counters.get(counter.ordinal());
  }

  /**
   * A snapshot of {@code destination}'s current weights, index-aligned with the destination's current
   * {@link PathSet}; empty if the destination is out of range, has no paths yet, or the policy is not bound.
   * Allocates; for inspection and tests, not for the packet path. Thread-safe.
   *
   * @param destination dense id of the destination; any value is accepted
   * @return a new array with the weight of each current path, possibly empty
   */
  public double[] weights(int destination) {
    PathWeights weights = published;
    if (weights == null || destination < 0 || destination >= maxDestinations) {
      return new double[0];
    }
    return weights.snapshot(destination);
  }

  /**
   * The relay interval in nanoseconds: a path is cut at most once per interval. Unless set on the builder, half
   * the base RTT: the balancer's once bound, the policy builder's (default 100 us) before.
   *
   * @return the relay interval in nanoseconds, positive
   */
  public long relayIntervalNanos() {
    return relayIntervalNanos;
  }

  /**
   * How long after a report a path counts as congested, in nanoseconds.
   *
   * @return the congestion memory in nanoseconds, 0 or more
   */
  public long congestionMemoryNanos() {
    return congestionMemoryNanos;
  }

  /**
   * The fraction of a path's weight one cut removes.
   *
   * @return the cut factor, in (0, 1]
   */
  public double cutFactor() {
    return cutFactor;
  }

  /**
   * Whether the policy is graded: it takes CE fractions and moves weight in proportion to each path's excess
   * fraction (see the class comment).
   *
   * @return true if built with {@code graded(true)}
   */
  public boolean graded() {
    return graded;
  }

  /**
   * Graded mode: how long a path's report counts toward its destination's common-mode baseline, in nanoseconds.
   * Unless set on the builder, 20 relay intervals.
   *
   * @return the common-mode window in nanoseconds, positive
   */
  public long commonModeWindowNanos() {
    return commonModeWindowNanos;
  }

  /**
   * The recovery rule.
   *
   * @return the rule by which weights recover after congestion
   */
  public Recovery recovery() {
    return recovery;
  }

  /** The published weights, for tests in this package that read them as a dataplane does. */
  PathWeights pathWeights() {
    return published;
  }

  @Override
  public String toString() {
    return "EcnPolicy{relayIntervalNanos=" + relayIntervalNanos + ", congestionMemoryNanos="
        + congestionMemoryNanos + ", cutFactor=" + cutFactor + ", recovery=" + recovery
        + (graded ? ", graded, commonModeWindowNanos=" + commonModeWindowNanos : "") + "}";
  }

  // ---- internals; all run under the balancer's control lock ----

  private PathWeights boundWeights() {
    PathWeights weights = published;
    if (weights == null) {
      throw new IllegalStateException("policy is not bound to a balancer yet");
    }
    return weights;
  }

  private Destination newDestination(int destination) {
    Destination d = new Destination(maxPaths);
    destinations[destination] = d;
    if (activeCount == active.length) {
      active = java.util.Arrays.copyOf(active, Math.min(maxDestinations, active.length * 2));
    }
    active[activeCount++] = destination;
    return d;
  }

  private static int indexOf(Destination d, int port) {
    final int[] ports = d.ports;
    for (int i = 0, n = d.size; i < n; i++) {
      if (ports[i] == port) {
        return i;
      }
    }
    return -1;
  }

  private boolean congested(Destination d, int path, long now) {
    long last = d.times[2 * path + 1];
    return last != NEVER && now - last <= congestionMemoryNanos;
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
   * After the clock was reset to an earlier time: a stamp after {@code now} tells nothing about the new time line,
   * and kept, it would hold cuts back until real time caught up with it; such stamps are forgotten.
   */
  private void pullBack(long now) {
    for (int i = 0; i < activeCount; i++) {
      Destination d = destinations[active[i]];
      for (int j = 0; j < d.times.length; j++) {
        if (d.times[j] != NEVER && d.times[j] - now > 0) {
          d.times[j] = NEVER;
        }
      }
      if (d.lastDecay != NEVER && d.lastDecay - now > 0) {
        d.lastDecay = NEVER;
      }
    }
  }

  /** Applies recovery to {@code d} up to {@code now}; true if the weights changed. */
  private boolean decay(Destination d, long now) {
    final long tau = recovery.timeConstantNanos;
    if (tau <= 0 || d.size == 0) {
      return false;
    }
    final long last = d.lastDecay;
    d.lastDecay = now;
    if (last == NEVER || now <= last) {
      return false;
    }
    final int n = d.size;
    final double[] w = d.weights;
    final double equal = 1.0 / n;
    double deviation = 0;
    for (int j = 0; j < n; j++) {
      deviation = Math.max(deviation, Math.abs(w[j] - equal));
    }
    if (deviation == 0) {
      return false;
    }
    final double keep = Math.exp(-(double) (now - last) / tau);
    if (deviation * keep < SNAP) {
      for (int j = 0; j < n; j++) {
        w[j] = equal;
      }
      return true;
    }
    for (int j = 0; j < n; j++) {
      w[j] = equal + (w[j] - equal) * keep;
    }
    normalise(d);
    return true;
  }

  /** Rescales {@code d}'s weights to sum to 1 (equal if they cannot be rescaled). */
  private static void normalise(Destination d) {
    final int n = d.size;
    final double[] w = d.weights;
    double sum = 0;
    for (int j = 0; j < n; j++) {
      if (!(w[j] > 0)) {
        w[j] = 0; // also clears NaN
      }
      sum += w[j];
    }
    rescale(d, sum);
  }

  /** Divides {@code d}'s non-negative weights by their {@code sum} (equal weights if it is 0 or infinite). */
  private static void rescale(Destination d, double sum) {
    final int n = d.size;
    final double[] w = d.weights;
    if (!(sum > 0) || Double.isInfinite(sum)) {
      final double equal = 1.0 / n;
      for (int j = 0; j < n; j++) {
        w[j] = equal;
      }
      return;
    }
    final double scale = 1 / sum; // one division instead of n; differs from dividing by an ulp or two at most
    for (int j = 0; j < n; j++) {
      w[j] *= scale;
    }
  }

  private void increment(Counter counter) {
    int i = counter.ordinal();
    counters.setRelease(i, counters.getPlain(i) + 1); // single writer: the control lock holder
  }
}
