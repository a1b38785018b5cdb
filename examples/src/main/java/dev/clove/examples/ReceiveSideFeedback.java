// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

/*
 * Teaching example 4: reading relayed feedback on the receive side.
 *
 * The receiving hypervisor sees the outer IP header of every tunnel packet. When a switch marked it CE, the relay
 * remembers "packets from source S on port p met congestion"; the vswitch then clears CE before decapsulating,
 * so the tenant VM never sees the mark. When the vswitch next sends to S (an ACK, say), it asks the relay for a
 * feedback word and writes it into reserved header bits (an STT context or a Geneve option). The relay reports
 * each path at most once per relay interval (half an RTT), round robin across congested paths. The sender decodes
 * the word and cuts that path's weight. Ports that arrive unmarked are reported too, after the congested ones, as
 * "heard": the sender uses those to notice a path that has gone silent.
 *
 * Run: java -cp examples/target/clove-evaluation.jar dev.clove.examples.ReceiveSideFeedback
 */
package dev.clove.examples;

import dev.clove.api.Counter;
import dev.clove.api.FeedbackRelay;
import dev.clove.api.FeedbackWord;
import dev.clove.api.LoadBalancer;
import dev.clove.core.Clove;
import dev.clove.ecn.CloveEcn;
import dev.clove.ecn.EcnPolicy;

/** Walks CE marks from the receiver's relay, through feedback words, into the sender's weights. */
public final class ReceiveSideFeedback {
  private ReceiveSideFeedback() {}

  public static void main(String[] args) {
    long rtt = 100_000;
    int senderId = 3;   // the receiver's dense id for the sending hypervisor
    int receiverId = 0; // the sender's dense id for the receiving hypervisor
    FeedbackRelay relay = CloveEcn.relay().maxSources(16).baseRttNanos(rtt).build();
    EcnPolicy policy = CloveEcn.policy().baseRttNanos(rtt).build();
    LoadBalancer sender = Clove.builder().maxDestinations(4).baseRttNanos(rtt).policy(policy)
        .staticPaths(receiverId, 50001, 50002, 50003).seed(9).build();

    long now = 0;
    System.out.println("Data packets arrive at the receiver (port, outer ECN):");
    int[][] arrivals = {{50001, 0}, {50002, 1}, {50002, 1}, {50003, 1}, {50001, 0}, {50002, 1}};
    for (int[] a : arrivals) {
      now += 5_000;
      boolean ce = a[1] == 1;
      relay.onArrival(senderId, a[0], ce, now);
      System.out.printf("  t=%3d us  port %d  %s%n", now / 1000, a[0], ce ? "CE -> relay notes it, CE cleared "
          + "before decapsulation" : "not marked");
    }

    System.out.println("\nReverse packets (ACKs) to the sender carry feedback words:");
    for (int ack = 0; ack < 6; ack++) {
      now += 20_000; // an ACK every 20 us; the relay interval is 50 us
      int word = relay.pollFeedback(senderId, now);
      String meaning = word == FeedbackWord.NONE ? "no report"
          : FeedbackWord.kind(word) == FeedbackWord.KIND_CONGESTION
              ? "congestion on port " + FeedbackWord.sourcePort(word)
              : FeedbackWord.kind(word) == FeedbackWord.KIND_EXTENDED
                  ? "port " + FeedbackWord.sourcePort(word) + " heard (liveness: it is arriving, unmarked)" : "other";
      System.out.printf("  t=%3d us  word 0x%08x  %s%n", now / 1000, word, meaning);
      sender.onFeedbackWord(receiverId, word, now); // the sending hypervisor applies it
    }
    double[] w = policy.weights(receiverId);
    System.out.printf("%nSender's weights for ports 50001, 50002, 50003: %.3f %.3f %.3f%n", w[0], w[1], w[2]);
    System.out.printf("relay: %d arrivals, %d CE, %d reports sent; sender: %d reports, %d cuts%n",
        relay.count(Counter.RELAY_ARRIVALS), relay.count(Counter.RELAY_CE_ARRIVALS),
        relay.count(Counter.RELAY_REPORTS_SENT), sender.count(Counter.CONGESTION_REPORTS),
        sender.count(Counter.CONGESTION_CUTS));
  }
}
