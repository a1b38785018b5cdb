package dev.clove.ecn;

import dev.clove.api.Counter;
import dev.clove.api.FeedbackRelay;
import dev.clove.api.FeedbackWord;

/**
 * {@link CloveEcn#relay()}: the receiving hypervisor's half of CLOVE-ECN. Remembers, per source, which outer
 * source ports (paths) arrived CE-marked, and hands them out one at a time as {@link FeedbackWord#congestion}
 * words to piggyback on reverse traffic.
 *
 * <p>Per source there is a fixed table of {@code pendingPortsPerSource} slots. A slot holds a port that is
 * <em>pending</em> (CE seen since its last report) or <em>cooling</em> (reported less than one relay interval ago,
 * and so not reportable again yet). A port is reported at most once per relay interval; marks that arrive while
 * it is pending merge into that one report (the paper's relay-rate optimisation, section 2.3); a mark that
 * arrives after a report makes the port pending again, and it is reported as soon as its interval has passed, so
 * no mark of a new interval is lost. Pending ports are served round robin. A mark for a new port when every slot
 * is pending or cooling is dropped and counted ({@link Counter#RELAY_REPORTS_DROPPED}): cooling slots are never
 * evicted, since forgetting them would allow a second report within the interval.
 *
 * <p>Threading: one thread at a time (the receive path of one dataplane thread), as {@link FeedbackRelay} says;
 * nothing allocates after construction. {@link #count} may be read racily from another thread.
 */
final class EcnRelay implements FeedbackRelay {
  private static final long NEVER = Long.MIN_VALUE;
  private static final int FREE = -1;

  private final int maxSources;
  private final int slots;
  private final long relayIntervalNanos;
  private final int[] port;
  private final boolean[] pending;
  private final long[] lastSent;
  private final int[] cursor;
  private final int[] pendingCount;
  private final long[] lastNow;
  private final long[] counters = new long[Counter.values().length];

  EcnRelay(int maxSources, int slots, long relayIntervalNanos) {
    this.maxSources = maxSources;
    this.slots = slots;
    this.relayIntervalNanos = relayIntervalNanos;
    int total = Math.multiplyExact(maxSources, slots);
    this.port = new int[total];
    java.util.Arrays.fill(port, FREE);
    this.pending = new boolean[total];
    this.lastSent = new long[total];
    java.util.Arrays.fill(lastSent, NEVER);
    this.cursor = new int[maxSources];
    this.pendingCount = new int[maxSources];
    this.lastNow = new long[maxSources];
    java.util.Arrays.fill(lastNow, NEVER);
  }

  @Override
  public void onArrival(int source, int sourcePort, boolean congestionExperienced, long nowNanos) {
    counters[Counter.RELAY_ARRIVALS.ordinal()]++;
    if (!congestionExperienced) {
      return;
    }
    counters[Counter.RELAY_CE_ARRIVALS.ordinal()]++;
    if (source < 0 || source >= maxSources) {
      counters[Counter.FEEDBACK_UNKNOWN_DESTINATION.ordinal()]++;
      return;
    }
    if (sourcePort < 0 || sourcePort > 0xFFFF) {
      counters[Counter.FEEDBACK_INVALID_VALUE.ordinal()]++;
      return;
    }
    final long now = clock(source, nowNanos);
    final int base = source * slots;
    int reusable = -1;
    for (int i = base, end = base + slots; i < end; i++) {
      int p = port[i];
      if (p == sourcePort) {
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
    // A port absent from the table was not reported within the last interval (cooling slots are kept).
    port[reusable] = sourcePort;
    pending[reusable] = true;
    lastSent[reusable] = NEVER;
    pendingCount[source]++;
  }

  /** CLOVE-ECN relays no telemetry: ignored. Use {@code CloveInt.relay()} for CLOVE-INT. */
  @Override
  public void onTelemetry(int source, int sourcePort, double pathUtilization, long nowNanos) {}

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
        return FeedbackWord.congestion(port[i]);
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

  /** Per-source monotonic time: an earlier time than one seen is counted and treated as no time passing. */
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
    return "EcnRelay{maxSources=" + maxSources + ", pendingPortsPerSource=" + slots + ", relayIntervalNanos="
        + relayIntervalNanos + "}";
  }
}
