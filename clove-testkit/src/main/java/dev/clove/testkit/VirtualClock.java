// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit;

import dev.clove.api.TimeSource;

/**
 * A {@link TimeSource} that only moves when a test moves it, and never backwards.
 *
 * <pre>{@code
 * VirtualClock clock = new VirtualClock();
 * clock.advance(50_000);                     // 50 us later
 * balancer.selectSourcePort(dst, flow, 1500, clock.nanoTime());
 * }</pre>
 *
 * <p>Threading: {@link #nanoTime()} may be read from any thread (the value is volatile); {@link #set} and
 * {@link #advance} are meant for the one thread that drives the test, and are not atomic with each other.
 */
public final class VirtualClock implements TimeSource {

  private volatile long now;

  /** A clock at time 0. */
  public VirtualClock() {
    this(0);
  }

  /**
   * A clock at {@code startNanos}.
   *
   * @param startNanos the initial time
   */
  public VirtualClock(long startNanos) {
    this.now = startNanos;
  }

  @Override
  public long nanoTime() {
    return now;
  }

  /**
   * Sets the time.
   *
   * @param nanos the new time, not before the current one
   * @throws IllegalArgumentException if {@code nanos} is before the current time
   */
  public void set(long nanos) {
    if (nanos < now) {
      throw new IllegalArgumentException("clock cannot go backwards: set(" + nanos + ") at " + now);
    }
    now = nanos;
  }

  /**
   * Moves the clock forward and returns the new time.
   *
   * @param deltaNanos how far to move, not negative
   * @return the time after the move
   * @throws IllegalArgumentException if {@code deltaNanos} is negative or the result would overflow
   */
  public long advance(long deltaNanos) {
    if (deltaNanos < 0) {
      throw new IllegalArgumentException("deltaNanos must be >= 0: " + deltaNanos);
    }
    long next = Math.addExact(now, deltaNanos);
    now = next;
    return next;
  }

  @Override
  public String toString() {
    return "VirtualClock[" + now + " ns]";
  }
}
