// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.benchmarks;

import dev.clove.api.Counter;
import dev.clove.api.FeedbackWord;
import dev.clove.api.LoadBalancer;
import dev.clove.core.BalancerBuilder;
import dev.clove.core.Clove;

/**
 * The simulated fabric every benchmark balancer sees: {@value #DESTINATIONS} destination hypervisors, each
 * reachable over {@value #PATHS} paths named by outer source ports {@value #FIRST_PORT} and up.
 */
final class Fabric {
  /** Destination tunnel endpoints; flows are spread uniformly over them. */
  static final int DESTINATIONS = 256;
  /** Paths per destination, as in a leaf-spine fabric with 8 spines. */
  static final int PATHS = 8;
  /**
   * Destinations behind one leaf, which share its {@value #PATHS} fabric paths: destination {@code d} is behind
   * leaf {@code d / 16}, and path {@code p} of it is physical path {@code leaf * PATHS + p}. Only schemes that
   * share path feedback use this.
   */
  static final int DESTINATIONS_PER_LEAF = 16;
  /** The outer source port of path 0; path {@code p} is {@code FIRST_PORT + p}. */
  static final int FIRST_PORT = 50_000;
  /** Base RTT 50 us, so the flowlet gap is 100 us (twice the RTT, paper section 2.3). */
  static final long BASE_RTT_NANOS = 50_000;
  static final long FLOWLET_GAP_NANOS = 2 * BASE_RTT_NANOS;
  /** A typical MTU-sized packet; no scheme looks at it. */
  static final int PACKET_LENGTH = 1500;
  static final long SEED = 0x5EED_C10FL;

  private Fabric() {}

  /** The ports of the {@value #PATHS} paths of every destination. */
  static int[] ports() {
    int[] ports = new int[PATHS];
    for (int p = 0; p < PATHS; p++) {
      ports[p] = FIRST_PORT + p;
    }
    return ports;
  }

  /** A balancer of {@code scheme} whose flowlet table is sized for {@code flows}, with every path known. */
  static LoadBalancer balancer(Scheme scheme, int flows) {
    return balancer(scheme, flows, false);
  }

  /**
   * As {@link #balancer(Scheme, int)}, with the adaptive flowlet gap when {@code adaptiveGap} (minimum 10 us, reports
   * fresh for an hour, longer than any trace's virtual time; prime it with {@link #primeDelays}).
   */
  static LoadBalancer balancer(Scheme scheme, int flows, boolean adaptiveGap) {
    BalancerBuilder builder = Clove.builder()
        .maxDestinations(DESTINATIONS)
        .maxPathsPerDestination(PATHS)
        .flowletTableCapacity(PacketTrace.tableCapacityFor(flows))
        .baseRttNanos(BASE_RTT_NANOS)
        .seed(SEED)
        .policy(scheme.policy())
        .sharePathFeedback(scheme.sharesPathFeedback());
    int[] ports = ports();
    for (int d = 0; d < DESTINATIONS; d++) {
      if (scheme.sharesPathFeedback()) {
        long[] ids = new long[PATHS];
        for (int p = 0; p < PATHS; p++) {
          ids[p] = (long) (d / DESTINATIONS_PER_LEAF) * PATHS + p;
        }
        builder.staticPaths(d, ports, ids);
      } else {
        builder.staticPaths(d, ports);
      }
    }
    if (adaptiveGap) {
      builder.adaptiveFlowletGap(10_000, 3_600_000_000_000L);
    }
    return builder.build();
  }

  /**
   * Two path-delay reports per destination at time 0, each comparing every path, with a spread of 80 us: the
   * adaptive gap is then 1.25 x 80 = 100 us, the fixed gap itself, so every packet reads a fresh adaptive gap and
   * the decisions (and the mix of new flowlets) are the same as without the option: what differs is the read.
   */
  static void primeDelays(LoadBalancer balancer) {
    for (int d = 0; d < DESTINATIONS; d++) {
      balancer.onFeedbackWord(d, FeedbackWord.encodePathDelay(PATHS, 80_000), 0);
      balancer.onFeedbackWord(d, FeedbackWord.encodePathDelay(PATHS, 80_000), 1);
    }
    check(balancer.count(Counter.PATH_DELAY_REPORTS) == 2L * DESTINATIONS
        && balancer.count(Counter.PATH_DELAY_PARTIAL) == 0, "every primed delay report should be used");
  }

  /** The ECN relay interval of {@link Scheme#CLOVE_ECN} and of the relays: half the base RTT. */
  static final long RELAY_INTERVAL_NANOS = BASE_RTT_NANOS / 2;
  /**
   * Feedback spacing that makes every ECN report count: longer than the relay interval (a path is cut at most once
   * per interval) and than the congestion memory (one interval by default), so the report's path is cuttable and
   * every other path of its destination is uncongested and can take the removed weight.
   */
  static final long REPORT_SPACING_NANOS = RELAY_INTERVAL_NANOS + 1;
  /**
   * The time of primed CLOVE-INT readings: in every dataplane's future. {@code IntPolicy}'s chooser treats a
   * reading from its future as age 0, so these stay fresh for the whole run and every new flowlet is placed from
   * telemetry (not by the stale-telemetry fallback, which is Edge-Flowlet's random choice).
   */
  static final long FRESH_FOREVER_NANOS = Long.MAX_VALUE / 4;

  /**
   * Gives a new balancer the feedback state it would have in operation, so that a new flowlet takes the scheme's
   * real path: for CLOVE-ECN and graded CLOVE-ECN, four weight cuts per destination (weights uneven); for CLOVE-INT, a fresh reading of
   * every path (distinct utilizations). Returns the time from which later feedback must continue.
   */
  static long prime(LoadBalancer balancer, Scheme scheme) {
    long now = 0;
    switch (scheme.base()) {
      case CLOVE_ECN:
        for (int round = 0; round < 4; round++) {
          for (int d = 0; d < DESTINATIONS; d++) {
            now += REPORT_SPACING_NANOS;
            balancer.onCongestion(d, FIRST_PORT + (d + round) % PATHS, now);
          }
        }
        check(balancer.count(Counter.CONGESTION_CUTS) == 4L * DESTINATIONS * fanOut(scheme),
            "every primed ECN report should cut, cuts=" + balancer.count(Counter.CONGESTION_CUTS));
        return now;
      case CLOVE_ECN_GRADED:
        // Fractions 0.2, 0.4, 0.6, 0.8 on a destination's four paths, one round per 256 reports (12.8 ms, beyond
        // the 1 ms common-mode window): each report has no recent path to compare with, so each cuts by its
        // fraction, and the weights end uneven.
        for (int round = 0; round < 4; round++) {
          for (int d = 0; d < DESTINATIONS; d++) {
            now += REPORT_SPACING_NANOS;
            balancer.onCongestionFraction(d, FIRST_PORT + (d + round) % PATHS, 0.2 * (round + 1), now);
          }
        }
        check(balancer.count(Counter.CONGESTION_CUTS) == 4L * DESTINATIONS,
            "every primed graded report should cut, cuts=" + balancer.count(Counter.CONGESTION_CUTS));
        return now;
      case CLOVE_INT:
        now = FRESH_FOREVER_NANOS;
        for (int d = 0; d < DESTINATIONS; d++) {
          for (int p = 0; p < PATHS; p++) {
            // distinct per path, and a different least-utilized path per destination
            balancer.onUtilization(d, FIRST_PORT + p, 0.05 + 0.1 * ((p + d) % PATHS), now);
          }
        }
        check(balancer.count(Counter.UTILIZATION_REPORTS) == (long) DESTINATIONS * PATHS,
            "every primed INT reading should be accepted");
        return now;
      case PLB:
      case HERMES:
        // Twelve rounds (PLB's N) of fully marked reports for path d % PATHS of every destination, 1 ns apart per
        // destination so that no path's rounds are broken by a gap, and clear reports for the other paths: one path
        // in eight asks its flows to leave in their turns, and every packet on it hashes its flow to see whose turn.
        for (int round = 0; round < 12; round++) {
          for (int d = 0; d < DESTINATIONS; d++) {
            for (int p = 0; p < PATHS; p++) {
              now++;
              balancer.onCongestionFraction(d, FIRST_PORT + p, p == d % PATHS ? 1.0 : 0.0, now);
            }
          }
        }
        check(balancer.count(Counter.CONGESTION_REPORTS) == 12L * DESTINATIONS * PATHS,
            "every primed graded report should be accepted");
        return now;
      default:
        return now;
    }
  }

  /** The destinations one report reaches: its own, or with shared path feedback every one behind its leaf. */
  static int fanOut(Scheme scheme) {
    return scheme.sharesPathFeedback() ? DESTINATIONS_PER_LEAF : 1;
  }

  static void check(boolean condition, String message) {
    if (!condition) {
      throw new IllegalStateException(message);
    }
  }

  /** The trace for {@code flows} flows that every benchmark of that size replays. */
  static PacketTrace trace(int flows) {
    return PacketTrace.generate(flows, DESTINATIONS, FLOWLET_GAP_NANOS, PacketTrace.NEW_FLOWLET_FRACTION,
        SEED ^ flows);
  }
}
