// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.telemetry;

import java.util.Arrays;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.junit.jupiter.api.Test;

/**
 * Lincheck's model checker against {@link Readings}' seqlock, as {@code PathWeightsLincheckTest} does for the
 * weights: one writer publishing whole vectors and updating single readings, readers copying them, every history
 * required to be linearizable. A reading is a (port, utilization, time) triple that must come from one write; a
 * reader that keeps a copy taken while the writer is between its first and last store returns a triple, or a count,
 * that no sequential order produces: so it fails without {@code update}'s write marker, without the reader's second
 * sequence load, or without its retry on an odd sequence. The fences and release/acquire modes are beyond it, and so
 * is {@code publish}'s write marker: {@code publish} moves its data with {@code System.arraycopy}, which lincheck
 * runs as one step, so no thread switch falls inside it, and {@link Readings#read} returns no version that could
 * show the copy was taken early. {@code ReadingsPublishStress} (jcstress) covers that; docs/memory-ordering.md has
 * the mutations tried.
 *
 * <p>Threading: lincheck makes a fresh instance per scenario and calls the operations from its own threads; the
 * {@code writer} group keeps the writes on one thread, as {@link Readings} requires.
 */
public class ReadingsLincheckTest {
  private static final int MAX_PATHS = 2;
  /** In the second chunk, so the chunk's publication is exercised as well. */
  private static final int DESTINATION = 257;

  private final Readings readings = new Readings(DESTINATION + 1, MAX_PATHS);

  /** Publishes one path: port 10, utilization 0.1 at time 1. */
  @Operation(nonParallelGroup = "writer")
  public void publishOne() {
    readings.publish(DESTINATION, 1, new int[] {10}, new double[] {0.1}, new long[] {1});
  }

  /** Publishes two paths: ports 20 and 21, utilization 0.2 at time 2. */
  @Operation(nonParallelGroup = "writer")
  public void publishTwo() {
    readings.publish(DESTINATION, 2, new int[] {20, 21}, new double[] {0.2, 0.2}, new long[] {2, 2});
  }

  /** Updates the first path's reading to utilization 0.9 at time 9, if there is a published path to update. */
  @Operation(nonParallelGroup = "writer")
  public void updateFirst() {
    int[] ports = new int[MAX_PATHS];
    if (readings.read(DESTINATION, ports, new double[MAX_PATHS], new long[MAX_PATHS]) > 0) {
      readings.update(DESTINATION, 0, 0.9, 9);
    }
  }

  /**
   * Reads the destination's readings.
   *
   * @return the triples read, as text
   */
  @Operation
  public String read() {
    int[] ports = new int[MAX_PATHS];
    double[] utilizations = new double[MAX_PATHS];
    long[] times = new long[MAX_PATHS];
    int count = readings.read(DESTINATION, ports, utilizations, times);
    return Arrays.toString(Arrays.copyOf(ports, count)) + Arrays.toString(Arrays.copyOf(utilizations, count))
        + Arrays.toString(Arrays.copyOf(times, count));
  }

  @Test
  void readersNeverSeeAHalfWrittenReading() {
    LinChecker.check(ReadingsLincheckTest.class, new ModelCheckingOptions()
        .iterations(5)
        .invocationsPerIteration(200)
        .threads(2)
        .actorsPerThread(3));
  }
}
