package dev.clove.benchmarks;

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
    BalancerBuilder builder = Clove.builder()
        .maxDestinations(DESTINATIONS)
        .maxPathsPerDestination(PATHS)
        .flowletTableCapacity(PacketTrace.tableCapacityFor(flows))
        .baseRttNanos(BASE_RTT_NANOS)
        .seed(SEED)
        .policy(scheme.policy());
    int[] ports = ports();
    for (int d = 0; d < DESTINATIONS; d++) {
      builder.staticPaths(d, ports);
    }
    return builder.build();
  }

  /** The trace for {@code flows} flows that every benchmark of that size replays. */
  static PacketTrace trace(int flows) {
    return PacketTrace.generate(flows, DESTINATIONS, FLOWLET_GAP_NANOS, PacketTrace.NEW_FLOWLET_FRACTION,
        SEED ^ flows);
  }
}
