// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.ecn;

/**
 * How CLOVE-ECN path weights recover after congestion clears.
 *
 * <ul>
 *   <li>{@link #none()} (the default) is the paper's behaviour (section 2.3): weights move only when congestion is
 *       reported. A path that was cut long ago stays light until congestion elsewhere hands weight back to it.</li>
 *   <li>{@link #decayToEqual(long)} additionally pulls every weight exponentially toward the equal share
 *       {@code 1/n} with time constant {@code tau}: after {@code dt} nanoseconds without reports,
 *       {@code w <- 1/n + (w - 1/n) * exp(-dt / tau)}. The pull preserves the sum of the weights exactly (in real
 *       arithmetic), so it composes with the cuts. It is applied on every {@code onTick}, and lazily to a
 *       destination just before one of its congestion reports is applied, so a cut always acts on the weight the
 *       path has at that moment. Choose {@code tau} well above the relay interval (tens of RTTs): a short
 *       {@code tau} forgets congestion between two reports and lets traffic flap back onto a congested path.</li>
 * </ul>
 *
 * <p>Threading: immutable; safe to share.
 */
public final class Recovery {
  private static final Recovery NONE = new Recovery(0);

  /** The time constant in nanoseconds, or 0 for no recovery. */
  final long timeConstantNanos;

  private Recovery(long timeConstantNanos) {
    this.timeConstantNanos = timeConstantNanos;
  }

  /**
   * No recovery: the paper's behaviour, and the default.
   *
   * @return the shared rule that leaves weights as cuts set them
   */
  public static Recovery none() {
    return NONE;
  }

  /**
   * Exponential decay of every weight toward the equal share, with time constant {@code timeConstantNanos}.
   *
   * @param timeConstantNanos the decay's time constant in nanoseconds, positive
   * @return a new rule with that time constant
   * @throws IllegalArgumentException if {@code timeConstantNanos} is not positive
   */
  public static Recovery decayToEqual(long timeConstantNanos) {
    if (timeConstantNanos <= 0) {
      throw new IllegalArgumentException(
          "recovery.timeConstantNanos must be > 0, was " + timeConstantNanos);
    }
    return new Recovery(timeConstantNanos);
  }

  /**
   * True unless this is {@link #none()}.
   *
   * @return true if weights decay toward the equal share
   */
  public boolean enabled() {
    return timeConstantNanos > 0;
  }

  /**
   * The decay time constant in nanoseconds, or 0 for {@link #none()}.
   *
   * @return the time constant in nanoseconds, positive, or 0 for {@link #none()}
   */
  public long timeConstantNanos() {
    return timeConstantNanos;
  }

  @Override
  public String toString() {
    return enabled() ? "Recovery.decayToEqual(" + timeConstantNanos + "ns)" : "Recovery.none()";
  }
}
