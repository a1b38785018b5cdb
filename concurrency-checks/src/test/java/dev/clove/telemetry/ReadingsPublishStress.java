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
 * jcstress against {@link Readings#publish}: the writer replaces one path (port 1, time 1) with three (ports 2, 4
 * and 8, time 16 each) while a reader copies; the reader must get one vector or the other, whole. The ports are
 * different powers of two, so their sum names the slots a copy read from each vector; the count read and the times'
 * sum must belong to the same vector.
 *
 * <p>Run by {@code mvn -B verify -Pconcurrency} (docs/memory-ordering.md says what it can and cannot see).
 *
 * <p>Threading: jcstress makes a fresh instance per sample and runs each actor once on its own thread.
 */
@JCStressTest
@Description("A reader of Readings never returns a half-published vector.")
@Outcome(id = "11, 1", expect = Expect.ACCEPTABLE, desc = "The first vector, whole.")
@Outcome(id = "143, 48", expect = Expect.ACCEPTABLE, desc = "The second vector, whole.")
@Outcome(expect = Expect.FORBIDDEN, desc = "A torn read: ports and times from different publishes.")
@State
public class ReadingsPublishStress {
  private final Readings readings = new Readings(1, 3);
  private final int[] ports = {2, 4, 8};
  private final double[] utilizations = {0.5, 0.5, 0.5};
  private final long[] times = {16, 16, 16};

  /** Publishes the first vector before the actors start. */
  public ReadingsPublishStress() {
    readings.publish(0, 1, new int[] {1}, new double[] {0.5}, new long[] {1});
  }

  /** The writer. */
  @Actor
  public void writer() {
    readings.publish(0, 3, ports, utilizations, times);
  }

  /**
   * The reader.
   *
   * @param r ten times the sum of the ports read plus their count, and the sum of the times read
   */
  @Actor
  public void reader(JJ_Result r) {
    int[] portsRead = new int[3];
    double[] utilizationsRead = new double[3];
    long[] timesRead = new long[3];
    int count = readings.read(0, portsRead, utilizationsRead, timesRead);
    long portSum = 0;
    long timeSum = 0;
    for (int i = 0; i < count; i++) {
      portSum += portsRead[i];
      timeSum += timesRead[i];
    }
    r.r1 = portSum * 10 + count;
    r.r2 = timeSum;
  }
}
