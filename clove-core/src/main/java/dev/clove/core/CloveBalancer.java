// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import dev.clove.api.Counter;
import dev.clove.api.DestinationPaths;
import dev.clove.api.LoadBalancer;
import dev.clove.core.internal.Checks;
import dev.clove.core.internal.FlowletTable;
import dev.clove.core.internal.Hashing;

/**
 * One dataplane of a balancer: the flowlet table and path chooser of one thread, over the {@link BalancerCore}
 * that all dataplanes of the balancer share.
 *
 * <p>Per packet: look the flow up in the flowlet table; if its flowlet continues on a path that still exists,
 * reuse that port; otherwise ask the policy's chooser for a path and remember it. Unknown destinations and
 * destinations without paths get the fallback ECMP hash. Nothing here allocates, locks or reads a clock. A new
 * flowlet also stamps its path for silence detection ({@link SilenceDetector#placed}).
 *
 * <p>Threading: {@link #selectSourcePort} and {@link #selectSourcePorts} by the owning dataplane thread only;
 * everything else is thread-safe and delegates to the core's control lock. Counters are plain fields written by the
 * owner and read racily by {@link #count} (metrics may lag by a few packets; they never tear on a 64-bit JVM).
 */
final class CloveBalancer implements LoadBalancer {
  /*
   * The flowlet value is the path's index in its PathSet (8 bits: maxPathsPerDestination <= 255) and its port
   * (16 bits), 24 bits in all, never FlowletTable's all-ones mark. A continuing flowlet is valid exactly when the
   * current set still has that port at that index: one bounds check and one load from the set this packet has
   * loaded anyway, no version tag. If the set changed and moved the port, the flowlet stays on it (re-assigned
   * with the new index); if the port is gone, the flowlet is placed anew.
   *
   * Moving flows (PathPolicy.movesFlows, off unless a policy asks for it): a continuing flowlet may also be ended
   * by the chooser (leaves), and every new flowlet is then placed with the flow's previous path known
   * (chooseFrom). The flag is a final field read per continuing packet, so a policy that does not move flows pays
   * one load and a branch that always goes the same way; the flowlet table is not touched (the move reuses
   * assign(), as a path-set change does).
   *
   * The per-packet counters are plain fields, not slots of an array indexed by Counter.ordinal(): the JIT does
   * not trust an enum's ordinal() as a constant, so an array slot costs a load of the ordinal and a bounds
   * check on top of the increment.
   */
  private static final int PORT_MASK = 0xFFFF;
  private static final int INDEX_SHIFT = 16;
  /** Packets per pass of a burst: 64 hashes and set offsets are 768 bytes of scratch, 64 lines in flight at most. */
  static final int CHUNK = 64;

  final BalancerCore core;
  private final FlowletTable flowlets;
  private final PathChooser chooser;
  /** The policy's {@link PathPolicy#movesFlows}: consult the chooser on continuing flowlets. */
  private final boolean movesFlows;
  /** The balancer's silence detector, or null when detection is off. */
  private final SilenceDetector silence;
  /** The balancer's adaptive flowlet gaps, or null when the option is off. */
  private final AdaptiveGaps adaptiveGaps;
  /**
   * False when the balancer has no discovery (its note interval is then "never"): activity notes would go
   * nowhere, so the dataplane skips them.
   */
  private final boolean notesActivity;
  private final long[] counters = new long[Counter.values().length];
  private final long[] lastActivityNote;
  private long packets;
  private long newFlowlets;
  private long flowletPathGone;
  /** Scratch of {@link #selectSourcePorts}: the hashes of one chunk, and where their sets are in the table. */
  private final long[] burstHashes = new long[CHUNK];
  private final int[] setOffsets = new int[CHUNK];
  /** The XOR of the words a burst touched; written once per burst so the JIT cannot drop the loads. */
  @SuppressWarnings("unused")
  private long burstSink;

  CloveBalancer(BalancerCore core, long seed) {
    this.core = core;
    this.flowlets = core.usesFlowlets
        ? FlowletTable.create(core.flowletCapacity, core.flowletGapNanos, Hashing.mix64(seed ^ 0x1L))
        : null;
    this.chooser = core.policy.newChooser(Hashing.mix64(seed ^ 0x2L));
    this.movesFlows = core.usesFlowlets && core.policy.movesFlows();
    this.silence = core.silence;
    this.adaptiveGaps = core.adaptiveGaps;
    this.notesActivity = core.activityNoteIntervalNanos != Long.MAX_VALUE;
    this.lastActivityNote = new long[core.maxDestinations];
    java.util.Arrays.fill(lastActivityNote, Long.MIN_VALUE);
    core.dataplanes.add(this);
  }

  @Override
  public int selectSourcePort(int destination, long flowKey, int packetLength, long nowNanos) {
    final FlowletTable table = flowlets;
    return select(destination, flowKey, table == null ? 0 : table.hash(flowKey), false, nowNanos);
  }

  /**
   * Three passes per chunk of at most {@value #CHUNK} packets: hash every packet's flow key (and find its set),
   * touch every packet's flowlet set (independent loads, so their cache misses overlap), then decide each packet
   * in order with {@link #select}, exactly as {@link #selectSourcePort} would. See FlowletTable note 5. Without a
   * table, or with one that fits in the L2, there is nothing to fetch ahead, and the burst is a plain loop over
   * {@link #selectSourcePort}.
   */
  @Override
  public void selectSourcePorts(int[] destinations, long[] flowKeys, int[] packetLengths, int count,
      long nowNanos, int[] portsOut) {
    Checks.checkBurst(destinations, flowKeys, packetLengths, count, portsOut);
    final FlowletTable table = flowlets;
    if (table == null || !table.outgrowsL2()) { // ECMP, or a table in cache: nothing worth fetching ahead
      for (int i = 0; i < count; i++) {
        portsOut[i] = selectSourcePort(destinations[i], flowKeys[i], packetLengths[i], nowNanos);
      }
      return;
    }
    final long[] hashes = burstHashes;
    long touched = 0;
    for (int start = 0; start < count; start += CHUNK) {
      final int end = Math.min(count, start + CHUNK);
      for (int i = start; i < end; i++) {
        final long hash = table.hash(flowKeys[i]);
        hashes[i - start] = hash;
        setOffsets[i - start] = table.setOffset(hash);
      }
      // A loop of nothing but loads (FlowletTable note 5): every set is touched, even one whose packet will take
      // the fallback for an unknown destination, as a branch here would cost more than the odd wasted load.
      for (int i = start; i < end; i++) {
        touched ^= table.touchSet(setOffsets[i - start]);
      }
      for (int i = start; i < end; i++) {
        portsOut[i] = select(destinations[i], flowKeys[i], hashes[i - start], true, nowNanos);
      }
    }
    burstSink = touched; // consumed, so the JIT keeps the touching loads
  }

  /**
   * One packet; {@code hash} is its {@link FlowletTable#hash}, or anything when there is no flowlet table.
   * {@code touched}: a burst has already loaded the flow's set, so the scan for cached sets is the fast one.
   */
  private int select(int destination, long flowKey, long hash, boolean touched, long nowNanos) {
    final BalancerCore c = core; // a final local: one field load, kept in a register
    packets++;
    if (destination < 0 || destination >= c.maxDestinations) {
      counters[Counter.FALLBACK_UNKNOWN_DESTINATION.ordinal()]++;
      return c.fallbackPort(flowKey);
    }
    final PathSet paths = c.paths(destination);
    final int n = paths.size();
    if (n == 0) {
      counters[Counter.FALLBACK_NO_PATH.ordinal()]++;
      noteActivity(destination, nowNanos);
      return c.fallbackPort(flowKey);
    }
    final FlowletTable table = flowlets;
    if (table == null) { // ECMP: one path per flow, no flowlet state
      noteActivity(destination, nowNanos);
      final int index = EcmpPolicy.rendezvous(paths, flowKey, core.ecmpSecret);
      if (silence != null) {
        silence.placed(paths, index, nowNanos); // every packet is a placement; stores only on the first ones
      }
      return paths.port(index);
    }
    final AdaptiveGaps gaps = adaptiveGaps;
    final int remembered;
    if (gaps == null) {
      remembered = touched ? table.lookupCached(hash, nowNanos) : table.lookupHashed(hash, nowNanos);
    } else { // the destination's own gap: one load and a compare (AdaptiveGaps)
      final int gap = gaps.gapTicks(destination, nowNanos);
      remembered = touched ? table.lookupCached(hash, nowNanos, gap) : table.lookupHashed(hash, nowNanos, gap);
    }
    if (remembered != FlowletTable.NEW_FLOWLET) {
      final int port = remembered & PORT_MASK;
      final int index = remembered >>> INDEX_SHIFT;
      // A continuing flowlet is traffic too: a destination whose flows never pause must stay probed.
      if (index < n && paths.port(index) == port) {
        if (movesFlows && chooser.leaves(destination, index, flowKey)) {
          return newFlowlet(table, destination, paths, flowKey, index, nowNanos);
        }
        noteActivity(destination, nowNanos);
        return port;
      }
      final int moved = paths.indexOf(port);
      if (moved >= 0) { // the set changed but this path survived: stay on it
        table.assign(pack(moved, port));
        noteActivity(destination, nowNanos);
        return port;
      }
      flowletPathGone++;
    }
    return newFlowlet(table, destination, paths, flowKey, movesFlows ? previousIndex(table, paths) : -1, nowNanos);
  }

  /** The path of the flow's ended flowlet, if it is still at the same index of {@code paths}, else -1. */
  private static int previousIndex(FlowletTable table, PathSet paths) {
    final int ended = table.endedValue();
    if (ended == FlowletTable.NEW_FLOWLET) {
      return -1;
    }
    final int index = ended >>> INDEX_SHIFT;
    return index < paths.size() && paths.port(index) == (ended & PORT_MASK) ? index : -1;
  }

  /** {@code previousIndex}: the flow's last path when the policy moves flows, else -1 (and unused). */
  private int newFlowlet(FlowletTable table, int destination, PathSet paths, long flowKey, int previousIndex,
      long nowNanos) {
    newFlowlets++;
    noteActivity(destination, nowNanos);
    int index = movesFlows ? chooser.chooseFrom(destination, paths, flowKey, previousIndex, nowNanos)
        : chooser.choose(destination, paths, flowKey, nowNanos);
    if (index < 0 || index >= paths.size()) { // a misbehaving custom policy must not break forwarding
      index = EcmpPolicy.rendezvous(paths, flowKey, core.ecmpSecret);
    }
    if (silence != null && silence.isArmed(destination)) { // only where the relay reports liveness (note 4)
      final int ended = table.endedValue();
      final int avoid = movesFlows ? (previousIndex >= 0 ? paths.port(previousIndex) : -1)
          : ended == FlowletTable.NEW_FLOWLET ? -1 : ended & PORT_MASK;
      index = silence.elsewhere(paths, index, avoid, nowNanos);
    }
    int port = paths.port(index);
    table.assign(pack(index, port));
    if (silence != null) {
      silence.placed(paths, index, nowNanos);
    }
    return port;
  }

  private void noteActivity(int destination, long nowNanos) {
    if (!notesActivity) {
      return;
    }
    long last = lastActivityNote[destination];
    if (last == Long.MIN_VALUE || nowNanos - last >= core.activityNoteIntervalNanos || nowNanos < last) {
      lastActivityNote[destination] = nowNanos;
      core.noteActivity(destination, nowNanos);
    }
  }

  private static int pack(int index, int port) {
    return (index << INDEX_SHIFT) | port;
  }

  @Override
  public void onCongestion(int destination, int sourcePort, long nowNanos) {
    core.congestion(destination, sourcePort, nowNanos);
  }

  @Override
  public void onCongestionFraction(int destination, int sourcePort, double fraction, long nowNanos) {
    core.congestionFraction(destination, sourcePort, fraction, nowNanos);
  }

  @Override
  public void onUtilization(int destination, int sourcePort, double utilization, long nowNanos) {
    core.utilization(destination, sourcePort, utilization, nowNanos);
  }

  @Override
  public void onPathHeard(int destination, int sourcePort, long nowNanos) {
    core.heard(destination, sourcePort, nowNanos);
  }

  @Override
  public void onPathDelay(int destination, int portsMeasured, long delaySpreadNanos, long nowNanos) {
    core.pathDelay(destination, portsMeasured, delaySpreadNanos, nowNanos);
  }

  @Override
  public void onProbeReply(int destination, int sourcePort, int ttl, int probeId, long hopId,
      boolean fromDestination, long nowNanos) {
    core.probeReply(destination, sourcePort, ttl, probeId, hopId, fromDestination, nowNanos);
  }

  @Override
  public void onPathFailure(int destination, int sourcePort, long nowNanos) {
    core.pathFailure(destination, sourcePort, nowNanos);
  }

  @Override
  public void onMalformedFeedback(int destination, int word, long nowNanos) {
    core.counters.increment(Counter.FEEDBACK_MALFORMED);
  }

  @Override
  public void onTick(long nowNanos) {
    core.tick(nowNanos);
  }

  @Override
  public LoadBalancer newDataplane() {
    // Numbered by creation, not by how many are open, so a dataplane made after a close gets a seed of its own.
    long ordinal = core.dataplanesCreated.incrementAndGet();
    return new CloveBalancer(core, Hashing.mix64(core.seed + ordinal * 0x9E3779B97F4A7C15L));
  }

  @Override
  public void close() {
    core.retire(this);
  }

  @Override
  public DestinationPaths paths(int destination) {
    return core.pathsCopy(destination);
  }

  @Override
  public long pathsVersion(int destination) {
    return core.pathsVersion(destination);
  }

  @Override
  public long count(Counter counter) {
    return core.count(counter);
  }

  /** This dataplane's own share of {@code counter}. */
  long localCount(Counter counter) {
    long value = counters[counter.ordinal()] + chooser.count(counter);
    switch (counter) {
      case PACKETS:
        value += packets;
        break;
      case NEW_FLOWLETS:
        value += newFlowlets;
        break;
      case FLOWLET_PATH_GONE:
        value += flowletPathGone;
        break;
      default:
        break;
    }
    if (flowlets != null) {
      if (counter == Counter.FLOWLET_EVICTED_ACTIVE) {
        value += flowlets.evictedActive();
      } else if (counter == Counter.CLOCK_BACKWARDS) {
        value += flowlets.clockBackwards();
      }
    }
    return value;
  }

  @Override
  public String toString() {
    return "CloveBalancer{policy=" + core.policy.getClass().getSimpleName() + ", flowletGapNanos="
        + core.flowletGapNanos + ", flowletCapacity=" + core.flowletCapacity + "}";
  }
}
