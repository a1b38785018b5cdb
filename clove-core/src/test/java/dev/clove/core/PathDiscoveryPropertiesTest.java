// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * Discovery driven by random scripts of ticks, answers, losses, junk, failures, re-hashes and dead paths: the
 * path sets it reports never exceed k and never contain a port that was not probed to that destination, and
 * nothing throws. Threading: single-threaded.
 */
class PathDiscoveryPropertiesTest {
  private static final long MS = 1_000_000L;
  private static final int DESTINATIONS = 3;

  @Property(tries = 300)
  void neverMoreThanKPathsNeverAnUnprobedPortAndTheListenerIsAlwaysTold(
      @ForAll @IntRange(min = 1, max = 5) int k,
      @ForAll @Size(min = 20, max = 300) List<@IntRange(min = 0, max = 1_000_000) Integer> script) {
    DiscoveryConfig config = DiscoveryConfig.builder()
        .pathsPerDestination(k)
        .probesPerRound(6)            // few, so that rounds often miss paths
        .probeIntervalNanos(TimeUnit.MILLISECONDS.toNanos(100))
        .replyTimeoutNanos(TimeUnit.MILLISECONDS.toNanos(10))
        .expiryRounds(2)
        .build();
    HopTraceFabric fabric = HopTraceFabric.twoSpinesTwoLinks(false);
    SharedCounters counters = new SharedCounters();
    Map<Integer, Set<Integer>> probed = new HashMap<>();
    ProbeRecorder sender = new ProbeRecorder(fabric, probed);
    List<String> violations = new ArrayList<>();
    int[] calls = {0};
    Map<Integer, List<Integer>> reported = new HashMap<>();
    PathDiscovery discovery = new PathDiscovery(config, DESTINATIONS, 7, sender, (destination, ports) -> {
      calls[0]++;
      reported.put(destination, java.util.Arrays.stream(ports).boxed().toList());
      if (ports.length > k) {
        violations.add("more than k=" + k + " ports: " + ports.length);
      }
      Set<Integer> distinct = new HashSet<>();
      for (int port : ports) {
        distinct.add(port);
        if (!probed.getOrDefault(destination, Set.of()).contains(port)) {
          violations.add("port " + port + " never probed to " + destination);
        }
      }
      if (distinct.size() != ports.length) {
        violations.add("a port twice");
      }
    }, counters);

    long now = 0;
    for (int v : script) {
      int op = v % 10;
      int arg = v / 10;
      switch (op) {
        case 0, 1, 2 -> {
          discovery.noteActivity(arg % DESTINATIONS, now);
          now += (arg % 60) * MS;
          discovery.onTick(now);
        }
        case 3, 4, 5 -> fabric.deliver(discovery, now);
        case 6 -> fabric.dropPending();
        case 7 -> discovery.onProbeReply(arg % 5 - 1, 49_000 + arg % 17_000, arg % 11 - 1, arg % 65_536, arg,
            (arg & 1) == 0, now);
        case 8 -> {
          int d = arg % DESTINATIONS;
          int[] current = discovery.currentPorts(d);
          int port = current.length > 0 ? current[arg % current.length] : arg % 65_536;
          discovery.onPathFailure(d, port, now);
        }
        default -> {
          if (arg % 8 == 0) {
            fabric.blackhole(arg % fabric.pathCount());
          } else if (arg % 2 == 0) {
            fabric.rehash(arg);
          } else {
            discovery.onTick(now - (arg % 10) * MS); // clock backwards
          }
        }
      }
      for (int d = 0; d < DESTINATIONS; d++) {
        int[] current = discovery.currentPorts(d);
        if (current.length > k) {
          violations.add("destination " + d + " holds " + current.length + " paths");
        }
        if (!java.util.Arrays.stream(current).boxed().toList().equals(reported.getOrDefault(d, List.of()))) {
          violations.add("destination " + d + " holds a set the listener was not told about");
        }
      }
    }
    assertEquals(List.of(), violations);
    assertTrue(counters.get(Counter.PATHS_ADDED) >= counters.get(Counter.PATHS_REMOVED),
        "cannot remove more paths than were added");
    Statistics.label("listener called").collect(calls[0] > 0)
        .coverage(c -> c.check(true).percentage(p -> p > 50));
  }

  /** Forwards probes to the fabric and remembers, per destination, every port probed. */
  private static final class ProbeRecorder implements dev.clove.api.ProbeSender {
    private final HopTraceFabric fabric;
    private final Map<Integer, Set<Integer>> probed;

    ProbeRecorder(HopTraceFabric fabric, Map<Integer, Set<Integer>> probed) {
      this.fabric = fabric;
      this.probed = probed;
    }

    @Override
    public void sendProbe(int destination, int sourcePort, int ttl, int probeId) {
      probed.computeIfAbsent(destination, d -> new HashSet<>()).add(sourcePort);
      fabric.sendProbe(destination, sourcePort, ttl, probeId);
    }
  }
}
