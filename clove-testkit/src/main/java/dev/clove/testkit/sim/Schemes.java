// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit.sim;

import dev.clove.api.FeedbackRelay;
import dev.clove.core.BalancerBuilder;
import dev.clove.core.Clove;
import dev.clove.core.DiscoveryConfig;
import dev.clove.core.Policies;
import dev.clove.ecn.CloveEcn;
import dev.clove.ecn.repath.Hermes;
import dev.clove.ecn.repath.Plb;
import dev.clove.telemetry.CloveInt;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The registry of built-in schemes, name to {@link Scheme}: the one place where the simulator builds CLOVE
 * balancers and relays, so that adapting to a change in the library's builders is a change to this file only.
 *
 * <p>Threading: immutable after class initialisation; safe from any thread.
 */
public final class Schemes {

  /**
   * The name of plain ECMP at the vswitch: a static hash of each flow onto the paths.
   */
  public static final String ECMP = "ecmp";
  /**
   * The name of Edge-Flowlet: each new flowlet on one of the discovered paths drawn uniformly at random.
   */
  public static final String EDGE_FLOWLET = "edge-flowlet";
  /**
   * The name of CLOVE-ECN: flowlets steered by weights that relayed ECN marks adjust.
   */
  public static final String CLOVE_ECN = "clove-ecn";
  /**
   * The name of CLOVE-INT: flowlets sent on the least-utilized path, as in-band telemetry reports it.
   */
  public static final String CLOVE_INT = "clove-int";
  /**
   * The name of graded CLOVE-ECN (issue #15): the receivers relay each path's CE-marked fraction
   * ({@code CloveEcn.gradedRelay()}) and the senders move weight in proportion to each path's fraction in excess of
   * the destination's least marked path ({@code CloveEcn.policy().graded(true)}); otherwise as {@link #CLOVE_ECN}.
   */
  public static final String CLOVE_ECN_GRADED = "clove-ecn-graded";
  /**
   * The name of CONGA at the leaf switches, with ECMP at the vswitch.
   */
  public static final String CONGA = "conga";
  /**
   * The name of CLOVE-ECN with feedback shared along physical paths ({@code BalancerBuilder.sharePathFeedback}):
   * a mark relayed by one destination cuts the weight of that fabric path for every destination using it.
   */
  public static final String CLOVE_ECN_HOPS = "clove-ecn-hops";
  /**
   * The name of CLOVE-INT with feedback shared along physical paths ({@code BalancerBuilder.sharePathFeedback}):
   * a utilization reading relayed by one destination updates that fabric path for every destination using it.
   */
  public static final String CLOVE_INT_HOPS = "clove-int-hops";
  /**
   * The name of Edge-Flowlet with the adaptive flowlet gap (issue 15, mechanism 3): the receivers' relays measure
   * one-way path delays from the packets' send times and report their spread, and each sender keeps its gap to a
   * destination just above it (at most the fixed gap); see {@link #adaptiveGap}.
   */
  public static final String EDGE_FLOWLET_ADAPTIVE = "edge-flowlet-adaptive";
  /**
   * The name of graded CLOVE-ECN with feedback shared along physical paths: {@link #CLOVE_ECN_GRADED}'s CE fractions,
   * each delivered to every destination that uses the reported fabric path, as {@link #CLOVE_ECN_HOPS} does with
   * marks.
   */
  public static final String CLOVE_ECN_GRADED_HOPS = "clove-ecn-graded-hops";
  /** The name of CLOVE-ECN with the adaptive flowlet gap, as {@link #EDGE_FLOWLET_ADAPTIVE}. */
  public static final String CLOVE_ECN_ADAPTIVE = "clove-ecn-adaptive";
  /**
   * The name of the PLB-style repath (issue #15): a flow keeps its path until the path has had several congested
   * rounds (CE fraction at least 1/2 per relay interval), then moves to another path at random, at a flowlet gap
   * after 3 rounds or mid-flowlet, each flow in its turn (once per 12 rounds), after 12. Relay: the graded CLOVE-ECN
   * relay. Not one of the paper's schemes: opt in with the evaluation's {@code --schemes}.
   */
  public static final String PLB = "plb";
  /**
   * The name of the Hermes-style cautious reroute (issue #15): paths classed good, gray or congested by their CE
   * fraction; new flows on the best class; a flow leaves a congested path only for a clearly better one, each flow
   * in its turn (once per 12 rounds). Relay: the graded CLOVE-ECN relay. Opt in with the evaluation's {@code --schemes}.
   */
  public static final String HERMES = "hermes";
  /** The ablation of {@link #PLB}: the same policy with the forced (mid-flowlet) repath off. */
  public static final String PLB_NO_FORCED = "plb-no-forced";
  /** The ablation of {@link #HERMES}: the same policy with the mid-flowlet reroute off. */
  public static final String HERMES_NO_REROUTE = "hermes-no-reroute";

  /** Flowlet-table entries per host: far above the concurrent flows of one host in our workloads. */
  private static final int FLOWLET_TABLE = 1 << 12;
  /**
   * The library's discovery defaults (k = 4, 16 fresh ports per round, a round per destination every 500 ms),
   * except:
   * <ul>
   *   <li>every destination is probed, active or not: a simulation measures the steady state of a long-running
   *       fabric, where the destinations a host talks to have been probed for a while, and the warm-up (see
   *       {@link Simulation.Builder#warmupNanos}) gives every destination its first round before the first
   *       flow;</li>
   *   <li>TTLs 1..4 instead of 1..8: a two-tier path has three switches, and every probe with a larger TTL
   *       reaches the destination host. The library staggers rounds by destination only, so every host probes
   *       a given destination at the same moment; with TTLs up to 8, the 32 hosts' 3,200 probes reaching one
   *       destination overflowed its 1 Gbps downlink (67,739 drops in DiscoveryTest's symmetric run, measured
   *       before this change) and discovery lost replies.</li>
   * </ul>
   */
  static final DiscoveryConfig DISCOVERY = DiscoveryConfig.builder().probeOnlyActive(false).maxTtl(4).build();
  /**
   * The edge schemes' silence timeout (see {@code BalancerBuilder.silenceTimeoutNanos}): 10 ms instead of the
   * library's 5 ms, because the simulated hosts queue up to 1,000 packets at 1 Gbps (12 ms) before their NIC, and a
   * report of a live path can wait that long behind them. With 5 ms a 2,000-flow run of the symmetric fabric at 70%
   * load took 8 live paths out of service; with 10 ms none (measured when this was set, with oracle paths).
   */
  static final long SILENCE_TIMEOUT_NANOS = 10_000_000L;
  private static final Map<String, Scheme> REGISTRY = new LinkedHashMap<>();

  static {
    // ECMP: no paths at all, so every flow is hashed over the fallback port range and the fabric's ECMP
    // decides its path, as with an unmodified vswitch.
    register(new Scheme(ECMP, ctx -> base(ctx).policy(Policies.ecmp()).build(), ctx -> null, false, false));
    // Edge-Flowlet: random per flowlet. Its receivers run the liveness-only relay, so that its senders, like the
    // CLOVE variants', take a path that stops being heard (a gray link) out of service; ECMP and CONGA choose no
    // paths at the vswitch, so a relay would tell them nothing they could act on.
    register(new Scheme(EDGE_FLOWLET, ctx -> withPaths(base(ctx).policy(Policies.edgeFlowlet()), ctx).build(),
        ctx -> Clove.livenessRelay().maxSources(ctx.hosts()).baseRttNanos(ctx.baseRttNanos())
            .relayIntervalNanos(relayInterval(ctx)).build(),
        false, false));
    // CLOVE-ECN: weighted round robin cut by relayed CE marks; relay interval half the base RTT (paper 2.3).
    register(new Scheme(CLOVE_ECN,
        ctx -> withPaths(base(ctx).policy(CloveEcn.policy().baseRttNanos(ctx.baseRttNanos())
            .relayIntervalNanos(relayInterval(ctx)).build()), ctx).build(),
        ctx -> CloveEcn.relay().maxSources(ctx.hosts()).baseRttNanos(ctx.baseRttNanos())
            .relayIntervalNanos(relayInterval(ctx)).build(),
        false, false));
    // CLOVE-INT: new flowlets on the least utilized path, from switch-stamped utilization relayed back.
    register(new Scheme(CLOVE_INT,
        ctx -> withPaths(base(ctx).policy(CloveInt.policy().baseRttNanos(ctx.baseRttNanos()).build()), ctx).build(),
        ctx -> CloveInt.relay().maxSources(ctx.hosts()).baseRttNanos(ctx.baseRttNanos())
            .relayIntervalNanos(relayInterval(ctx)).build(),
        false, true));
    // CONGA: the vswitch is plain ECMP; the leaves do the work.
    register(new Scheme(CONGA, ctx -> base(ctx).policy(Policies.ecmp()).build(), ctx -> null, true, false));
    // Issue #15, mechanism 1: CLOVE-ECN and CLOVE-INT as above, with feedback shared by physical path.
    register(new Scheme(CLOVE_ECN_HOPS,
        ctx -> withPaths(base(ctx).sharePathFeedback(true).policy(CloveEcn.policy().baseRttNanos(ctx.baseRttNanos())
            .relayIntervalNanos(relayInterval(ctx)).build()), ctx).build(),
        get(CLOVE_ECN).relays(), false, false));
    register(new Scheme(CLOVE_INT_HOPS,
        ctx -> withPaths(base(ctx).sharePathFeedback(true)
            .policy(CloveInt.policy().baseRttNanos(ctx.baseRttNanos()).build()), ctx).build(),
        get(CLOVE_INT).relays(), false, true));
    // Graded CLOVE-ECN: CE fractions instead of one-bit marks, cuts in proportion to the excess over the common mode.
    register(new Scheme(CLOVE_ECN_GRADED,
        ctx -> withPaths(base(ctx).policy(CloveEcn.policy().baseRttNanos(ctx.baseRttNanos())
            .relayIntervalNanos(relayInterval(ctx)).graded(true).build()), ctx).build(),
        Schemes::gradedRelay, false, false));
    // Both: graded reports shared along physical paths.
    register(new Scheme(CLOVE_ECN_GRADED_HOPS,
        ctx -> withPaths(base(ctx).sharePathFeedback(true).policy(CloveEcn.policy().baseRttNanos(ctx.baseRttNanos())
            .relayIntervalNanos(relayInterval(ctx)).graded(true).build()), ctx).build(),
        Schemes::gradedRelay, false, false));
    // The adaptive-gap variants (opt-in through their names; the paper's five above are unchanged): the same
    // balancers and relays, the relays with delay reports and the balancers with the adaptive gap.
    register(new Scheme(EDGE_FLOWLET_ADAPTIVE,
        ctx -> withPaths(adaptiveGap(base(ctx), ctx).policy(Policies.edgeFlowlet()), ctx).build(),
        ctx -> Clove.livenessRelay().maxSources(ctx.hosts()).baseRttNanos(ctx.baseRttNanos())
            .relayIntervalNanos(relayInterval(ctx)).delayReports(true).build(),
        false, false));
    register(new Scheme(CLOVE_ECN_ADAPTIVE,
        ctx -> withPaths(adaptiveGap(base(ctx), ctx).policy(CloveEcn.policy().baseRttNanos(ctx.baseRttNanos())
            .relayIntervalNanos(relayInterval(ctx)).build()), ctx).build(),
        ctx -> CloveEcn.relay().maxSources(ctx.hosts()).baseRttNanos(ctx.baseRttNanos())
            .relayIntervalNanos(relayInterval(ctx)).delayReports(true).build(),
        false, false));
    // PLB and Hermes (issue #15): flow-moving policies fed by the graded relay's CE fraction per path per
    // interval; the round and the relay interval are the paper's half RTT, like CLOVE-ECN's.
    register(new Scheme(PLB,
        ctx -> withPaths(base(ctx).policy(Plb.policy().baseRttNanos(ctx.baseRttNanos())
            .roundNanos(relayInterval(ctx)).build()), ctx).build(),
        Schemes::gradedRelay, false, false));
    register(new Scheme(HERMES,
        ctx -> withPaths(base(ctx).policy(Hermes.policy().baseRttNanos(ctx.baseRttNanos()).build()), ctx).build(),
        Schemes::gradedRelay, false, false));
    // Their ablation rows: the same policies with flows moved only at flowlet gaps.
    register(new Scheme(PLB_NO_FORCED,
        ctx -> withPaths(base(ctx).policy(Plb.policy().baseRttNanos(ctx.baseRttNanos())
            .roundNanos(relayInterval(ctx)).forcedRepath(false).build()), ctx).build(),
        Schemes::gradedRelay, false, false));
    register(new Scheme(HERMES_NO_REROUTE,
        ctx -> withPaths(base(ctx).policy(Hermes.policy().baseRttNanos(ctx.baseRttNanos()).reroute(false)
            .build()), ctx).build(),
        Schemes::gradedRelay, false, false));
  }

  /**
   * The adaptive gap of the {@code -adaptive} schemes, bounded above by the run's fixed gap
   * ({@code ctx.flowletGapNanos()}, the evaluation's common 500 us, or the library's default of twice the base
   * RTT): at least half the base RTT (one relay interval; it covers the 1 us resolution of the simulated send
   * stamp and the flowlet table's tick many times over), and a report counts for four of the relay's report
   * windows (4 relay intervals each), so that two or three are normally fresh.
   */
  static BalancerBuilder adaptiveGap(BalancerBuilder b, Scheme.Context ctx) {
    long min = Math.max(1, ctx.baseRttNanos() / 2);
    long fixed = ctx.flowletGapNanos() > 0 ? ctx.flowletGapNanos() : 2 * ctx.baseRttNanos();
    long window = relayInterval(ctx) * dev.clove.core.RelayBuilder.DELAY_REPORT_INTERVALS;
    return b.adaptiveFlowletGap(Math.min(min, fixed), 4 * window);
  }

  /** The CLOVE-ECN relay that reports each path's CE fraction per interval (graded words, sub-kind 2). */
  private static FeedbackRelay gradedRelay(Scheme.Context ctx) {
    return CloveEcn.gradedRelay().maxSources(ctx.hosts()).baseRttNanos(ctx.baseRttNanos())
        .relayIntervalNanos(relayInterval(ctx)).build();
  }

  /** The paper's relay interval: half the RTT (section 2.3). */
  private static long relayInterval(Scheme.Context ctx) {
    return Math.max(1, ctx.baseRttNanos() / 2);
  }

  /** The settings every built-in scheme shares. */
  private static BalancerBuilder base(Scheme.Context ctx) {
    BalancerBuilder b = Clove.builder()
        .maxDestinations(ctx.hosts())
        .flowletTableCapacity(FLOWLET_TABLE)
        .baseRttNanos(ctx.baseRttNanos())
        .seed(ctx.seed())
        .silenceTimeoutNanos(SILENCE_TIMEOUT_NANOS)
        .fallbackPortRange(49152, 65535);
    return ctx.flowletGapNanos() > 0 ? b.flowletGapNanos(ctx.flowletGapNanos()) : b;
  }

  private static BalancerBuilder withPaths(BalancerBuilder b, Scheme.Context ctx) {
    if (ctx.discovery()) {
      return b.pathDiscovery(DISCOVERY, ctx.probes());
    }
    for (int d = 0; d < ctx.hosts(); d++) {
      if (d != ctx.host()) {
        // With the oracle's path identities when it has them: unused unless the scheme shares path feedback.
        long[] ids = ctx.oraclePathIds().apply(d);
        if (ids != null) {
          b.staticPaths(d, ctx.oraclePaths().apply(d), ids);
        } else {
          b.staticPaths(d, ctx.oraclePaths().apply(d));
        }
      }
    }
    return b;
  }

  private Schemes() {}

  private static void register(Scheme scheme) {
    REGISTRY.put(scheme.name(), scheme);
  }

  /**
   * The scheme named {@code name}.
   *
   * @param name the scheme's name
   * @return the scheme
   * @throws IllegalArgumentException naming the known schemes if there is none by that name
   */
  public static Scheme get(String name) {
    Scheme s = REGISTRY.get(Objects.requireNonNull(name, "name"));
    if (s == null) {
      throw new IllegalArgumentException("scheme: unknown name '" + name + "'; known: " + REGISTRY.keySet());
    }
    return s;
  }

  /**
   * The names of the built-in schemes, in registration order.
   *
   * @return the names, unmodifiable
   */
  public static Set<String> names() {
    return java.util.Collections.unmodifiableSet(REGISTRY.keySet());
  }
}
