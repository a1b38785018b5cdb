// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.telemetry;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Per-destination telemetry readings (port, utilization, time of the reading), written by one control thread and
 * read by dataplane threads without locks or allocation.
 *
 * <p>The same per-destination seqlock as {@link dev.clove.core.internal.PathWeights}, widened to three parallel
 * vectors so that a reader always sees a utilization together with the time and port it belongs to: the writer makes the
 * sequence odd (opaque store, then a store-store fence), writes, and makes it even with a release store; a reader
 * loads the sequence with acquire, copies, issues a load-load fence, and retries if the sequence moved or was odd.
 *
 * <p>Threading: one writer at a time (the policy, under the balancer's control lock); any number of readers. Storage
 * comes in chunks of 256 destinations, allocated by the writer on first use and published with a release store.
 */
final class Readings {
  private static final VarHandle SEQ = MethodHandles.arrayElementVarHandle(long[].class);
  private static final VarHandle CHUNKS = MethodHandles.arrayElementVarHandle(Chunk[].class);
  /** Destinations per chunk (256): storage follows the destinations that report, as in PathWeights. */
  private static final int CHUNK_BITS = 8;
  private static final int CHUNK_MASK = (1 << CHUNK_BITS) - 1;

  private final int maxDestinations;
  private final int maxPaths;
  /** A chunk is allocated by the writer on its first publish, with a release store; null until then. */
  private final Chunk[] chunks;

  /** The readings of 256 consecutive destinations. */
  private static final class Chunk {
    final long[] sequence = new long[1 << CHUNK_BITS];
    final int[] sizes = new int[1 << CHUNK_BITS];
    final int[] ports;
    final double[] utilizations;
    final long[] times;

    Chunk(int maxPaths) {
      ports = new int[maxPaths << CHUNK_BITS];
      utilizations = new double[maxPaths << CHUNK_BITS];
      times = new long[maxPaths << CHUNK_BITS];
    }
  }

  Readings(int maxDestinations, int maxPaths) {
    this.maxDestinations = maxDestinations;
    this.maxPaths = maxPaths;
    this.chunks = new Chunk[((maxDestinations - 1) >>> CHUNK_BITS) + 1];
  }

  int maxPaths() {
    return maxPaths;
  }

  int maxDestinations() {
    return maxDestinations;
  }

  private Chunk chunkForWriting(int destination) {
    Chunk c = chunks[destination >>> CHUNK_BITS];
    if (c == null) {
      c = new Chunk(maxPaths);
      CHUNKS.setRelease(chunks, destination >>> CHUNK_BITS, c);
    }
    return c;
  }

  /** Publishes the whole vector of {@code destination}: {@code count} entries from index 0 of each array. */
  void publish(int destination, int count, int[] portSource, double[] utilizationSource, long[] timeSource) {
    final Chunk c = chunkForWriting(destination);
    final int i = destination & CHUNK_MASK;
    final int base = i * maxPaths;
    long seq = c.sequence[i];
    SEQ.setOpaque(c.sequence, i, seq + 1);
    VarHandle.storeStoreFence();
    c.sizes[i] = count;
    System.arraycopy(portSource, 0, c.ports, base, count);
    System.arraycopy(utilizationSource, 0, c.utilizations, base, count);
    System.arraycopy(timeSource, 0, c.times, base, count);
    SEQ.setRelease(c.sequence, i, seq + 2);
  }

  /** Publishes one reading of path {@code index} (which must be below the published count). */
  void update(int destination, int index, double utilization, long time) {
    final Chunk c = chunkForWriting(destination);
    final int i = destination & CHUNK_MASK;
    final int at = i * maxPaths + index;
    long seq = c.sequence[i];
    SEQ.setOpaque(c.sequence, i, seq + 1);
    VarHandle.storeStoreFence();
    c.utilizations[at] = utilization;
    c.times[at] = time;
    SEQ.setRelease(c.sequence, i, seq + 2);
  }

  /**
   * Copies a consistent snapshot of {@code destination}'s readings into the arrays (each at least
   * {@link #maxPaths} long) and returns the number of entries; 0 for a destination never published.
   */
  int read(int destination, int[] portInto, double[] utilizationInto, long[] timeInto) {
    final Chunk c = (Chunk) CHUNKS.getAcquire(chunks, destination >>> CHUNK_BITS);
    if (c == null) {
      return 0;
    }
    final int i = destination & CHUNK_MASK;
    final int base = i * maxPaths;
    while (true) {
      long before = (long) SEQ.getAcquire(c.sequence, i);
      if ((before & 1) != 0) {
        Thread.onSpinWait();
        continue;
      }
      int count = c.sizes[i];
      if (count < 0 || count > maxPaths) {
        continue; // torn by a concurrent publish; the sequence check would fail too
      }
      System.arraycopy(c.ports, base, portInto, 0, count);
      System.arraycopy(c.utilizations, base, utilizationInto, 0, count);
      System.arraycopy(c.times, base, timeInto, 0, count);
      VarHandle.loadLoadFence();
      if ((long) SEQ.getOpaque(c.sequence, i) == before) {
        return count;
      }
    }
  }
}
