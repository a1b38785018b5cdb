// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit.sim;

import dev.clove.api.FeedbackRelay;
import dev.clove.api.LoadBalancer;
import dev.clove.api.ProbeSender;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * A load-balancing scheme as the simulator runs it: how each host's vswitch gets its {@link LoadBalancer} and
 * (optionally) its {@link FeedbackRelay}, and what the fabric must do for it. The built-in schemes are in
 * {@link Schemes}; a test can pass its own to {@link Simulation.Builder#scheme(Scheme)}.
 *
 * <p>Threading: the factories are called on the thread that runs the simulation; each run builds its own
 * balancers and relays, so runs in parallel threads share nothing but the factories themselves.
 *
 * @param name the scheme's name, as in {@link Schemes#names()}
 * @param balancers makes the balancer of one host; called once per host at the start of a run
 * @param relays makes the feedback relay of one host, or returns null when the scheme relays nothing
 * @param congaAtLeaves whether leaf switches run CONGA (the vswitch's balancer should then be plain ECMP)
 * @param telemetry whether vswitches ask switches to stamp egress-link utilization into packets (INT)
 */
public record Scheme(String name, Function<Context, LoadBalancer> balancers,
    Function<Context, FeedbackRelay> relays, boolean congaAtLeaves, boolean telemetry) {

  /**
   * Checks that the name and both factories are given.
   *
   * @param name the scheme's name
   * @param balancers makes the balancer of one host
   * @param relays makes the feedback relay of one host, or returns null
   * @param congaAtLeaves whether leaf switches run CONGA
   * @param telemetry whether switches stamp utilization into packets
   * @throws NullPointerException if {@code name}, {@code balancers} or {@code relays} is null
   */
  public Scheme {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(balancers, "balancers");
    Objects.requireNonNull(relays, "relays");
  }

  /**
   * What a factory knows about the host it builds for.
   *
   * <p>Threading: immutable; the functions it holds are called on the run's thread.
   *
   * @param host this host's id, which is also its destination id at every other host
   * @param hosts the number of hosts (so destination ids are {@code [0, hosts)})
   * @param baseRttNanos the fabric's unloaded host-to-host RTT for a full-sized data packet and its ACK
   * @param seed a per-host seed derived from the run's seed
   * @param probes sends this host's path-discovery probes into the simulated fabric
   * @param discovery whether the balancer should find its paths with traceroute probes (true) or be given
   *     {@code oraclePaths} (false)
   * @param oraclePaths for each destination host, outer source ports that the simulated fabric's ECMP hashes
   *     onto distinct, greedily least-overlapping paths (the result discovery should reach), computed from the
   *     simulator's own knowledge of the hashes; one port for a destination under the same leaf
   * @param flowletGapNanos the flowlet gap the edge schemes should use, or 0 for the library's default of twice
   *     {@code baseRttNanos} (see {@link Simulation.Builder#flowletGapNanos})
   * @param oraclePathIds for each destination host, the physical identity of each of {@code oraclePaths}' ports,
   *     index-aligned with them (the leaf uplink and spine downlink the port hashes to), for
   *     {@code BalancerBuilder.staticPaths(int, int[], long[])}; it returns null when the simulator supplies none
   */
  public record Context(int host, int hosts, long baseRttNanos, long seed, ProbeSender probes, boolean discovery,
      IntFunction<int[]> oraclePaths, long flowletGapNanos, IntFunction<long[]> oraclePathIds) {

    /**
     * A context without path identities ({@code oraclePathIds} returns null).
     *
     * @param host this host's id
     * @param hosts the number of hosts
     * @param baseRttNanos the fabric's unloaded host-to-host RTT
     * @param seed a per-host seed
     * @param probes sends this host's probes into the simulated fabric
     * @param discovery whether the balancer should discover its paths
     * @param oraclePaths the distinct-path ports per destination host
     * @param flowletGapNanos the edge schemes' flowlet gap, or 0 for the library's default
     */
    public Context(int host, int hosts, long baseRttNanos, long seed, ProbeSender probes, boolean discovery,
        IntFunction<int[]> oraclePaths, long flowletGapNanos) {
      this(host, hosts, baseRttNanos, seed, probes, discovery, oraclePaths, flowletGapNanos, destination -> null);
    }

    /**
     * Checks that the probe sender and the path oracles are given.
     *
     * @param host this host's id
     * @param hosts the number of hosts
     * @param baseRttNanos the fabric's unloaded host-to-host RTT
     * @param seed a per-host seed
     * @param probes sends this host's probes into the simulated fabric
     * @param discovery whether the balancer should discover its paths
     * @param oraclePaths the distinct-path ports per destination host
     * @param flowletGapNanos the edge schemes' flowlet gap, or 0 for the library's default
     * @param oraclePathIds the physical identity of each oracle port, by destination (or null from it)
     */
    public Context {
      Objects.requireNonNull(probes, "probes");
      Objects.requireNonNull(oraclePaths, "oraclePaths");
      Objects.requireNonNull(oraclePathIds, "oraclePathIds");
    }
  }
}
