// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;

/**
 * Scripted steps for discovery tests that need to choose, probe by probe, which answers arrive and in which
 * order, on top of {@link PathDiscoveryTest.Harness} and its {@link HopTraceFabric}. Threading: single-threaded
 * test code.
 */
final class DiscoveryScript {
  static final long MS = 1_000_000L;

  private DiscoveryScript() {}

  /** A harness for {@code maxDestinations} destinations over the four disjoint paths of two spines. */
  static PathDiscoveryTest.Harness harness(DiscoveryConfig config, int maxDestinations) {
    return new PathDiscoveryTest.Harness(HopTraceFabric.twoSpinesTwoLinks(true), config, maxDestinations);
  }

  /** The probes sent at exactly {@code t}. */
  static List<HopTraceFabric.Probe> sentAt(PathDiscoveryTest.Harness h, long t) {
    return h.fabric.sent().stream().filter(p -> p.sentAt() == t).toList();
  }

  /** The probes to {@code destination} sent at {@code from} or later. */
  static long sentToSince(PathDiscoveryTest.Harness h, int destination, long from) {
    return h.fabric.sent().stream().filter(p -> p.destination() == destination && p.sentAt() - from >= 0).count();
  }

  /**
   * Answers the pending probes the way the fabric would, at {@code t}, but only those {@code answered} accepts
   * (a switch's answer) or every destination answer of an accepted port, optionally in reverse order of sending;
   * the others are dropped unanswered.
   */
  static void answer(PathDiscoveryTest.Harness h, long t, Predicate<HopTraceFabric.Probe> answered,
      boolean reversed) {
    List<HopTraceFabric.Probe> pending = new ArrayList<>(
        h.fabric.sent().subList(h.fabric.sent().size() - h.fabric.pendingCount(), h.fabric.sent().size()));
    h.fabric.dropPending();
    if (reversed) {
      Collections.reverse(pending);
    }
    for (HopTraceFabric.Probe p : pending) {
      if (!answered.test(p)) {
        continue;
      }
      long[] hops = h.fabric.path(h.fabric.pathOf(p.port()));
      boolean fromDestination = p.ttl() > hops.length;
      long hop = fromDestination ? HopTraceFabric.DESTINATION_HOP : hops[p.ttl() - 1];
      h.discovery.onProbeReply(p.destination(), p.port(), p.ttl(), p.probeId(), hop, fromDestination, t);
    }
  }

  /** One round to destination 0 whose switches at {@code silentTtl} do not answer (0: all answer). */
  static void roundWithSilentTtl(PathDiscoveryTest.Harness h, int silentTtl) {
    long t = h.now;
    h.discovery.noteActivity(0, t);
    h.tick(t);
    answer(h, t + MS, p -> p.ttl() != silentTtl || p.ttl() > 3, false);
    h.tick(t + 50 * MS);
    h.now = t + 500 * MS;
  }
}
