// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core.internal;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;

/**
 * jcstress against {@link PathWeights}' seqlock on real threads and compiled code: the writer replaces two weights
 * (1 and 2, version 2) with four (4, 8, 16 and 32, version 4) while a reader copies. The reader must get one vector
 * or the other, whole, with its own count and version. Every weight is a different power of two, so the sum of a
 * copy names the slots it read from each vector, and the result {@code sum x 10 + count} of a copy that mixes the
 * vectors, or pairs a count with the other vector's weights, matches neither whole vector.
 *
 * <p>Run by {@code mvn -B verify -Pconcurrency} (docs/memory-ordering.md says what it can and cannot see).
 *
 * <p>Threading: jcstress makes a fresh instance per sample and runs each actor once on its own thread.
 */
@JCStressTest
@Description("A seqlock reader of PathWeights never returns a half-published vector.")
@Outcome(id = "2, 32", expect = Expect.ACCEPTABLE, desc = "The first vector, whole: sum 3, count 2.")
@Outcome(id = "4, 604", expect = Expect.ACCEPTABLE, desc = "The second vector, whole: sum 60, count 4.")
@Outcome(expect = Expect.FORBIDDEN, desc = "A torn read: a count, version and weights from different publishes.")
@State
public class PathWeightsStress {
  private final PathWeights weights = new PathWeights(1, 4);
  private final double[] second = {4.0, 8.0, 16.0, 32.0};

  /** Publishes the first vector; a state is made before its actors start, so readers never see version 0. */
  public PathWeightsStress() {
    weights.publish(0, new double[] {1.0, 2.0}, 2);
  }

  /** The writer. */
  @Actor
  public void writer() {
    weights.publish(0, second, 4);
  }

  /**
   * The reader.
   *
   * @param r the version read, and ten times the sum of the weights read plus their count
   */
  @Actor
  public void reader(JJ_Result r) {
    double[] into = new double[4];
    long stamp = weights.read(0, into);
    double sum = 0;
    for (int i = 0; i < PathWeights.stampCount(stamp); i++) {
      sum += into[i];
    }
    r.r1 = PathWeights.stampVersion(stamp);
    r.r2 = (long) sum * 10 + PathWeights.stampCount(stamp);
  }
}
