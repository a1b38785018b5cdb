// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit.sim;

import java.util.List;
import java.util.Objects;

/**
 * Who sends flows to whom, and how large they are. Flow arrivals are Poisson with an aggregate rate set by the
 * simulation's load (see {@link Simulation.Builder#load}); each arrival picks its source and destination by the
 * pattern:
 * <ul>
 *   <li>{@link #clientServer}: the paper's model (section 3): clients are the hosts under the first half of the
 *       leaves, servers those under the second half; each flow goes from a uniformly random client to a
 *       uniformly random server, over a persistent connection between the two.</li>
 *   <li>{@link #allToAll}: uniformly random source and a uniformly random other host as destination.</li>
 *   <li>{@link #stride}: uniformly random source {@code i} to host {@code (i + stride) mod hosts}.</li>
 *   <li>{@link #explicit}: exactly the given flows at the given times; load and flow count are ignored.</li>
 * </ul>
 *
 * <p>Threading: immutable, safe to share.
 */
public final class Workload {

  enum Pattern { CLIENT_SERVER, ALL_TO_ALL, STRIDE, EXPLICIT }

  final Pattern pattern;
  final FlowSizeDistribution sizes;
  final int stride;
  final List<Flow> flows;

  private Workload(Pattern pattern, FlowSizeDistribution sizes, int stride, List<Flow> flows) {
    this.pattern = pattern;
    this.sizes = sizes;
    this.stride = stride;
    this.flows = flows;
  }

  /**
   * The paper's client-server pattern with the given flow sizes.
   *
   * @param sizes the distribution flow sizes are drawn from
   * @return the workload
   */
  public static Workload clientServer(FlowSizeDistribution sizes) {
    return new Workload(Pattern.CLIENT_SERVER, Objects.requireNonNull(sizes, "sizes"), 0, List.of());
  }

  /**
   * Every host sends to every other host.
   *
   * @param sizes the distribution flow sizes are drawn from
   * @return the workload
   */
  public static Workload allToAll(FlowSizeDistribution sizes) {
    return new Workload(Pattern.ALL_TO_ALL, Objects.requireNonNull(sizes, "sizes"), 0, List.of());
  }

  /**
   * Host {@code i} sends to host {@code (i + stride) mod hosts}.
   *
   * @param sizes the distribution flow sizes are drawn from
   * @param stride the distance in host ids from a sender to its receiver, positive
   * @return the workload
   * @throws IllegalArgumentException if {@code stride <= 0}
   */
  public static Workload stride(FlowSizeDistribution sizes, int stride) {
    Objects.requireNonNull(sizes, "sizes");
    if (stride <= 0) {
      throw new IllegalArgumentException("stride must be > 0: " + stride);
    }
    return new Workload(Pattern.STRIDE, sizes, stride, List.of());
  }

  /**
   * Exactly these flows.
   *
   * @param flows the flows, in any order
   * @return the workload
   */
  public static Workload explicit(List<Flow> flows) {
    if (Objects.requireNonNull(flows, "flows").isEmpty()) {
      throw new IllegalArgumentException("explicit workload needs at least one flow");
    }
    return new Workload(Pattern.EXPLICIT, null, 0, List.copyOf(flows));
  }

  /** Mean flow size of this workload in bytes. */
  double meanBytes() {
    if (pattern == Pattern.EXPLICIT) {
      return flows.stream().mapToLong(Flow::bytes).average().orElse(0);
    }
    return sizes.meanBytes();
  }

  /**
   * Mean bytes a flow of this workload occupies on the wire in data segments of {@code mss} payload bytes, each
   * carrying {@code headerBytes} of headers (see {@link LoadDefinition#WIRE}).
   */
  double meanWireBytes(int mss, int headerBytes) {
    if (pattern == Pattern.EXPLICIT) {
      return flows.stream().mapToDouble(f -> f.bytes() + (double) ((f.bytes() + mss - 1) / mss) * headerBytes)
          .average().orElse(0);
    }
    return sizes.meanBytes() + sizes.meanSegments(mss) * headerBytes;
  }

  @Override
  public String toString() {
    return pattern == Pattern.EXPLICIT ? "explicit(" + flows.size() + " flows)"
        : pattern.name().toLowerCase(java.util.Locale.ROOT) + (stride > 0 ? "(" + stride + ")" : "") + "/"
            + sizes.name();
  }

  /**
   * One flow of an explicit workload: {@code bytes} from host {@code source} to host {@code destination},
   * starting at {@code startNanos} after the warm-up.
   *
   * <p>Threading: immutable.
   */
  public record Flow(long startNanos, int source, int destination, long bytes) {
    /**
     * Checks the flow.
     *
     * @param startNanos when the flow starts, after the warm-up
     * @param source the sending host
     * @param destination the receiving host
     * @param bytes the flow's size
     * @throws IllegalArgumentException if a time or host id is negative, the flow sends to its own source, or it has no bytes
     */
    public Flow {
      if (startNanos < 0 || source < 0 || destination < 0 || source == destination || bytes < 1) {
        throw new IllegalArgumentException("bad flow: start=" + startNanos + " source=" + source
            + " destination=" + destination + " bytes=" + bytes);
      }
    }
  }
}
