// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.ecn.repath;

import dev.clove.core.PathSet;

/**
 * A PLB-style repath at the sending hypervisor: a flow keeps its path until that path has seen several
 * consecutive congested rounds, then moves to another path picked at random among those not congested; if the
 * flow pauses (a flowlet gap) it moves at the pause, and if it never pauses it is moved anyway after more rounds,
 * each flow in its turn, at most once per N rounds. Built by {@link Plb#policy()}; give it to one balancer
 * builder.
 *
 * <h2>Algorithm</h2>
 * <ul>
 *   <li>A round is one relay report for a path of a destination (the receiver reports each path at most once per
 *       relay interval, base RTT / 2 by default). A round is congested when its CE fraction is at least
 *       {@link #congestedFraction()}. A path's count of consecutive congested rounds goes up by one per congested
 *       round and back to 0 on a clear round, or when the path has had no report for two rounds
 *       ({@link #roundNanos()}).</li>
 *   <li>A new flow (no previous path known) goes to a path drawn uniformly at random, as ECMP would hash it.</li>
 *   <li>A new flowlet of a known flow stays on its previous path unless that path's count has reached
 *       {@link #idleRounds()} (M); then it goes to one of the other paths whose count is below M, uniformly at
 *       random, and stays if there is none.</li>
 *   <li>While a path's count is at least {@link #forcedRounds()} (N) and another path's is below M, its flows
 *       leave with their next packet, even mid-flowlet, each in its turn: a flow's turn comes once every N
 *       (global) rounds, at a phase that is a keyed hash of the flow. So a round moves about 1/N of the path's
 *       flows, never all at once, and no flow is moved more than once per N rounds wherever it goes.</li>
 * </ul>
 *
 * <h2>Threading</h2>
 * Control methods run serialised under the balancer's control lock and allocate nothing per report (a path-set
 * change allocates a little). Choosers read the published per-path words with acquire loads and never block.
 * {@link #flowsMoved()} and {@link #repathRounds()} may be read from any thread.
 */
public final class PlbPolicy extends MovingPolicy<PlbPolicy.Chooser> {
  /*
   * Design notes.
   *
   * Source. PLB [1] runs in each sender's TCP stack: per connection, a round (an RTT) is congested when the
   * share of its ACKed packets that carried ECN echoes is at least K; after M consecutive congested rounds the
   * connection repaths at its next idle moment (nothing in flight), and after N it repaths regardless; a repath
   * changes the IPv6 flow label, so switches' ECMP hash the connection onto a random new path [1, section 3].
   * The Linux implementation's defaults are K = 50% (128/256), M = 3 and N = 12 (ip-sysctl documentation,
   * tcp_plb_cong_thresh, tcp_plb_idle_rehash_rounds, tcp_plb_rehash_rounds), and after an RTO it repaths and
   * suspends congestion repaths for 60-120 s (tcp_plb_suspend_rto_sec), so as not to hop onto a black hole.
   *
   * What changes at the vswitch, and why.
   * - Rounds are per path of a destination, not per connection: the vswitch does not see the guests' ACKs; it
   *   hears the receiver's relay, one report per path per relay interval, whose CE fraction is over every flow
   *   of this sender on that path. A round is therefore a relay interval (half an RTT), and N = 12 rounds are six
   *   RTTs, not twelve. Counting per path pools the flows' evidence (a short flow alone sees too few rounds to
   *   ever reach M); it also makes every flow on a path reach N in the same round, which per-connection counters
   *   never do. PLB also resets a connection's count when it repaths, so a connection moves at most once per N
   *   rounds. Both are kept with turns: a flow may be moved only in the global rounds r (time / round) with
   *   (r + phase) mod N = 0, its phase a keyed hash of the flow with the dataplane's secret; a round thus moves
   *   about 1/N of a path's flows, and a moved flow's next turn is N rounds later whatever path it lands on. No
   *   per-flow state, and tenants cannot predict the phases. A first version moved a share (1/4) of the path's
   *   flows every round, drawn afresh per path and round; with DCTCP guests on the asymmetric fabric at 70% (3,000
   *   flows, seeds 1-3) flows bounced between congested paths every few rounds, and the reordering (7,900-9,700
   *   reordered packets, 23,000-32,000 retransmissions per run) made PLB's average FCT 178-213 ms against 64-81 ms
   *   with the forced repath off (docs/policies.md, "Why turns").
   * - Idle is a flowlet gap: the flow table says a flow has paused beyond the gap, which is what PLB's "nothing in
   *   flight" buys (no reordering); so the M rule applies at new flowlets.
   * - A forced move (N rule) happens between two packets of one flowlet. The balancer lets a policy end a
   *   continuing flowlet (PathPolicy.movesFlows, PathChooser.leaves): one load of the path's move word per
   *   continuing packet, and a hash only on a path whose flows are asked to leave.
   * - A repath picks one of the other paths whose count is below M, never the same one, and none if every other
   *   path is congested too: PLB's new label may hash back onto the old path or onto another hot one (it cannot
   *   choose); at the vswitch the paths' states are known, and moving between congested paths only reorders
   *   (the same rule as CLOVE-ECN's "no uncongested recipient"). New flows still take any path at random, as a
   *   new connection's hash would.
   * - No RTO rule: the vswitch sees no retransmission timeouts. The balancer's silence detection (a path not
   *   heard is taken out of service) covers black holes instead.
   * - Without graded reports (a relay that sends binary marks), a mark reads as a round with fraction 1 and an
   *   interval without a mark sends nothing, so the count is reset by the two-round gap rule instead.
   *
   * [1] M. A. Qureshi et al., "PLB: Congestion Signals are Simple and Effective for Network Load Balancing",
   *     ACM SIGCOMM 2022; doi:10.1145/3544216.3544226.
   */

  private final long configuredRoundNanos;
  private long roundNanos;
  private final double congestedFraction;
  private final int idleRounds;
  private final int forcedRounds;
  private final boolean forcedRepath;

  /** Per (destination, path): consecutive congested rounds. */
  private int[] congestedRounds;
  private volatile long repathRounds;

  PlbPolicy(long baseRttNanos, long roundNanos, double congestedFraction, int idleRounds, int forcedRounds,
      boolean forcedRepath) {
    super("Plb.policy().baseRttNanos", baseRttNanos);
    this.configuredRoundNanos = roundNanos;
    this.congestedFraction = congestedFraction;
    this.idleRounds = idleRounds;
    this.forcedRounds = forcedRounds;
    this.forcedRepath = forcedRepath;
    resolve(baseRttNanos > 0 ? baseRttNanos : Plb.DEFAULT_BASE_RTT_NANOS);
  }

  @Override
  void resolve(long baseRttNanos) {
    roundNanos = configuredRoundNanos > 0 ? configuredRoundNanos : Math.max(1, baseRttNanos / 2);
  }

  @Override
  void allocatePathState(int slots) {
    congestedRounds = new int[slots];
  }

  @Override
  int turnPeriod() {
    return forcedRounds;
  }

  @Override
  Chooser newChooser(MoveBoard board, long seed) {
    return new Chooser(board, seed, idleRounds);
  }

  @Override
  void remapPathState(int base, int[] from) {
    remap(congestedRounds, base, from);
  }

  @Override
  void republishAfterChange(int destination, PathSet previous, PathSet current) {
    board.remap(destination, previous, current);
  }

  @Override
  public void onCongestionFraction(int destination, int pathIndex, double fraction, long nowNanos) {
    final int i = reported(destination, pathIndex, nowNanos);
    if (i < 0) {
      return;
    }
    int rounds = roundsHeard[i] > 0 && nowNanos - lastReport[i] > 2 * roundNanos ? 0 : congestedRounds[i];
    rounds = fraction >= congestedFraction ? Math.min(rounds + 1, forcedRounds) : 0;
    congestedRounds[i] = rounds;
    lastReport[i] = nowNanos;
    roundsHeard[i]++;
    final boolean leave = forcedRepath && rounds >= forcedRounds && anotherBelow(destination, pathIndex);
    if (leave) {
      repathRounds = repathRounds + 1; // single writer: the control lock holder
    }
    // The global round (time / round) names the turn: flows whose phase matches it may leave now.
    final int turn = MoveBoard.leaveIn((int) (nowNanos / roundNanos));
    board.publish(destination, pathIndex, rounds, leave ? turn : MoveBoard.STAY);
  }

  /** Whether a path of {@code destination} other than {@code path} has fewer than M congested rounds. */
  private boolean anotherBelow(int destination, int path) {
    final int base = destination * maxPaths;
    for (int j = 0, n = sizes[destination]; j < n; j++) {
      if (j != path && congestedRounds[base + j] < idleRounds) {
        return true;
      }
    }
    return false;
  }

  /** Forgets the rounds of paths that have had no report for two rounds (they went quiet, or clear and unsampled). */
  @Override
  public void onTick(long nowNanos) {
    final MoveBoard b = board;
    if (b == null) {
      return;
    }
    for (int a = 0; a < activeCount; a++) {
      final int destination = active[a];
      final int base = destination * maxPaths;
      for (int j = 0; j < maxPaths; j++) {
        final int i = base + j;
        if (congestedRounds[i] > 0 && nowNanos - lastReport[i] > 2 * roundNanos) {
          congestedRounds[i] = 0;
          b.publish(destination, j, 0, MoveBoard.STAY);
        }
      }
    }
  }

  /**
   * Rounds that asked a share of a path's flows to leave (reports at or beyond {@link #forcedRounds()}).
   *
   * @return the count of forced-repath rounds
   */
  public long repathRounds() {
    return repathRounds;
  }

  /**
   * The least CE fraction that makes a round congested (PLB's K).
   *
   * @return the threshold, in (0, 1]
   */
  public double congestedFraction() {
    return congestedFraction;
  }

  /**
   * Consecutive congested rounds after which a flow moves at its next flowlet gap (PLB's M).
   *
   * @return M, at least 1
   */
  public int idleRounds() {
    return idleRounds;
  }

  /**
   * Consecutive congested rounds after which flows are moved mid-flowlet, a share per round (PLB's N).
   *
   * @return N, at least {@link #idleRounds()}
   */
  public int forcedRounds() {
    return forcedRounds;
  }

  /**
   * Whether the forced (mid-flowlet) repath is on.
   *
   * @return true if flows are moved mid-flowlet after {@link #forcedRounds()} rounds
   */
  public boolean forcedRepath() {
    return forcedRepath;
  }

  /**
   * The round length in nanoseconds: the relay interval; a path silent for two rounds starts its count afresh.
   *
   * @return the round in nanoseconds, positive
   */
  public long roundNanos() {
    return roundNanos;
  }

  @Override
  public String toString() {
    return "PlbPolicy{K=" + congestedFraction + ", M=" + idleRounds + ", N=" + forcedRounds + ", forced="
        + forcedRepath + ", roundNanos=" + roundNanos + "}";
  }

  /** PLB's dataplane: sticky paths, a random other uncongested path when the previous one is congested. */
  static final class Chooser extends MovingChooser {
    private final int idleRounds;

    Chooser(MoveBoard board, long seed, int idleRounds) {
      super(board, seed);
      this.idleRounds = idleRounds;
    }

    @Override
    public int chooseFrom(int destination, PathSet paths, long flowKey, int previousIndex, long nowNanos) {
      final int n = paths.size();
      if (previousIndex < 0 || previousIndex >= n) {
        return nextIndex(n);
      }
      if (n == 1 || board.level(destination, previousIndex) < idleRounds) {
        return previousIndex;
      }
      int below = 0;
      for (int j = 0; j < n; j++) {
        if (j != previousIndex && board.level(destination, j) < idleRounds) {
          below++;
        }
      }
      if (below == 0) {
        return previousIndex; // every other path is congested too: moving would only reorder
      }
      int pick = nextIndex(below);
      for (int j = 0; j < n; j++) {
        if (j != previousIndex && board.level(destination, j) < idleRounds && pick-- == 0) {
          return j;
        }
      }
      return previousIndex; // the words changed between the passes
    }
  }
}
