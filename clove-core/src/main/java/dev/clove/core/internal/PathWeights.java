// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Per-destination path weights, written by one control thread and read by any number of dataplane threads
 * without locks and without allocation.
 *
 * <p>Each destination's vector is guarded by a sequence counter (a seqlock, the scheme behind
 * {@link java.util.concurrent.locks.StampedLock#tryOptimisticRead}): the writer makes the counter odd, writes the
 * weights, and makes it even again with release semantics; a reader reads the counter with acquire semantics,
 * copies the weights, and retries if the counter moved. Readers never block the writer and never see a torn
 * vector, and a weight update costs a few stores instead of a new snapshot object, so feedback processing
 * allocates nothing.
 *
 * <h2>Threading</h2>
 * One writer at a time per destination ({@link #publish}); the caller serialises writers (a balancer does: its
 * control calls are serialised). Any thread may read. Storage comes in chunks of 256 destinations, allocated by
 * the writer on first use and published with a release store that readers load with acquire, so memory follows
 * the destinations in use rather than {@code maxDestinations}. Readers that see an odd or changing counter spin, which
 * lasts as long as the writer's few stores.
 */
public final class PathWeights {
  private static final VarHandle SEQ = MethodHandles.arrayElementVarHandle(long[].class);
  private static final VarHandle CHUNKS = MethodHandles.arrayElementVarHandle(Chunk[].class);
  /** Destinations per chunk: 256, so a chunk of 16 paths is 32 KB of weights. */
  private static final int CHUNK_BITS = 8;
  private static final int CHUNK_MASK = (1 << CHUNK_BITS) - 1;

  private final int maxPaths;
  /** A chunk is allocated on its first publish and published with a release store; null until then. */
  private final Chunk[] chunks;

  /** The state of 256 consecutive destinations. */
  private static final class Chunk {
    final long[] sequence = new long[1 << CHUNK_BITS];
    final int[] sizes = new int[1 << CHUNK_BITS];
    final double[] weights;

    Chunk(int maxPaths) {
      this.weights = new double[maxPaths << CHUNK_BITS];
    }
  }

  /**
   * Creates weights for {@code maxDestinations} destinations of up to {@code maxPaths} paths each, all empty.
   * Memory grows with the destinations that get weights, a chunk of 256 at a time ({@code 256 x (8 x maxPaths +
   * 12)} bytes), on the writer's thread; up front it is 4 or 8 bytes per 256 destinations.
   *
   * @param maxDestinations one more than the largest destination id, at least 1
   * @param maxPaths the most weights one destination can have, at least 1; at most 255 for a {@link #read} stamp
   *     to hold the count (8 bits)
   * @throws IllegalArgumentException if either bound is below 1
   */
  public PathWeights(int maxDestinations, int maxPaths) {
    if (maxDestinations < 1) {
      throw new IllegalArgumentException("maxDestinations must be >= 1, was " + maxDestinations);
    }
    if (maxPaths < 1) {
      throw new IllegalArgumentException("maxPaths must be >= 1, was " + maxPaths);
    }
    this.maxPaths = maxPaths;
    this.chunks = new Chunk[((maxDestinations - 1) >>> CHUNK_BITS) + 1];
  }

  /**
   * The most paths a destination can have.
   *
   * @return the {@code maxPaths} the weights were created with
   */
  public int maxPaths() {
    return maxPaths;
  }

  /**
   * Publishes {@code count} weights for {@code destination} from {@code source[0..count)}.
   * Single writer per destination; allocates only the first time a destination of a new chunk is published.
   *
   * @param destination the destination, in {@code 0..maxDestinations-1}
   * @param source the weights, index-aligned with the destination's current paths; read, not kept
   * @param count the number of weights, in {@code 0..maxPaths}
   * @throws IllegalArgumentException if {@code count} is out of that range
   */
  public void publish(int destination, double[] source, int count) {
    if (count < 0 || count > maxPaths) {
      throw new IllegalArgumentException("count must be in 0.." + maxPaths + ", was " + count);
    }
    Chunk c = chunks[destination >>> CHUNK_BITS];
    if (c == null) {
      c = new Chunk(maxPaths);
      CHUNKS.setRelease(chunks, destination >>> CHUNK_BITS, c);
    }
    final int i = destination & CHUNK_MASK;
    long seq = c.sequence[i];
    SEQ.setOpaque(c.sequence, i, seq + 1);
    VarHandle.storeStoreFence();
    c.sizes[i] = count;
    System.arraycopy(source, 0, c.weights, i * maxPaths, count);
    SEQ.setRelease(c.sequence, i, seq + 2);
  }

  /**
   * The version of {@code destination}'s weights: even, and different after every {@link #publish} (0 before the
   * first). A reader that cached weights at version {@code v} may keep using them while this still returns
   * {@code v}.
   *
   * @param destination the destination, in {@code 0..maxDestinations-1}
   * @return the version, even; 0 before the first publish
   */
  public long version(int destination) {
    Chunk c = (Chunk) CHUNKS.getAcquire(chunks, destination >>> CHUNK_BITS);
    // During a publish the sequence is odd; the publish has not happened yet, so report the version before it.
    return c == null ? 0 : (long) SEQ.getAcquire(c.sequence, destination & CHUNK_MASK) & ~1L;
  }

  /**
   * Copies a consistent snapshot of {@code destination}'s weights into {@code into} (at least {@link #maxPaths}
   * long) and returns it as a stamp: {@code version << 8 | count}; see {@link #stampVersion} and
   * {@link #stampCount}. A destination never published reads as version 0 with no weights.
   *
   * @param destination the destination, in {@code 0..maxDestinations-1}
   * @param into receives the weights at indices {@code 0..count-1}; at least {@link #maxPaths} long
   * @return the stamp: the version shifted left by 8, or'ed with the number of weights copied
   */
  public long read(int destination, double[] into) {
    Chunk c = (Chunk) CHUNKS.getAcquire(chunks, destination >>> CHUNK_BITS);
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
        continue; // torn read of a concurrent publish; the sequence check below would fail too
      }
      System.arraycopy(c.weights, base, into, 0, count);
      VarHandle.loadLoadFence();
      long after = (long) SEQ.getOpaque(c.sequence, i);
      if (before == after) {
        return (before << 8) | count;
      }
    }
  }

  /**
   * The version part of a {@link #read} stamp.
   *
   * @param stamp a stamp {@link #read} returned
   * @return the weights' version, as {@link #version} gives it
   */
  public static long stampVersion(long stamp) {
    return stamp >>> 8;
  }

  /**
   * The count part of a {@link #read} stamp.
   *
   * @param stamp a stamp {@link #read} returned
   * @return the number of weights copied, in {@code 0..maxPaths}
   */
  public static int stampCount(long stamp) {
    return (int) (stamp & 0xFF);
  }

  /**
   * A newly allocated snapshot of {@code destination}'s weights, for inspection and tests (not the fast path).
   *
   * @param destination the destination, in {@code 0..maxDestinations-1}
   * @return a new array of the destination's weights, empty if none were published
   */
  public double[] snapshot(int destination) {
    double[] into = new double[maxPaths];
    long stamp = read(destination, into);
    return java.util.Arrays.copyOf(into, stampCount(stamp));
  }
}
