// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import dev.clove.api.FeedbackRelay;
import dev.clove.api.FeedbackWord;
import dev.clove.api.LoadBalancer;
import dev.clove.core.Clove;
import java.util.PriorityQueue;
import org.junit.jupiter.api.Test;

/**
 * A real CLOVE-INT balancer and relay in a small closed loop, with and without the relay's reports reaching the
 * sender: the reports must make the difference.
 *
 * <p>The loop, on virtual time: one sender sends a packet every 1.2 us (10 Gbps of 1,500-byte packets) to one
 * destination over four paths, in flows of 20 back-to-back packets, so each flow is one flowlet and flows never
 * pause. Each path is one FIFO link with a fixed service rate and 5 us of propagation each way. Path 0 serves 0.1
 * packets per us and paths 1 to 3 0.3 each: together 1 packet per us, above the offered 0.83, but path 0 alone is
 * an eighth of the capacity, less than the quarter an equal split gives it (0.21 packets per us), so under an
 * equal split its queue grows without bound: a path that stays congested. As a packet leaves its link, the link
 * stamps it with its utilization, as a switch's egress rate estimator would (packets sent in an exponentially
 * decaying window of 40 us, over what the link can send in that window); at the destination every arrival goes through the relay
 * ({@code onArrival} and {@code onTelemetry}), which piggybacks {@code pollFeedback} on the acknowledgement, which
 * reaches the sender 5 us later.
 *
 * <p>Expectations, from the rates alone: with the reports cut, the sender has no reading and picks uniformly at
 * random, so path 0 gets about a quarter of the flowlets (about 416 in the run's last half: a binomial standard
 * deviation of 0.021) and its queue grows by about {@code 0.83 / 4 - 0.1 = 0.108} packets per us. With them,
 * path 0 must end up with at most about its capacity share (0.1 / 0.83 = 0.12) and a bounded queue.
 */
class IntFeedbackLoopTest {
  static final int[] PORTS = {50001, 50002, 50003, 50004};
  /** Service time per packet of each path, in ns. */
  static final long[] SERVICE_NANOS = {10_000, 3_333, 3_333, 3_333};
  static final long SEND_EVERY_NANOS = 1_200;
  static final int PACKETS_PER_FLOW = 20;
  static final long ONE_WAY_NANOS = 5_000;
  static final long BASE_RTT_NANOS = 20_000;
  static final double RATE_WINDOW_NANOS = 40_000;
  static final long RUN_NANOS = 20_000_000;

  /** What the loop measured. */
  record Outcome(double pathZeroShareLastHalf, long pathZeroBacklogAtEnd, long utilizationReports) {}

  /**
   * An event of the loop: a packet arriving at the destination with its telemetry ({@code word} NONE), or a
   * feedback word arriving at the sender.
   */
  record Event(long time, long sequence, int port, double utilization, int word) {}

  static Outcome run(boolean relayReachesSender) {
    LoadBalancer lb = Clove.builder().maxDestinations(1).baseRttNanos(BASE_RTT_NANOS).seed(11)
        .policy(CloveInt.policy().build()).staticPaths(0, PORTS).build();
    FeedbackRelay relay = CloveInt.relay().maxSources(1).baseRttNanos(BASE_RTT_NANOS).build();
    PriorityQueue<Event> events = new PriorityQueue<>((a, b) -> a.time() != b.time()
        ? Long.compare(a.time(), b.time()) : Long.compare(a.sequence(), b.sequence()));
    long[] busyUntil = new long[PORTS.length];
    double[] windowPackets = new double[PORTS.length];
    long[] windowUpdated = new long[PORTS.length];
    long sequence = 0;
    long onPathZero = 0;
    long sentLastHalf = 0;
    long nextTick = 0;
    for (long packet = 0; packet * SEND_EVERY_NANOS < RUN_NANOS; packet++) {
      long now = packet * SEND_EVERY_NANOS;
      while (!events.isEmpty() && events.peek().time() <= now) {
        Event e = events.poll();
        if (e.word() == FeedbackWord.NONE) { // a packet reaches the destination; its ACK carries the relay's word
          relay.onArrival(0, e.port(), false, e.time());
          relay.onTelemetry(0, e.port(), e.utilization(), e.time());
          int word = relay.pollFeedback(0, e.time());
          if (word != FeedbackWord.NONE && relayReachesSender) {
            events.add(new Event(e.time() + ONE_WAY_NANOS, sequence++, e.port(), 0, word));
          }
        } else {
          lb.onFeedbackWord(0, e.word(), e.time());
        }
      }
      if (now >= nextTick) {
        lb.onTick(now);
        nextTick += 100_000;
      }
      int port = lb.selectSourcePort(0, packet / PACKETS_PER_FLOW, 1500, now);
      int path = port - PORTS[0];
      long start = Math.max(now, busyUntil[path]);
      busyUntil[path] = start + SERVICE_NANOS[path];
      // The link stamps the packet as it leaves (departures of one link come in order): its rate estimate, in
      // packets sent over the decaying window, over what the link can send in that window.
      long departure = busyUntil[path];
      windowPackets[path] = windowPackets[path]
          * StrictMath.exp(-(departure - windowUpdated[path]) / RATE_WINDOW_NANOS) + 1;
      windowUpdated[path] = departure;
      double utilization = Math.min(16, windowPackets[path] * SERVICE_NANOS[path] / RATE_WINDOW_NANOS);
      events.add(new Event(busyUntil[path] + ONE_WAY_NANOS, sequence++, port, utilization, FeedbackWord.NONE));
      if (now >= RUN_NANOS / 2) {
        sentLastHalf++;
        onPathZero += path == 0 ? 1 : 0;
      }
    }
    long backlog = Math.max(0, busyUntil[0] - RUN_NANOS) / SERVICE_NANOS[0];
    return new Outcome((double) onPathZero / sentLastHalf, backlog, lb.count(Counter.UTILIZATION_REPORTS));
  }

  @Test
  void withTheRelayCutTheSlowPathKeepsAQuarterAndItsQueueGrows() {
    Outcome cut = run(false);
    assertEquals(0, cut.utilizationReports());
    // Uniform picks: a quarter, within three binomial standard deviations (3 x 0.021).
    assertEquals(0.25, cut.pathZeroShareLastHalf(), 0.065);
    // About 0.108 packets per us more than path 0 serves, for 20 ms: some 2,170 packets; ask for half of that.
    assertTrue(cut.pathZeroBacklogAtEnd() > 1_000, "backlog " + cut.pathZeroBacklogAtEnd());
  }

  @Test
  void theRelayedUtilizationMovesTrafficOffTheSlowPathAndBoundsItsQueue() {
    Outcome cut = run(false);
    Outcome fed = run(true);
    assertTrue(fed.utilizationReports() > 0);
    // Stability needs path 0's share at or below its capacity share, 0.12.
    assertTrue(fed.pathZeroShareLastHalf() < 0.13, "path 0 share with feedback " + fed.pathZeroShareLastHalf());
    // A bounded queue: a few flowlets' worth, where the cut run's grew by thousands of packets.
    assertTrue(fed.pathZeroBacklogAtEnd() < 100, "backlog with feedback " + fed.pathZeroBacklogAtEnd());
    assertTrue(fed.pathZeroBacklogAtEnd() * 10 < cut.pathZeroBacklogAtEnd());
  }

  @Test
  void theLoopIsDeterministic() {
    assertEquals(run(true), run(true));
  }
}
