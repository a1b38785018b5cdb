// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.ecn.repath;

/**
 * Entry point of the Hermes-style cautious reroute policy ({@link HermesPolicy}): {@link #policy()} for the
 * sending hypervisor. The receiving hypervisor runs the CLOVE-ECN relay ({@code dev.clove.ecn.CloveEcn.relay()});
 * graded reports (the CE fraction per path per relay interval) give the policy its path classes, binary marks
 * read as a fraction of 1.
 *
 * <pre>{@code
 * LoadBalancer lb = Clove.builder().policy(Hermes.policy().build()).staticPaths(dst, ports).build();
 * }</pre>
 *
 * <p>Threading: the static method is thread-safe; a builder is for one thread.
 */
public final class Hermes {
  private Hermes() {}

  /**
   * A builder of the sender-side policy (defaults in {@link PolicyBuilder}).
   *
   * @return a new policy builder, for one thread
   */
  public static PolicyBuilder policy() {
    return new PolicyBuilder();
  }

  /**
   * Builds a {@link HermesPolicy}. Setters check their argument at once and {@link #build()} checks the
   * combination; errors are {@link IllegalArgumentException}s naming the parameter and the bad value.
   *
   * <p>Defaults: the balancer's base RTT; memory two base RTTs; a round of half the base RTT (the relay interval);
   * good below a CE fraction of 0.1, congested from 0.4; clearly better by 0.1; smoothing 0.5; a turn every 12
   * rounds; reroute on.
   *
   * <p>Threading: one thread.
   */
  public static final class PolicyBuilder {
    private long baseRttNanos = -1;
    private long memoryNanos = -1;
    private double goodBelow = 0.1;
    private double congestedFrom = 0.4;
    private double betterBy = 0.1;
    private double smoothing = 0.5;
    private long roundNanos = -1;
    private int turnRounds = 12;
    private boolean reroute = true;

    PolicyBuilder() {}

    /**
     * The fabric's base RTT, from which the memory defaults (two RTTs). Usually left unset: the policy then
     * takes the balancer's; if set, it must equal the balancer's, or the balancer's {@code build()} throws.
     *
     * @param baseRttNanos the base RTT in nanoseconds, positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public PolicyBuilder baseRttNanos(long baseRttNanos) {
      this.baseRttNanos = Plb.positive("baseRttNanos", baseRttNanos);
      return this;
    }

    /**
     * How long a path's report is remembered; a path not reported for longer counts as good again. Positive;
     * default two base RTTs.
     *
     * @param memoryNanos the memory in nanoseconds, positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public PolicyBuilder memoryNanos(long memoryNanos) {
      this.memoryNanos = Plb.positive("memoryNanos", memoryNanos);
      return this;
    }

    /**
     * A path is good when its smoothed CE fraction is below this. In (0, 1]; default 0.1.
     *
     * @param goodBelow the threshold
     * @return this builder
     * @throws IllegalArgumentException if outside (0, 1] or NaN
     */
    public PolicyBuilder goodBelow(double goodBelow) {
      this.goodBelow = Plb.share("goodBelow", goodBelow);
      return this;
    }

    /**
     * A path is congested when its smoothed CE fraction is at least this. In (0, 1], and at least goodBelow;
     * default 0.4.
     *
     * @param congestedFrom the threshold
     * @return this builder
     * @throws IllegalArgumentException if outside (0, 1] or NaN ({@link #build()}: if below goodBelow)
     */
    public PolicyBuilder congestedFrom(double congestedFrom) {
      this.congestedFrom = Plb.share("congestedFrom", congestedFrom);
      return this;
    }

    /**
     * How much lower another path's CE fraction must be for it to be clearly better than a congested path. In
     * [0, 1); default 0.1.
     *
     * @param betterBy the margin
     * @return this builder
     * @throws IllegalArgumentException if outside [0, 1) or NaN
     */
    public PolicyBuilder betterBy(double betterBy) {
      if (!(betterBy >= 0 && betterBy < 1)) {
        throw new IllegalArgumentException("betterBy must be in [0, 1), was " + betterBy);
      }
      this.betterBy = betterBy;
      return this;
    }

    /**
     * The weight of a new report in a path's smoothed CE fraction. In (0, 1]; default 0.5.
     *
     * @param smoothing g
     * @return this builder
     * @throws IllegalArgumentException if outside (0, 1] or NaN
     */
    public PolicyBuilder smoothing(double smoothing) {
      this.smoothing = Plb.share("smoothing", smoothing);
      return this;
    }

    /**
     * The round: use the receiver's relay interval. Rounds number the flows' turns. Positive; default base RTT / 2.
     *
     * @param roundNanos the round in nanoseconds, positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public PolicyBuilder roundNanos(long roundNanos) {
      this.roundNanos = Plb.positive("roundNanos", roundNanos);
      return this;
    }

    /**
     * A flow on a congested path may be moved mid-flowlet once per this many rounds, in its turn (a keyed hash of
     * the flow picks which round). 1 to 1,000; default 12 (PLB's N).
     *
     * @param turnRounds the period of a flow's turns, in rounds
     * @return this builder
     * @throws IllegalArgumentException if outside 1..1000
     */
    public PolicyBuilder turnRounds(int turnRounds) {
      this.turnRounds = Plb.range("turnRounds", turnRounds);
      return this;
    }

    /**
     * Whether flows on a congested path are moved mid-flowlet when a clearly better path exists; default true.
     * With false, flows move only at flowlet gaps: the ablation of the reroute.
     *
     * @param reroute true to move flows mid-flowlet
     * @return this builder
     */
    public PolicyBuilder reroute(boolean reroute) {
      this.reroute = reroute;
      return this;
    }

    /**
     * Builds a new policy, to be given to one balancer builder.
     *
     * @return a new, unbound policy
     * @throws IllegalArgumentException if congestedFrom is below goodBelow, naming both
     */
    public HermesPolicy build() {
      if (congestedFrom < goodBelow) {
        throw new IllegalArgumentException(
            "congestedFrom must be >= goodBelow, was congestedFrom=" + congestedFrom + " goodBelow=" + goodBelow);
      }
      return new HermesPolicy(baseRttNanos, memoryNanos, roundNanos, goodBelow, congestedFrom, betterBy, smoothing,
          turnRounds, reroute);
    }
  }
}
