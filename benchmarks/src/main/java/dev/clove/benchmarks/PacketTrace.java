// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.benchmarks;

import java.util.SplittableRandom;

/**
 * A precomputed stream of packets over a fixed population of flows, replayed in a loop: the input of every
 * per-packet benchmark.
 *
 * <p>Use: {@code int j = trace.next();} then read {@code flowKeys[j]}, {@code destinations[j]} and
 * {@code now(j)}. The arrays are a power of two long and indexed {@code cursor++ & mask}, so replaying costs a
 * few sequential loads (which the hardware prefetcher streams) and no arithmetic beyond an add.
 */
public final class PacketTrace {
  /*
   * The mix of flowlet continuations and new flowlets.
   *
   * Each packet belongs to a flow drawn uniformly at random from `flows` flows, and the virtual clock advances
   * by the same step per packet. A flow's next packet therefore comes after a geometric number K of packets,
   * P(K > k) = (1 - 1/flows)^k ~ exp(-k / flows), and it starts a new flowlet when K * step > gap. Choosing
   *
   *     step = gap / (flows * ln(1 / newFlowletFraction))
   *
   * makes that happen for `newFlowletFraction` of packets (10% in every benchmark here), whatever the number of
   * flows. The rest continue a live flowlet. Uniform choice is the cache-hostile case: every flow is equally
   * likely, there is no hot subset that stays in L1/L2. The benchmarks measure the real mix in their setup
   * (Counter.NEW_FLOWLETS / Counter.PACKETS) rather than trust this approximation; collisions in the flowlet
   * table add a little to it.
   *
   * The trace holds at least 4 packets per flow (and at least 2^20 packets), so ~98% of the flows (1 - e^-4)
   * appear in every replay of it, and the replay's period is longer than 2.3 flowlet gaps, so wrapping around
   * does not change the idle-time distribution. Time keeps increasing across wraps: each wrap adds the trace's
   * duration to an epoch.
   *
   * Destinations are a property of the flow (every packet of a flow goes to the same tunnel endpoint), drawn
   * uniformly from `destinations`.
   */

  /** The fraction of packets that find their flow idle beyond the flowlet gap. */
  public static final double NEW_FLOWLET_FRACTION = 0.10;
  /** The smallest trace, in packets. */
  static final int MIN_PACKETS = 1 << 20;

  public final long[] flowKeys;
  public final int[] destinations;
  public final long[] times;
  public final int mask;
  /** The virtual duration of one replay of the trace. */
  public final long cycleNanos;
  /** The virtual time between consecutive packets. */
  public final double stepNanos;
  public final int flows;

  private int cursor;
  private long epoch;

  private PacketTrace(int flows, int packets, double stepNanos) {
    this.flows = flows;
    this.flowKeys = new long[packets];
    this.destinations = new int[packets];
    this.times = new long[packets];
    this.mask = packets - 1;
    this.stepNanos = stepNanos;
    this.cycleNanos = (long) (packets * stepNanos);
  }

  /**
   * Generates a trace.
   *
   * @param flows the number of distinct flows
   * @param destinations flows are spread uniformly over destination ids {@code [0, destinations)}
   * @param gapNanos the flowlet gap of the balancer that will see the trace
   * @param newFlowletFraction the fraction of packets that should start a new flowlet, in (0, 1)
   * @param seed the same seed gives the same trace
   */
  public static PacketTrace generate(int flows, int destinations, long gapNanos, double newFlowletFraction,
      long seed) {
    if (flows < 1 || destinations < 1 || gapNanos <= 0 || !(newFlowletFraction > 0 && newFlowletFraction < 1)) {
      throw new IllegalArgumentException("flows=" + flows + " destinations=" + destinations + " gapNanos="
          + gapNanos + " newFlowletFraction=" + newFlowletFraction);
    }
    int packets = Math.max(MIN_PACKETS, nextPowerOfTwo(4L * flows));
    double step = gapNanos / (flows * Math.log(1 / newFlowletFraction));
    PacketTrace trace = new PacketTrace(flows, packets, step);

    SplittableRandom random = new SplittableRandom(seed);
    long[] keyOfFlow = new long[flows];
    int[] destinationOfFlow = new int[flows];
    for (int f = 0; f < flows; f++) {
      keyOfFlow[f] = random.nextLong();
      destinationOfFlow[f] = random.nextInt(destinations);
    }
    for (int j = 0; j < packets; j++) {
      int f = random.nextInt(flows);
      trace.flowKeys[j] = keyOfFlow[f];
      trace.destinations[j] = destinationOfFlow[f];
      trace.times[j] = (long) (j * step);
    }
    trace.epoch = -trace.cycleNanos; // the first next() wraps to epoch 0
    return trace;
  }

  /** The number of packets in one replay. */
  public int length() {
    return mask + 1;
  }

  /** The index of the next packet; time moves on by {@link #cycleNanos} at each wrap. */
  public int next() {
    final int j = cursor++ & mask;
    if (j == 0) { // once per replay: perfectly predicted
      epoch += cycleNanos;
    }
    return j;
  }

  /**
   * The index of the first of the next {@code n} packets, {@code j..j+n-1}, which never wrap: {@code n} must be a
   * power of two no longer than the trace, and the replay so far a multiple of it (as it is when every read is a
   * burst of {@code n}, or a whole replay). Time moves on at each wrap, as in {@link #next}.
   *
   * @throws IllegalStateException if the packets would wrap
   */
  public int nextBurst(int n) {
    final int j = cursor & mask;
    if ((j & (n - 1)) != 0 || j + n > mask + 1) {
      throw new IllegalStateException("a burst of " + n + " at packet " + j + " would wrap");
    }
    cursor += n;
    if (j == 0) {
      epoch += cycleNanos;
    }
    return j;
  }

  /** The time of packet {@code j} in the current replay. */
  public long now(int j) {
    return epoch + times[j];
  }

  /** The smallest power of two {@code >= n}, for sizing tables (at least 8). */
  public static int nextPowerOfTwo(long n) {
    if (n > (1 << 30)) {
      throw new IllegalArgumentException("too large: " + n);
    }
    int v = (int) Math.max(8, n);
    return Integer.bitCount(v) == 1 ? v : Integer.highestOneBit(v) << 1;
  }

  /** The flowlet table capacity for {@code flows} flows: the next power of two {@code >= 2 * flows}. */
  public static int tableCapacityFor(int flows) {
    return nextPowerOfTwo(2L * flows);
  }
}
