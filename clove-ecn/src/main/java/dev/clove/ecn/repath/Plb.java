// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.ecn.repath;

/**
 * Entry point of the PLB-style repath policy ({@link PlbPolicy}): {@link #policy()} for the sending hypervisor.
 * The receiving hypervisor runs the CLOVE-ECN relay ({@code dev.clove.ecn.CloveEcn.relay()}); with graded
 * reports (the CE fraction per path per relay interval) the policy counts rounds as PLB does, with binary marks
 * each mark is a congested round.
 *
 * <pre>{@code
 * LoadBalancer lb = Clove.builder().policy(Plb.policy().build()).staticPaths(dst, ports).build();
 * }</pre>
 *
 * <p>Threading: the static method is thread-safe; a builder is for one thread.
 */
public final class Plb {
  /** The base RTT the policy assumes until it is bound to a balancer: 100 us. */
  static final long DEFAULT_BASE_RTT_NANOS = 100_000L;

  private Plb() {}

  /**
   * A builder of the sender-side policy, with PLB's defaults (K = 0.5, M = 3, N = 12; see
   * {@link PolicyBuilder}).
   *
   * @return a new policy builder, for one thread
   */
  public static PolicyBuilder policy() {
    return new PolicyBuilder();
  }

  /**
   * Builds a {@link PlbPolicy}. Setters check their argument at once and {@link #build()} checks the combination;
   * errors are {@link IllegalArgumentException}s naming the parameter and the bad value.
   *
   * <p>Defaults: the balancer's base RTT; a round of base RTT / 2 (the relay interval); congested fraction 0.5;
   * idle rounds 3; forced rounds 12; forced repath on.
   *
   * <p>Threading: one thread.
   */
  public static final class PolicyBuilder {
    private long baseRttNanos = -1;
    private long roundNanos = -1;
    private double congestedFraction = 0.5;
    private int idleRounds = 3;
    private int forcedRounds = 12;
    private boolean forcedRepath = true;

    PolicyBuilder() {}

    /**
     * The fabric's base RTT, from which the round defaults (RTT / 2). Usually left unset: the policy then takes
     * the balancer's; if set, it must equal the balancer's, or the balancer's {@code build()} throws.
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
     * The round: use the receiver's relay interval (one report per path per interval). A path with no report for
     * two rounds starts its count of congested rounds afresh. Positive; default base RTT / 2.
     *
     * @param roundNanos the round in nanoseconds, positive
     * @return this builder
     * @throws IllegalArgumentException if {@code roundNanos} is not positive
     */
    public PolicyBuilder roundNanos(long roundNanos) {
      this.roundNanos = positive("roundNanos", roundNanos);
      return this;
    }

    /**
     * PLB's K: the least CE fraction of a round that makes it congested. In (0, 1]; default 0.5.
     *
     * @param congestedFraction the threshold
     * @return this builder
     * @throws IllegalArgumentException if outside (0, 1] or NaN
     */
    public PolicyBuilder congestedFraction(double congestedFraction) {
      if (!(congestedFraction > 0 && congestedFraction <= 1)) {
        throw new IllegalArgumentException("congestedFraction must be in (0, 1], was " + congestedFraction);
      }
      this.congestedFraction = congestedFraction;
      return this;
    }

    /**
     * PLB's M: consecutive congested rounds after which a flow's next flowlet leaves the path. 1 to 1,000;
     * default 3.
     *
     * @param idleRounds M
     * @return this builder
     * @throws IllegalArgumentException if outside 1..1000
     */
    public PolicyBuilder idleRounds(int idleRounds) {
      this.idleRounds = range("idleRounds", idleRounds);
      return this;
    }

    /**
     * PLB's N: consecutive congested rounds after which flows are moved mid-flowlet, each in its turn, one turn
     * per flow every N rounds. 1 to 1,000, and at least {@link #idleRounds}; default 12.
     *
     * @param forcedRounds N
     * @return this builder
     * @throws IllegalArgumentException if outside 1..1000 ({@link #build()}: if below idleRounds)
     */
    public PolicyBuilder forcedRounds(int forcedRounds) {
      this.forcedRounds = range("forcedRounds", forcedRounds);
      return this;
    }

    /**
     * Whether flows are moved mid-flowlet after {@link #forcedRounds} congested rounds; default true. With false,
     * flows move only at flowlet gaps (the M rule): the ablation of the forced repath.
     *
     * @param forcedRepath true to move flows mid-flowlet
     * @return this builder
     */
    public PolicyBuilder forcedRepath(boolean forcedRepath) {
      this.forcedRepath = forcedRepath;
      return this;
    }

    /**
     * Builds a new policy, to be given to one balancer builder.
     *
     * @return a new, unbound policy
     * @throws IllegalArgumentException if forcedRounds is below idleRounds, naming both
     */
    public PlbPolicy build() {
      if (forcedRounds < idleRounds) {
        throw new IllegalArgumentException(
            "forcedRounds must be >= idleRounds, was forcedRounds=" + forcedRounds + " idleRounds=" + idleRounds);
      }
      return new PlbPolicy(baseRttNanos, roundNanos, congestedFraction, idleRounds, forcedRounds, forcedRepath);
    }
  }

  static long positive(String parameter, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(parameter + " must be > 0, was " + value);
    }
    return value;
  }

  static int range(String parameter, int value) {
    if (value < 1 || value > 1000) {
      throw new IllegalArgumentException(parameter + " must be in 1..1000, was " + value);
    }
    return value;
  }

  static double share(String parameter, double value) {
    if (!(value > 0 && value <= 1)) {
      throw new IllegalArgumentException(parameter + " must be in (0, 1], was " + value);
    }
    return value;
  }
}
