// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit.sim;

/**
 * Measures the simulator's speed on one paper-scale point and prints events per second and wall time.
 *
 * <p>Run from the repository root:
 * <pre>
 * mvn -B -q -pl clove-testkit -am compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
 * java -cp "clove-testkit/target/classes:$(cat clove-testkit/target/classpath.txt)" \
 *     dev.clove.testkit.sim.SimulatorSpeed [scheme] [flows] [load] [seed] [symmetric|asymmetric] [tcp options]
 * </pre>
 * Defaults: clove-ecn, 10,000 web-search flows, 70% load, seed 1, the asymmetric paper fabric, the default guest
 * TCP. TCP options: a comma-separated list of {@code sack}, {@code per-flow} (a connection per flow) and
 * {@code dctcp}, or {@code none}.
 *
 * <p>This is a measurement tool, not a test: wall-clock time is read here and nowhere in the simulator. It
 * prints the run thread's CPU time beside the wall time, since on a shared machine the wall time also counts
 * the time other processes held the core.
 *
 * <p>Threading: single-threaded.
 */
public final class SimulatorSpeed {

  private SimulatorSpeed() {}

  /**
   * Runs one point and prints its speed.
   *
   * @param args optional, in this order: scheme, flows, load, seed, {@code symmetric} or {@code asymmetric},
   *     TCP options
   */
  public static void main(String[] args) {
    String scheme = args.length > 0 ? args[0] : Schemes.CLOVE_ECN;
    int flows = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    double load = args.length > 2 ? Double.parseDouble(args[2]) : 0.7;
    long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
    Topology topology = args.length > 4 && args[4].startsWith("sym") ? Topologies.paperSymmetric()
        : Topologies.paperAsymmetric();
    java.util.List<String> tcp = args.length > 5 ? java.util.List.of(args[5].split(",")) : java.util.List.of();
    for (String option : tcp) {
      if (!java.util.List.of("sack", "per-flow", "dctcp", "none").contains(option)) {
        throw new IllegalArgumentException("tcp options: sack, per-flow, dctcp or none, was '" + option + "'");
      }
    }
    Simulation sim = Simulation.builder()
        .topology(topology)
        .scheme(scheme)
        .workload(Workload.clientServer(FlowSizeDistribution.webSearch()))
        .load(load)
        .flows(flows)
        .seed(seed)
        .sack(tcp.contains("sack"))
        .connectionPerFlow(tcp.contains("per-flow"))
        .dctcpGuests(tcp.contains("dctcp"))
        .build();
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long t0 = System.nanoTime();
    long cpu0 = threads.getCurrentThreadCpuTime();
    Sim engine = new Sim(sim);
    RunSummary r = engine.run();
    long cpu = threads.getCurrentThreadCpuTime() - cpu0;
    System.out.printf("connections %d, peak timer heap %d, packet pool %d; events: %d link arrivals, %d TCP"
        + " timers, %d flow arrivals, %d ticks%n", engine.tcp.conns, engine.maxQueue, engine.pk.capacity(),
        engine.eventsByType[Sim.EV_ARRIVE], engine.eventsByType[Sim.EV_TIMER], engine.eventsByType[Sim.EV_FLOW],
        engine.eventsByType[Sim.EV_TICK]);
    long wall = System.nanoTime() - t0;
    System.out.print(r);
    System.out.printf("wall %.2f s, thread CPU %.2f s, %d events, %.2f million events/s of wall time, %.2f million"
        + " events/s of CPU time, %.3f s simulated, JVM %s, %d processors%n", wall / 1e9, cpu / 1e9, r.events(),
        r.events() / (wall / 1e3), r.events() / (cpu / 1e3), r.simulatedNanos() / 1e9,
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
  }
}
