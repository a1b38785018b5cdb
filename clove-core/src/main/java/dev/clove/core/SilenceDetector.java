// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Finds paths that still get new flowlets but whose packets no longer arrive (silent, or gray, failures), so that
 * the balancer takes them out of service as if they had been reported failed.
 *
 * <p>A path is <em>suspected</em> when it was given new flowlets at a time {@code t1} and again at {@code t2}, at
 * least a quarter of the silence timeout later, has not been heard since {@code t1}, and another path of the same
 * destination was heard later than {@code t2 + silenceTimeout}. It is <em>silent</em> when, since the suspicion
 * began, at least as many reports as the destination has paths came back about its other paths (design note 8), and
 * a new flowlet placed on it at {@code t3} went unheard while another path was heard later than
 * {@code t3 + silenceTimeout / 4} (note 11): three unanswered placements in all, the last one made after the
 * suspicion, so the suspicion always lasts a quarter timeout at least. "Heard" means the receiving relay reported the port: a liveness
 * word ({@link dev.clove.api.FeedbackWord#encodeHeard}), or a congestion or utilization report. Detection runs for a
 * destination only after a liveness word or a utilization report has come from it (not a congestion report alone;
 * see note 4).
 *
 * <h2>Threading</h2>
 * {@link #placed} runs on dataplane threads, on the new-flowlet path (and per packet under ECMP): two to four
 * opaque loads and, only for the first and second placements after the path was last heard, opaque stores into the
 * published {@link PathSet}'s stamps; no lock, no allocation, no clock. {@link #heard} runs on any feedback thread:
 * an opaque store and a (lossy) opaque increment. {@link #arm} and {@link #scan} are control methods, run under the
 * balancer's control lock.
 */
final class SilenceDetector {
  /*
   * Design notes.
   *
   * 1. The problem. A link that drops packets without leaving the switches' ECMP groups (a gray failure: a bad
   *    optic, a corrupting ASIC, a misprogrammed route) is invisible to the embedder's failure reports (BFD on
   *    the hypervisor's uplink stays up) and to the switches (they keep hashing onto it). Before this class the
   *    only cure was discovery's expiry, 1.3 s later, and CLOVE-INT even preferred the dead path (its readings
   *    aged out to "idle"). The switches must not be asked for anything new (the paper assumes ECMP, ECN, and INT
   *    for the INT variant), so the evidence has to come from the two hypervisors.
   *
   * 2. The evidence: the receiving relay already sees every tunnel packet and already sends one 32-bit word per
   *    packet back to the sender. It now also reports, at most once per 16 relay intervals per port, that it hears a
   *    port (an extended word of sub-kind "heard"), whenever it has no congestion or utilization report about that
   *    port to send; a report about a port proves it heard too. Reports are served first, so liveness costs them
   *    nothing, and the words ride on reverse packets that carry a word anyway. Probes would also work, but they
   *    add packets, and the relay's reports cost none.
   *
   * 3. What the sender compares. A path is suspicious only while it is being given traffic: the dataplane
   *    records the first new flowlet it places on a path after the path was last heard (t1), and the first one
   *    at least a quarter timeout after that (t2). A path that nobody uses is never suspected, however long it
   *    goes unheard. A suspicious path is declared silent only against another path of the same destination
   *    that was heard more than silenceTimeout after t2: so reverse traffic was still flowing, and still carrying
   *    reports, long after the silent path's packets should have been reported. A destination whose reverse
   *    traffic stops, or whose relay sends no liveness at all, never loses a path: with no other path heard there
   *    is nothing to compare with. Two placements, not one, because one flowlet can vanish on a live path: its
   *    few packets all dropped at a full queue, or the reverse packet carrying its one liveness word dropped. In
   *    the simulator at 70% load a single unanswered placement removed 326 live paths in 2,000 flows (timeout
   *    5 ms); requiring the second placement removed 8, all of them explained by note 5. A third placement (an
   *    eighth of a timeout between each) removed 4 there, and 1 live path instead of 6 in six healthy runs at 70
   *    and 80% load (three schemes, static and discovered paths, 10 ms), but a pair that sends
   *    little then keeps a dead path about twice as long (the median pair of docs/results/gray-failure.md went from
   *    51-71 ms to 141-154 ms, and the FCT cost from 1.67-1.91x to 1.81-2.16x), so two it is, from any
   *    flows (note 9).
   *
   * 4. Arming. A liveness word arms detection for a destination, and so does a utilization report, but a
   *    congestion report does not. A relay without liveness words (an older version, or one built with
   *    livenessReports(false)) sends congestion reports about congested paths and nothing about the others;
   *    were those reports enough, an uncongested path would look silent next to a congested one. A utilization
   *    relay, on the other hand, reports every port whose packets carry telemetry, which in CLOVE-INT is every
   *    packet; and since a current relay answers every port it hears, reports win over liveness words in its
   *    queue, so a CLOVE-INT relay sends hardly any liveness words at all. (An INT embedder that stamps
   *    telemetry on only some packets must use a relay with liveness words.) Placements made before a destination was
   *    armed, or in the very nanosecond it was, are ignored for the same reason. So ECMP and Edge-Flowlet embedders without a relay, and senders
   *    whose peers run older relays, are unaffected. A destination that has not been heard at all for a long time
   *    (a second, or 100 timeouts) is disarmed, so that the control thread scans only destinations in use.
   *
   * 5. The timeout. A live path's first report comes back after the placement's packet has crossed every queue on
   *    the way (the sending host's own transmit queue, the fabric's switch ports) plus the time until the relay has
   *    a reverse packet to put the word on, and the reverse trip; meanwhile reports about other paths, on packets
   *    that were queued earlier, keep arriving. So the timeout must exceed the deepest queueing a placement can
   *    meet on its way out and its report on the way back. The default, 5 ms, is a few hundred unloaded RTTs of a
   *    datacenter fabric and sits above the deepest fabric queueing of the paper's fabric: its switches buffer 100
   *    packets per Gbps of port rate (1.2 ms of queueing at any rate), and a two-tier path crosses three switch
   *    ports out (3.6 ms at worst, all full at once) while the report returns through ports that carry mostly
   *    small packets. New flowlets then leave a dead path about half a timeout plus a timeout (plus up to two tenths
   *    of one between scans, plus a tick) after its first unanswered flowlet: about 8.5 ms, under the 10 ms goal
   *    (the quarter timeout of note 8 included).
   *    Hosts whose own transmit queues grow to milliseconds need more: the simulator's hosts queue up to 1,000
   *    packets at 1 Gbps (12 ms; 9.3 ms seen at 70% load), and with 5 ms it removed 8 live paths in a 2,000-flow
   *    run at 70% load and none with 10 ms, which is what its schemes use.
   *
   * 6. Taking the path out. A silent path is removed through the balancer's failure mechanism, so every policy
   *    is covered without knowing about it: a static path leaves its set and returns after the static hold-down
   *    (and is removed again within a timeout of its first new flowlet if it is still dead); a discovered path
   *    leaves discovery's set until a probe round re-confirms it, which a dead path's probes cannot do.
   *
   * 7. Memory and cost. The stamps per path (six longs: notes 3, 8 and 11) live in the published PathSet itself, so a
   *    path's index can never point at another path's stamps after the set changes; when a set is replaced, surviving
   *    ports carry their stamps over (a stamp written into the old set during the swap can be lost: at worst one more
   *    placement is needed, or one liveness word, which comes again within a relay interval). The control thread scans
   *    the armed destinations every tenth of a timeout, not at every tick.
   *
   * 8. A quiet reverse channel. Reports ride on the receiver's packets back to the sender, so when the receiver
   *    has nothing to send for a while (a client between requests), reports about every path wait in its relay.
   *    The first packet back then carries one of them, and if that one was about another path, the path still
   *    waiting looked silent: each of the four live paths the simulator removed in three healthy 2,000-flow runs
   *    at 80% load (Edge-Flowlet, CLOVE-ECN and CLOVE-INT, oracle paths, seed 1) had just such a gap of 10 to
   *    116 ms in the reports from its destination, ended by a report about another path. So a suspicion must
   *    survive the channel's being heard working: a quarter timeout more (reports travel back on paths of their
   *    own, whose queues differ by up to a few milliseconds) and as many further reports from the destination as
   *    it has paths (a relay serves its waiting ports in turn, and a liveness word that has waited 16 relay
   *    intervals more takes its turn with the reports, see RelayTable, so a waiting word comes within one round).
   *    The reports are counted per published set, in the last element of its stamps; increments from two
   *    feedback threads at once can lose one, which only delays a removal by a report. A gray path is then taken
   *    out about a quarter timeout later than before, about 8.5 ms after its first unanswered flowlet with the
   *    default 5 ms timeout, when its destination reports steadily. A destination that reports rarely (a pair
   *    that sends little) pays more: in the web-search run of docs/results/gray-failure.md the median pair kept
   *    the gray path 100 to 185 ms instead of 51 to 71. Twice as many reports removed no fewer live paths (4 in 25
   *    healthy runs against 5 in 20) and doubled that wait.
   *
   * 9. Not two flows. A flow whose packets keep being lost (a retransmission after a timeout into a full queue, then
   *    the next one after a doubled timeout) is given a new flowlet at each attempt, so it alone can place twice on a
   *    live path and never be answered; CLOVE-INT even sends it back to the same path, since a path without fresh
   *    readings gets the next flowlet after a lull to re-measure it. After note 8 the simulator still removed 5 live
   *    paths in 20 healthy 2,000-flow runs (the three schemes at 70 and 80% load, seeds 1 to 3 with oracle paths, and
   *    two with discovery; four of the five under CLOVE-INT), and the one we traced was such a flow: two single-packet
   *    flowlets 13 ms apart, both lost, while other flows to the destination were heard. Requiring the second placement
   *    to come from another flow removed none in 30 such runs, but a pair that runs one flow at a time then keeps a
   *    gray path until a second flow lands on it: in the web-search run of docs/results/gray-failure.md, Edge-Flowlet
   *    and CLOVE-ECN then found 172 and 184 gray paths, not 440 and 408; the rest stayed until discovery expired them
   *    1.5 s later, and the mean FCT cost grew from 1.67 and 1.91x to 2.57 and 3.18x. A live path removed by mistake
   *    returns at the next probe round (or after the static hold-down) and costs its pair a share of capacity
   *    meanwhile; a gray path kept costs every flow that lands on it a timeout. So any flow's placement counts, and the
   *    rare false removal is counted (PATHS_SILENT) for the embedder to see.
   *
   * 10. Retry elsewhere. What note 9 left, and a help against gray paths for every flow: when a flow's new flowlet
   *    would go back to the path its previous flowlet took, and that path has been given flowlets and not heard
   *    for half a timeout or more (a flow retrying after a retransmission timeout, most likely), the flowlet takes
   *    the next path of the set instead. A stuck flow then tries another path at its first retry, as Google's
   *    Protective ReRoute moves a connection's path when it times out (Wetherall et al., SIGCOMM 2023), instead
   *    of going back three times in four under random placement (more under CLOVE-ECN, whose round robin favours a
   *    path that reports no marks); and its retries no longer count twice against a live path. The flow table
   *    keeps the previous flowlet's path until the new flowlet's is stored (FlowletTable.endedValue), so this
   *    costs two to four loads per new flowlet, and nothing per packet. Like detection, it applies only to armed
   *    destinations (note 4): without a relay's liveness words no path is ever heard, and every flow would move.
   *
   * 11. A third placement, made after the suspicion. After note 10 the simulator still removed 5 live paths in 54
   *    healthy runs (2,000 web-search flows at 70 and 80% load; docs/results/gray-failure.md). We traced four of them
   *    with the relays' words followed end to end, and none needed a failure: (a) the first placement was half a
   *    second old (a one-packet flowlet lost at a full queue), and the only liveness word about the second one was
   *    lost on its way back; (b) the sender's own access link was congested (it was receiving heavily), so 35% of
   *    the words its destinations sent it were dropped there, all three about that path among them, while the
   *    relay had heard the path's nine packets; (c, d) the destination's access link was congested (63 to 88% of its
   *    other packets CE-marked), and both lightly used flowlets of that path lost every packet there, while the
   *    busier paths got some through. Each is two or three losses lining up, on a path that carried little, in a
   *    pair whose shared link was congested, which is also where a second placement is least independent of the
   *    first. So the removal now also needs a placement made after the suspicion began to go unheard while another
   *    path is heard a quarter timeout after it: one more, fresh, independent test of the path, which note 10
   *    makes come from another flow than the one that retried. All four traced runs then removed nothing. A busy
   *    pair places that flowlet within the quarter timeout note 8 waits anyway, so detection with the 5 ms default
   *    stays under 10 ms (SilentPathTest); a pair that sends little waits for its next flowlet on the path, which on
   *    a gray link is lost and retried elsewhere (note 10): the median web-search pair kept the gray path about
   *    twice as long, at the same FCT cost (docs/results/gray-failure.md). The placement is stamped on the
   *    dataplane only while the path is already suspected, with one more load on the path that waits for a report.
   */

  static final long NEVER = Long.MIN_VALUE;
  /** The default silence timeout; see design note 5. */
  static final long DEFAULT_TIMEOUT_NANOS = 5_000_000L;
  private static final VarHandle STAMPS = MethodHandles.arrayElementVarHandle(long[].class);
  /** Stamps per path, and their offsets: see {@link PathSet#marks} and design notes 3, 8 and 11. */
  static final int STRIDE = 6;
  private static final int HEARD = 0;
  private static final int PLACED = 1;
  private static final int PLACED_AGAIN = 2;
  /** When the scan first found the path suspected since its latest placements, or {@link #NEVER}: note 8. */
  private static final int SUSPECTED_AT = 3;
  /** The set's report count at {@link #SUSPECTED_AT}. */
  private static final int SUSPECTED_REPORTS = 4;
  /** The first new flowlet placed on the path at or after {@link #SUSPECTED_AT}, or {@link #NEVER}: note 11. */
  private static final int PLACED_SUSPECTED = 5;

  private final long timeoutNanos;
  private final long confirmGapNanos;
  private final long retryGapNanos;
  private final long scanIntervalNanos;
  private final long disarmAfterNanos;
  private final boolean[] armed;
  private final long[] armedAt;
  private final IntArrayList armedList = new IntArrayList();
  private final int[] silentPorts;
  private long lastScan = NEVER;

  SilenceDetector(int maxDestinations, int maxPaths, long timeoutNanos) {
    this.timeoutNanos = timeoutNanos;
    this.confirmGapNanos = Math.max(1, timeoutNanos / 4);
    this.retryGapNanos = Math.max(1, timeoutNanos / 2);
    this.scanIntervalNanos = Math.max(1, timeoutNanos / 10);
    this.disarmAfterNanos = Math.max(1_000_000_000L, timeoutNanos > Long.MAX_VALUE / 100 ? Long.MAX_VALUE
        : 100 * timeoutNanos);
    this.armed = new boolean[maxDestinations];
    this.armedAt = new long[maxDestinations];
    this.silentPorts = new int[maxPaths];
  }

  long timeoutNanos() {
    return timeoutNanos;
  }

  /**
   * Fresh timestamps for {@code current}, carrying over those of ports that {@code previous} also had, and the
   * report count (the last element).
   */
  static long[] carryOver(PathSet previous, int[] currentPorts) {
    long[] stamps = new long[STRIDE * currentPorts.length + 1];
    java.util.Arrays.fill(stamps, NEVER);
    long[] old = previous.marks;
    stamps[stamps.length - 1] = old == null ? 0 : (long) STAMPS.getOpaque(old, old.length - 1);
    if (old != null) {
      for (int j = 0; j < currentPorts.length; j++) {
        int i = previous.indexOf(currentPorts[j]);
        for (int f = 0; i >= 0 && f < STRIDE; f++) {
          stamps[STRIDE * j + f] = (long) STAMPS.getOpaque(old, STRIDE * i + f);
        }
      }
    }
    return stamps;
  }

  /**
   * Dataplane: a new flowlet was placed on path {@code index} of {@code paths}. Stamps it as the first placement
   * waiting for a report if the path was heard since the last one (or was never placed on), or as the second if it
   * comes at least a quarter timeout after the first and there is none yet.
   */
  void placed(PathSet paths, int index, long nowNanos) {
    final long[] stamps = paths.marks;
    if (stamps == null) {
      return;
    }
    final int at = STRIDE * index;
    long placed = (long) STAMPS.getOpaque(stamps, at + PLACED);
    if (placed == NEVER || placed <= (long) STAMPS.getOpaque(stamps, at + HEARD)) {
      STAMPS.setOpaque(stamps, at + PLACED_AGAIN, NEVER);
      STAMPS.setOpaque(stamps, at + SUSPECTED_AT, NEVER);
      STAMPS.setOpaque(stamps, at + PLACED_SUSPECTED, NEVER);
      STAMPS.setOpaque(stamps, at + PLACED, nowNanos);
    } else if ((long) STAMPS.getOpaque(stamps, at + PLACED_AGAIN) == NEVER) {
      if (nowNanos - placed >= confirmGapNanos) {
        STAMPS.setOpaque(stamps, at + PLACED_AGAIN, nowNanos);
      }
    } else {
      final long since = (long) STAMPS.getOpaque(stamps, at + SUSPECTED_AT);
      if (since != NEVER && nowNanos - since >= 0
          && (long) STAMPS.getOpaque(stamps, at + PLACED_SUSPECTED) == NEVER) {
        STAMPS.setOpaque(stamps, at + PLACED_SUSPECTED, nowNanos); // note 11: the placement that must go unheard
      }
    }
  }

  /**
   * Dataplane, for a new flowlet whose policy chose path {@code chosen}: the path to use instead when the same
   * flow's previous flowlet went out on that path's port ({@code previousPort}, or -1 if unknown) and the path has
   * been given flowlets without being heard for half a timeout or more (note 10): the next path of the set.
   * Otherwise {@code chosen}. Two or three loads; no store.
   */
  int elsewhere(PathSet paths, int chosen, int previousPort, long nowNanos) {
    final long[] stamps = paths.marks;
    final int n = paths.size();
    if (stamps == null || n < 2 || previousPort != paths.port(chosen)) {
      return chosen;
    }
    final int at = STRIDE * chosen;
    final long placed = (long) STAMPS.getOpaque(stamps, at + PLACED);
    if (placed == NEVER || placed <= (long) STAMPS.getOpaque(stamps, at + HEARD)
        || nowNanos - placed < retryGapNanos) {
      return chosen;
    }
    return chosen + 1 == n ? 0 : chosen + 1;
  }

  /**
   * Any thread: path {@code index} of {@code paths} was heard at {@code nowNanos}; counts the report (note 8: two
   * threads counting at once can lose one).
   */
  static void heard(PathSet paths, int index, long nowNanos) {
    final long[] stamps = paths.marks;
    if (stamps != null) {
      STAMPS.setOpaque(stamps, STRIDE * index + HEARD, nowNanos);
      final int reports = stamps.length - 1;
      STAMPS.setOpaque(stamps, reports, (long) STAMPS.getOpaque(stamps, reports) + 1);
    }
  }

  /** Whether {@code destination} is armed; a racy read is fine (a stale false only costs a lock). */
  boolean isArmed(int destination) {
    return armed[destination];
  }

  /** Control method: a liveness word or utilization report came from {@code destination}; detection starts. */
  void arm(int destination, long nowNanos) {
    if (!armed[destination]) {
      armed[destination] = true;
      armedAt[destination] = nowNanos;
      armedList.add(destination);
    }
  }

  /**
   * Control method: finds the silent paths of every armed destination, at most once per tenth of the timeout,
   * and hands each to {@code remove}. Allocates nothing.
   */
  void scan(BalancerCore core, long nowNanos) {
    if (lastScan != NEVER && nowNanos - lastScan < scanIntervalNanos) {
      return;
    }
    lastScan = nowNanos;
    for (int k = armedList.size() - 1; k >= 0; k--) {
      final int destination = armedList.getInt(k);
      final PathSet paths = core.paths(destination);
      final long[] stamps = paths.marks;
      final int n = paths.size();
      long latest = NEVER;
      long second = NEVER;
      int latestIndex = -1;
      boolean suspect = false;
      for (int i = 0; stamps != null && i < n; i++) {
        long h = (long) STAMPS.getOpaque(stamps, STRIDE * i + HEARD);
        suspect |= (long) STAMPS.getOpaque(stamps, STRIDE * i + PLACED_AGAIN) > h;
        if (h > latest) {
          second = latest;
          latest = h;
          latestIndex = i;
        } else if (h > second) {
          second = h;
        }
      }
      if (latest == NEVER ? nowNanos - armedAt[destination] > disarmAfterNanos
          : nowNanos - latest > disarmAfterNanos) {
        armed[destination] = false; // note 4: not heard for long; re-armed by its next liveness word
        armedList.removeInt(k);
        continue;
      }
      int silent = 0;
      for (int i = 0; suspect && i < n && n > 1; i++) { // most destinations have no path waiting twice
        long placed = (long) STAMPS.getOpaque(stamps, STRIDE * i + PLACED);
        long again = (long) STAMPS.getOpaque(stamps, STRIDE * i + PLACED_AGAIN);
        long heard = (long) STAMPS.getOpaque(stamps, STRIDE * i + HEARD);
        if (placed == NEVER || again == NEVER || again <= heard || placed <= heard
            || placed <= armedAt[destination]) {
          continue;
        }
        long other = i == latestIndex ? second : latest;
        if (other == NEVER || other - again <= timeoutNanos) {
          continue;
        }
        // Suspected; silent once the channel has been heard working for a while since (note 8).
        long since = (long) STAMPS.getOpaque(stamps, STRIDE * i + SUSPECTED_AT);
        long reports = (long) STAMPS.getOpaque(stamps, stamps.length - 1);
        if (since == NEVER || since - placed < 0) {
          STAMPS.setOpaque(stamps, STRIDE * i + SUSPECTED_REPORTS, reports);
          STAMPS.setOpaque(stamps, STRIDE * i + PLACED_SUSPECTED, NEVER);
          STAMPS.setOpaque(stamps, STRIDE * i + SUSPECTED_AT, nowNanos);
          continue;
        }
        // Silent once a flowlet placed since the suspicion began has gone unheard for a quarter timeout (note 11).
        long confirming = (long) STAMPS.getOpaque(stamps, STRIDE * i + PLACED_SUSPECTED);
        if (confirming != NEVER && other - confirming >= confirmGapNanos
            && reports - (long) STAMPS.getOpaque(stamps, STRIDE * i + SUSPECTED_REPORTS) >= n) {
          silentPorts[silent++] = paths.port(i);
        }
      }
      for (int s = 0; s < silent; s++) {
        core.silentPath(destination, silentPorts[s], nowNanos);
      }
    }
  }
}
