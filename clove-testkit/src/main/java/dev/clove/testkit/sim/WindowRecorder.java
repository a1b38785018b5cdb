// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit.sim;

/**
 * Per-link statistics per window of simulated time, recorded by {@link Ports} as packets enter, get marked and get
 * dropped: bytes, drops, CE marks and the largest backlog an arriving packet found. Memory is bounded and allocated
 * once: at most {@code capacity} windows per link. When the run outgrows them, neighbouring windows are merged in
 * pairs and the window length doubles (sums add, maxima take the larger), so that every window always has the same
 * length and the windows still sum to the run's totals. Time only moves forward in a run, so the current window is
 * found by comparing with its end, without a division.
 *
 * <p>Threading: confined to the thread that runs its {@link Sim}, like every part of a run.
 */
final class WindowRecorder {
  private final int ports;
  private final int capacity;
  /** Current window length; doubles when the windows are merged. */
  long windowNanos;
  /** Index of the window that holds the present time. */
  int current;
  private long windowEnd;
  /** By {@code window * ports + port}. */
  final long[] bytes;
  final long[] drops;
  final long[] ceMarks;
  final long[] maxQueue;

  WindowRecorder(int ports, long windowNanos, int capacity) {
    this.ports = ports;
    this.capacity = capacity;
    this.windowNanos = windowNanos;
    this.windowEnd = windowNanos;
    bytes = new long[ports * capacity];
    drops = new long[ports * capacity];
    ceMarks = new long[ports * capacity];
    maxQueue = new long[ports * capacity];
  }

  /** The offset of {@code port}'s entry in the window that holds time {@code t}. */
  private int slot(int port, long t) {
    while (t >= windowEnd) {
      advance();
    }
    return current * ports + port;
  }

  private void advance() {
    current++;
    windowEnd += windowNanos;
    if (current == capacity) {
      mergePairs();
    }
  }

  /** Halves the number of windows in use by merging neighbours; the window length doubles. */
  private void mergePairs() {
    int half = capacity / 2;
    for (int w = 0; w < half; w++) {
      int to = w * ports;
      int a = 2 * w * ports;
      int b = a + ports;
      for (int p = 0; p < ports; p++) {
        bytes[to + p] = bytes[a + p] + bytes[b + p];
        drops[to + p] = drops[a + p] + drops[b + p];
        ceMarks[to + p] = ceMarks[a + p] + ceMarks[b + p];
        maxQueue[to + p] = Math.max(maxQueue[a + p], maxQueue[b + p]);
      }
    }
    java.util.Arrays.fill(bytes, half * ports, bytes.length, 0);
    java.util.Arrays.fill(drops, half * ports, drops.length, 0);
    java.util.Arrays.fill(ceMarks, half * ports, ceMarks.length, 0);
    java.util.Arrays.fill(maxQueue, half * ports, maxQueue.length, 0);
    windowNanos *= 2;
    current = half;
    windowEnd = (half + 1) * windowNanos;
  }

  /** A packet of {@code len} bytes entered {@code port}'s queue at {@code t}, finding {@code backlog} bytes. */
  void enqueued(int port, long t, int len, long backlog) {
    int i = slot(port, t);
    bytes[i] += len;
    if (backlog > maxQueue[i]) {
      maxQueue[i] = backlog;
    }
  }

  /** {@code port} marked a packet CE at {@code t}. */
  void marked(int port, long t) {
    ceMarks[slot(port, t)]++;
  }

  /** {@code port} dropped a packet at {@code t}. */
  void dropped(int port, long t) {
    drops[slot(port, t)]++;
  }

  /** Moves the windows up to time {@code t}, the end of the run, so that the last window holds it. */
  void advanceTo(long t) {
    if (t > 0) {
      slot(0, t - 1);
    }
  }

  /** The windows in use, oldest first: those up to and including the current one. */
  int windowsInUse() {
    return current + 1;
  }

  /** A copy of {@code counts}' entries of the windows in use, as {@code [port][window]}. */
  long[][] byPort(long[] counts) {
    int n = windowsInUse();
    long[][] out = new long[ports][n];
    for (int w = 0; w < n; w++) {
      for (int p = 0; p < ports; p++) {
        out[p][w] = counts[w * ports + p];
      }
    }
    return out;
  }
}
