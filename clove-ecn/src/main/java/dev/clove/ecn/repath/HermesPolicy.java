// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.ecn.repath;

import dev.clove.core.PathSet;

/**
 * A Hermes-style cautious reroute at the sending hypervisor: paths are classified good, gray or congested from
 * their smoothed CE fraction; new flows go to a path of the best class; a flow leaves its path only when that
 * path is congested and another path is clearly better (a better class and a CE fraction lower by a margin), and
 * then only in its turn, at most once per {@link #turnRounds()} rounds. Built by {@link Hermes#policy()}; give it to one balancer
 * builder.
 *
 * <h2>Algorithm</h2>
 * <ul>
 *   <li>Per destination and path: the CE fraction of each relay report, smoothed,
 *       {@code f <- (1 - g) f + g x} with {@code g = }{@link #smoothing()}; a path with no report for
 *       {@link #memoryNanos()} is forgotten (back to good, fraction 0).</li>
 *   <li>Class: good if {@code f < }{@link #goodBelow()}, congested if {@code f >= }{@link #congestedFrom()},
 *       gray otherwise.</li>
 *   <li>A path is clearly better than a congested path {@code p} when it is not congested and its fraction is
 *       at most {@code f_p - }{@link #betterBy()}.</li>
 *   <li>New flow (no previous path): a path drawn at random among those of the best class present.</li>
 *   <li>New flowlet of a known flow: stays on its previous path unless that path is congested; a flow on a
 *       congested path moves to a clearly better path (at random among the clearly better ones of the best
 *       class), and stays if there is none.</li>
 *   <li>Mid-flowlet (when {@link #reroute()} is on): while a path is congested and a clearly better one exists,
 *       its flows leave with their next packet, each in its turn: a flow's turn comes once every
 *       {@link #turnRounds()} global rounds (time / {@link #roundNanos()}), at a phase that is a keyed hash of the
 *       flow, so a round moves about 1/turnRounds of the path's flows and no flow moves more often than that;
 *       the move follows the new-flowlet rule.</li>
 * </ul>
 * A move therefore never picks a path of a worse class than the one it leaves, nor one that is not clearly
 * better.
 *
 * <h2>Threading</h2>
 * Control methods run serialised under the balancer's control lock and allocate nothing per report (a path-set
 * change allocates a little). Choosers read the published per-path words with acquire loads and never block.
 * {@link #flowsMoved()} may be read from any thread.
 */
public final class HermesPolicy extends MovingPolicy<HermesPolicy.Chooser> {
  /*
   * Design notes.
   *
   * Source. Hermes [1] senses each path at the sending host from the ECN fraction and the RTT its flows see
   * (plus retransmissions and timeouts for failures) and sorts paths into good (low ECN fraction and low RTT),
   * congested (high ECN fraction and high RTT), gray (the rest) and failed [1, section 3.1]. Its reroute is
   * cautious [1, section 3.2]: new flows go to good paths first (least local sending rate), then gray; a flow
   * already placed is rerouted only when its path is congested (or failed), the flow has already sent enough
   * (S bytes) and its rate is low (under R), and a notably better path exists (RTT lower by a delta and ECN
   * fraction lower by a delta), and even then only with a probability, so that flows do not all jump to the
   * same path at once. The authors' ns-3 implementation (Ipv4TLB in the ns3-load-balance repository, by the
   * paper's group) uses, among its settings, a low ECN portion of 0.1 to 0.3, a better-path ECN margin of 0.1,
   * S = 64,000 bytes and a path-change probability of 50%.
   *
   * What changes at the vswitch, and why.
   * - No RTT. The vswitch does not see the guests' TCP, so there is no RTT per path; the classes use the CE
   *   fraction alone, with two thresholds (good below 0.1, congested from 0.4) instead of an ECN and an RTT test
   *   each. What is lost: telling a path with short queues but a long fixed delay (a slow link) from a good one,
   *   and confirming congestion by two signals. A per-path one-way delay (FeedbackWord sub-kind 3, another
   *   helper's work) would restore the second test.
   * - No "sent enough" or "rate" test. The flow table keeps no per-flow byte count or rate (8 bytes a flow,
   *   one cache line a packet), so short flows can be moved too, which Hermes avoids, and a flow moved
   *   mid-flowlet risks reordering. The brake is the turn: a flow may be moved only once per turnRounds rounds
   *   (default 12 half-RTT rounds, the pace of PLB's forced repath, so that the two policies differ only in where
   *   they send flows), and a round moves about 1/12 of a congested path's flows. A first version moved half the
   *   path's flows per report (the ns-3 code's 50% change probability, drawn per report): with DCTCP guests on the
   *   asymmetric fabric at 70% (3,000 flows, seeds 1-3) its average FCT was 81-109 ms against 61-76 ms with the
   *   mid-flowlet reroute off, because flows bounced between paths every few reports (docs/policies.md).
   * - Failures. Hermes's failed class (timeouts, retransmissions) has no input here either; the balancer's silence
   *   detection takes unheard paths out of service, which covers black holes.
   * - New flows choose at random within the best class, not by least local sending rate: a per-path rate would
   *   cost a store per packet on the continuing path.
   * - A new flowlet of a known flow that is not on a congested path stays (Hermes's caution applies to flowlet
   *   gaps too: moving on gray or good evidence is what it avoids).
   *
   * [1] H. Zhang, J. Zhang, W. Bai, K. Chen, M. Chowdhury, "Resilient Datacenter Load Balancing in the Wild",
   *     ACM SIGCOMM 2017.
   */

  /** Path classes, in order of preference; published in the level word's high half. */
  static final int GOOD = 0;
  static final int GRAY = 1;
  static final int CONGESTED = 2;
  /** The fraction is published in units of 1/{@value #UNITS}, the graded report's own resolution. */
  static final int UNITS = 1023;

  private final long configuredMemoryNanos;
  private long memoryNanos;
  private final double goodBelow;
  private final double congestedFrom;
  private final double betterBy;
  private final double smoothing;
  private final long configuredRoundNanos;
  private long roundNanos;
  private final int turnRounds;
  private final boolean reroute;

  /** Per (destination, path): the smoothed CE fraction. */
  private double[] fraction;

  HermesPolicy(long baseRttNanos, long memoryNanos, long roundNanos, double goodBelow, double congestedFrom,
      double betterBy, double smoothing, int turnRounds, boolean reroute) {
    super("Hermes.policy().baseRttNanos", baseRttNanos);
    this.configuredMemoryNanos = memoryNanos;
    this.goodBelow = goodBelow;
    this.congestedFrom = congestedFrom;
    this.betterBy = betterBy;
    this.smoothing = smoothing;
    this.configuredRoundNanos = roundNanos;
    this.turnRounds = turnRounds;
    this.reroute = reroute;
    resolve(baseRttNanos > 0 ? baseRttNanos : Plb.DEFAULT_BASE_RTT_NANOS);
  }

  /** Memory defaults to two base RTTs (four relay intervals), the round to half the base RTT. */
  @Override
  void resolve(long baseRttNanos) {
    memoryNanos = configuredMemoryNanos > 0 ? configuredMemoryNanos : Math.max(1, 2 * baseRttNanos);
    roundNanos = configuredRoundNanos > 0 ? configuredRoundNanos : Math.max(1, baseRttNanos / 2);
  }

  @Override
  void allocatePathState(int slots) {
    fraction = new double[slots];
  }

  @Override
  int turnPeriod() {
    return turnRounds;
  }

  @Override
  Chooser newChooser(MoveBoard board, long seed) {
    return new Chooser(board, seed, (int) Math.round(betterBy * UNITS));
  }

  @Override
  void remapPathState(int base, int[] from) {
    remap(fraction, base, from);
  }

  @Override
  void republishAfterChange(int destination, PathSet previous, PathSet current) {
    republish(destination, 0);
  }

  @Override
  public void onCongestionFraction(int destination, int pathIndex, double x, long nowNanos) {
    final int i = reported(destination, pathIndex, nowNanos);
    if (i < 0) {
      return;
    }
    final boolean fresh = roundsHeard[i] > 0 && nowNanos - lastReport[i] <= memoryNanos;
    fraction[i] = fresh ? (1 - smoothing) * fraction[i] + smoothing * x : x;
    lastReport[i] = nowNanos;
    roundsHeard[i]++;
    republish(destination, nowNanos);
  }

  /** Forgets paths with no report within the memory (back to good, fraction 0). */
  @Override
  public void onTick(long nowNanos) {
    if (board == null) {
      return;
    }
    for (int a = 0; a < activeCount; a++) {
      final int destination = active[a];
      final int base = destination * maxPaths;
      boolean changed = false;
      for (int j = 0; j < maxPaths; j++) {
        final int i = base + j;
        if (fraction[i] != 0 && nowNanos - lastReport[i] > memoryNanos) {
          fraction[i] = 0;
          changed = true;
        }
      }
      if (changed) {
        republish(destination, nowNanos);
      }
    }
  }

  /**
   * Publishes every path's class and fraction, and which congested paths have a clearly better alternative; their
   * move word names the global round of {@code nowNanos}, whose turn it is.
   */
  private void republish(int destination, long nowNanos) {
    final int n = sizes[destination];
    final int turn = MoveBoard.leaveIn((int) (nowNanos / roundNanos));
    final int base = destination * maxPaths;
    for (int j = 0; j < n; j++) {
      final double f = fraction[base + j];
      final int cls = classify(f);
      int move = MoveBoard.STAY;
      if (reroute && cls == CONGESTED) {
        for (int k = 0; k < n; k++) {
          if (k != j && classify(fraction[base + k]) < CONGESTED && clearlyBetter(fraction[base + k], f)) {
            move = turn;
            break;
          }
        }
      }
      board.publish(destination, j, level(cls, f), move);
    }
  }

  /** Compared in published units, as the choosers compare, so control and dataplane agree exactly. */
  private boolean clearlyBetter(double candidate, double current) {
    return units(candidate) <= units(current) - (int) Math.round(betterBy * UNITS);
  }

  int classify(double f) {
    return f >= congestedFrom ? CONGESTED : f < goodBelow ? GOOD : GRAY;
  }

  static int units(double f) {
    return (int) Math.round(Math.max(0, Math.min(1, f)) * UNITS);
  }

  static int level(int cls, double f) {
    return (cls << 16) | units(f);
  }

  static int classOf(int level) {
    return level >>> 16;
  }

  static int unitsOf(int level) {
    return level & 0xFFFF;
  }

  /**
   * A path is good when its smoothed CE fraction is below this.
   *
   * @return the good threshold, in (0, 1]
   */
  public double goodBelow() {
    return goodBelow;
  }

  /**
   * A path is congested when its smoothed CE fraction is at least this.
   *
   * @return the congested threshold, at least {@link #goodBelow()}
   */
  public double congestedFrom() {
    return congestedFrom;
  }

  /**
   * How much lower a path's CE fraction must be to be clearly better than a congested one.
   *
   * @return the margin, in [0, 1)
   */
  public double betterBy() {
    return betterBy;
  }

  /**
   * The weight of a new report in the smoothed fraction.
   *
   * @return g, in (0, 1]
   */
  public double smoothing() {
    return smoothing;
  }

  /**
   * A flow may be moved mid-flowlet once per this many rounds, in its turn.
   *
   * @return the turn period in rounds, at least 1
   */
  public int turnRounds() {
    return turnRounds;
  }

  /**
   * The round in nanoseconds (the relay interval), which numbers the turns.
   *
   * @return the round, positive
   */
  public long roundNanos() {
    return roundNanos;
  }

  /**
   * Whether flows are moved mid-flowlet (off: only new flowlets move).
   *
   * @return true if flows on a congested path are moved mid-flowlet
   */
  public boolean reroute() {
    return reroute;
  }

  /**
   * How long a report is remembered, in nanoseconds; default two base RTTs.
   *
   * @return the memory, positive
   */
  public long memoryNanos() {
    return memoryNanos;
  }

  @Override
  public String toString() {
    return "HermesPolicy{goodBelow=" + goodBelow + ", congestedFrom=" + congestedFrom + ", betterBy=" + betterBy
        + ", smoothing=" + smoothing + ", turnRounds=" + turnRounds + ", reroute=" + reroute + ", memoryNanos="
        + memoryNanos + "}";
  }

  /** Hermes's dataplane: best class for new flows; a congested flow moves only to a clearly better path. */
  static final class Chooser extends MovingChooser {
    private final int betterByUnits;

    Chooser(MoveBoard board, long seed, int betterByUnits) {
      super(board, seed);
      this.betterByUnits = betterByUnits;
    }

    @Override
    public int chooseFrom(int destination, PathSet paths, long flowKey, int previousIndex, long nowNanos) {
      final int n = paths.size();
      final boolean known = previousIndex >= 0 && previousIndex < n;
      if (n == 1) {
        return 0;
      }
      int limit = Integer.MAX_VALUE; // a candidate's fraction must be at most this, in units
      if (known) {
        final int previous = board.level(destination, previousIndex);
        if (classOf(previous) != CONGESTED) {
          return previousIndex; // cautious: stay unless the path is congested
        }
        limit = unitsOf(previous) - betterByUnits;
      }
      final int from = known ? previousIndex : -1;
      int best = Integer.MAX_VALUE;
      int count = 0;
      for (int j = 0; j < n; j++) {
        final int cls = candidateClass(destination, j, from, limit);
        if (cls < 0) {
          continue;
        }
        if (cls < best) {
          best = cls;
          count = 1;
        } else if (cls == best) {
          count++;
        }
      }
      if (count == 0) {
        return known ? previousIndex : nextIndex(n); // nothing clearly better: stay
      }
      int pick = nextIndex(count);
      for (int j = 0; j < n; j++) {
        if (candidateClass(destination, j, from, limit) == best && pick-- == 0) {
          return j;
        }
      }
      return known ? previousIndex : nextIndex(n); // the words changed between the passes: place as before
    }

    /**
     * The class of path {@code j} if it may take the flow, else -1: any path for a new flow ({@code previous} -1);
     * for a known flow another path, not congested, whose fraction is at most {@code limit} units.
     */
    private int candidateClass(int destination, int j, int previous, int limit) {
      if (previous >= 0 && j == previous) {
        return -1;
      }
      final int level = board.level(destination, j);
      final int cls = classOf(level);
      return previous >= 0 && (cls == CONGESTED || unitsOf(level) > limit) ? -1 : cls;
    }
  }
}
