package dev.clove.telemetry;

import dev.clove.api.Counter;
import dev.clove.api.FeedbackRelay;
import dev.clove.api.FeedbackWord;

/**
 * {@link CloveInt#relay()}: the receiving hypervisor's half of CLOVE-INT. Keeps, per source, the latest path
 * utilization reported by in-band telemetry for each outer source port, and hands each out as a
 * {@link FeedbackWord#utilization} word at most once per relay interval, round robin across ports.
 *
 * <p>Per source there is a fixed table of {@code pendingPortsPerSource} slots. A slot holds a port with a reading
 * not yet relayed (<em>pending</em>), or one relayed less than an interval ago (<em>cooling</em>). A newer reading
 * of a pending port replaces the older one (only the latest matters); a reading that arrives after a report makes
 * the port pending again and is relayed once the interval has passed. A reading for a new port when every slot is
 * pending or cooling is dropped and counted ({@link Counter#RELAY_REPORTS_DROPPED}). Invalid utilizations (NaN,
 * negative, above 16) are counted as {@link Counter#FEEDBACK_INVALID_VALUE} and ignored; values above
 * {@link FeedbackWord#MAX_UTILIZATION} saturate in the word.
 *
 * <p>Threading: one thread at a time, as {@link FeedbackRelay} says; nothing allocates after construction.
 * {@link #count} may be read racily from another thread.
 */
final class IntRelay implements FeedbackRelay {
  private static final long NEVER = Long.MIN_VALUE;
  private static final int FREE = -1;

  private final int maxSources;
  private final int slots;
  private final long relayIntervalNanos;
  private final int[] port;
  private final double[] utilization;
  private final boolean[] pending;
  private final long[] lastSent;
  private final int[] cursor;
  private final int[] pendingCount;
  private final long[] lastNow;
  private final long[] counters = new long[Counter.values().length];

  IntRelay(int maxSources, int slots, long relayIntervalNanos) {
    this.maxSources = maxSources;
    this.slots = slots;
    this.relayIntervalNanos = relayIntervalNanos;
    int total = Math.multiplyExact(maxSources, slots);
    this.port = new int[total];
    java.util.Arrays.fill(port, FREE);
    this.utilization = new double[total];
    this.pending = new boolean[total];
    this.lastSent = new long[total];
    java.util.Arrays.fill(lastSent, NEVER);
    this.cursor = new int[maxSources];
    this.pendingCount = new int[maxSources];
    this.lastNow = new long[maxSources];
    java.util.Arrays.fill(lastNow, NEVER);
  }

  /** Counts the arrival; CLOVE-INT learns nothing from CE marks. */
  @Override
  public void onArrival(int source, int sourcePort, boolean congestionExperienced, long nowNanos) {
    counters[Counter.RELAY_ARRIVALS.ordinal()]++;
    if (congestionExperienced) {
      counters[Counter.RELAY_CE_ARRIVALS.ordinal()]++;
    }
  }

  @Override
  public void onTelemetry(int source, int sourcePort, double pathUtilization, long nowNanos) {
    if (source < 0 || source >= maxSources) {
      counters[Counter.FEEDBACK_UNKNOWN_DESTINATION.ordinal()]++;
      return;
    }
    if (sourcePort < 0 || sourcePort > 0xFFFF
        || !(pathUtilization >= 0 && pathUtilization <= IntPolicy.MAX_PLAUSIBLE_UTILIZATION)) {
      counters[Counter.FEEDBACK_INVALID_VALUE.ordinal()]++;
      return;
    }
    final long now = clock(source, nowNanos);
    final int base = source * slots;
    int reusable = -1;
    for (int i = base, end = base + slots; i < end; i++) {
      int p = port[i];
      if (p == sourcePort) {
        utilization[i] = pathUtilization;
        if (!pending[i]) {
          pending[i] = true;
          pendingCount[source]++;
        }
        return;
      }
      if (reusable < 0 && (p == FREE || (!pending[i] && cooled(i, now)))) {
        reusable = i;
      }
    }
    if (reusable < 0) {
      counters[Counter.RELAY_REPORTS_DROPPED.ordinal()]++;
      return;
    }
    port[reusable] = sourcePort;
    utilization[reusable] = pathUtilization;
    pending[reusable] = true;
    lastSent[reusable] = NEVER;
    pendingCount[source]++;
  }

  @Override
  public int pollFeedback(int source, long nowNanos) {
    if (source < 0 || source >= maxSources) {
      counters[Counter.FEEDBACK_UNKNOWN_DESTINATION.ordinal()]++;
      return FeedbackWord.NONE;
    }
    if (pendingCount[source] == 0) {
      return FeedbackWord.NONE;
    }
    final long now = clock(source, nowNanos);
    final int base = source * slots;
    final int start = cursor[source];
    for (int k = 1; k <= slots; k++) {
      int s = start + k;
      if (s >= slots) {
        s -= slots;
      }
      int i = base + s;
      if (pending[i] && cooled(i, now)) {
        pending[i] = false;
        lastSent[i] = now;
        pendingCount[source]--;
        cursor[source] = s;
        counters[Counter.RELAY_REPORTS_SENT.ordinal()]++;
        return FeedbackWord.utilization(port[i], utilization[i]);
      }
    }
    return FeedbackWord.NONE;
  }

  @Override
  public long count(Counter counter) {
    return counters[counter.ordinal()];
  }

  private boolean cooled(int slot, long now) {
    long last = lastSent[slot];
    return last == NEVER || now - last >= relayIntervalNanos;
  }

  private long clock(int source, long now) {
    long last = lastNow[source];
    if (last != NEVER && now < last) {
      counters[Counter.CLOCK_BACKWARDS.ordinal()]++;
      return last;
    }
    lastNow[source] = now;
    return now;
  }

  @Override
  public String toString() {
    return "IntRelay{maxSources=" + maxSources + ", pendingPortsPerSource=" + slots + ", relayIntervalNanos="
        + relayIntervalNanos + "}";
  }
}
