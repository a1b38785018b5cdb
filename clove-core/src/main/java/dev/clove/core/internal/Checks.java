// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core.internal;

/**
 * Argument checks shared by the builders of clove-core, clove-ecn and clove-int, so that every configuration error
 * reads the same way: the parameter's name, the allowed range and the bad value.
 *
 * <p>Threading: stateless.
 */
public final class Checks {
  private Checks() {}

  /**
   * Returns {@code value} if it is in {@code [min, max]}.
   *
   * @param parameter the parameter's name, as the error message gives it
   * @param value the value to check
   * @param min the smallest allowed value
   * @param max the largest allowed value, at least {@code min}
   * @return {@code value}
   * @throws IllegalArgumentException naming {@code parameter}, the range and the value otherwise
   */
  public static int checkRange(String parameter, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(parameter + " must be in " + min + ".." + max + ", was " + value);
    }
    return value;
  }

  /**
   * Resolves a policy's base RTT when it is bound to a balancer: the balancer's, unless the policy's builder was
   * given one ({@code configuredNanos > 0}), which must then agree with it.
   *
   * @param policyParameter the name of the policy builder's base-RTT setting, as the error message gives it
   * @param configuredNanos the base RTT in nanoseconds set on the policy's builder, or 0 or less if unset
   * @param balancerNanos the balancer's base RTT in nanoseconds, positive
   * @return {@code balancerNanos}
   * @throws IllegalArgumentException if both were set and differ, naming {@code policyParameter} and both values
   */
  public static long agreedBaseRtt(String policyParameter, long configuredNanos, long balancerNanos) {
    if (configuredNanos > 0 && configuredNanos != balancerNanos) {
      throw new IllegalArgumentException(policyParameter + "=" + configuredNanos
          + " differs from the balancer's baseRttNanos=" + balancerNanos
          + "; set the base RTT once, on Clove.builder(), and the policy inherits it");
    }
    return balancerNanos;
  }

  /**
   * The argument check of {@link dev.clove.api.LoadBalancer#selectSourcePorts} for implementations that override
   * it: {@code count} must be in {@code 0..} the shortest array's length.
   *
   * @param destinations dense destination id of each packet
   * @param flowKeys inner-flow identity of each packet
   * @param packetLengths length in bytes of each packet
   * @param count the number of packets, from the start of each array
   * @param portsOut the array that will receive the ports
   * @throws IllegalArgumentException otherwise, naming {@code count}
   */
  public static void checkBurst(int[] destinations, long[] flowKeys, int[] packetLengths, int count,
      int[] portsOut) {
    int shortest = Math.min(Math.min(destinations.length, flowKeys.length),
        Math.min(packetLengths.length, portsOut.length));
    if (count < 0 || count > shortest) {
      throw new IllegalArgumentException("count must be in 0.." + shortest + " (the shortest array), was " + count);
    }
  }
}
