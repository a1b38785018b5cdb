package dev.clove.benchmarks;

import dev.clove.api.LoadBalancer;
import dev.clove.core.PathPolicy;
import dev.clove.core.Policies;

/** The load-balancing schemes the benchmarks sweep, as a JMH {@code @Param}. */
public enum Scheme {
  /** Static rendezvous hash per flow; no flowlet table. */
  ECMP {
    @Override
    PathPolicy policy() {
      return Policies.ecmp();
    }
  },
  /** A uniformly random path per new flowlet. */
  EDGE_FLOWLET {
    @Override
    PathPolicy policy() {
      return Policies.edgeFlowlet();
    }
  };

  /** A new policy instance, for one balancer. */
  abstract PathPolicy policy();

  /**
   * Applies one report of the feedback this scheme learns from: a relayed congestion mark for every scheme but
   * CLOVE-INT, which gets a path utilization. (ECMP and Edge-Flowlet count the mark and ignore it.)
   */
  void feedback(LoadBalancer balancer, int destination, int port, double utilization, long nowNanos) {
    balancer.onCongestion(destination, port, nowNanos);
  }
}
