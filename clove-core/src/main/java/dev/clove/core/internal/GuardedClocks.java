// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core.internal;

import dev.clove.api.Counter;

/**
 * Clocks that a single absurd time cannot stall: the rule every control-plane component of clove applies to the
 * times it is handed (one clock, or one per source for a relay).
 *
 * <h2>The rule</h2>
 * Let {@code d = t - last}, where {@code last} is the latest accepted time (wrap-safe: a clock that counts past
 * {@link Long#MAX_VALUE} into negative numbers simply moves forward).
 * <ul>
 *   <li>{@code 0 <= d <= MAX_STEP_NANOS} (1 s): accepted; {@code t} is returned ({@link #ACCEPTED}).</li>
 *   <li>{@code -MAX_REORDER_NANOS <= d < 0} (up to 10 ms back): calls from several threads taking a lock out of
 *       order; the time is treated as no time passing: {@code last} is returned ({@link #BACKWARDS}).</li>
 *   <li>Anything else is a jump, forward or back. A first jump is held: {@code last} is returned and {@code t}
 *       remembered ({@link #JUMP_HELD}). If the next call that is not an ordinary step from {@code last} confirms
 *       it (its time is within one step after the held one, and nearer to it than to {@code last}), the clock
 *       moves there ({@link #REBASED_FORWARD} or
 *       {@link #REBASED_BACKWARD}); a call within one step of {@code last} is accepted as usual and forgets the
 *       held time.</li>
 * </ul>
 * So one glitched time (even {@code Long.MAX_VALUE}) is never used at all, and a clock that really jumped (a
 * reset, or a component that was idle for more than a second) is followed after one call. No component stalls
 * for longer than that. After {@link #REBASED_BACKWARD} the caller must forget (or pull back to the new time) any
 * time it stored that now lies in the future, or intervals measured from those stamps would wait for real time
 * to catch up.
 *
 * <p>Threading: not thread-safe; each instance belongs to one component, used under that component's lock (or
 * one thread). Allocates nothing after construction.
 */
public final class GuardedClocks {
  /** The largest forward step accepted at once. */
  public static final long MAX_STEP_NANOS = 1_000_000_000L;
  /** The largest backward step treated as benign reordering rather than a jump. */
  public static final long MAX_REORDER_NANOS = 10_000_000L;

  /** The time was accepted. */
  public static final int ACCEPTED = 0;
  /** The time was slightly earlier than the latest; the latest was returned. */
  public static final int BACKWARDS = 1;
  /** The time jumped; it was held for confirmation and the latest accepted time was returned. */
  public static final int JUMP_HELD = 2;
  /** A held forward jump was confirmed: the clock moved forward to it. */
  public static final int REBASED_FORWARD = 3;
  /** A held backward jump was confirmed: the clock moved back; stored stamps may now lie in the future. */
  public static final int REBASED_BACKWARD = 4;

  private final long[] last;
  private final long[] held;
  private final byte[] state; // 0 never called, 1 running, 2 running with a held jump
  private int status;

  /**
   * {@code count} independent clocks, numbered from 0.
   *
   * @param count the number of clocks, 0 or more
   */
  public GuardedClocks(int count) {
    this.last = new long[count];
    this.held = new long[count];
    this.state = new byte[count];
  }

  /**
   * Returns the time clock {@code i} should use for a call made at {@code t}; see {@link #status()}.
   *
   * @param i the clock, in {@code 0..count-1}
   * @param t the time in nanoseconds the call was made with
   * @return {@code t} if it was accepted, otherwise the clock's latest accepted time
   */
  public long advance(int i, long t) {
    if (state[i] == 0) {
      state[i] = 1;
      last[i] = t;
      status = ACCEPTED;
      return t;
    }
    final long previous = last[i];
    final long d = t - previous;
    if (d >= 0 && d <= MAX_STEP_NANOS) {
      state[i] = 1;
      last[i] = t;
      status = ACCEPTED;
      return t;
    }
    if (state[i] == 2) {
      final long fromHeld = t - held[i];
      // Confirmed: an ordinary step after the held time, and nearer to it than to the latest accepted time.
      if (fromHeld >= 0 && fromHeld <= MAX_STEP_NANOS && Long.compareUnsigned(fromHeld, Math.abs(d)) < 0) {
        state[i] = 1;
        last[i] = t;
        status = d > 0 ? REBASED_FORWARD : REBASED_BACKWARD;
        return t;
      }
    }
    if (d < 0 && d >= -MAX_REORDER_NANOS) {
      status = BACKWARDS;
      return previous;
    }
    state[i] = 2;
    held[i] = t;
    status = JUMP_HELD;
    return previous;
  }

  /**
   * What the latest {@link #advance} did: one of the constants of this class.
   *
   * @return {@link #ACCEPTED}, {@link #BACKWARDS}, {@link #JUMP_HELD}, {@link #REBASED_FORWARD} or
   *     {@link #REBASED_BACKWARD}
   */
  public int status() {
    return status;
  }

  /**
   * The counter the latest {@link #advance} should be counted under.
   *
   * @return {@link Counter#CLOCK_BACKWARDS} after {@link #BACKWARDS}, {@link Counter#CLOCK_JUMPS} after
   *     {@link #JUMP_HELD}, otherwise null
   */
  public Counter anomaly() {
    return status == BACKWARDS ? Counter.CLOCK_BACKWARDS : status == JUMP_HELD ? Counter.CLOCK_JUMPS : null;
  }

  /**
   * The latest accepted time of clock {@code i}; meaningless before its first call.
   *
   * @param i the clock, in {@code 0..count-1}
   * @return the latest accepted time in nanoseconds
   */
  public long now(int i) {
    return last[i];
  }

  /**
   * True if clock {@code i} has accepted a time.
   *
   * @param i the clock, in {@code 0..count-1}
   * @return true once clock {@code i} has been advanced
   */
  public boolean started(int i) {
    return state[i] != 0;
  }
}
