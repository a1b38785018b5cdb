// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.api;

/**
 * A source of monotonic nanosecond time.
 *
 * <p>CLOVE never reads a clock on its own: the embedder reads one {@code TimeSource} (once per batch of packets,
 * typically) and passes the value into every call. Production code uses {@link #system()}; tests and simulators
 * use a virtual clock so that runs are repeatable.
 *
 * <p>Threading: implementations must be safe to call from any thread.
 */
@FunctionalInterface
public interface TimeSource {

  /**
   * Returns the current time in nanoseconds. Only differences between values are meaningful.
   *
   * @return the current time
   */
  long nanoTime();

  /**
   * Returns the JVM's monotonic clock, {@link System#nanoTime()}.
   *
   * @return the system time source
   */
  static TimeSource system() {
    return SystemTimeSource.INSTANCE;
  }
}
