// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/**
 * {@link PathWeights} at the ends of its ranges, and its read stamp against what {@link PathWeights#version}
 * reports. Threading: single-threaded.
 */
class PathWeightsEdgesTest {

  @Test
  void oneWeightPerDestinationIsEnough() {
    PathWeights weights = new PathWeights(1, 1);
    weights.publish(0, new double[] {1.0}, 1);
    assertArrayEquals(new double[] {1.0}, weights.snapshot(0));
  }

  @Test
  void aDestinationMayGetAsManyWeightsAsMaxPathsOrNone() {
    PathWeights weights = new PathWeights(2, 3);
    weights.publish(1, new double[] {0.5, 0.25, 0.25}, 3);
    assertArrayEquals(new double[] {0.5, 0.25, 0.25}, weights.snapshot(1));
    long before = weights.version(1);
    weights.publish(1, new double[0], 0);
    assertArrayEquals(new double[0], weights.snapshot(1));
    assertNotEquals(before, weights.version(1), "publishing no weights is a publish too");
  }

  /** A read's stamp carries the version {@link PathWeights#version} reports and the count it copied. */
  @Test
  void aReadStampCarriesTheVersionAndTheCount() {
    PathWeights weights = new PathWeights(300, 4);
    double[] into = new double[4];
    for (int publish = 1; publish <= 5; publish++) {
      weights.publish(257, new double[] {1, 2, 3, 4}, publish % 4 + 1);
      long stamp = weights.read(257, into);
      assertNotEquals(0, weights.version(257));
      assertEquals(weights.version(257), PathWeights.stampVersion(stamp), "publish " + publish);
      assertEquals(publish % 4 + 1, PathWeights.stampCount(stamp));
    }
    assertEquals(0, PathWeights.stampVersion(weights.read(3, into)), "never published: version 0");
  }
}
