// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core.internal;

import java.util.Arrays;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.junit.jupiter.api.Test;

/**
 * Lincheck's model checker against {@link PathWeights}' seqlock: one writer publishing vectors of different
 * lengths and values, readers copying them, every interleaving of their shared-memory accesses explored up to the
 * budget below, and each concurrent history required to be linearizable (some order of whole operations gives the
 * same results when run one at a time on a fresh instance).
 *
 * <p>What it sees (docs/memory-ordering.md has the mutations tried): a reader that copies while the writer is
 * between its first and last store and keeps the copy. That is what happens without the odd write marker, without
 * the reader's second sequence load, or without the retry on an odd sequence: the reader returns weights with a
 * version they do not belong to, which no sequential order produces. (The copies are {@code System.arraycopy}
 * calls, which lincheck runs as one step; the version in the stamp is what shows a copy taken too early.) It also
 * found {@link PathWeights#version} returning the odd marker during a publish, against its contract. What it cannot
 * see: the fences and the release/acquire modes, because the model checker runs every access sequentially
 * consistently.
 *
 * <p>Threading: lincheck makes a fresh instance per scenario and calls the operations from its own threads; the
 * {@code writer} group keeps the publishes on one thread, as {@link PathWeights} requires.
 */
public class PathWeightsLincheckTest {
  private static final int MAX_PATHS = 3;
  /** Destination 300 lives in the second chunk, so the chunk's publication is exercised as well. */
  private static final int DESTINATION = 300;

  private final PathWeights weights = new PathWeights(DESTINATION + 1, MAX_PATHS);

  /** Publishes one weight, 1.0. */
  @Operation(nonParallelGroup = "writer")
  public void publishOne() {
    weights.publish(DESTINATION, new double[] {1.0}, 1);
  }

  /** Publishes three weights, all 3.0: a reader mixing it with the other publish sees a mix of lengths or values. */
  @Operation(nonParallelGroup = "writer")
  public void publishThree() {
    weights.publish(DESTINATION, new double[] {3.0, 3.0, 3.0}, MAX_PATHS);
  }

  /**
   * Reads the destination's weights.
   *
   * @return the version and the weights read, as text
   */
  @Operation
  public String read() {
    double[] into = new double[MAX_PATHS];
    long stamp = weights.read(DESTINATION, into);
    return PathWeights.stampVersion(stamp) + ":"
        + Arrays.toString(Arrays.copyOf(into, PathWeights.stampCount(stamp)));
  }

  /**
   * The version alone, read with acquire.
   *
   * @return the version
   */
  @Operation
  public long version() {
    return weights.version(DESTINATION);
  }

  @Test
  void readersNeverSeeAHalfPublishedVector() {
    LinChecker.check(PathWeightsLincheckTest.class, new ModelCheckingOptions()
        .iterations(5)
        .invocationsPerIteration(200)
        .threads(2)
        .actorsPerThread(3));
  }
}
