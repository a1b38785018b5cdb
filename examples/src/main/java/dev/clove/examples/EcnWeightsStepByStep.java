// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

/*
 * Teaching example 3: CLOVE-ECN weights reacting to congestion, step by step.
 *
 * A sender has four paths to one destination, weighted equally. Path 2 becomes congested: switches mark its
 * packets CE, the receiving hypervisor relays "port p was congested" about every half RTT, and each relayed mark
 * cuts that path's weight by a third, handing the third to the paths that are not congested (paper, section 2.3).
 * New flowlets follow the weights by smooth weighted round robin, so the congested path soon gets few of them.
 * Then congestion clears. Without recovery (the paper's rule) the path stays light; with the optional recovery it
 * drifts back toward an equal share. Both runs are printed side by side.
 *
 * Run: java -cp examples/target/clove-evaluation.jar dev.clove.examples.EcnWeightsStepByStep
 */
package dev.clove.examples;

import dev.clove.api.LoadBalancer;
import dev.clove.core.Clove;
import dev.clove.ecn.CloveEcn;
import dev.clove.ecn.EcnPolicy;
import dev.clove.ecn.Recovery;

/** Prints the weights of a CLOVE-ECN sender, with and without recovery, as congestion comes and goes. */
public final class EcnWeightsStepByStep {
  private EcnWeightsStepByStep() {}

  static final int DESTINATION = 0;
  static final int[] PORTS = {50001, 50002, 50003, 50004};
  static final long RTT = 100_000;          // 100 us
  static final long RELAY = RTT / 2;        // the relay interval: 50 us

  public static void main(String[] args) {
    EcnPolicy paper = CloveEcn.policy().baseRttNanos(RTT).build();
    EcnPolicy recovering = CloveEcn.policy().baseRttNanos(RTT)
        .recovery(Recovery.decayToEqual(20 * RTT)).build(); // drift back with a 2 ms time constant
    LoadBalancer a = balancer(paper);
    LoadBalancer b = balancer(recovering);

    System.out.println("  time   event                       weights, paper rule (no recovery)   "
        + "weights, with recovery (tau = 2 ms)");
    print(0, "start: equal weights", paper, recovering);
    long now = 0;
    for (int relay = 1; relay <= 6; relay++) {
      now += RELAY;
      a.onCongestion(DESTINATION, PORTS[2], now); // the receiver relayed a CE mark on path 2
      b.onCongestion(DESTINATION, PORTS[2], now);
      print(now, "mark on path 2, cut #" + relay, paper, recovering);
    }
    a.onCongestion(DESTINATION, PORTS[2], now + 1); // a second mark inside the same interval
    b.onCongestion(DESTINATION, PORTS[2], now + 1);
    print(now + 1, "mark again, same interval", paper, recovering);

    System.out.println("  ... congestion clears; the balancers keep ticking every 100 us ...");
    for (int ms = 1; ms <= 8; ms++) {
      for (int t = 0; t < 10; t++) {
        now += RTT;
        a.onTick(now);
        b.onTick(now);
      }
      if (ms % 2 == 0) {
        print(now, ms + " ms later", paper, recovering);
      }
    }

    int[] share = new int[PORTS.length];
    for (long flowlet = 0; flowlet < 1000; flowlet++) {
      int port = a.selectSourcePort(DESTINATION, flowlet, 1500, now);
      share[port - PORTS[0]]++;
    }
    System.out.printf("%n1000 new flowlets under the paper rule go to paths 0..3: %d, %d, %d, %d%n",
        share[0], share[1], share[2], share[3]);
  }

  static LoadBalancer balancer(EcnPolicy policy) {
    return Clove.builder().maxDestinations(1).baseRttNanos(RTT).policy(policy).staticPaths(DESTINATION, PORTS)
        .seed(1).build();
  }

  static void print(long now, String event, EcnPolicy paper, EcnPolicy recovering) {
    System.out.printf("%6.0f us  %-26s  %s  %s%n", now / 1000.0, event, format(paper.weights(DESTINATION)),
        format(recovering.weights(DESTINATION)));
  }

  static String format(double[] w) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < w.length; i++) {
      sb.append(String.format("%.3f", w[i])).append(i + 1 < w.length ? " " : "]");
    }
    return String.format("%-34s", sb);
  }
}
