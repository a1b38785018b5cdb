// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import dev.clove.api.FeedbackRelay;
import dev.clove.api.LoadBalancer;
import dev.clove.core.Clove;
import dev.clove.core.Policies;
import dev.clove.ecn.CloveEcn;
import dev.clove.telemetry.CloveInt;
import java.util.ArrayDeque;
import java.util.PriorityQueue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Silent-path detection end to end at library level: a sending balancer with four static paths and a receiving
 * relay of each kind, connected by a loop over a {@link VirtualClock} in which each path has its own one-way delay
 * and can drop everything, with every sent packet starting a new flowlet.
 */
class SilentPathTest {
  static final int DEST = 7;
  static final int SOURCE = 0;
  static final int[] PORTS = {49152, 49153, 49154, 49155};
  static final long RTT = 100_000;
  static final long ONE_WAY = RTT / 2;
  static final long STEP = 10_000;
  static final long TICK = 1_000_000;
  static final long MS = 1_000_000;

  /** The two hypervisors and the fabric between them. */
  static final class Loop {
    final VirtualClock clock = new VirtualClock(1_000_000_000L);
    final LoadBalancer sender;
    final FeedbackRelay relay;
    final boolean telemetry;
    final long[] extraDelay = new long[PORTS.length];
    final boolean[] dead = new boolean[PORTS.length];
    final boolean[] marked = new boolean[PORTS.length];
    boolean reverseFlows = true;
    /** Forward packets in flight: {arrival time, path index}. */
    final PriorityQueue<long[]> forward = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
    /** Reverse packets in flight, in order: {arrival time, word}. */
    final ArrayDeque<long[]> reverse = new ArrayDeque<>();
    final long[] placements = new long[PORTS.length];
    long lastPlacementOnDead = Long.MIN_VALUE;
    long flow;

    Loop(String scheme) {
      this(sender(scheme), relay(scheme), scheme.equals("clove-int"));
    }

    Loop(LoadBalancer sender, FeedbackRelay relay, boolean telemetry) {
      this.sender = sender;
      this.relay = relay;
      this.telemetry = telemetry;
    }

    /** Runs the loop for {@code nanos} of virtual time. */
    void run(long nanos) {
      long end = clock.nanoTime() + nanos;
      while (clock.nanoTime() < end) {
        long now = clock.advance(STEP);
        while (!forward.isEmpty() && forward.peek()[0] <= now) {
          long[] p = forward.poll();
          int i = (int) p[1];
          relay.onArrival(SOURCE, PORTS[i], marked[i], p[0]);
          if (telemetry) {
            relay.onTelemetry(SOURCE, PORTS[i], marked[i] ? 0.9 : 0.3, p[0]);
          }
        }
        while (!reverse.isEmpty() && reverse.peek()[0] <= now) {
          long[] p = reverse.poll();
          sender.onFeedbackWord(DEST, (int) p[1], p[0]);
        }
        int port = sender.selectSourcePort(DEST, flow++, 1500, now);
        int i = port - PORTS[0];
        assertTrue(i >= 0 && i < PORTS.length, "port " + port);
        placements[i]++;
        if (dead[i]) {
          lastPlacementOnDead = now;
        } else {
          forward.add(new long[] {now + ONE_WAY + extraDelay[i], i});
        }
        if (reverseFlows) {
          int word = relay.pollFeedback(SOURCE, now);
          if (word != 0) {
            reverse.add(new long[] {now + ONE_WAY, word});
          }
        }
        if (now % TICK == 0) {
          sender.onTick(now);
        }
      }
    }
  }

  /** The sending balancer of a scheme, with the four static paths. */
  static LoadBalancer sender(String scheme) {
    var b = Clove.builder().maxDestinations(16).baseRttNanos(RTT).seed(3).staticPaths(DEST, PORTS);
    switch (scheme) {
      case "edge-flowlet":
        return b.policy(Policies.edgeFlowlet()).build();
      case "clove-ecn":
        return b.policy(CloveEcn.policy().build()).build();
      default:
        return b.policy(CloveInt.policy().build()).build();
    }
  }

  /** The receiving relay that goes with a scheme. */
  static FeedbackRelay relay(String scheme) {
    switch (scheme) {
      case "edge-flowlet":
        return Clove.livenessRelay().maxSources(4).baseRttNanos(RTT).build();
      case "clove-ecn":
        return CloveEcn.relay().maxSources(4).baseRttNanos(RTT).build();
      default:
        return CloveInt.relay().maxSources(4).baseRttNanos(RTT).build();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"edge-flowlet", "clove-ecn", "clove-int"})
  void newFlowletsLeaveASilentPathWithinTenMilliseconds(String scheme) {
    Loop loop = new Loop(scheme);
    loop.run(200 * MS);
    long failedAt = loop.clock.nanoTime();
    loop.dead[2] = true;
    long before = loop.placements[2];
    loop.run(200 * MS);
    assertTrue(loop.lastPlacementOnDead != Long.MIN_VALUE, "the dead path got no flowlet at all");
    long lingered = loop.lastPlacementOnDead - failedAt;
    assertTrue(lingered < 10 * MS, scheme + ": new flowlets landed on the dead path until " + lingered + " ns");
    assertEquals(1, loop.sender.count(Counter.PATHS_SILENT), scheme);
    assertEquals(0, loop.sender.count(Counter.PATH_FAILURES), scheme);
    assertArrayEquals(new int[] {49152, 49153, 49155}, loop.sender.paths(DEST).ports(), scheme);
    // Before the failure the path carried its share: it was really in use, and then really abandoned.
    assertTrue(before > 1000, scheme + ": " + before);
    assertTrue(loop.placements[2] - before < 2000, scheme + ": " + (loop.placements[2] - before));
  }

  @ParameterizedTest
  @ValueSource(strings = {"edge-flowlet", "clove-ecn", "clove-int"})
  void aCongestedButLivePathIsNeverRemoved(String scheme) {
    Loop loop = new Loop(scheme);
    // Four milliseconds of queueing one way, below the 5 ms timeout, and marked congested all along.
    loop.extraDelay[1] = 4 * MS;
    loop.marked[1] = true;
    loop.run(2_000 * MS);
    assertEquals(0, loop.sender.count(Counter.PATHS_SILENT), scheme);
    assertEquals(4, loop.sender.paths(DEST).ports().length, scheme);
    // Detection was armed: by liveness words, or by CLOVE-INT's utilization reports, which cover every port.
    assertTrue(loop.sender.count(scheme.equals("clove-int") ? Counter.UTILIZATION_REPORTS : Counter.LIVENESS_REPORTS)
        > 0, scheme);
  }

  @ParameterizedTest
  @ValueSource(strings = {"edge-flowlet", "clove-ecn", "clove-int"})
  void aDestinationWhoseFeedbackStopsLosesNoPath(String scheme) {
    Loop loop = new Loop(scheme);
    loop.run(100 * MS);
    loop.reverseFlows = false; // every path goes silent at once: no evidence against any one of them
    loop.run(2_000 * MS);
    assertEquals(0, loop.sender.count(Counter.PATHS_SILENT), scheme);
    assertEquals(4, loop.sender.paths(DEST).ports().length, scheme);
  }

  @ParameterizedTest
  @ValueSource(strings = {"edge-flowlet", "clove-ecn"})
  void congestionReportsAloneNeverRemoveAPath(String scheme) {
    // A relay without liveness words (as before them): path 1 is congested and reported, the others never are,
    // and one path is dead. Without liveness nothing may be concluded from that.
    FeedbackRelay old = CloveEcn.relay().maxSources(4).baseRttNanos(RTT).livenessReports(false).build();
    Loop loop = new Loop(sender(scheme), old, false);
    loop.marked[1] = true;
    loop.dead[3] = true;
    loop.run(1_000 * MS);
    assertTrue(loop.relay.count(Counter.RELAY_REPORTS_SENT) > 0, scheme);
    assertEquals(0, loop.sender.count(Counter.PATHS_SILENT), scheme);
    assertEquals(4, loop.sender.paths(DEST).ports().length, scheme);
  }
}
