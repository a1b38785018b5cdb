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
}
