// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.ecn;

import dev.clove.core.RelayBuilder;
import dev.clove.core.internal.TableRelayBuilder;

/**
 * Entry point of CLOVE-ECN (paper, section 2.3): congestion-aware weighted round robin on the sender, steered
 * by ECN marks that the receiver relays back.
 *
 * <pre>{@code
 * // sending hypervisor
 * LoadBalancer lb = Clove.builder().policy(CloveEcn.policy().build()).staticPaths(7, 50001, 50002).build();
 * // receiving hypervisor
 * FeedbackRelay relay = CloveEcn.relay().maxSources(1024).build();
 * }</pre>
 *
 * <h2>Parameters (paper defaults)</h2>
 * <ul>
 *   <li>Relay interval: half the base RTT (50 us for the default 100 us RTT). The receiver reports each path at
 *       most once per interval, and the sender cuts each path at most once per interval.</li>
 *   <li>Cut factor: 1/3 of a path's weight per cut, fast enough for persistent marking, gentle on bursts.</li>
 *   <li>Flowlet gap: twice the RTT; a balancer setting ({@code BalancerBuilder.baseRttNanos}).</li>
 *   <li>ECN marking threshold: a switch setting, not ours. The paper follows DCTCP and marks when a port's queue
 *       exceeds 20 MTU-sized packets, low enough to keep queues short and high enough for TSO bursts. The
 *       sender must set ECT in the outer header, and the receiver must not copy CE into the inner header.</li>
 * </ul>
 *
 * <p>Threading: static factories; builders are single-threaded; see {@link EcnPolicy} and
 * {@link dev.clove.api.FeedbackRelay} for the built objects.
 */
public final class CloveEcn {
  /** The default base round-trip time, 100 us, as in the balancer builder. */
  static final long DEFAULT_BASE_RTT_NANOS = 100_000;

  private CloveEcn() {}

  /**
   * A builder of the sender-side policy, with the paper's defaults.
   *
   * @return a new policy builder, for one thread
   */
  public static PolicyBuilder policy() {
    return new PolicyBuilder();
  }

  /**
   * A builder of the receiver-side relay, with the paper's defaults. Per arriving tunnel packet, tell the relay
   * whether its outer header carried CE, then clear CE before decapsulating: the mark is for CLOVE, and must not
   * reach the tenant VM (RFC 6040's default decapsulation would copy it inward). When sending to that source,
   * piggyback {@code relay.pollFeedback(source, now)} if it is not {@link dev.clove.api.FeedbackWord#NONE}.
   *
   * @return a new relay builder that builds CLOVE-ECN relays, for one thread
   */
  public static RelayBuilder relay() {
    return new TableRelayBuilder(EcnRelay::new);
  }

  /**
   * A builder of the receiver-side relay of graded ECN (issue #15): instead of one bit per path per relay interval,
   * it reports per path the fraction of the packets that arrived CE-marked since the path's previous report, as
   * {@link dev.clove.api.FeedbackWord#encodeCongestionFraction CE-fraction} words, and a path heard without a mark
   * as fraction 0 (which is also its liveness report). Use it with a sender whose policy is built with
   * {@code graded(true)}; a sender whose policy takes only marks reads a fraction above
   * 0 as a mark, and a sender older than version 0.2 drops the words as malformed. Feed it every arriving tunnel
   * packet, marked or not, as for {@link #relay()}. The builder's settings mean what they mean for
   * {@link #relay()}, except {@code livenessReports}, which does not apply: every heard port is reported.
   *
   * <p>A separate factory rather than a setter on {@link #relay()}'s builder because that builder's type,
   * {@link RelayBuilder}, is shared with CLOVE-INT, where the setting would mean nothing.
   *
   * @return a new relay builder that builds graded CLOVE-ECN relays, for one thread
   */
  public static RelayBuilder gradedRelay() {
    return new TableRelayBuilder(GradedEcnRelay::new);
  }

  /**
   * Builds an {@link EcnPolicy}. Setters check their argument at once and {@link #build()} checks the
   * combination; errors are {@link IllegalArgumentException}s naming the parameter and the bad value
   * ({@link NullPointerException}s naming the parameter, for null).
   *
   * <p>Defaults: the balancer's base RTT (100 us unless set on {@code Clove.builder()}); relay interval base RTT / 2; congestion memory one relay interval; cut factor
   * 1/3; {@link Recovery#none()}.
   *
   * <p>Threading: one thread.
   */
  public static final class PolicyBuilder {
    private long baseRttNanos = -1;
    private long relayIntervalNanos = -1;
    private long congestionMemoryNanos = -1;
    private double cutFactor = 1.0 / 3;
    private Recovery recovery = Recovery.none();

    PolicyBuilder() {}

    /**
     * The fabric's base RTT, from which the relay interval defaults (RTT / 2). Positive. Usually left unset: the
     * policy then takes the balancer's ({@code Clove.builder().baseRttNanos}) when it is built into one; if set,
     * it must equal the balancer's, or the balancer's {@code build()} throws.
     *
     * @param baseRttNanos the base RTT in nanoseconds, positive
     * @return this builder
     * @throws IllegalArgumentException if {@code baseRttNanos} is not positive
     */
    public PolicyBuilder baseRttNanos(long baseRttNanos) {
      this.baseRttNanos = positive("baseRttNanos", baseRttNanos);
      return this;
    }

    /**
     * The relay interval: a path is cut at most once per interval; reports within it are suppressed. Use the
     * receiver's relay interval. Positive; default base RTT / 2.
     *
     * @param relayIntervalNanos the least time in nanoseconds between two cuts of one path, positive
     * @return this builder
     * @throws IllegalArgumentException if {@code relayIntervalNanos} is not positive
     */
    public PolicyBuilder relayIntervalNanos(long relayIntervalNanos) {
      this.relayIntervalNanos = positive("relayIntervalNanos", relayIntervalNanos);
      return this;
    }

    /**
     * How long a path counts as congested after a report: congested paths receive no weight from cuts of
     * other paths. Zero or more; default one relay interval.
     *
     * @param congestionMemoryNanos the time in nanoseconds a path stays congested after a report, 0 or more
     * @return this builder
     * @throws IllegalArgumentException if {@code congestionMemoryNanos} is negative
     */
    public PolicyBuilder congestionMemoryNanos(long congestionMemoryNanos) {
      if (congestionMemoryNanos < 0) {
        throw new IllegalArgumentException("congestionMemoryNanos must be >= 0, was " + congestionMemoryNanos);
      }
      this.congestionMemoryNanos = congestionMemoryNanos;
      return this;
    }

    /**
     * The fraction of a path's weight one cut removes; in (0, 1]; default 1/3 (paper).
     *
     * @param cutFactor the fraction removed per cut, greater than 0 and at most 1
     * @return this builder
     * @throws IllegalArgumentException if {@code cutFactor} is outside (0, 1] or NaN
     */
    public PolicyBuilder cutFactor(double cutFactor) {
      if (!(cutFactor > 0 && cutFactor <= 1)) {
        throw new IllegalArgumentException("cutFactor must be in (0, 1], was " + cutFactor);
      }
      this.cutFactor = cutFactor;
      return this;
    }

    /**
     * How weights recover after congestion; default {@link Recovery#none()} (the paper's behaviour).
     *
     * @param recovery the recovery rule, {@link Recovery#none()} or {@link Recovery#decayToEqual}
     * @return this builder
     * @throws NullPointerException if {@code recovery} is null
     */
    public PolicyBuilder recovery(Recovery recovery) {
      if (recovery == null) {
        throw new NullPointerException("recovery must not be null, was null");
      }
      this.recovery = recovery;
      return this;
    }

    /**
     * Builds a new policy, to be given to one balancer builder.
     *
     * @return a new, unbound policy with these settings
     */
    public EcnPolicy build() {
      return new EcnPolicy(baseRttNanos, relayIntervalNanos, congestionMemoryNanos, cutFactor, recovery);
    }
  }

  static long positive(String parameter, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(parameter + " must be > 0, was " + value);
    }
    return value;
  }
}
