// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PathWeightsTest {

  @Test
  void readReturnsWhatWasPublishedAndTheVersionMoves() {
    PathWeights weights = new PathWeights(3, 4);
    long before = weights.version(2);
    weights.publish(2, new double[] {0.5, 0.25, 0.25, 99}, 3);
    assertNotEquals(before, weights.version(2));
    assertEquals(0, weights.version(2) & 1, "a version is even between publishes");
    assertArrayEquals(new double[] {0.5, 0.25, 0.25}, weights.snapshot(2));
    assertArrayEquals(new double[0], weights.snapshot(0), "other destinations untouched");
  }

  @Test
  void badSizesAreRejectedWithTheParameterName() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new PathWeights(0, 4))
        .getMessage().contains("maxDestinations"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new PathWeights(1, 0))
        .getMessage().contains("maxPaths"));
    PathWeights weights = new PathWeights(1, 2);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> weights.publish(0, new double[3], 3))
        .getMessage().contains("count"));
  }

  /** A reader racing a writer only ever sees whole vectors: each published vector has all-equal entries. */
  @Test
  void readersNeverSeeATornVector() throws Exception {
    PathWeights weights = new PathWeights(1, 8);
    weights.publish(0, new double[] {0, 0, 0, 0, 0, 0, 0, 0}, 8);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<String> failure = new AtomicReference<>();
    Thread reader = new Thread(() -> {
      double[] into = new double[8];
      long reads = 0;
      while (!stop.get() || reads < 1000) {
        long stamp = weights.read(0, into);
        int n = PathWeights.stampCount(stamp);
        for (int i = 1; i < n; i++) {
          if (into[i] != into[0]) {
            failure.compareAndSet(null, "torn read: " + java.util.Arrays.toString(into));
          }
        }
        reads++;
      }
    });
    reader.start();
    double[] vector = new double[8];
    for (int round = 1; round <= 200_000; round++) {
      java.util.Arrays.fill(vector, round);
      weights.publish(0, vector, 8);
    }
    stop.set(true);
    reader.join();
    assertEquals(null, failure.get());
  }
}
