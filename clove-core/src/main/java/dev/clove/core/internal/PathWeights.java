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
 * control calls are serialised). Any thread may read. Readers that see an odd or changing counter spin, which
 * lasts as long as the writer's few stores.
 */
public final class PathWeights {
  private static final VarHandle SEQ = MethodHandles.arrayElementVarHandle(long[].class);

  /**
   * The most per-path entries ({@code maxDestinations x maxPaths}) a policy's state may have: it is held in one array
   * per field, and this is the longest array every JVM allocates.
   */
  static final int MAX_ENTRIES = Integer.MAX_VALUE - 8;

  private final int maxPaths;
  private final long[] sequence;
  private final int[] sizes;
  private final double[] weights;

  /**
   * Creates weights for {@code maxDestinations} destinations of up to {@code maxPaths} paths each, all empty.
   *
   * @throws IllegalArgumentException if either bound is below 1, or their product is more than 2^31 - 9 (the
   *     longest array every JVM allocates)
   */
  public PathWeights(int maxDestinations, int maxPaths) {
    if (maxDestinations < 1) {
      throw new IllegalArgumentException("maxDestinations must be >= 1, was " + maxDestinations);
    }
    if (maxPaths < 1) {
      throw new IllegalArgumentException("maxPaths must be >= 1, was " + maxPaths);
    }
    final int entries = checkEntries("maxDestinations", maxDestinations, "maxPaths", maxPaths);
    this.maxPaths = maxPaths;
    this.sequence = new long[maxDestinations];
    this.sizes = new int[maxDestinations];
    this.weights = new double[entries];
  }

  /**
   * Returns {@code destinations x paths}, the entries of per-path state, or throws naming both parameters when
   * that is more than {@link #MAX_ENTRIES}: a configuration error, reported where the configuration is built.
   */
  public static int checkEntries(String destinationsName, int destinations, String pathsName, int paths) {
    long entries = (long) destinations * paths;
    if (entries > MAX_ENTRIES) {
      throw new IllegalArgumentException(destinationsName + " x " + pathsName + " must be <= 2^31 - 9, was "
          + destinations + " x " + paths);
    }
    return (int) entries;
  }

  /** The most paths a destination can have. */
  public int maxPaths() {
    return maxPaths;
  }

  /**
   * Publishes {@code count} weights for {@code destination} from {@code source[0..count)}.
   * Single writer per destination.
   */
  public void publish(int destination, double[] source, int count) {
    if (count < 0 || count > maxPaths) {
      throw new IllegalArgumentException("count must be in 0.." + maxPaths + ", was " + count);
    }
    long seq = sequence[destination];
    SEQ.setOpaque(sequence, destination, seq + 1);
    VarHandle.storeStoreFence();
    sizes[destination] = count;
    System.arraycopy(source, 0, weights, destination * maxPaths, count);
    SEQ.setRelease(sequence, destination, seq + 2);
  }

  /**
   * The version of {@code destination}'s weights: even, and different after every {@link #publish}. A reader
   * that cached weights at version {@code v} may keep using them while this still returns {@code v}.
   */
  public long version(int destination) {
    return (long) SEQ.getAcquire(sequence, destination);
  }

  /**
   * Copies a consistent snapshot of {@code destination}'s weights into {@code into} (at least {@link #maxPaths}
   * long) and returns it as a stamp: {@code version << 8 | count}; see {@link #stampVersion} and
   * {@link #stampCount}.
   */
  public long read(int destination, double[] into) {
    final int base = destination * maxPaths;
    while (true) {
      long before = (long) SEQ.getAcquire(sequence, destination);
      if ((before & 1) != 0) {
        Thread.onSpinWait();
        continue;
      }
      int count = sizes[destination];
      if (count < 0 || count > maxPaths) {
        continue; // torn read of a concurrent publish; the sequence check below would fail too
      }
      System.arraycopy(weights, base, into, 0, count);
      VarHandle.loadLoadFence();
      long after = (long) SEQ.getOpaque(sequence, destination);
      if (before == after) {
        return (before << 8) | count;
      }
    }
  }

  /** The version part of a {@link #read} stamp. */
  public static long stampVersion(long stamp) {
    return stamp >>> 8;
  }

  /** The count part of a {@link #read} stamp. */
  public static int stampCount(long stamp) {
    return (int) (stamp & 0xFF);
  }

  /** A newly allocated snapshot of {@code destination}'s weights, for inspection and tests (not the fast path). */
  public double[] snapshot(int destination) {
    double[] into = new double[maxPaths];
    long stamp = read(destination, into);
    return java.util.Arrays.copyOf(into, stampCount(stamp));
  }
}
