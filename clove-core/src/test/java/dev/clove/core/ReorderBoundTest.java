// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.LoadBalancer;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The point of flowlets: when the one-way delays of the paths differ by no more than the flowlet gap, a flow's
 * packets arrive in the order they were sent, even though its flowlets take different paths. And the converse,
 * so that this test can fail: with a larger spread, packets do arrive out of order.
 */
class ReorderBoundTest {
  private static final long GAP = 100_000;
  private static final int[] PORTS = {50001, 50002, 50003, 50004};

  @Property(tries = 200)
  void noFlowIsReorderedWhenTheLatencySpreadIsWithinTheGap(@ForAll long seed,
      @ForAll @IntRange(min = 0, max = 100) int spreadPercentOfGap) {
    long spread = GAP * spreadPercentOfGap / 100;
    Outcome outcome = drive(seed, spread);
    assertEquals(0, outcome.reordered, "spread " + spread + " <= gap " + GAP);
    assertTrue(outcome.pathChangesWithinFlows > 0, "the test only means something if flows changed paths");
    assertTrue(outcome.newFlowlets > FLOWS, "and if flows had several flowlets");
  }

  @Test
  void aSpreadLargerThanTheGapDoesReorder() {
    Outcome outcome = drive(7, 3 * GAP);
    assertTrue(outcome.reordered > 0, "expected reordering with spread 3 x gap, got none");
  }

  private static final int FLOWS = 50;

  /** Sends random packet trains through an Edge-Flowlet balancer over paths whose latencies span {@code spread}. */
  private static Outcome drive(long seed, long spread) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] latency = new long[PORTS.length];
    long base = 10_000;
    latency[0] = base;
    latency[1] = base + spread;
    for (int i = 2; i < latency.length; i++) {
      latency[i] = base + (spread == 0 ? 0 : random.nextLong(spread + 1));
    }
    LoadBalancer lb = Clove.builder().maxDestinations(1).flowletGapNanos(GAP).seed(seed)
        .policy(Policies.edgeFlowlet()).staticPaths(0, PORTS).build();
    long[] lastArrival = new long[FLOWS];
    int[] lastPort = new int[FLOWS];
    java.util.Arrays.fill(lastArrival, Long.MIN_VALUE);
    Outcome outcome = new Outcome();
    long now = 0;
    for (int packet = 0; packet < 5_000; packet++) {
      int flow = random.nextInt(FLOWS);
      // Mostly back-to-back packets, sometimes pauses around and beyond the gap.
      now += random.nextInt(10) < 8 ? 1 + random.nextLong(GAP / 20) : random.nextLong(3 * GAP);
      int port = lb.selectSourcePort(0, flow, 1500, now);
      long arrival = now + latency[indexOf(port)];
      if (arrival < lastArrival[flow]) {
        outcome.reordered++;
      }
      if (lastPort[flow] != 0 && lastPort[flow] != port) {
        outcome.pathChangesWithinFlows++;
      }
      lastPort[flow] = port;
      lastArrival[flow] = Math.max(lastArrival[flow], arrival);
    }
    outcome.newFlowlets = lb.count(dev.clove.api.Counter.NEW_FLOWLETS);
    return outcome;
  }

  private static int indexOf(int port) {
    for (int i = 0; i < PORTS.length; i++) {
      if (PORTS[i] == port) {
        return i;
      }
    }
    throw new AssertionError("unknown port " + port);
  }

  private static final class Outcome {
    long reordered;
    long pathChangesWithinFlows;
    long newFlowlets;
  }
}
