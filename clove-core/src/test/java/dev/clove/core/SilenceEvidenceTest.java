// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import dev.clove.api.LoadBalancer;
import org.junit.jupiter.api.Test;

/**
 * What is not evidence of a silent path: a report that ends a quiet spell of the reverse channel is about one path
 * while the others' reports are still queued behind it (SilenceDetector, note 8), the pattern behind every live path
 * the simulator removed in healthy runs before it.
 */
class SilenceEvidenceTest {
  static final int D = 2;
  static final int[] PORTS = {1000, 1001, 1002, 1003};
  static final long MS = 1_000_000;
  static final long US = 1_000;
  static final long TIMEOUT = 5 * MS;

  static LoadBalancer balancer(PathPolicy policy) {
    return Clove.builder().maxDestinations(4).seed(11).policy(policy).silenceTimeoutNanos(TIMEOUT)
        .staticPaths(D, PORTS).build();
  }

  /** Arms detection the way a relay does: every path heard, with a tick after each word. */
  static void allHeard(LoadBalancer lb, long at) {
    for (int port : PORTS) {
      lb.onPathHeard(D, port, at);
    }
    lb.onTick(at);
  }

  /** A new flow every 10 us from {@code from} to {@code to}, each one a new flowlet; returns which ports got any. */
  static boolean[] newFlows(LoadBalancer lb, long from, long to, long firstKey) {
    boolean[] used = new boolean[PORTS.length];
    long key = firstKey;
    for (long t = from; t < to; t += 10 * US) {
      int port = lb.selectSourcePort(D, key++, 1500, t);
      used[port - PORTS[0]] = true;
      lb.onTick(t);
    }
    return used;
  }

  @Test
  void aReportThatEndsAQuietSpellDoesNotCondemnThePathsWhoseReportsFollowIt() {
    LoadBalancer lb = balancer(Policies.edgeFlowlet());
    allHeard(lb, 0);
    // Flows to D on every path for 3 ms, more than the quarter timeout between a path's two placements. The
    // destination then has nothing to send back for 20 ms (a client between requests), so every report waits in
    // its relay.
    boolean[] used = newFlows(lb, 1 * MS, 4 * MS, 1);
    for (boolean u : used) {
      assertTrue(u, "every path must have been given flowlets for the test to mean something");
    }
    // The channel comes back: its relay reports the waiting paths in turn, a word per reverse packet, 20 us
    // apart, and the sender's control thread ticks between the words. Path 1000's report comes last.
    long t = 24 * MS;
    for (int port : new int[] {1003, 1001, 1002, 1000}) {
      lb.onPathHeard(D, port, t);
      lb.onTick(t + 10 * US);
      t += 20 * US;
    }
    // And the channel stays busy: each path heard every 100 us for 30 ms, with ticks.
    for (; t < 54 * MS; t += 100 * US) {
      allHeard(lb, t);
    }
    assertEquals(0, lb.count(Counter.PATHS_SILENT));
    assertArrayEquals(PORTS, lb.paths(D).ports());
  }

  /** The live paths 1000, 1001 and 1003 heard at {@code t}, with a tick. */
  static void hearLivePaths(LoadBalancer lb, long t) {
    for (int port : new int[] {1000, 1001, 1003}) {
      lb.onPathHeard(D, port, t);
    }
    lb.onTick(t);
  }

  @Test
  void aPathStaysSuspectedUntilTheChannelIsSeenWorkingAndAFreshFlowletGoesUnheard() {
    LoadBalancer lb = balancer(Policies.edgeFlowlet());
    allHeard(lb, 0);
    newFlows(lb, 1 * MS, 4 * MS, 1);
    // Path 1002 is dead. One report about another path after a long quiet spell: suspected, not removed, even
    // after a full timeout of waiting with nothing else heard.
    lb.onPathHeard(D, 1000, 24 * MS);
    for (long t = 24 * MS; t < 40 * MS; t += 100 * US) {
      lb.onTick(t);
    }
    assertEquals(0, lb.count(Counter.PATHS_SILENT), "one report is not the channel working");
    // Then the live paths are heard steadily, and 1002 never, but nobody sends to D: still only suspected, however
    // many reports come (note 11: the removal needs a flowlet placed on it since the suspicion began).
    long t = 40 * MS;
    for (; t < 50 * MS; t += 100 * US) {
      hearLivePaths(lb, t);
    }
    assertEquals(0, lb.count(Counter.PATHS_SILENT), "no flowlet since the suspicion");
    // New flows again, one per 100 us: removed a quarter timeout after the first of them that lands on 1002 (the
    // 4 reports since the suspicion came long ago), within a scan interval and a tick.
    long confirmedAt = -1;
    long removedAt = -1;
    long key = 1_000;
    for (; t < 70 * MS && removedAt < 0; t += 100 * US) {
      hearLivePaths(lb, t);
      if (lb.selectSourcePort(D, key++, 1500, t) == 1002 && confirmedAt < 0) {
        confirmedAt = t;
      }
      lb.onTick(t);
      removedAt = lb.count(Counter.PATHS_SILENT) > 0 ? t : -1;
    }
    assertTrue(confirmedAt > 0, "a flow landed on 1002");
    assertTrue(removedAt >= confirmedAt + TIMEOUT / 4, "removed at " + removedAt + ", confirmed at " + confirmedAt);
    assertTrue(removedAt <= confirmedAt + TIMEOUT / 4 + TIMEOUT / 10 + 100 * US, "removed at " + removedAt);
    assertArrayEquals(new int[] {1000, 1001, 1003}, lb.paths(D).ports());
  }

  @Test
  void aPathWhoseFewWordsAreLostOnTheWayBackIsKeptUntilAFreshFlowletGoesUnanswered() {
    // Note 11, case (b): the sender's own access link is congested, and every word about 1002 is dropped there,
    // while the words about the busier paths get through. The pair then sends nothing for a while.
    LoadBalancer lb = balancer(Policies.edgeFlowlet());
    allHeard(lb, 0);
    boolean[] used = newFlows(lb, 1 * MS, 4 * MS, 1);
    assertTrue(used[2], "1002 must have been given flowlets for the test to mean something");
    for (long t = 4 * MS; t < 40 * MS; t += 100 * US) {
      hearLivePaths(lb, t);
    }
    assertEquals(0, lb.count(Counter.PATHS_SILENT), "two unanswered placements, and no fresh one");
    // A new flow lands on 1002 and is heard: the suspicion is over.
    long key = 500;
    long t = 40 * MS;
    while (lb.selectSourcePort(D, key++, 1500, t) != 1002) {
      t += 10 * US;
    }
    lb.onPathHeard(D, 1002, t + 200 * US);
    for (t += 300 * US; t < 60 * MS; t += 100 * US) {
      hearLivePaths(lb, t);
    }
    assertEquals(0, lb.count(Counter.PATHS_SILENT));
    assertArrayEquals(PORTS, lb.paths(D).ports());
  }

  @Test
  void aFlowWhosePreviousFlowletWentUnansweredTriesAnotherPath() {
    // Two identical balancers (same seed, same choices); in one, path 1002 answers, in the other it does not.
    LoadBalancer answered = balancer(Policies.edgeFlowlet());
    LoadBalancer unanswered = balancer(Policies.edgeFlowlet());
    allHeard(answered, 0);
    allHeard(unanswered, 0);
    int flows = 400;
    int[] first = new int[flows];
    for (int f = 0; f < flows; f++) {
      first[f] = answered.selectSourcePort(D, 1_000 + f, 1500, 1 * MS);
      assertEquals(first[f], unanswered.selectSourcePort(D, 1_000 + f, 1500, 1 * MS));
    }
    for (int port : PORTS) {
      answered.onPathHeard(D, port, 1500 * US);
      if (port != 1002) {
        unanswered.onPathHeard(D, port, 1500 * US);
      }
    }
    // Every flow pauses 4 ms (more than a flowlet gap, and more than half the 5 ms timeout since 1002 was given
    // its flowlets) and sends again: a new flowlet each, which random placement sends back to its old path one time
    // in four.
    int back = 0;
    int onSilentBefore = 0;
    for (int f = 0; f < flows; f++) {
      int again = answered.selectSourcePort(D, 1_000 + f, 1500, 5 * MS);
      int retried = unanswered.selectSourcePort(D, 1_000 + f, 1500, 5 * MS);
      if (first[f] == 1002) {
        onSilentBefore++;
        back += again == 1002 ? 1 : 0;
        assertTrue(retried != 1002, "flow " + f + " went back to the path that never answered its flowlet");
      }
    }
    assertTrue(onSilentBefore > 50, "too few flows on 1002 for the test to mean anything: " + onSilentBefore);
    assertTrue(back > 0, "where 1002 answered, some flows went back to it (random placement): " + back);
  }

  @Test
  void withoutLivenessFromTheDestinationFlowsAreNotMoved() {
    // No relay words at all: no path is ever heard, so "not heard" says nothing, and a flow's new flowlet goes
    // where the policy puts it: back to its old path about one time in four under random placement.
    LoadBalancer lb = balancer(Policies.edgeFlowlet());
    int flows = 400;
    int[] first = new int[flows];
    for (int f = 0; f < flows; f++) {
      first[f] = lb.selectSourcePort(D, 1_000 + f, 1500, 1 * MS);
    }
    int back = 0;
    for (int f = 0; f < flows; f++) {
      back += lb.selectSourcePort(D, 1_000 + f, 1500, 5 * MS) == first[f] ? 1 : 0;
    }
    assertTrue(back > flows / 8, "flows that went back to their path: " + back);
  }
}
