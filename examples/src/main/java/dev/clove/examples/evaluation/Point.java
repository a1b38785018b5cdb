// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.examples.evaluation;

/**
 * One simulation of the evaluation: a scheme on a fabric at a load with a seed.
 *
 * @param fabric {@code symmetric} or {@code asymmetric}
 * @param scheme a simulator scheme name, for example {@code clove-ecn}
 * @param load offered load as a fraction of the fabric's bisection capacity
 * @param seed the run's seed
 *
 * <p>Threading: immutable.
 */
public record Point(String fabric, String scheme, double load, long seed) {

  /** A short label for logs. */
  public String label() {
    return fabric + "/" + scheme + "/" + Math.round(load * 100) + "%/seed" + seed;
  }
}
