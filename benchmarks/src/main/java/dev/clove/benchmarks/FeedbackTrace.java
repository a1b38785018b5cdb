// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.benchmarks;

import java.util.SplittableRandom;

/**
 * Precomputed feedback reports, replayed in a loop: which destination and path each report is about, the
 * utilization an INT report carries, and the time it arrives.
 *
 * <p>Reports are spread uniformly over every destination and path of the {@link Fabric}. Consecutive reports
 * are {@code spacingNanos} apart in virtual time; the feedback benchmarks choose a spacing longer than the ECN
 * relay interval, so that no report is suppressed as a repeat of a recent one and each one really cuts a weight.
 * Time keeps increasing across replays.
 */
final class FeedbackTrace {
  static final int SIZE = 1 << 16;
  static final int MASK = SIZE - 1;

  final int[] destinations = new int[SIZE];
  final int[] ports = new int[SIZE];
  final double[] utilizations = new double[SIZE];
  private final long spacingNanos;
  private int cursor;
  private long now;

  /**
   * @param spacingNanos virtual time between consecutive reports
   * @param startNanos the time of the first report
   */
  FeedbackTrace(long spacingNanos, long startNanos, long seed) {
    this.spacingNanos = spacingNanos;
    this.now = startNanos;
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < SIZE; i++) {
      destinations[i] = random.nextInt(Fabric.DESTINATIONS);
      ports[i] = Fabric.FIRST_PORT + random.nextInt(Fabric.PATHS);
      utilizations[i] = random.nextDouble(); // 0..1: idle to saturated
    }
  }

  /** The index of the next report; advances the clock by the spacing. */
  int next() {
    now += spacingNanos;
    return cursor++ & MASK;
  }

  /** How many reports {@link #next} has handed out. */
  long count() {
    return cursor & 0xFFFFFFFFL;
  }

  /** The time of the report {@link #next} returned last. */
  long now() {
    return now;
  }
}
