package dev.clove.core;

import dev.clove.api.Counter;
import dev.clove.api.LoadBalancer;

/**
 * One dataplane of a balancer: the flowlet table and path chooser of one thread, over the {@link BalancerCore}
 * that all dataplanes of the balancer share.
 *
 * <p>Per packet: look the flow up in the flowlet table; if its flowlet continues on a path that still exists,
 * reuse that port; otherwise ask the policy's chooser for a path and remember it. Unknown destinations and
 * destinations without paths get the fallback ECMP hash. Nothing here allocates, locks or reads a clock.
 *
 * <p>Threading: {@link #selectSourcePort} by the owning dataplane thread only; everything else is thread-safe and
 * delegates to the core's control lock. Counters are plain fields written by the owner and read racily by
 * {@link #count} (metrics may lag by a few packets; they never tear on a 64-bit JVM).
 */
final class CloveBalancer implements LoadBalancer {
  private static final int PORT_MASK = 0xFFFF;
  private static final int VERSION_SHIFT = 16;
  private static final int VERSION_MASK = 0x7FFF;

  private final BalancerCore core;
  private final FlowletTable flowlets;
  private final PathChooser chooser;
  private final long[] counters = new long[Counter.values().length];
  private final long[] lastActivityNote;

  CloveBalancer(BalancerCore core, long seed) {
    this.core = core;
    this.flowlets = core.usesFlowlets
        ? FlowletTable.create(core.flowletCapacity, core.flowletGapNanos, Hashing.mix64(seed ^ 0x1L))
        : null;
    this.chooser = core.policy.newChooser(Hashing.mix64(seed ^ 0x2L));
    this.lastActivityNote = new long[core.maxDestinations];
    java.util.Arrays.fill(lastActivityNote, Long.MIN_VALUE);
    core.dataplanes.add(this);
  }

  @Override
  public int selectSourcePort(int destination, long flowKey, int packetLength, long nowNanos) {
    final BalancerCore c = core; // a final local: one field load, kept in a register
    counters[Counter.PACKETS.ordinal()]++;
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
      return paths.port(EcmpPolicy.rendezvous(paths, flowKey));
    }
    final int remembered = table.lookup(flowKey, nowNanos);
    if (remembered != FlowletTable.NEW_FLOWLET) {
      int port = remembered & PORT_MASK;
      if ((remembered >>> VERSION_SHIFT) == versionTag(paths)) {
        return port;
      }
      if (paths.indexOf(port) >= 0) { // the set changed but this path survived: stay on it
        table.assign(pack(port, paths));
        return port;
      }
      counters[Counter.FLOWLET_PATH_GONE.ordinal()]++;
    }
    return newFlowlet(table, destination, paths, flowKey, nowNanos);
  }

  private int newFlowlet(FlowletTable table, int destination, PathSet paths, long flowKey, long nowNanos) {
    counters[Counter.NEW_FLOWLETS.ordinal()]++;
    noteActivity(destination, nowNanos);
    int index = chooser.choose(destination, paths, flowKey, nowNanos);
    if (index < 0 || index >= paths.size()) { // a misbehaving custom policy must not break forwarding
      index = EcmpPolicy.rendezvous(paths, flowKey);
    }
    int port = paths.port(index);
    table.assign(pack(port, paths));
    return port;
  }

  private void noteActivity(int destination, long nowNanos) {
    long last = lastActivityNote[destination];
    if (last == Long.MIN_VALUE || nowNanos - last >= core.activityNoteIntervalNanos || nowNanos < last) {
      lastActivityNote[destination] = nowNanos;
      core.noteActivity(destination, nowNanos);
    }
  }

  private static int versionTag(PathSet paths) {
    return (int) (paths.version() & VERSION_MASK);
  }

  private static int pack(int port, PathSet paths) {
    return (versionTag(paths) << VERSION_SHIFT) | port;
  }

  @Override
  public void onCongestion(int destination, int sourcePort, long nowNanos) {
    core.congestion(destination, sourcePort, nowNanos);
  }

  @Override
  public void onUtilization(int destination, int sourcePort, double utilization, long nowNanos) {
    core.utilization(destination, sourcePort, utilization, nowNanos);
  }

  @Override
  public void onProbeReply(int destination, int sourcePort, int ttl, long hopId, boolean fromDestination,
      long nowNanos) {
    core.probeReply(destination, sourcePort, ttl, hopId, fromDestination, nowNanos);
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
    return new CloveBalancer(core, Hashing.mix64(core.seed + core.dataplanes.size() * 0x9E3779B97F4A7C15L));
  }

  @Override
  public long count(Counter counter) {
    return core.count(counter);
  }

  /** This dataplane's own share of {@code counter}. */
  long localCount(Counter counter) {
    long value = counters[counter.ordinal()] + chooser.count(counter);
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
