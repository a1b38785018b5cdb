// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import java.util.Arrays;

/**
 * The current paths to one destination: an immutable list of outer source ports, each leading to a distinct
 * fabric path, and a version that changes whenever the list does.
 *
 * <p>A path is named by its index in this list (dense, {@code 0..size()-1}) inside the library, and by its port on
 * the wire. When discovery changes the list, a new {@code PathSet} is published; ports that survive keep their
 * state in the policies (weights, telemetry), matched by port.
 *
 * <p>A set a balancer publishes also carries, for silence detection, stamps per path that the balancer's
 * threads update (see {@link SilenceDetector}); they are not part of the set's value and no policy sees them.
 *
 * <p>Threading: immutable (its ports and version), and published to dataplane threads with release/acquire
 * semantics; safe to share.
 */
public final class PathSet {
  /** The set with no path, the state of every destination before it has paths. */
  public static final PathSet EMPTY = new PathSet(new int[0], 0);

  private final int[] ports;
  private final long version;
  /**
   * Silence detection's stamps, {@link SilenceDetector#STRIDE} per path (when path {@code i} was last heard, when
   * it was first given a new flowlet after that, when again, when the scan began
   * to suspect it and the report count then, and when it was first given one after that), then the count of reports heard about the set's paths; null when
   * the balancer does not detect silent paths.
   */
  final long[] marks;

  PathSet(int[] ports, long version) {
    this(ports, version, null);
  }

  PathSet(int[] ports, long version, long[] marks) {
    this.ports = ports;
    this.version = version;
    this.marks = marks;
  }

  /**
   * A path set of the given ports with version 0, for tests and policies used outside a balancer.
   *
   * @param ports the outer source port of each path, in path-index order; copied
   * @return a new path set of those ports
   * @throws IllegalArgumentException if a port is outside 0..65535 or repeated
   * @throws NullPointerException if {@code ports} is null
   */
  public static PathSet of(int... ports) {
    return new PathSet(validatedPorts("ports", ports, Integer.MAX_VALUE), 0);
  }

  /**
   * The number of paths.
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
   * The index of the path with {@code port}, or -1 if it is not one of these paths.
   *
   * @param port an outer source port
   * @return the path's index, in {@code 0..size()-1}, or -1
   */
  public int indexOf(int port) {
    final int[] p = ports;
    for (int i = 0; i < p.length; i++) {
      if (p[i] == port) {
        return i;
      }
    }
    return -1;
  }

  /**
   * A number that differs between any two path sets one balancer published for a destination.
   *
   * @return the version; 0 for {@link #EMPTY} and for sets made by {@link #of}
   */
  public long version() {
    return version;
  }

  /**
   * A copy of the ports.
   *
   * @return a new array of {@link #size()} ports, in path-index order
   */
  public int[] ports() {
    return ports.clone();
  }

  @Override
  public String toString() {
    return "PathSet{v" + version + " " + Arrays.toString(ports) + "}";
  }

  /** Checks ports are in 0..65535, distinct, and at most {@code max} of them; returns a copy. */
  static int[] validatedPorts(String parameter, int[] ports, int max) {
    if (ports == null) {
      throw new NullPointerException(parameter + " must not be null");
    }
    if (ports.length > max) {
      throw new IllegalArgumentException(
          parameter + " has " + ports.length + " ports, more than maxPathsPerDestination=" + max);
    }
    int[] copy = ports.clone();
    for (int i = 0; i < copy.length; i++) {
      if (copy[i] < 0 || copy[i] > 0xFFFF) {
        throw new IllegalArgumentException(parameter + "[" + i + "]=" + copy[i] + " is not a port in 0..65535");
      }
      for (int j = 0; j < i; j++) {
        if (copy[j] == copy[i]) {
          throw new IllegalArgumentException(parameter + " repeats port " + copy[i]);
        }
      }
    }
    return copy;
  }
}
