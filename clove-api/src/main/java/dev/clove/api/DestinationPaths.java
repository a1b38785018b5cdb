// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.api;

import java.util.Arrays;

/**
 * A copy of one destination's current paths, as {@link LoadBalancer#paths(int)} returns it: the outer source port
 * of each path, the hops discovery traced for it, and when the set was published.
 *
 * <p>Path {@code i} here is path {@code i} everywhere else in the library at the same {@link #version()}: the
 * index that per-path state such as CLOVE-ECN's weights or CLOVE-INT's utilizations is aligned with. To read such
 * state consistently, compare this version with {@link LoadBalancer#pathsVersion(int)} after reading it.
 *
 * <p>Threading: immutable; safe to share. Accessors that return arrays return copies.
 */
public final class DestinationPaths {
  private static final long[] NO_HOPS = new long[0];

  private final int destination;
  private final long version;
  private final long publishedAtNanos;
  private final int[] ports;
  private final long[][] hops;

  /**
   * A snapshot of {@code destination}'s paths.
   *
   * @param destination dense id of the destination the paths lead to
   * @param version the version of the path set; 0 before any set was published
   * @param publishedAtNanos the time of the control call that published the set, or {@link Long#MIN_VALUE} if
   *     none was
   * @param ports the outer source port of each path
   * @param hops the hop identifiers of each path from the first hop on, index-aligned with {@code ports}; an
   *     empty array for a path whose hops are not known (static paths), and {@code hops} itself may be empty
   *     when none are
   * @throws IllegalArgumentException if {@code hops} is neither empty nor as long as {@code ports}
   */
  public DestinationPaths(int destination, long version, long publishedAtNanos, int[] ports, long[][] hops) {
    this.destination = destination;
    this.version = version;
    this.publishedAtNanos = publishedAtNanos;
    this.ports = ports.clone();
    if (hops.length != 0 && hops.length != ports.length) {
      throw new IllegalArgumentException("hops must be empty or have one entry per port (" + ports.length
          + "), had " + hops.length);
    }
    this.hops = new long[ports.length][];
    for (int i = 0; i < ports.length; i++) {
      this.hops[i] = hops.length == 0 || hops[i] == null ? NO_HOPS : hops[i].clone();
    }
  }

  /**
   * The destination these paths lead to.
   *
   * @return the destination's dense id
   */
  public int destination() {
    return destination;
  }

  /**
   * The version of the path set; 0 while the destination has never had paths.
   *
   * @return the version, to compare with {@link LoadBalancer#pathsVersion(int)}
   */
  public long version() {
    return version;
  }

  /**
   * When the set was published (the time passed to the control call that did it), or {@link Long#MIN_VALUE}.
   *
   * @return the publication time in nanoseconds, or {@link Long#MIN_VALUE} if the set was never published
   */
  public long publishedAtNanos() {
    return publishedAtNanos;
  }

  /**
   * How long ago, at {@code nowNanos}, the set was published; {@link Long#MAX_VALUE} if it never was.
   *
   * @param nowNanos the current time, on the clock of the control calls
   * @return {@code nowNanos} minus the publication time in nanoseconds (negative if {@code nowNanos} is earlier),
   *     or {@link Long#MAX_VALUE} if the set was never published
   */
  public long ageNanos(long nowNanos) {
    return publishedAtNanos == Long.MIN_VALUE ? Long.MAX_VALUE : nowNanos - publishedAtNanos;
  }

  /**
   * The number of paths; 0 means packets to the destination take the fallback hash.
   *
   * @return the number of paths, at least 0
   */
  public int size() {
    return ports.length;
  }

  /**
   * The outer source port of path {@code index}.
   *
   * @param index the path's index, in {@code 0..size()-1}
   * @return the port (0..65535) that selects the path
   * @throws ArrayIndexOutOfBoundsException if {@code index} is out of that range
   */
  public int port(int index) {
    return ports[index];
  }

  /**
   * A copy of the ports, one per path.
   *
   * @return a new array of {@link #size()} ports, index-aligned with the paths
   */
  public int[] ports() {
    return ports.clone();
  }

  /**
   * A copy of the hop identifiers of path {@code index} (first hop first); empty when they are not known.
   *
   * @param index the path's index, in {@code 0..size()-1}
   * @return a new array of the path's hop identifiers, possibly empty
   * @throws ArrayIndexOutOfBoundsException if {@code index} is out of that range
   */
  public long[] hops(int index) {
    return hops[index].clone();
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof DestinationPaths)) {
      return false;
    }
    DestinationPaths p = (DestinationPaths) o;
    return destination == p.destination && version == p.version && publishedAtNanos == p.publishedAtNanos
        && Arrays.equals(ports, p.ports) && Arrays.deepEquals(hops, p.hops);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Integer.hashCode(destination) + Long.hashCode(version)) + Arrays.hashCode(ports);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("DestinationPaths{destination=").append(destination).append(", v")
        .append(version).append(", publishedAt=").append(publishedAtNanos).append(", paths=[");
    for (int i = 0; i < ports.length; i++) {
      s.append(i == 0 ? "" : ", ").append(ports[i]);
      if (hops[i].length > 0) {
        s.append(" via ").append(Arrays.toString(hops[i]));
      }
    }
    return s.append("]}").toString();
  }
}
