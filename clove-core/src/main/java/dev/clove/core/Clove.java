// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

/**
 * Entry point: builds CLOVE load balancers.
 *
 * <pre>{@code
 * LoadBalancer balancer = Clove.builder()
 *     .maxDestinations(256)               // destination ids 0..255
 *     .baseRttNanos(50_000)               // flowlet gap = 2 x RTT = 100 us
 *     .policy(Policies.edgeFlowlet())     // or Policies.ecmp(), CloveEcn.policy()..., CloveInt.policy()...
 *     .staticPaths(7, 50001, 50002, 50003, 50004)
 *     .seed(42)
 *     .build();
 * int outerSourcePort = balancer.selectSourcePort(7, flowHash, 1500, now);
 * }</pre>
 *
 * <p>Threading: static factory; see {@link dev.clove.api.LoadBalancer} for the balancer's threading model.
 */
public final class Clove {
  private Clove() {}

  /**
   * A new builder with the defaults listed in {@link BalancerBuilder}.
   *
   * @return a new builder, for one thread
   */
  public static BalancerBuilder builder() {
    return new BalancerBuilder();
  }

  /**
   * A builder of the receiving hypervisor's relay for senders that take no congestion feedback (Edge-Flowlet, or
   * ECMP over static or discovered paths): it relays only liveness ({@link dev.clove.api.FeedbackWord#encodeHeard
   * heard} words), so that those senders too take a silently failed path out of service (see
   * {@link BalancerBuilder#silenceTimeoutNanos}). CLOVE-ECN and CLOVE-INT senders use their own relays, which
   * report liveness as well. Wire it as any relay: {@code onArrival} per tunnel packet, {@code pollFeedback} per
   * packet to the source. Threading: one thread builds; the relay is described in
   * {@link dev.clove.api.FeedbackRelay}.
   *
   * @return a new relay builder, with the paper's defaults
   */
  public static RelayBuilder livenessRelay() {
    return new dev.clove.core.internal.TableRelayBuilder(LivenessRelay::new);
  }
}
