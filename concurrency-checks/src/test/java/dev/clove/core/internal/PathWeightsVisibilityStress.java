// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core.internal;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/**
 * jcstress against the visibility of a weight update: a dataplane thread that polls {@link PathWeights#version}, as
 * {@link SmoothWeightedRoundRobin} does on every pick, must eventually see the control thread's publish. A version
 * read the compiler may hoist out of the loop would keep the dataplane on stale weights for ever.
 *
 * <p>Run by {@code mvn -B verify -Pconcurrency} (docs/memory-ordering.md says what it can and cannot see).
 *
 * <p>Threading: jcstress makes a fresh instance per sample and runs the actor and the signal on their own threads.
 */
@JCStressTest(Mode.Termination)
@Description("A dataplane thread polling the weights' version sees a publish.")
@Outcome(id = "TERMINATED", expect = Expect.ACCEPTABLE, desc = "The dataplane saw the new version.")
@Outcome(id = "STALE", expect = Expect.FORBIDDEN, desc = "The dataplane kept seeing the old version.")
@State
public class PathWeightsVisibilityStress {
  private final PathWeights weights = new PathWeights(1, 2);

  /** Publishes the first weights (version 2) before the actors start. */
  public PathWeightsVisibilityStress() {
    weights.publish(0, new double[] {1.0, 1.0}, 2);
  }

  /** The dataplane: polls until the version changes. */
  @Actor
  public void dataplane() {
    while (weights.version(0) == 2) {
      // a pick per packet: one version check each
    }
  }

  /** The control thread: publishes new weights. */
  @Signal
  public void control() {
    weights.publish(0, new double[] {3.0, 1.0}, 2);
  }
}
