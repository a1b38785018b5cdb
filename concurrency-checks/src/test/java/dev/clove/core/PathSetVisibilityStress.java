// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/**
 * jcstress against the visibility of a newly published {@link PathSet}: a dataplane thread that keeps reading the
 * set of a destination, as a packet loop does, must eventually see the set the control thread publishes. A read
 * the compiler may hoist out of the loop (a plain read where {@link BalancerCore#paths} has an acquire) would leave
 * the dataplane on the old set for ever: the run then ends with the loop still spinning.
 *
 * <p>Run by {@code mvn -B verify -Pconcurrency} (docs/memory-ordering.md says what it can and cannot see).
 *
 * <p>Threading: jcstress makes a fresh instance per sample and runs the actor and the signal on their own threads;
 * the signal holds the control lock as every caller of {@code publishPaths} does.
 */
@JCStressTest(Mode.Termination)
@Description("A dataplane thread polling a destination's paths sees a new path set.")
@Outcome(id = "TERMINATED", expect = Expect.ACCEPTABLE, desc = "The dataplane saw the new set.")
@Outcome(id = "STALE", expect = Expect.FORBIDDEN, desc = "The dataplane kept seeing the old set.")
@State
public class PathSetVisibilityStress {
  private final BalancerCore core =
      ((CloveBalancer) Clove.builder().maxDestinations(1).staticPaths(0, 1000, 1001).build()).core;

  /** The dataplane: polls until the set's version changes. */
  @Actor
  public void dataplane() {
    while (core.paths(0).version() == 1) {
      // a packet loop: one read of the set per packet
    }
  }

  /** The control thread: publishes a new set. */
  @Signal
  public void control() {
    synchronized (core.control) {
      core.publishPaths(0, new int[] {2000, 2001}, 1);
    }
  }
}
