package dev.clove.examples.evaluation;

import dev.clove.testkit.sim.FlowSizeDistribution;
import dev.clove.testkit.sim.RunSummary;
import dev.clove.testkit.sim.Schemes;
import dev.clove.testkit.sim.Simulation;
import dev.clove.testkit.sim.Topologies;
import dev.clove.testkit.sim.Topology;
import dev.clove.testkit.sim.Workload;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The main job: reproduces the paper's Figures 2b, 2c and 3 on the simulator and reports how our numbers compare.
 *
 * <p>The quick default (1,000 flows per point, one seed, loads 30, 50, 70 and 80%) finishes in about a minute on two
 * cores and shows the shape of the curves; {@code --full} runs the paper's scale: 10,000 flows per point, three
 * seeds, loads 10% to 90%.
 *
 * <p>Threading: the points run in parallel on a fixed pool ({@code --threads}); each simulation is confined to
 * one thread; results are gathered and reported on the main thread.
 */
@Command(name = "clove-evaluation", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Runs ECMP, Edge-Flowlet, CLOVE-ECN, CLOVE-INT and CONGA on the paper's leaf-spine fabrics "
        + "with the web-search workload and writes tables, charts and the paper's headline ratios.",
        "Default: a quick run (labelled as such). --full: the paper's scale."})
public final class Evaluation implements Callable<Integer> {
  static final List<String> ALL_SCHEMES =
      List.of("ecmp", "edge-flowlet", "clove-ecn", "clove-int", "conga");
  static final List<String> FABRICS = List.of("symmetric", "asymmetric");

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--full", description = "The paper's scale: 10000 flows per point, 3 seeds, loads 10..90%%.")
  boolean full;

  @Option(names = "--flows", paramLabel = "N", description = "Flows per point (quick: " + QUICK_FLOWS + ", full: " + FULL_FLOWS + ").")
  Integer flows;

  @Option(names = "--loads", split = ",", paramLabel = "L",
      description = "Loads in percent of bisection capacity, comma-separated, each in 1..100.")
  List<Integer> loads;

  @Option(names = "--seeds", paramLabel = "N", description = "Seeds per point.")
  Integer seeds;

  @Option(names = "--first-seed", paramLabel = "S", description = "The first seed; seeds are S, S+1, ...")
  long firstSeed = 1;

  @Option(names = "--schemes", split = ",", paramLabel = "NAME",
      description = "Schemes to run, comma-separated, from: ecmp, edge-flowlet, clove-ecn, clove-int, conga.")
  List<String> schemes;

  @Option(names = "--fabric", paramLabel = "F", description = "symmetric, asymmetric or both (default).")
  String fabric = "both";

  @Option(names = "--workload", paramLabel = "FILE",
      description = "Flow-size CDF file (lines 'bytes cumulative_probability'); default: the web-search CDF.")
  Path workload;

  @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: ${DEFAULT-VALUE}).")
  Path out = Path.of("evaluation-results");

  @Option(names = "--threads", paramLabel = "N", description = "Parallel simulations (default: cores).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(names = "--no-progress", description = "Do not draw a progress bar.")
  boolean noProgress;

  @Option(names = "--resume", description = "Keep the results already logged in --out (runs.csv) for the same "
      + "points and flow count, and simulate only the missing ones.")
  boolean resume;

  @Option(names = "--discovery", description = "Find paths with real traceroute probes in the simulation "
      + "(slower; adds a warm-up) instead of taking the distinct paths discovery converges to from the fabric.")
  boolean discovery;

  @Option(names = "--flowlet-gap-us", paramLabel = "US", description = "Flowlet gap of Edge-Flowlet, CLOVE-ECN "
      + "and CLOVE-INT in microseconds, for sensitivity studies (default: twice the fabric's unloaded RTT, the "
      + "paper's rule).")
  Double flowletGapMicros;

  @Option(names = "--switch-buffer-packets", paramLabel = "N", description = "Switch port buffers, in 1,500-byte "
      + "packets per Gbps of port rate (default: the simulator's, 100).")
  Double switchBufferPackets;

  @Option(names = "--ecn-queue-weight", paramLabel = "W", description = "ECN marks when a queue average exceeds "
      + "the threshold: the average's weight per packet arrival, in (0, 1]; 1 marks on the instantaneous queue "
      + "(default: the simulator's, 1).")
  Double ecnQueueWeight;

  @Option(names = "--ecn-threshold-packets", paramLabel = "K", description = "ECN marking threshold in 1,500-byte "
      + "packets per Gbps of port rate (default: the simulator's, 20).")
  Double ecnThresholdPackets;

  /** Quick-mode defaults, chosen to finish in about a minute on two cores. */
  static final int QUICK_FLOWS = 1000;
  static final List<Integer> QUICK_LOADS = List.of(30, 50, 70, 80);
  static final int FULL_FLOWS = 10_000;
  static final List<Integer> FULL_LOADS = List.of(10, 20, 30, 40, 50, 60, 70, 80, 90);

  private final List<String> arguments;

  /** An evaluation that will record {@code arguments} as its command line in summary.md. */
  public Evaluation(String... arguments) {
    this.arguments = List.of(arguments);
  }

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    System.exit(commandLine(args).execute(args));
  }

  /** The command line for {@code args}: bad options print one clear line and a hint, not the whole usage. */
  static CommandLine commandLine(String... args) {
    CommandLine cl = new CommandLine(new Evaluation(args));
    cl.setParameterExceptionHandler((e, a) -> {
      e.getCommandLine().getErr().println("clove-evaluation: " + e.getMessage());
      e.getCommandLine().getErr().println("Try --help for the options.");
      return 2;
    });
    return cl;
  }

  @Override
  public Integer call() throws Exception {
    Plan plan = plan();
    Files.createDirectories(out);
    PrintWriter terminal = spec.commandLine().getOut();
    terminal.printf(Locale.ROOT, "%s run: %d simulations (%d schemes x %d fabrics x %d loads x %d seeds), "
            + "%d flows each, %d threads -> %s%n", plan.full ? "Full" : "QUICK (reduced-scale)",
        plan.points.size(), plan.schemes.size(), plan.fabrics.size(), plan.loads.size(), plan.seeds, plan.flows,
        threads, out.toAbsolutePath());
    terminal.flush();

    Instant started = Instant.now();
    RunLog log = new RunLog(out, resume);
    if (resume) {
      terminal.printf(Locale.ROOT, "Resuming: %d results already logged in %s%n", log.previousCount(),
          out.resolve(RunLog.RUNS));
    }
    List<PointResult> results = run(plan, log);
    long wallSeconds = ChronoUnit.SECONDS.between(started, Instant.now());

    Results aggregated = new Results(plan.schemes, results);
    List<Headlines.Headline> headlines = Headlines.compute(aggregated);
    String tables = Reports.tables(aggregated);
    String headlineTable = Reports.headlines(headlines);
    terminal.println();
    terminal.println(tables);
    terminal.println("Headline comparisons (ours vs the paper):\n");
    terminal.println(headlineTable);

    Reports.writeCsv(aggregated, out.resolve("results.csv"));
    List<Path> charts = new ArrayList<>();
    String caption = plan.full ? "" : " (quick run)";
    for (String f : aggregated.fabrics()) {
      charts.addAll(Reports.averageFctChart(aggregated, f, out, caption));
    }
    Map<String, long[]> mice = figure3Mice(plan, results);
    if (!mice.isEmpty()) {
      double load = plan.figure3Load;
      charts.addAll(Reports.miceCdfChart(mice, "FCT of mice (< 100 KB), asymmetric fabric, "
          + Math.round(load * 100) + "% load" + caption, out.resolve("mice-fct-cdf-asymmetric")));
    }
    writeSummary(plan, results, tables, headlineTable, wallSeconds, charts);
    terminal.printf(Locale.ROOT, "Wall time %d s. Wrote summary.md, results.csv, runs.csv, mice-fct.csv and %d "
        + "charts to %s%n",
        wallSeconds, charts.size(), out.toAbsolutePath());
    long unfinished = results.stream().mapToLong(PointResult::unfinished).sum();
    if (unfinished > 0) {
      terminal.printf(Locale.ROOT, "Note: %d flows did not finish; see runs.csv and the tables.%n", unfinished);
    }
    return 0;
  }

  /** The simulations to run, from the options; throws a {@link CommandLine.ParameterException} on bad ones. */
  Plan plan() {
    CommandLine cl = spec.commandLine();
    int flowCount = flows != null ? flows : full ? FULL_FLOWS : QUICK_FLOWS;
    if (flowCount < 1) {
      throw new CommandLine.ParameterException(cl, "--flows must be at least 1, was " + flowCount);
    }
    List<Integer> loadPercents = loads != null ? loads : full ? FULL_LOADS : QUICK_LOADS;
    for (int l : loadPercents) {
      if (l < 1 || l > 100) {
        throw new CommandLine.ParameterException(cl, "--loads: each load must be in 1..100 (percent), was " + l);
      }
    }
    int seedCount = seeds != null ? seeds : full ? 3 : 1;
    if (seedCount < 1) {
      throw new CommandLine.ParameterException(cl, "--seeds must be at least 1, was " + seedCount);
    }
    List<String> schemeNames = schemes != null ? schemes : ALL_SCHEMES;
    for (String s : schemeNames) {
      if (!Schemes.names().contains(s)) {
        throw new CommandLine.ParameterException(cl,
            "--schemes: unknown scheme '" + s + "'; known: " + String.join(", ", Schemes.names()));
      }
    }
    List<String> fabrics;
    switch (fabric) {
      case "both":
        fabrics = FABRICS;
        break;
      case "symmetric":
      case "asymmetric":
        fabrics = List.of(fabric);
        break;
      default:
        throw new CommandLine.ParameterException(cl,
            "--fabric must be symmetric, asymmetric or both, was '" + fabric + "'");
    }
    if (threads < 1) {
      throw new CommandLine.ParameterException(cl, "--threads must be at least 1, was " + threads);
    }
    if (flowletGapMicros != null && !(flowletGapMicros >= 1 && flowletGapMicros <= 1e6)) {
      throw new CommandLine.ParameterException(cl, "--flowlet-gap-us must be in 1..1000000, was " + flowletGapMicros);
    }
    if (switchBufferPackets != null && !(switchBufferPackets >= 1 && switchBufferPackets <= 1e5)) {
      throw new CommandLine.ParameterException(cl,
          "--switch-buffer-packets must be in 1..100000, was " + switchBufferPackets);
    }
    if (ecnQueueWeight != null && !(ecnQueueWeight > 0 && ecnQueueWeight <= 1)) {
      throw new CommandLine.ParameterException(cl, "--ecn-queue-weight must be in (0, 1], was " + ecnQueueWeight);
    }
    if (ecnThresholdPackets != null && !(ecnThresholdPackets > 0 && ecnThresholdPackets <= 1e5)) {
      throw new CommandLine.ParameterException(cl,
          "--ecn-threshold-packets must be in (0, 100000], was " + ecnThresholdPackets);
    }
    if (workload != null && !Files.isRegularFile(workload)) {
      throw new CommandLine.ParameterException(cl, "--workload: no such file: " + workload);
    }
    FlowSizeDistribution sizes;
    try {
      sizes = workload != null ? FlowSizeDistribution.fromFile(workload) : FlowSizeDistribution.webSearch();
    } catch (RuntimeException e) {
      throw new CommandLine.ParameterException(cl, "--workload: " + e.getMessage());
    }
    List<Double> loadFractions = loadPercents.stream().map(l -> l / 100.0).distinct().sorted().toList();
    Double figure3 = Headlines.nearest(loadFractions, 0.7);
    List<Point> points = new ArrayList<>();
    for (String f : fabrics) {
      for (String s : schemeNames) {
        for (double l : loadFractions) {
          for (int i = 0; i < seedCount; i++) {
            points.add(new Point(f, s, l, firstSeed + i));
          }
        }
      }
    }
    // Heaviest first, so that the last simulations to finish are short ones and the cores stay busy.
    points.sort(Comparator.comparingDouble(Point::load).reversed());
    return new Plan(full, flowCount, loadFractions, seedCount, schemeNames, fabrics, sizes, points,
        figure3 == null ? Double.NaN : figure3, String.join(" ", arguments));
  }

  /** The run's parameters, resolved. */
  record Plan(boolean full, int flows, List<Double> loads, int seeds, List<String> schemes, List<String> fabrics,
      FlowSizeDistribution sizes, List<Point> points, double figure3Load, String commandLine) {}

  private List<PointResult> run(Plan plan, RunLog log) throws InterruptedException, ExecutionException {
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "simulation");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<PointResult>> futures = new ArrayList<>();
      List<PointResult> results = new ArrayList<>();
      for (Point p : plan.points) {
        PointResult earlier = log.previous(p, plan.flows);
        if (earlier != null) {
          results.add(earlier);
          continue;
        }
        futures.add(pool.submit(() -> {
          PointResult r = simulate(plan, p);
          log.append(r, plan.flows);
          return r;
        }));
      }
      ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName("simulating").setInitialMax(futures.size())
          .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).showSpeed();
      if (noProgress) {
        for (Future<PointResult> f : futures) {
          results.add(f.get());
        }
      } else {
        try (ProgressBar bar = builder.build()) {
          for (Future<PointResult> f : futures) {
            PointResult r = f.get();
            results.add(r);
            bar.step();
          }
        }
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Runs one point and keeps what the reports need. */
  PointResult simulate(Plan plan, Point p) {
    Topology topology = p.fabric().equals("symmetric") ? Topologies.paperSymmetric() : Topologies.paperAsymmetric();
    if (switchBufferPackets != null) {
      topology = topology.toBuilder().switchBufferPackets(switchBufferPackets).build();
    }
    if (ecnQueueWeight != null) {
      topology = topology.toBuilder().ecnQueueWeight(ecnQueueWeight).build();
    }
    if (ecnThresholdPackets != null) {
      topology = topology.toBuilder().ecnThresholdPackets(ecnThresholdPackets).build();
    }
    long start = System.nanoTime();
    RunSummary summary = Simulation.builder()
        .topology(topology)
        .scheme(p.scheme())
        .workload(Workload.clientServer(plan.sizes))
        .load(p.load())
        .flows(plan.flows)
        .seed(p.seed())
        .pathDiscovery(discovery)
        .flowletGapNanos(flowletGapMicros == null ? 0 : Math.round(flowletGapMicros * 1000))
        .build()
        .run();
    long wall = System.nanoTime() - start;
    boolean keepMice = p.fabric().equals("asymmetric") && p.load() == plan.figure3Load;
    long[] mice = keepMice ? miceFcts(summary) : new long[0];
    RunSummary.FctStats all = summary.all();
    return new PointResult(p, all.meanNanos(), summary.mice().p99Nanos(), mice, summary.flowsCompleted(),
        summary.flowsRequested() - summary.flowsCompleted(), summary.drops(), summary.timeouts(),
        summary.events(), wall);
  }

  static long[] miceFcts(RunSummary summary) {
    long[] bytes = summary.flowBytes();
    long[] finish = summary.flowFinishNanos();
    long[] out = new long[bytes.length];
    int n = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (finish[i] >= 0 && bytes[i] < RunSummary.MICE_BYTES) {
        out[n++] = summary.fctNanos(i);
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }

  private static Map<String, long[]> figure3Mice(Plan plan, List<PointResult> results) {
    Map<String, long[]> mice = new LinkedHashMap<>();
    for (String scheme : plan.schemes) {
      long[] pooled = results.stream()
          .filter(r -> r.point().scheme().equals(scheme) && r.miceFctNanos().length > 0)
          .flatMapToLong(r -> java.util.Arrays.stream(r.miceFctNanos())).toArray();
      if (pooled.length > 0) {
        mice.put(scheme, pooled);
      }
    }
    return mice;
  }

  private void writeSummary(Plan plan, List<PointResult> results, String tables, String headlines,
      long wallSeconds, List<Path> charts) {
    StringBuilder sb = new StringBuilder();
    sb.append("# CLOVE evaluation: ").append(plan.full ? "full run" : "QUICK run (reduced scale)").append("\n\n");
    sb.append("- command: `java -jar examples/target/clove-evaluation.jar ").append(plan.commandLine)
        .append("`\n");
    sb.append("- date: ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append('\n');
    sb.append("- machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
        .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch")).append(", Java ")
        .append(System.getProperty("java.version")).append(", ").append(threads).append(" threads\n");
    sb.append("- wall time: ").append(wallSeconds).append(" s").append(resume ? " (this invocation; it resumed "
        + "earlier results)" : "").append(", ").append(Math.round(results.stream().mapToLong(PointResult::wallNanos)
        .sum() / 1e9)).append(" s of simulation summed over the points\n");
    sb.append("- paths: ").append(discovery ? "real traceroute discovery in the simulation"
        : "the fabric's distinct paths, as discovery converges to them (simulator oracle)").append('\n');
    sb.append("- flowlet gap of the edge schemes: ").append(flowletGapMicros == null
        ? "twice the fabric's unloaded RTT (the paper's rule)" : flowletGapMicros + " us").append('\n');
    sb.append("- switch buffers: ").append(switchBufferPackets == null ? "the simulator's default (100"
        : "" + switchBufferPackets).append(" packets per Gbps").append(switchBufferPackets == null ? ")" : "")
        .append('\n');
    sb.append("- ECN marking: ").append(ecnThresholdPackets == null ? "the simulator's default threshold (20"
        : "threshold " + ecnThresholdPackets).append(" packets per Gbps").append(ecnThresholdPackets == null ? ")" : "")
        .append(", on the ").append(ecnQueueWeight == null || ecnQueueWeight == 1 ? "instantaneous queue"
        : "average queue (weight " + ecnQueueWeight + " per arrival)").append('\n');
    sb.append("- scale: ").append(plan.flows).append(" flows per point, ").append(plan.seeds)
        .append(" seed(s) per point (first seed ").append(firstSeed).append("), loads ")
        .append(plan.loads.stream().map(l -> Math.round(l * 100) + "%").toList()).append(", workload ")
        .append(plan.sizes.name()).append("\n\n");
    sb.append("## Tables\n\n").append(tables);
    sb.append("## Headline comparisons\n\n").append(headlines).append('\n');
    sb.append("## Charts\n\n");
    for (Path chart : charts) {
      if (chart.toString().endsWith(".png")) {
        sb.append("![").append(chart.getFileName()).append("](").append(chart.getFileName()).append(")\n\n");
      }
    }
    try {
      Files.writeString(out.resolve("summary.md"), sb.toString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
