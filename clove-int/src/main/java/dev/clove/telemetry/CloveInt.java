// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.telemetry;

import dev.clove.core.RelayBuilder;
import dev.clove.core.internal.TableRelayBuilder;

/**
 * Entry point of CLOVE-INT (paper, section 2.3): the sender places each new flowlet on the least utilized path,
 * by path utilizations that switches insert as in-band network telemetry (the largest egress-link utilization
 * along the path) and the receiver relays back.
 *
 * <pre>{@code
 * // sending hypervisor
 * LoadBalancer lb = Clove.builder().policy(CloveInt.policy().build()).staticPaths(7, 50001, 50002).build();
 * // receiving hypervisor, per packet carrying telemetry:
 * relay.onTelemetry(source, outerSourcePort, maxEgressUtilizationOnPath, now);
 * }</pre>
 *
 * <p>Threading: static factories; builders are single-threaded; see {@link IntPolicy} and {@link dev.clove.api.FeedbackRelay}
 * for the built objects.
 */
public final class CloveInt {
  static final long DEFAULT_BASE_RTT_NANOS = 100_000;

  private CloveInt() {}

  /**
   * A builder of the sender-side policy.
   *
   * @return a new policy builder, for one thread
   */
  public static PolicyBuilder policy() {
    return new PolicyBuilder();
  }

  /**
   * A builder of the receiver-side relay.
   *
   * @return a new relay builder that builds CLOVE-INT relays, for one thread
   */
  public static RelayBuilder relay() {
    return new TableRelayBuilder(IntRelay::new);
  }

  /**
   * Builds an {@link IntPolicy}. Setters check their argument at once; errors are
   * {@link IllegalArgumentException}s naming the parameter and the bad value.
   *
   * <p>Defaults: the balancer's base RTT (100 us unless set on {@code Clove.builder()}); {@code staleAfterNanos} ten base RTTs (1 ms), twenty relay intervals: long
   * enough that a path carrying traffic is refreshed many times over, short enough that a reading describes the
   * queue it was taken from.
   *
   * <p>Threading: one thread.
   */
  public static final class PolicyBuilder {
    private long baseRttNanos = -1;
    private long staleAfterNanos = -1;

    PolicyBuilder() {}

    /**
     * The fabric's base RTT, from which {@code staleAfterNanos} defaults (ten RTTs). Positive, and at most
     * {@code Long.MAX_VALUE / 10} so that ten of it are a time. Usually left unset: the policy then takes the
     * balancer's ({@code Clove.builder().baseRttNanos}) when it is built into one; if set, it must equal the
     * balancer's, or the balancer's {@code build()} throws.
     *
     * @param baseRttNanos the base RTT in nanoseconds, 1 to {@code Long.MAX_VALUE / 10}
     * @return this builder
     * @throws IllegalArgumentException if {@code baseRttNanos} is out of that range
     */
    public PolicyBuilder baseRttNanos(long baseRttNanos) {
      if (baseRttNanos <= 0 || baseRttNanos > Long.MAX_VALUE / 10) {
        throw new IllegalArgumentException(
            "baseRttNanos must be in 1.." + Long.MAX_VALUE / 10 + ", was " + baseRttNanos);
      }
      this.baseRttNanos = baseRttNanos;
      return this;
    }

    /**
     * Readings older than this are unknown. Positive; default ten base RTTs.
     *
     * @param staleAfterNanos the age in nanoseconds beyond which a reading is unknown, positive
     * @return this builder
     * @throws IllegalArgumentException if {@code staleAfterNanos} is not positive
     */
    public PolicyBuilder staleAfterNanos(long staleAfterNanos) {
      this.staleAfterNanos = positive("staleAfterNanos", staleAfterNanos);
      return this;
    }

    /**
     * Builds a new policy, to be given to one balancer builder.
     *
     * @return a new, unbound policy with these settings
     */
    public IntPolicy build() {
      return new IntPolicy(baseRttNanos, staleAfterNanos);
    }
  }

  static long positive(String parameter, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(parameter + " must be > 0, was " + value);
    }
    return value;
  }
}
