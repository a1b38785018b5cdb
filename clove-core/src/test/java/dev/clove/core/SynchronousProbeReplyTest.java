// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import dev.clove.api.LoadBalancer;
import dev.clove.api.ProbeSender;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A {@link ProbeSender} may answer from inside {@code sendProbe}, on the tick's thread, as a loopback or a
 * simulator would: the balancer ends up exactly where one answered later ends up. Threading: single-threaded.
 */
class SynchronousProbeReplyTest {
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final int DESTINATIONS = 3;
  private static final Counter[] COMPARED = {Counter.PROBES_SENT, Counter.PROBE_REPLIES,
      Counter.PROBE_REPLIES_UNEXPECTED, Counter.PATHS_ADDED, Counter.PATHS_REMOVED, Counter.CLOCK_BACKWARDS,
      Counter.FEEDBACK_INVALID_VALUE, Counter.FALLBACK_NO_PATH};

  /** Answers each probe at once, from inside sendProbe, through the balancer's public onProbeReply. */
  static final class AnswersAtOnce implements ProbeSender {
    final HopTraceFabric fabric;
    LoadBalancer balancer;
    long now;
    int calls;

    AnswersAtOnce(HopTraceFabric fabric) {
      this.fabric = fabric;
    }

    @Override
    public void sendProbe(int destination, int sourcePort, int ttl, int probeId) {
      calls++;
      fabric.sendProbe(destination, sourcePort, ttl, probeId);
      fabric.deliver(balancer, now); // only this probe is pending: it is answered before sendProbe returns
    }
  }

  private static LoadBalancer balancer(ProbeSender sender) {
    DiscoveryConfig config = DiscoveryConfig.builder().probeIntervalNanos(20 * MS).replyTimeoutNanos(2 * MS)
        .expiryRounds(2).build();
    return Clove.builder().maxDestinations(DESTINATIONS).seed(99).fallbackPortRange(40000, 40099)
        .pathDiscovery(config, sender).build();
  }

  /** What a balancer's path sets look like from outside: the ports 300 new flows get, per destination. */
  private static List<Set<Integer>> portsInUse(LoadBalancer lb, long now) {
    List<Set<Integer>> result = new ArrayList<>();
    for (int d = 0; d < DESTINATIONS; d++) {
      Set<Integer> ports = new HashSet<>();
      for (long flow = 0; flow < 300; flow++) {
        ports.add(lb.selectSourcePort(d, 1_000_000L * (d + 1) + flow, 1500, now));
      }
      result.add(ports);
    }
    return result;
  }

  /**
   * Runs the same script against both balancers: traffic to every destination, ticks every millisecond, a
   * re-hash of the fabric (paths change) and a black-holed path (a path expires) along the way.
   */
  @Test
  void answeringInsideSendProbeGivesTheSameOutcomeAsAnsweringAfterTheTick() {
    HopTraceFabric laterFabric = HopTraceFabric.twoSpinesTwoLinks(false);
    LoadBalancer later = balancer(laterFabric);
    HopTraceFabric atOnceFabric = HopTraceFabric.twoSpinesTwoLinks(false);
    AnswersAtOnce sender = new AnswersAtOnce(atOnceFabric);
    LoadBalancer atOnce = balancer(sender);
    sender.balancer = atOnce;

    List<List<Set<Integer>>> laterSnapshots = new ArrayList<>();
    List<List<Set<Integer>>> atOnceSnapshots = new ArrayList<>();
    for (long t = 0; t <= 200 * MS; t += MS) {
      if (t == 80 * MS) {
        laterFabric.rehash(777);
        atOnceFabric.rehash(777);
      }
      if (t == 140 * MS) {
        laterFabric.blackhole(0);
        atOnceFabric.blackhole(0);
      }
      for (int d = 0; d < DESTINATIONS; d++) { // keep every destination active
        later.selectSourcePort(d, d, 1500, t);
        atOnce.selectSourcePort(d, d, 1500, t);
      }
      laterFabric.setTime(t);
      later.onTick(t);
      laterFabric.deliver(later, t); // every answer after the tick, at the same time

      atOnceFabric.setTime(t);
      sender.now = t;
      atOnce.onTick(t);
      assertEquals(0, atOnceFabric.pendingCount(), "answered inside sendProbe");

      if (t % (10 * MS) == 0) {
        laterSnapshots.add(portsInUse(later, t));
        atOnceSnapshots.add(portsInUse(atOnce, t));
      }
    }

    assertEquals(laterSnapshots, atOnceSnapshots, "the same paths at every snapshot");
    for (Counter c : COMPARED) {
      assertEquals(later.count(c), atOnce.count(c), c.name());
    }
    assertEquals(sender.calls, atOnce.count(Counter.PROBES_SENT), "every probe sent was counted once");
    assertTrue(atOnce.count(Counter.PATHS_REMOVED) > 0, "the script made paths go away");
    // Every destination ends on four link-disjoint paths of the eight, none on the black-holed one.
    List<Set<Integer>> last = atOnceSnapshots.get(atOnceSnapshots.size() - 1);
    for (int d = 0; d < DESTINATIONS; d++) {
      Set<Integer> paths = new HashSet<>();
      for (int port : last.get(d)) {
        assertTrue(port < 40000 || port > 40099, "destination " + d + " has discovered paths: " + last.get(d));
        paths.add(atOnceFabric.pathOf(port));
      }
      assertEquals(4, paths.size(), "destination " + d + ": " + paths);
      assertTrue(!paths.contains(0), "destination " + d + " dropped the black-holed path: " + paths);
    }
  }

  /** Answers each probe at once and, if asked, also ticks the balancer from inside sendProbe. */
  private static LoadBalancer[] runAnsweringAtOnce(boolean alsoTicksInside, HopTraceFabric fabric, int[] calls) {
    LoadBalancer[] holder = new LoadBalancer[1];
    long[] now = {0};
    ProbeSender sender = (destination, port, ttl, probeId) -> {
      calls[0]++;
      fabric.sendProbe(destination, port, ttl, probeId);
      fabric.deliver(holder[0], now[0]);
      if (alsoTicksInside) {
        // A nested tick at the same time: were it to run discovery, it would start the first rounds of the
        // other newly active destinations, and scheduled rounds, in the middle of this round's send loop.
        holder[0].onTick(now[0]);
      }
    };
    holder[0] = balancer(sender);
    for (long t = 0; t <= 60 * MS; t += MS) {
      now[0] = t;
      for (int d = 0; d < DESTINATIONS; d++) {
        holder[0].selectSourcePort(d, d, 1500, t);
      }
      fabric.setTime(t);
      holder[0].onTick(t);
    }
    return holder;
  }

  @Test
  void aTickFromInsideSendProbeStartsNoRoundAndChangesNothing() {
    HopTraceFabric plainFabric = HopTraceFabric.twoSpinesTwoLinks(true);
    int[] plainCalls = {0};
    LoadBalancer plain = runAnsweringAtOnce(false, plainFabric, plainCalls)[0];
    HopTraceFabric nestedFabric = HopTraceFabric.twoSpinesTwoLinks(true);
    int[] nestedCalls = {0};
    LoadBalancer nested = runAnsweringAtOnce(true, nestedFabric, nestedCalls)[0];

    assertEquals(plainFabric.sent().size(), nestedFabric.sent().size(), "as many probes");
    assertTrue(plainFabric.sent().equals(nestedFabric.sent()), "the same probes at the same times");
    assertEquals(nestedCalls[0], nested.count(Counter.PROBES_SENT));
    for (Counter c : COMPARED) {
      assertEquals(plain.count(c), nested.count(c), c.name());
    }
    List<Set<Integer>> ports = portsInUse(nested, 61 * MS);
    assertEquals(portsInUse(plain, 61 * MS), ports);
    for (int d = 0; d < DESTINATIONS; d++) {
      Set<Integer> paths = new HashSet<>();
      ports.get(d).forEach(p -> paths.add(nestedFabric.pathOf(p)));
      assertEquals(Set.of(0, 1, 2, 3), paths, "destination " + d);
    }
  }

  /**
   * A synchronous answer may carry a later time than the tick it answers inside (the sender read its own clock).
   * Its time is used for what the answer itself publishes, but the tick's time is restored when it returns, so
   * that what the tick publishes after it is stamped with the tick's time.
   */
  @Test
  void aSynchronousReplyDoesNotRestampTheRestOfTheTick() {
    HopTraceFabric fabric = HopTraceFabric.twoSpinesTwoLinks(true);
    LoadBalancer[] holder = new LoadBalancer[1];
    long tick = 5 * MS;
    ProbeSender sender = (destination, port, ttl, probeId) -> {
      fabric.sendProbe(destination, port, ttl, probeId);
      fabric.deliver(holder[0], tick + 7 * MS);
    };
    holder[0] = balancer(sender);
    holder[0].selectSourcePort(0, 1, 1500, 0);
    holder[0].onTick(tick);
    assertTrue(holder[0].count(Counter.PROBE_REPLIES) > 0, "answered inside the tick");
    assertEquals(tick, ((CloveBalancer) holder[0]).core.controlNanos(), "the tick's time after the tick's replies");
  }
}
