package dev.clove.telemetry;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Per-destination telemetry readings (port, utilization, time of the reading), written by one control thread and
 * read by dataplane threads without locks or allocation.
 *
 * <p>The same per-destination seqlock as {@link dev.clove.core.internal.PathWeights}, widened to three parallel vectors so
 * that a reader always sees a utilization together with the time and port it belongs to: the writer makes the
 * sequence odd (opaque store, then a store-store fence), writes, and makes it even with a release store; a reader
 * loads the sequence with acquire, copies, issues a load-load fence, and retries if the sequence moved or was odd.
 *
 * <p>Threading: one writer at a time (the policy, under the balancer's control lock); any number of readers.
 */
final class Readings {
  private static final VarHandle SEQ = MethodHandles.arrayElementVarHandle(long[].class);

  private final int maxPaths;
  private final long[] sequence;
  private final int[] sizes;
  private final int[] ports;
  private final double[] utilizations;
  private final long[] times;

  Readings(int maxDestinations, int maxPaths) {
    this.maxPaths = maxPaths;
    this.sequence = new long[maxDestinations];
    this.sizes = new int[maxDestinations];
    int total = Math.multiplyExact(maxDestinations, maxPaths);
    this.ports = new int[total];
    this.utilizations = new double[total];
    this.times = new long[total];
  }

  int maxPaths() {
    return maxPaths;
  }

  int maxDestinations() {
    return sizes.length;
  }

  /** Publishes the whole vector of {@code destination}: {@code count} entries from index 0 of each array. */
  void publish(int destination, int count, int[] portSource, double[] utilizationSource, long[] timeSource) {
    final int base = destination * maxPaths;
    long seq = sequence[destination];
    SEQ.setOpaque(sequence, destination, seq + 1);
    VarHandle.storeStoreFence();
    sizes[destination] = count;
    System.arraycopy(portSource, 0, ports, base, count);
    System.arraycopy(utilizationSource, 0, utilizations, base, count);
    System.arraycopy(timeSource, 0, times, base, count);
    SEQ.setRelease(sequence, destination, seq + 2);
  }

  /** Publishes one reading of path {@code index} (which must be below the published count). */
  void update(int destination, int index, double utilization, long time) {
    final int i = destination * maxPaths + index;
    long seq = sequence[destination];
    SEQ.setOpaque(sequence, destination, seq + 1);
    VarHandle.storeStoreFence();
    utilizations[i] = utilization;
    times[i] = time;
    SEQ.setRelease(sequence, destination, seq + 2);
  }

  /**
   * Copies a consistent snapshot of {@code destination}'s readings into the arrays (each at least
   * {@link #maxPaths} long) and returns the number of entries.
   */
  int read(int destination, int[] portInto, double[] utilizationInto, long[] timeInto) {
    final int base = destination * maxPaths;
    while (true) {
      long before = (long) SEQ.getAcquire(sequence, destination);
      if ((before & 1) != 0) {
        Thread.onSpinWait();
        continue;
      }
      int count = sizes[destination];
      if (count < 0 || count > maxPaths) {
        continue; // torn by a concurrent publish; the sequence check would fail too
      }
      System.arraycopy(ports, base, portInto, 0, count);
      System.arraycopy(utilizations, base, utilizationInto, 0, count);
      System.arraycopy(times, base, timeInto, 0, count);
      VarHandle.loadLoadFence();
      if ((long) SEQ.getOpaque(sequence, destination) == before) {
        return count;
      }
    }
  }
}
