// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import dev.clove.api.LoadBalancer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

/**
 * The balancer's dataplane where it meets custom policies, several dataplanes, discovery's activity stamps and
 * the ECMP hash, at the edges of what {@link PathPolicy}, {@link BalancerBuilder} and {@link DiscoveryConfig}
 * describe. Threading: single-threaded.
 */
class BalancerEdgesTest {
  private static final int[] PORTS = {50001, 50002, 50003, 50004};

  /** A policy with flowlets whose chooser answers {@code index} for every new flowlet and reports 7 stale reads. */
  private static PathPolicy choosing(int index) {
    return choosing(paths -> index < 0 ? paths.size() : index);
  }

  /** A policy with flowlets whose chooser answers {@code choice} of the paths and reports 7 stale reads. */
  private static PathPolicy choosing(ToIntFunction<PathSet> choice) {
    return new OneBalancerPolicy() {
      @Override
      public boolean usesFlowlets() {
        return true;
      }

      @Override
      public PathChooser newChooser(long seed) {
        return new PathChooser() {
          @Override
          public int choose(int destination, PathSet paths, long flowKey, long nowNanos) {
            return choice.applyAsInt(paths);
          }

          @Override
          public long count(Counter counter) {
            return counter == Counter.TELEMETRY_STALE_FALLBACK ? 7 : 0;
          }
        };
      }
    };
  }

  /** A chooser answering one past the last path must not break forwarding: the packet gets one of the paths. */
  @Test
  void aChoiceOnePastTheLastPathFallsBackToAPath() {
    LoadBalancer lb = Clove.builder().maxDestinations(1).policy(choosing(-1)).staticPaths(0, PORTS).seed(1).build();
    Set<Integer> ports = Set.of(50001, 50002, 50003, 50004);
    for (long flow = 0; flow < 50; flow++) {
      int port = lb.selectSourcePort(0, flow, 100, 0);
      assertTrue(ports.contains(port), "flow " + flow + " took " + port);
    }
  }

  /** A chooser's choice is honoured down to the first path (index 0). */
  @Test
  void aChoiceOfTheFirstPathIsHonoured() {
    LoadBalancer lb = Clove.builder().maxDestinations(1).policy(choosing(0)).staticPaths(0, PORTS).seed(1).build();
    for (long flow = 0; flow < 50; flow++) {
      assertEquals(50001, lb.selectSourcePort(0, flow, 100, 0), "flow " + flow);
    }
  }

  /** What a dataplane's chooser counts is part of the balancer's count. */
  @Test
  void theChoosersOwnCountsAddToTheBalancers() {
    LoadBalancer lb = Clove.builder().maxDestinations(1).policy(choosing(0)).staticPaths(0, PORTS).seed(1).build();
    assertEquals(7, lb.count(Counter.TELEMETRY_STALE_FALLBACK));
    lb.newDataplane();
    assertEquals(14, lb.count(Counter.TELEMETRY_STALE_FALLBACK), "two dataplanes, two choosers");
  }

  /** Each further dataplane gets a seed of its own: their random choices for one flow are not all alike. */
  @Test
  void furtherDataplanesChooseIndependently() {
    LoadBalancer lb = Clove.builder().maxDestinations(1).staticPaths(0, PORTS).seed(5).build();
    Set<Integer> firstChoices = new HashSet<>();
    for (int i = 0; i < 16; i++) {
      firstChoices.add(lb.newDataplane().selectSourcePort(0, 42, 100, 0));
    }
    // Edge-Flowlet picks uniformly at random: 16 alike has probability 4^-15.
    assertTrue(firstChoices.size() > 1, "every dataplane chose " + firstChoices);
  }

  /** The fresh ports a balancer's first probe round draws. */
  private static Set<Integer> firstProbePorts(long seed) {
    Set<Integer> ports = new TreeSet<>();
    LoadBalancer lb = Clove.builder().maxDestinations(1).seed(seed)
        .pathDiscovery(DiscoveryConfig.defaults(), (destination, port, ttl, id) -> ports.add(port)).build();
    lb.selectSourcePort(0, 1, 100, 0);
    lb.onTick(0);
    assertEquals(16, ports.size());
    return ports;
  }

  /** Discovery's random ports follow the whole seed: seeds that differ only above their lowest bits differ. */
  @Test
  void discoveryDrawsDifferentPortsForDifferentSeeds() {
    assertEquals(firstProbePorts(4), firstProbePorts(4), "same seed, same ports");
    assertNotEquals(firstProbePorts(4), firstProbePorts(8));
    assertNotEquals(firstProbePorts(1L << 40), firstProbePorts(1L << 41));
  }

  /**
   * Dataplanes note activity a sixteenth of the window apart (30 ms of 480 ms): a packet every 30 ms keeps every
   * packet's time as the destination's activity, so the last one, exactly one window before a due round, still
   * makes it go out. Run at positive and at negative clock values (a monotonic clock may be either).
   */
  @Test
  void packetsOneNoteIntervalApartAreEachNoted() {
    long ms = 1_000_000;
    for (long epoch : new long[] {10_000 * ms, -100_000 * ms}) {
      List<Long> probeTimes = new ArrayList<>();
      long[] now = {epoch};
      LoadBalancer lb = Clove.builder().maxDestinations(1).seed(3)
          .pathDiscovery(DiscoveryConfig.builder().activityWindowNanos(480 * ms).build(),
              (destination, port, ttl, id) -> probeTimes.add(now[0]))
          .build();
      lb.onTick(epoch); // rounds are due at the epoch plus whole intervals of 500 ms
      long lastPacket = epoch + 10 * ms + 17 * 30 * ms; // 520 ms
      for (long t = epoch; t - (epoch + 1_000 * ms) <= 0; t += 10 * ms) {
        if (t - (epoch + 10 * ms) >= 0 && t - lastPacket <= 0 && (t - epoch - 10 * ms) % (30 * ms) == 0) {
          lb.selectSourcePort(0, 1, 100, t);
        }
        now[0] = t;
        lb.onTick(t);
      }
      long dueAt = epoch + 1_000 * ms; // exactly one window after the last packet
      assertTrue(probeTimes.contains(dueAt), "epoch " + epoch + ": the round at 1 s went out");
    }
  }

  /**
   * A packet that continues its flowlet after the path set changed under it (its path moved to another index) is
   * traffic to the destination like any other: it is noted as activity, so discovery keeps probing for it.
   */
  @Test
  void aFlowletWhosePathMovedIndexStillNotesActivity() {
    long ms = 1_000_000;
    long epoch = 10_000 * ms;
    HopTraceFabric fabric = HopTraceFabric.twoSpinesTwoLinks(true);
    LoadBalancer lb = Clove.builder().maxDestinations(1).seed(7).flowletGapNanos(100 * ms)
        .policy(choosing(paths -> paths.size() - 1))
        .pathDiscovery(DiscoveryConfig.builder().activityWindowNanos(480 * ms).build(), fabric).build();
    lb.onTick(epoch); // rounds due at the epoch plus whole intervals of 500 ms
    lb.selectSourcePort(0, 1, 100, epoch + ms); // another flow: the destination's first activity
    fabric.setTime(epoch + ms);
    lb.onTick(epoch + ms); // the first round
    fabric.deliver(lb, epoch + 2 * ms);
    int n = lb.paths(0).size();
    assertTrue(n >= 2, "the first round found " + n + " paths");
    int port = lb.selectSourcePort(0, 42, 100, epoch + 10 * ms); // a new flowlet on the last path
    assertEquals(lb.paths(0).port(n - 1), port);
    lb.onPathFailure(0, lb.paths(0).port(0), epoch + 20 * ms); // the last path moves down one index
    assertEquals(port, lb.selectSourcePort(0, 42, 100, epoch + 50 * ms), "the flowlet stays on its path");
    lb.onTick(epoch + 60 * ms);
    int before = fabric.sent().size();
    fabric.setTime(epoch + 500 * ms);
    lb.onTick(epoch + 500 * ms);
    // Active until 50 ms + 480 ms; without the note at 50 ms, only until 1 ms + 480 ms.
    assertTrue(fabric.sent().size() > before, "the round due at 500 ms went out");
  }

  /** The ECMP policy's own chooser (for callers outside a balancer) spreads flows and keeps each on one path. */
  @Test
  void theEcmpChooserSpreadsFlowsAndKeepsEachOnItsPath() {
    PathChooser chooser = Policies.ecmp().newChooser(9);
    PathSet paths = PathSet.of(PORTS);
    int[] counts = new int[4];
    for (long flow = 0; flow < 400; flow++) {
      int index = chooser.choose(0, paths, flow, 0);
      assertEquals(index, chooser.choose(0, paths, flow, 1_000_000), "flow " + flow + " stays");
      counts[index]++;
    }
    for (int c : counts) {
      assertTrue(c > 60, Arrays.toString(counts)); // 100 expected, sd 8.7
    }
  }

  /**
   * The ECMP hash depends on every bit of the flow key: flipping one bit re-rolls the path, which then stays
   * with probability 1/4 over four paths. Over 64 bits x 40 keys = 2,560 flips, 640 are expected to stay (sd
   * 22); a hash that ignored half the key's bits would keep about 1,600.
   */
  @Test
  void flippingAnyBitOfTheFlowKeyRerollsItsEcmpPath() {
    LoadBalancer lb = Clove.builder().maxDestinations(1).policy(Policies.ecmp()).staticPaths(0, PORTS).seed(17)
        .build();
    int stayed = 0;
    for (long key = 1; key <= 40; key++) {
      long flow = key * 0x9E3779B97F4A7C15L;
      int port = lb.selectSourcePort(0, flow, 100, 0);
      for (int bit = 0; bit < 64; bit++) {
        if (lb.selectSourcePort(0, flow ^ (1L << bit), 100, 0) == port) {
          stayed++;
        }
      }
    }
    assertTrue(stayed > 640 - 6 * 22 && stayed < 640 + 6 * 22, stayed + " of 2560 flips kept their path");
  }
}
