// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.telemetry;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;

/**
 * jcstress against {@link Readings#update}: the writer replaces path 0's reading (utilization 0.25 at time 1) with
 * (0.75 at time 3) while a reader copies; the reader must get a utilization together with the time it was written
 * with, never one without the other.
 *
 * <p>Run by {@code mvn -B verify -Pconcurrency} (docs/memory-ordering.md says what it can and cannot see).
 *
 * <p>Threading: jcstress makes a fresh instance per sample and runs each actor once on its own thread.
 */
@JCStressTest
@Description("A reader of Readings never pairs a utilization with another update's time.")
@Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "The reading before the update.")
@Outcome(id = "3, 3", expect = Expect.ACCEPTABLE, desc = "The reading after the update.")
@Outcome(expect = Expect.FORBIDDEN, desc = "A torn reading: utilization and time from different writes.")
@State
public class ReadingsUpdateStress {
  private final Readings readings = new Readings(1, 2);

  /** Publishes the first readings before the actors start. */
  public ReadingsUpdateStress() {
    readings.publish(0, 2, new int[] {10, 11}, new double[] {0.25, 0.25}, new long[] {1, 1});
  }

  /** The writer. */
  @Actor
  public void writer() {
    readings.update(0, 0, 0.75, 3);
  }

  /**
   * The reader.
   *
   * @param r four times the utilization of path 0, and its time
   */
  @Actor
  public void reader(JJ_Result r) {
    int[] ports = new int[2];
    double[] utilizations = new double[2];
    long[] times = new long[2];
    readings.read(0, ports, utilizations, times);
    r.r1 = (long) (utilizations[0] * 4);
    r.r2 = times[0];
  }
}
