// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.benchmarks;

import dev.clove.api.LoadBalancer;
import dev.clove.core.PathPolicy;
import dev.clove.core.Policies;
import dev.clove.ecn.CloveEcn;
import dev.clove.ecn.repath.Hermes;
import dev.clove.ecn.repath.Plb;
import dev.clove.telemetry.CloveInt;

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
  },
  /** Smooth weighted round robin over weights cut by relayed ECN marks; relay interval = base RTT / 2. */
  CLOVE_ECN {
    @Override
    PathPolicy policy() {
      return CloveEcn.policy().baseRttNanos(Fabric.BASE_RTT_NANOS).build();
    }
  },
  /** The least-utilized path by relayed in-band telemetry; readings go stale after 10 base RTTs. */
  CLOVE_INT {
    @Override
    PathPolicy policy() {
      return CloveInt.policy().baseRttNanos(Fabric.BASE_RTT_NANOS).build();
    }

    @Override
    void feedback(LoadBalancer balancer, int destination, int port, double utilization, long nowNanos) {
      balancer.onUtilization(destination, port, utilization, nowNanos);
    }
  },
  /**
   * CLOVE-ECN with feedback shared along physical paths ({@code sharePathFeedback}): the {@value
   * Fabric#DESTINATIONS_PER_LEAF} destinations behind one leaf share its {@value Fabric#PATHS} paths, so a report
   * reaches that many destinations.
   */
  CLOVE_ECN_HOPS {
    @Override
    PathPolicy policy() {
      return CLOVE_ECN.policy();
    }

    @Override
    Scheme base() {
      return CLOVE_ECN;
    }
  },
  /** CLOVE-INT with feedback shared along physical paths, as {@link #CLOVE_ECN_HOPS}. */
  CLOVE_INT_HOPS {
    @Override
    PathPolicy policy() {
      return CLOVE_INT.policy();
    }

    @Override
    Scheme base() {
      return CLOVE_INT;
    }

    @Override
    void feedback(LoadBalancer balancer, int destination, int port, double utilization, long nowNanos) {
      balancer.onUtilization(destination, port, utilization, nowNanos);
    }
  },
  /**
   * Graded CLOVE-ECN (issue #15): the same weighted round robin, with weights moved by relayed CE fractions; the
   * report's value is taken as the fraction.
   */
  CLOVE_ECN_GRADED {
    @Override
    PathPolicy policy() {
      return CloveEcn.policy().baseRttNanos(Fabric.BASE_RTT_NANOS).graded(true).build();
    }

    @Override
    void feedback(LoadBalancer balancer, int destination, int port, double utilization, long nowNanos) {
      balancer.onCongestionFraction(destination, port, utilization, nowNanos);
    }
  },
  /**
   * PLB-style repath (issue #15): sticky paths, moved after congested rounds; primed with one path per destination
   * in forced repath, so that packets on it pay the per-flow turn check.
   */
  PLB {
    @Override
    PathPolicy policy() {
      return Plb.policy().baseRttNanos(Fabric.BASE_RTT_NANOS).build();
    }
  },
  /**
   * Hermes-style cautious reroute (issue #15); primed with one congested path per destination and the others
   * good, so that packets on it pay the per-flow turn check.
   */
  HERMES {
    @Override
    PathPolicy policy() {
      return Hermes.policy().baseRttNanos(Fabric.BASE_RTT_NANOS).build();
    }
  };

  /** The paper scheme this one varies (itself for the paper's schemes). */
  Scheme base() {
    return this;
  }

  /** True when the balancer shares feedback along physical paths ({@code BalancerBuilder.sharePathFeedback}). */
  boolean sharesPathFeedback() {
    return base() != this;
  }

  /** A new policy instance, for one balancer. */
  abstract PathPolicy policy();

  /**
   * Applies one report of the feedback this scheme learns from: a relayed congestion mark for every scheme but
   * CLOVE-INT, which gets a path utilization. (ECMP and Edge-Flowlet count the mark and ignore it.)
   */
  void feedback(LoadBalancer balancer, int destination, int port, double utilization, long nowNanos) {
    balancer.onCongestion(destination, port, nowNanos);
  }

  /** True when the balancer keeps a flowlet table (every scheme but ECMP). */
  boolean usesFlowlets() {
    return this != ECMP;
  }
}
