// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

/*
 * A gray failure: one spine-leaf link starts dropping every packet mid-run, and the switches do not notice (the link
 * stays in their ECMP groups). The sending vswitches of the edge schemes hear nothing back from the paths through
 * it (their receivers' relays report every port they hear) and take those paths out of service; ECMP and CONGA
 * have no such evidence at the edge. For every scheme this runs the paper's symmetric fabric twice, with and
 * without the gray link, and prints how many flows completed, how long the balancers kept putting packets on the
 * gray path, and what it cost in flow completion time.
 *
 * Run: java -cp examples/target/clove-evaluation.jar dev.clove.examples.GrayFailure [--help]
 */
package dev.clove.examples;

import dev.clove.api.Counter;
import dev.clove.testkit.sim.FlowSizeDistribution;
import dev.clove.testkit.sim.RunSummary;
import dev.clove.testkit.sim.Schemes;
import dev.clove.testkit.sim.Simulation;
import dev.clove.testkit.sim.Topologies;
import dev.clove.testkit.sim.Topology;
import dev.clove.testkit.sim.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Every scheme on the paper's fabric with a spine-leaf link turning gray mid-run, against the same run without. */
@Command(name = "gray-failure", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Runs every scheme on the paper's fabric with one spine-leaf link (spine 0, leaf 1, "
        + "link 0) turning gray mid-run, and without it; or, with --healthy-only, counts false removals.")
public final class GrayFailure implements Callable<Integer> {
  private static final long MS = 1_000_000L;
  /** Time for path discovery's first round before the first flow (the simulator's default with discovery). */
  private static final long WARMUP_NANOS = 550 * MS;

  @Option(names = "--flows", paramLabel = "N", description = "Web-search flows per run (default ${DEFAULT-VALUE}).")
  int flows = 2_000;

  @Option(names = "--load", paramLabel = "L", description = "Offered load (default ${DEFAULT-VALUE}).")
  double load = 0.6;

  @Option(names = "--seed", paramLabel = "S", description = "Seed (default ${DEFAULT-VALUE}).")
  long seed = 1;

  @Option(names = "--gray-after-ms", paramLabel = "MS",
      description = "When the link turns gray, in ms after the first flow can start (default ${DEFAULT-VALUE}).")
  long grayAfterMs = 500;

  @Option(names = "--drop-fraction", paramLabel = "F",
      description = "Fraction of the packets entering the gray link that it drops (default ${DEFAULT-VALUE}).")
  double dropFraction = 1.0;

  @Option(names = "--schemes", split = ",", paramLabel = "NAME",
      description = "Schemes to run (default: all of ${DEFAULT-VALUE}).")
  List<String> schemes = new ArrayList<>(Schemes.names());

  @Option(names = "--max-sim-seconds", paramLabel = "S",
      description = "Simulated time after which a run stops with flows still stuck (default ${DEFAULT-VALUE}).")
  long maxSimSeconds = 20;

  @Option(names = "--busy-pairs", description = "Instead of client-server web-search flows, every host sends "
      + "20 KB flows to one host under the other leaf (stride 16), so that each pair places new flowlets often.")
  boolean busyPairs;

  @Option(names = "--fabric", paramLabel = "NAME", description = "The paper's fabric: ${COMPLETION-CANDIDATES} "
      + "(default ${DEFAULT-VALUE}). The gray link, spine 0 to leaf 1, exists in both.")
  Fabric fabric = Fabric.symmetric;

  @Option(names = "--no-discovery", negatable = false, description = "Give the balancers the simulator's oracle "
      + "paths instead of running path discovery (and start the flows after 1 ms instead of 550 ms).")
  boolean noDiscovery;

  @Option(names = "--healthy-only", description = "Run only the runs without any failure, and print how many live "
      + "paths the balancers took out of service as silent (a false removal: there is nothing to detect).")
  boolean healthyOnly;

  @Option(names = "--threads", paramLabel = "N", description = "Runs in parallel (default: available cores).")
  int threads = Runtime.getRuntime().availableProcessors();

  /** The paper's two fabrics. */
  enum Fabric {
    symmetric, asymmetric
  }

  GrayFailure() {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new GrayFailure()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    long grayAt = warmupNanos() + grayAfterMs * MS;
    System.out.printf("Paper %s fabric, %s: %d flows, load %.2f, seed %d, %s.%n", fabric,
        busyPairs ? "20 KB flows from each host to host + 16" : "client-server web-search flows", flows, load,
        seed, noDiscovery ? "oracle paths (1 ms warm-up)" : "path discovery on (550 ms warm-up)");
    if (healthyOnly) {
      return healthyOnly();
    }
    System.out.printf("Gray link S0-L1#0 (both directions) from t=%d ms (%d ms into the flows), dropping %.0f%% of "
        + "what enters it; the switches keep it in their ECMP groups.%n%n", grayAt / MS, grayAfterMs,
        100 * dropFraction);
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
    List<Future<RunSummary>> gray = new ArrayList<>();
    List<Future<RunSummary>> healthy = new ArrayList<>();
    List<Future<RunSummary>> detected = new ArrayList<>();
    for (String scheme : schemes) {
      gray.add(pool.submit(() -> run(scheme, grayAt, false)));
      healthy.add(pool.submit(() -> run(scheme, -1, false)));
      detected.add(pool.submit(() -> run(scheme, grayAt, true)));
    }
    System.out.printf("%-13s %11s %12s %28s %7s %27s %27s %9s%n", "scheme", "completed", "last on gray",
        "per pair on gray p50/p99/max", "silent", "mean FCT gray/failed/none", "p99 FCT gray/failed/none",
        "mean cost");
    for (int i = 0; i < schemes.size(); i++) {
      RunSummary g = gray.get(i).get();
      RunSummary h = healthy.get(i).get();
      RunSummary f = detected.get(i).get();
      long[] exposures = g.grayLinkPairExposures();
      String pairs = exposures.length == 0 ? "none"
          : String.format("%.1f/%.1f/%.1f ms", exposures[exposures.length / 2] / 1e6,
              exposures[Math.min(exposures.length - 1, (int) (exposures.length * 0.99))] / 1e6,
              exposures[exposures.length - 1] / 1e6);
      String last = g.grayLinkLastPlacementNanos() < 0 ? "never"
          : String.format("+%.1f ms", (g.grayLinkLastPlacementNanos() - grayAt) / 1e6);
      System.out.printf("%-13s %5d/%-5d %12s %28s %7d %8.1f/%6.1f/%6.1f ms %8.1f/%6.1f/%6.1f ms %8.2fx%n",
          schemes.get(i), g.flowsCompleted(), g.flowsRequested(), last, pairs, g.counter(Counter.PATHS_SILENT),
          g.all().meanNanos() / 1e6, f.all().meanNanos() / 1e6, h.all().meanNanos() / 1e6, g.all().p99Nanos() / 1e6,
          f.all().p99Nanos() / 1e6, h.all().p99Nanos() / 1e6, g.all().meanNanos() / h.all().meanNanos());
      if (f.flowsCompleted() != f.flowsRequested()) {
        System.out.printf("  (the run with the failure detected left %d flows unfinished)%n",
            f.flowsRequested() - f.flowsCompleted());
      }
      if (h.flowsCompleted() != h.flowsRequested()) {
        System.out.printf("  (the run without the gray link left %d flows unfinished)%n",
            h.flowsRequested() - h.flowsCompleted());
      }
      if (!g.unfinished().isEmpty()) {
        System.out.printf("  unfinished at %.1f s: %s%s%n", g.simulatedNanos() / 1e9, g.unfinished().get(0),
            g.unfinished().size() > 1 ? " (and " + (g.unfinished().size() - 1) + " more)" : "");
      }
    }
    pool.shutdown();
    System.out.printf("%nlast on gray: the latest time, after the link turned gray, at which a vswitch put a guest "
        + "packet on a path through it (new flowlets, or packets of flowlets already there).%nper pair on gray: "
        + "for each source-destination pair that used the gray path, the time from its first packet on it to its "
        + "last.%nsilent: paths the balancers took out of service as silent (PATHS_SILENT).%nFCT: gray = the link "
        + "turns gray; failed = the same link fails at the same time and the switches detect it (failLink: it leaves "
        + "their ECMP groups at once), the best any edge detection could do; none = no failure. Statistics are over "
        + "completed flows; mean cost = mean FCT gray / none.%n");
    return 0;
  }

  /** Only the runs without a failure: whatever the balancers took out of service as silent was alive. */
  private int healthyOnly() throws Exception {
    System.out.printf("No failure: every path stays alive, so every path taken out as silent is a false removal."
        + "%n%n");
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
    List<Future<RunSummary>> healthy = new ArrayList<>();
    for (String scheme : schemes) {
      healthy.add(pool.submit(() -> run(scheme, -1, false)));
    }
    System.out.printf("%-13s %11s %15s %10s%n", "scheme", "completed", "false removals", "mean FCT");
    for (int i = 0; i < schemes.size(); i++) {
      RunSummary h = healthy.get(i).get();
      System.out.printf("%-13s %5d/%-5d %15d %7.2f ms%n", schemes.get(i), h.flowsCompleted(), h.flowsRequested(),
          h.counter(Counter.PATHS_SILENT), h.all().meanNanos() / 1e6);
    }
    pool.shutdown();
    return 0;
  }

  private long warmupNanos() {
    return noDiscovery ? MS : WARMUP_NANOS;
  }

  /** One run: the link turns gray at {@code at} (or, when {@code detected}, fails as the switches see it). */
  private RunSummary run(String scheme, long at, boolean detected) {
    Topology.Builder topology = (fabric == Fabric.symmetric ? Topologies.paperSymmetric()
        : Topologies.paperAsymmetric()).toBuilder();
    if (at >= 0 && detected) {
      topology.failLink(0, 1, 0, at);
    } else if (at >= 0) {
      topology.grayLink(0, 1, 0, at, dropFraction);
    }
    return Simulation.builder().topology(topology.build()).scheme(scheme).pathDiscovery(!noDiscovery)
        .workload(busyPairs ? Workload.stride(FlowSizeDistribution.fixed(20_000), 16)
            : Workload.clientServer(FlowSizeDistribution.webSearch())).load(load).flows(flows).seed(seed)
        .warmupNanos(warmupNanos()).maxSimNanos(maxSimSeconds * 1_000 * MS).build().run();
  }
}
