// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

/*
 * Teaching example 5: what a scheme did inside one simulation.
 *
 * Runs one simulation of the paper's fabric and prints its summary (FCTs, drops, CE marks, per-link utilization)
 * and every library counter summed over the hosts: packets, flowlets, congestion reports and weight cuts, relay
 * traffic. Use it to see why a scheme behaves as it does, for example how many of CLOVE-ECN's relayed reports
 * actually cut a weight.
 *
 * Run: java -cp examples/target/clove-evaluation.jar dev.clove.examples.SchemeCounters \
 *          [scheme=clove-ecn] [fabric=asymmetric|symmetric] [load=0.7] [flows=1500] [seed=1]
 *          [ecnQueueWeight=1, or e.g. 0.002 to mark on RED's average queue]
 *          [flowletGapUs=500, the simulator's and the evaluation's default; 0 for twice the RTT]
 *          [loadDefinition=wire, the simulator's and the evaluation's default, or payload]
 * With the defaults a run is the evaluation's run of the same scheme, fabric, load, flows and seed (same FCTs),
 * and its counters explain it, among them new flowlets per flow (the agility an adaptive flowlet gap buys; ACK
 * packets are flows of the balancer too) and reordered arrivals.
 */
package dev.clove.examples;

import dev.clove.api.Counter;
import dev.clove.testkit.sim.FlowSizeDistribution;
import dev.clove.testkit.sim.LoadDefinition;
import dev.clove.testkit.sim.RunSummary;
import dev.clove.testkit.sim.Simulation;
import dev.clove.testkit.sim.Topologies;
import dev.clove.testkit.sim.Workload;

/** Prints one simulation's summary and the library's counters. */
public final class SchemeCounters {
  private SchemeCounters() {}

  public static void main(String[] args) {
    String scheme = args.length > 0 ? args[0] : "clove-ecn";
    boolean symmetric = args.length > 1 && args[1].equals("symmetric");
    double load = args.length > 2 ? Double.parseDouble(args[2]) : 0.7;
    int flows = args.length > 3 ? Integer.parseInt(args[3]) : 1500;
    long seed = args.length > 4 ? Long.parseLong(args[4]) : 1;
    double ecnQueueWeight = args.length > 5 ? Double.parseDouble(args[5]) : 1;
    Simulation.Builder builder = Simulation.builder();
    if (args.length > 6) {
      builder.flowletGapNanos(Math.round(Double.parseDouble(args[6]) * 1000));
    }
    if (args.length > 7) {
      builder.loadDefinition(LoadDefinition.valueOf(args[7].toUpperCase(java.util.Locale.ROOT)));
    }
    RunSummary summary = builder
        .topology((symmetric ? Topologies.paperSymmetric() : Topologies.paperAsymmetric()).toBuilder()
            .ecnQueueWeight(ecnQueueWeight).build())
        .scheme(scheme)
        .workload(Workload.clientServer(FlowSizeDistribution.webSearch()))
        .load(load)
        .flows(flows)
        .seed(seed)
        .pathDiscovery(false)
        .build()
        .run();
    System.out.println(summary);
    double completed = Math.max(1, summary.flowsCompleted());
    System.out.printf("Per completed flow: %.2f new flowlets (data and ACK), %.2f path moves of data segments,"
        + " %.3f reordered arrivals%n", summary.counter(Counter.NEW_FLOWLETS) / completed,
        summary.dataPathMoves() / completed, summary.reorderedArrivals() / completed);
    System.out.println("Library counters, summed over hosts:");
    for (Counter counter : Counter.values()) {
      if (summary.counter(counter) != 0) {
        System.out.printf("  %-28s %,d%n", counter, summary.counter(counter));
      }
    }
  }
}
