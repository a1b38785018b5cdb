// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;

/**
 * jcstress against the publication of a destination's {@link PathSet} to dataplane threads: the control thread
 * replaces two static paths (version 1) with three others through {@link BalancerCore#publishPaths}, as a failure,
 * re-admission or discovery does, while a dataplane thread reads the set as {@link CloveBalancer} does per packet.
 * The dataplane must see a whole set: its ports, its version and its silence-detection stamps (all "never" in a
 * new set), never a set whose arrays are not yet filled in.
 *
 * <p>Run by {@code mvn -B verify -Pconcurrency} (docs/memory-ordering.md says what it can and cannot see).
 *
 * <p>Threading: jcstress makes a fresh instance per sample and runs each actor once on its own thread; the writer
 * holds the control lock as every caller of {@code publishPaths} does.
 */
@JCStressTest
@Description("A dataplane thread sees a newly published path set whole.")
@Outcome(id = "1, 20012", expect = Expect.ACCEPTABLE, desc = "The old set: ports 1000 and 1001.")
@Outcome(id = "2, 60033", expect = Expect.ACCEPTABLE, desc = "The new set: ports 2000, 2001 and 2002.")
@Outcome(expect = Expect.FORBIDDEN, desc = "A set seen before its contents: missing ports or stamps.")
@State
public class PathSetPublicationStress {
  private final BalancerCore core =
      ((CloveBalancer) Clove.builder().maxDestinations(1).staticPaths(0, 1000, 1001).build()).core;

  /** The control thread: replaces the set. */
  @Actor
  public void control() {
    synchronized (core.control) {
      core.publishPaths(0, new int[] {2000, 2001, 2002}, 1);
    }
  }

  /**
   * The dataplane thread.
   *
   * @param r the version seen, and ten times the sum of its ports plus its size, plus a million if its
   *     silence-detection stamps are missing or not all "never"
   */
  @Actor
  public void dataplane(JJ_Result r) {
    PathSet set = core.paths(0);
    long sum = 0;
    for (int i = 0; i < set.size(); i++) {
      sum += set.port(i);
    }
    boolean stampsWhole = set.marks != null && set.marks.length == SilenceDetector.STRIDE * set.size();
    for (int i = 0; stampsWhole && i < set.marks.length; i++) {
      stampsWhole = set.marks[i] == SilenceDetector.NEVER;
    }
    r.r1 = set.version();
    r.r2 = sum * 10 + set.size() + (stampsWhole ? 0 : 1_000_000);
  }
}
