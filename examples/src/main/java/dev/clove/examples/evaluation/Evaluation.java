// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.examples.evaluation;

import dev.clove.testkit.sim.FlowSizeDistribution;
import dev.clove.testkit.sim.RunSummary;
import dev.clove.testkit.sim.Schemes;
import dev.clove.testkit.sim.Simulation;
import dev.clove.testkit.sim.Topologies;
import dev.clove.testkit.sim.Topology;
import dev.clove.testkit.sim.Workload;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * The main job: reproduces the paper's Figures 2b, 2c and 3 on the simulator and reports how our numbers compare.
 *
 * <p>The quick default (1,000 flows per point, one seed, loads 30, 50, 70 and 80%) finishes in about a minute on two
 * cores and shows the shape of the curves; {@code --full} runs the paper's scale: 10,000 flows per point, three
 * seeds, loads 10% to 90%. A sweep too large for one machine splits into shards ({@code --shard i/n}), each run
 * anywhere, and {@code merge} turns the shard folders into the reports the unsharded sweep would have written
 * (see docs/sweeps.md).
 *
 * <p>Threading: the points run in parallel on a fixed pool ({@code --threads}); each simulation is confined to
 * one thread; results are gathered and reported on the main thread.
 */
@Command(name = "clove-evaluation", mixinStandardHelpOptions = true, sortOptions = false,
    versionProvider = VersionProvider.class, subcommands = Merge.class,
    description = {"Runs ECMP, Edge-Flowlet, CLOVE-ECN, CLOVE-INT and CONGA on the paper's leaf-spine fabrics "
        + "with the web-search workload and writes tables, charts and the paper's headline ratios.",
        "Default: a quick run (labelled as such). --full: the paper's scale. --shard i/n and the merge "
        + "subcommand split a sweep across machines."})
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
      description = "Schemes to run, comma-separated, from: ecmp, edge-flowlet, clove-ecn, clove-int, conga "
          + "(any letter case, so the tables' CLOVE-ECN works too); beyond the paper (issue 15): clove-ecn-hops, "
          + "clove-int-hops (feedback shared by physical path), clove-ecn-graded (CE fractions), "
          + "clove-ecn-graded-hops (both), edge-flowlet-adaptive, clove-ecn-adaptive (the flowlet gap follows "
          + "measured path-delay spreads), plb, hermes, plb-no-forced, hermes-no-reroute.")
  List<String> schemes;

  @Option(names = "--fabric", paramLabel = "F", description = "symmetric, asymmetric or both (default).")
  String fabric = "both";

  @Option(names = "--workload", paramLabel = "NAME|FILE", description = "Flow sizes: websearch (the default; "
      + "DCTCP, SIGCOMM 2010), datamining (VL2, SIGCOMM 2009; both bundled), or a CDF file (lines 'bytes "
      + "cumulative_probability').")
  Path workload;

  @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: ${DEFAULT-VALUE}).")
  Path out = Path.of("evaluation-results");

  @Option(names = "--shard", paramLabel = "I/N", description = "Run only shard I of N (0 <= I < N): the points "
      + "whose index in the sweep is I modulo N. Each shard writes runs.csv to its own --out; 'merge' combines "
      + "them. Slurm: --shard $SLURM_ARRAY_TASK_ID/N; Kubernetes Indexed Job: --shard $JOB_COMPLETION_INDEX/N.")
  String shard;

  @Option(names = "--threads", paramLabel = "N", description = "Parallel simulations (default: cores).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(names = "--no-progress", description = "Do not draw a progress bar (none is drawn anyway when the "
      + "output is not a terminal).")
  boolean noProgress;

  @Option(names = "--resume", description = "Keep the results already logged in --out (runs.csv) for the same "
      + "points and settings, and simulate only the missing ones.")
  boolean resume;

  @Option(names = "--discovery", description = "Find paths with real traceroute probes in the simulation "
      + "(slower; adds a warm-up) instead of taking the distinct paths discovery converges to from the fabric.")
  boolean discovery;

  @Option(names = "--flowlet-timeout-us", paramLabel = "US|2rtt", description = "Flowlet timeout of every "
      + "flowlet scheme (Edge-Flowlet, CLOVE-ECN, CLOVE-INT and CONGA alike) in microseconds, or 2rtt for twice the "
      + "fabric's unloaded RTT (a sensitivity setting, labelled in the reports). Default: 500, the sources' value.")
  String flowletTimeout = "500";

  @Option(names = "--load-definition", paramLabel = "D", description = "What the offered load counts: wire "
      + "(default; payload plus every segment's headers and VXLAN, the sources' definition) or payload (clove "
      + "0.1.0's definition, to reproduce older results).")
  String loadDefinition = Sweep.WIRE;

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

  /** Guest TCP options: --sack, --min-rto-us, --connection-per-flow, --dctcp-guests. */
  @CommandLine.Mixin
  TcpOptions tcp = new TcpOptions();

  /** Quick-mode defaults, chosen to finish in about a minute on two cores. */
  static final int QUICK_FLOWS = 1000;
  static final List<Integer> QUICK_LOADS = List.of(30, 50, 70, 80);
  static final int FULL_FLOWS = 10_000;
  static final List<Integer> FULL_LOADS = List.of(10, 20, 30, 40, 50, 60, 70, 80, 90);

  /** Whether standard output is a terminal; the progress bar is drawn only then. Replaceable for tests. */
  BooleanSupplier interactive = () -> System.console() != null;
  /** Where the progress bar is drawn. Replaceable for tests. */
  PrintStream progressStream = System.err;

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    System.exit(commandLine().execute(args));
  }

  /**
   * The command line: bad options print one clear line and a hint, not the whole usage; a folder that cannot be
   * written or read prints one line, not a stack trace.
   */
  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Evaluation());
    cl.setParameterExceptionHandler((e, a) -> {
      e.getCommandLine().getErr().println("clove-evaluation: " + e.getMessage());
      e.getCommandLine().getErr().println("Try --help for the options.");
      return 2;
    });
    cl.setExecutionExceptionHandler((e, c, parsed) -> {
      if (e instanceof IOException || e instanceof UncheckedIOException) {
        IOException io = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
        c.getErr().println("clove-evaluation: cannot write or read " + describe(io));
        return 1;
      }
      throw e;
    });
    return cl;
  }

  /** An I/O failure in one line: the file and the reason. */
  static String describe(IOException e) {
    if (e instanceof FileSystemException f) {
      String reason = f.getReason() != null ? f.getReason()
          : e instanceof AccessDeniedException ? "permission denied"
          : e instanceof FileAlreadyExistsException ? "a file is in the way"
          : e instanceof NoSuchFileException ? "no such file or folder"
          : e.getClass().getSimpleName();
      return f.getFile() + ": " + reason;
    }
    return String.valueOf(e.getMessage());
  }

  @Override
  public Integer call() throws Exception {
    Plan plan = plan();
    Sweep sweep = plan.sweep;
    prepareOutput(spec.commandLine(), "--out", out);
    PrintWriter terminal = spec.commandLine().getOut();
    List<Point> points = sweep.shardPoints();
    if (!sweep.sensitivityLabel().isEmpty()) {
      terminal.println("Sensitivity setting: " + sweep.sensitivityLabel());
    }
    terminal.printf(Locale.ROOT, "%s run%s: %d%s simulations (%d schemes x %d fabrics x %d loads x %d seeds), "
            + "%d flows each, %d threads -> %s%n", sweep.full() ? "Full" : "QUICK (reduced-scale)",
        sweep.sharded() ? ", shard " + sweep.shardIndex() + "/" + sweep.shardCount() : "", points.size(),
        sweep.sharded() ? " of " + sweep.points().size() : "", sweep.schemes().size(), sweep.fabrics().size(),
        sweep.loads().size(), sweep.seeds(), sweep.flows(), threads, out.toAbsolutePath());
    terminal.flush();

    Instant started = Instant.now();
    if (resume) {
      checkResumable(sweep);
    }
    RunLog log = new RunLog(out, resume);
    sweep.write(out, plan.commandLine);
    if (resume) {
      terminal.printf(Locale.ROOT, "Resuming: %d results already logged in %s%n", log.previousCount(),
          out.resolve(RunLog.RUNS));
    }
    List<PointResult> results = run(plan, points, log);
    RunLog.rewrite(out, results, sweep.flows());
    long wallSeconds = ChronoUnit.SECONDS.between(started, Instant.now());
    long unfinished = results.stream().mapToLong(PointResult::unfinished).sum();

    if (sweep.sharded()) {
      terminal.printf(Locale.ROOT, "%nShard %d/%d done in %d s: %d simulations logged in %s.%nWhen every shard has "
              + "finished, combine the shard folders with: %s merge --out <folder> <shard folders...>%n",
          sweep.shardIndex(), sweep.shardCount(), wallSeconds, results.size(), out.resolve(RunLog.RUNS),
          String.join(" ", CommandText.launcher()));
    } else {
      List<String> provenance = List.of("command: `" + plan.commandLine + "`",
          "working directory: `" + Path.of("").toAbsolutePath() + "`",
          Reporting.machine(threads),
          "wall time: " + wallSeconds + " s" + (resume ? " (this invocation; it resumed earlier results)" : "")
              + ", " + Math.round(results.stream().mapToLong(PointResult::wallNanos).sum() / 1e9)
              + " s of simulation summed over the points");
      List<Path> written = Reporting.write(sweep, results, out, terminal, provenance);
      long charts = written.stream().filter(f -> f.toString().endsWith(".png") || f.toString().endsWith(".svg"))
          .count();
      terminal.printf(Locale.ROOT, "Wall time %d s. Wrote summary.md, tables.md, results.csv, runs.csv, "
          + "mice-fct.csv and %d charts to %s%n", wallSeconds, charts, out.toAbsolutePath());
    }
    if (unfinished > 0) {
      terminal.printf(Locale.ROOT, "Note: %d flows did not finish; see runs.csv and the tables.%n", unfinished);
    }
    return 0;
  }

  /**
   * Makes sure {@code dir} exists and can be written, before any simulation runs.
   *
   * @throws CommandLine.ParameterException naming {@code option} and the folder if it cannot
   */
  static void prepareOutput(CommandLine cl, String option, Path dir) {
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".write-check", ".tmp");
      Files.delete(probe);
    } catch (IOException e) {
      throw new CommandLine.ParameterException(cl,
          option + ": cannot write to '" + dir + "' (" + describe(e) + ")");
    }
  }

  /** Refuses to resume a log whose simulations used other settings than this sweep's. */
  private void checkResumable(Sweep sweep) {
    if (!Files.exists(out.resolve(Sweep.FILE))) {
      return;
    }
    Sweep.Recorded earlier;
    try {
      earlier = Sweep.read(out);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--resume: " + e.getMessage());
    }
    String difference = earlier.simulationDifference(sweep);
    if (difference != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--resume: the results in '" + out
          + "' were simulated with other settings (" + difference + "); use another --out or drop --resume");
    }
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
    List<String> schemeNames = new ArrayList<>();
    for (String given : schemes != null ? schemes : ALL_SCHEMES) {
      String name = given.strip().toLowerCase(Locale.ROOT);
      if (!Schemes.names().contains(name)) {
        throw new CommandLine.ParameterException(cl,
            "--schemes: unknown scheme '" + given + "'; known: " + String.join(", ", Schemes.names()));
      }
      if (!schemeNames.contains(name)) {
        schemeNames.add(name);
      }
    }
    List<String> fabrics;
    switch (fabric.strip().toLowerCase(Locale.ROOT)) {
      case "both":
        fabrics = FABRICS;
        break;
      case "symmetric":
        fabrics = List.of("symmetric");
        break;
      case "asymmetric":
        fabrics = List.of("asymmetric");
        break;
      default:
        throw new CommandLine.ParameterException(cl,
            "--fabric must be symmetric, asymmetric or both, was '" + fabric + "'");
    }
    if (threads < 1) {
      throw new CommandLine.ParameterException(cl, "--threads must be at least 1, was " + threads);
    }
    int[] shardIndexAndCount = shard == null ? new int[] {0, 1} : parseShard(cl, shard);
    tcp.validate(cl);
    Double flowletGapMicros = parseFlowletTimeout(cl, flowletTimeout);
    String load = loadDefinition.strip().toLowerCase(Locale.ROOT);
    if (!load.equals("wire") && !load.equals("payload")) {
      throw new CommandLine.ParameterException(cl,
          "--load-definition must be wire or payload, was '" + loadDefinition + "'");
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
    FlowSizeDistribution bundled = bundledWorkload(workload);
    if (workload != null && bundled == null && !Files.exists(workload)) {
      throw new CommandLine.ParameterException(cl, "--workload: no such file: " + workload);
    }
    FlowSizeDistribution sizes;
    try {
      sizes = bundled != null ? bundled
          : workload != null ? FlowSizeDistribution.fromFile(workload) : FlowSizeDistribution.webSearch();
    } catch (UncheckedIOException e) {
      throw new CommandLine.ParameterException(cl, "--workload: " + e.getMessage() + " (" + describe(e.getCause())
          + ")");
    } catch (RuntimeException e) {
      throw new CommandLine.ParameterException(cl, "--workload: " + e.getMessage());
    }
    checkFabricOptions(cl, fabrics);
    List<Double> loadFractions = loadPercents.stream().map(l -> l / 100.0).distinct().sorted().toList();
    Sweep sweep = new Sweep(full, flowCount, loadFractions, seedCount, firstSeed, schemeNames, fabrics, sizes.name(),
        discovery, flowletGapMicros, switchBufferPackets, ecnQueueWeight, ecnThresholdPackets, load, tcp.settings(),
        fabricOptions(), shardIndexAndCount[0], shardIndexAndCount[1]);
    return new Plan(sweep, sizes, CommandText.of(spec.commandLine().getParseResult().expandedArgs()));
  }

  /**
   * The common flowlet timeout in microseconds, or null for {@code 2rtt} (twice the unloaded RTT); throws naming
   * --flowlet-timeout-us and the value unless it is {@code 2rtt} or a number in 1..1000000.
   */
  static Double parseFlowletTimeout(CommandLine cl, String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    if (v.equals(Sweep.TWICE_RTT)) {
      return null;
    }
    try {
      double micros = Double.parseDouble(v);
      if (micros >= 1 && micros <= 1e6) {
        return micros;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new CommandLine.ParameterException(cl,
        "--flowlet-timeout-us must be 2rtt or a number of microseconds in 1..1000000, was '" + value + "'");
  }

  /** {@code "i/n"} as {i, n}; throws naming --shard and the value unless 0 <= i < n. */
  static int[] parseShard(CommandLine cl, String value) {
    String[] parts = value.strip().split("/", -1);
    try {
      if (parts.length == 2) {
        int index = Integer.parseInt(parts[0].strip());
        int count = Integer.parseInt(parts[1].strip());
        if (count >= 1 && index >= 0 && index < count) {
          return new int[] {index, count};
        }
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new CommandLine.ParameterException(cl,
        "--shard must be I/N with whole numbers 0 <= I < N (for example 0/4), was '" + value + "'");
  }

  /** The run's parameters, resolved: the sweep, its flow sizes and the command line as given. */
  record Plan(Sweep sweep, FlowSizeDistribution sizes, String commandLine) {}

  /** Runs {@code points} (those not already logged), heaviest first; returns all results in the order given. */
  private List<PointResult> run(Plan plan, List<Point> points, RunLog log)
      throws InterruptedException, ExecutionException {
    int flowCount = plan.sweep.flows();
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "simulation");
      t.setDaemon(true);
      return t;
    });
    try {
      Map<Point, PointResult> done = new HashMap<>();
      List<Point> todo = new ArrayList<>();
      for (Point p : points) {
        PointResult earlier = log.previous(p, flowCount);
        if (earlier != null) {
          done.put(p, earlier);
        } else {
          todo.add(p);
        }
      }
      // Heaviest first, so that the last simulations to finish are short ones and the cores stay busy.
      todo.sort(Comparator.comparingDouble(Point::load).reversed());
      List<Future<PointResult>> futures = new ArrayList<>();
      for (Point p : todo) {
        futures.add(pool.submit(() -> {
          PointResult r = simulate(plan, p);
          log.append(r, flowCount);
          return r;
        }));
      }
      boolean drawProgress = !noProgress && interactive.getAsBoolean();
      try (ProgressBar bar = drawProgress ? new ProgressBarBuilder().setTaskName("simulating")
          .setInitialMax(futures.size()).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).showSpeed()
          .setConsumer(new ConsoleProgressBarConsumer(progressStream)).build() : null) {
        for (Future<PointResult> f : futures) {
          PointResult r = get(f);
          done.put(r.point(), r);
          if (bar != null) {
            bar.step();
          }
        }
      }
      List<PointResult> inOrder = new ArrayList<>(points.size());
      points.forEach(p -> inOrder.add(done.get(p)));
      return inOrder;
    } finally {
      pool.shutdownNow();
    }
  }

  /** The future's result; an I/O failure inside a simulation task surfaces as itself, not wrapped. */
  private static PointResult get(Future<PointResult> f) throws InterruptedException, ExecutionException {
    try {
      return f.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UncheckedIOException u) {
        throw u;
      }
      throw e;
    }
  }

  /** Runs one point and keeps what the reports need. */
  PointResult simulate(Plan plan, Point p) {
    Topology topology = fabricFor(p.fabric());
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
    Simulation.Builder builder = Simulation.builder()
        .topology(topology)
        .scheme(p.scheme())
        .workload(Workload.clientServer(plan.sizes))
        .load(p.load())
        .flows(plan.sweep.flows())
        .seed(p.seed())
        .pathDiscovery(discovery)
        .flowletGapNanos(plan.sweep.flowletGapNanos())
        .loadDefinition(plan.sweep.simulatorLoadDefinition())
        .linkStatsWindowNanos(linkStatsWindowMicros == null ? 0 : Math.round(linkStatsWindowMicros * 1000));
    tcp.applyTo(builder);
    RunSummary summary = builder.build().run();
    long wall = System.nanoTime() - start;
    writePointFiles(p, summary);
    boolean keepMice = p.fabric().equals("asymmetric") && p.load() == plan.sweep.figure3Load();
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

  // ------------------------------------------------------------------------------------------------------------
  // Custom fabrics, failure injection and per-point output files (issue 14, item 4).

  /** A leaf-spine link on the command line: {@code S<spine>-L<leaf>#<index>}, 0-based, {@code #<index>} optional. */
  static final java.util.regex.Pattern LINK = java.util.regex.Pattern.compile("S(\\d{1,4})-L(\\d{1,4})(?:#(\\d{1,3}))?");
  /** A time on the command line: a number and a unit, ns, us, ms or s. */
  static final java.util.regex.Pattern TIME = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|ms|s)");

  @Option(names = "--leaves", paramLabel = "N", description = "Leaf switches (default: the paper's, 2).")
  Integer leaves;

  @Option(names = "--spines", paramLabel = "N", description = "Spine switches (default: the paper's, 2).")
  Integer spines;

  @Option(names = "--links-per-pair", paramLabel = "N",
      description = "Parallel links between each leaf and each spine (default: the paper's, 2).")
  Integer linksPerPair;

  @Option(names = "--hosts-per-leaf", paramLabel = "N", description = "Hosts under each leaf (default: the "
      + "paper's, 16).")
  Integer hostsPerLeaf;

  @Option(names = "--host-gbps", paramLabel = "G", description = "Host-leaf link rate in Gbps (default: the "
      + "paper's, 1).")
  Double hostGbps;

  @Option(names = "--fabric-gbps", paramLabel = "G", description = "Leaf-spine link rate in Gbps (default: the "
      + "paper's, 4).")
  Double fabricGbps;

  @Option(names = "--link-gbps", paramLabel = "LINK=G", description = "The rate of one leaf-spine link in Gbps, "
      + "e.g. S1-L1#0=2 for a half-rate link; repeatable. LINK is S<spine>-L<leaf>#<index>, 0-based (#0 if left "
      + "out).")
  List<String> linkGbps;

  @Option(names = "--fail", paramLabel = "LINK@TIME[:RESTORE]", description = "Fails a leaf-spine link (both "
      + "directions) at TIME of simulated time, and restores it at RESTORE if given; times take a unit (ns, us, ms, "
      + "s), e.g. S0-L1#0@5ms:20ms; repeatable. Applied to both fabrics.")
  List<String> fail;

  @Option(names = "--flows-csv", description = "Also write each simulation's flows (source, destination, bytes, "
      + "start, finish, FCT, retransmits, timeouts) to flows/<fabric>-<scheme>-load<L>-seed<S>.csv in --out.")
  boolean flowsCsv;

  @Option(names = "--counters-csv", description = "Also write each simulation's counters (every library counter "
      + "summed over the hosts; drops, CE marks, data packets sent, reordered arrivals, retransmits and timeouts; "
      + "bytes, drops and CE marks per link) to counters/<fabric>-<scheme>-load<L>-seed<S>.csv in --out, as name,value "
      + "rows.")
  boolean countersCsv;

  @Option(names = "--link-stats-us", paramLabel = "US", description = "Also write each simulation's per-link "
      + "statistics per window of US microseconds (bytes, drops, CE marks, max queue) to "
      + "links/<fabric>-<scheme>-load<L>-seed<S>.csv in --out.")
  Double linkStatsWindowMicros;

  /** The bundled distribution {@code value} names ({@code websearch}, {@code datamining}), or null for a file. */
  static FlowSizeDistribution bundledWorkload(Path value) {
    if (value == null) {
      return null;
    }
    switch (value.toString().strip().toLowerCase(Locale.ROOT)) {
      case "websearch":
      case "web-search":
        return FlowSizeDistribution.webSearch();
      case "datamining":
      case "data-mining":
        return FlowSizeDistribution.dataMining();
      default:
        return null;
    }
  }

  private boolean customShape() {
    return leaves != null || spines != null || linksPerPair != null || hostsPerLeaf != null || hostGbps != null
        || fabricGbps != null;
  }

  /** Builds every fabric of the sweep once, so that bad fabric options fail before any simulation runs. */
  private void checkFabricOptions(CommandLine cl, List<String> fabrics) {
    if (linkStatsWindowMicros != null && !(linkStatsWindowMicros >= 0.001 && linkStatsWindowMicros <= 1e9)) {
      throw new CommandLine.ParameterException(cl,
          "--link-stats-us must be in 0.001..1000000000, was " + linkStatsWindowMicros);
    }
    try {
      for (String f : fabrics) {
        fabricFor(f);
      }
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cl, e.getMessage());
    }
  }

  /**
   * The fabric options as the sweep records them: the shape and rates as given, each per-link rate once per link
   * (the last given wins, as in {@link #fabricFor}) and sorted, each failure with its times in nanoseconds. Call
   * after {@link #checkFabricOptions}, which rejects malformed values.
   */
  Sweep.FabricOptions fabricOptions() {
    java.util.TreeMap<String, String> rates = new java.util.TreeMap<>();
    for (String value : linkGbps == null ? List.<String>of() : linkGbps) {
      int eq = value.lastIndexOf('=');
      String link = linkName(parseLink("--link-gbps", value, value.substring(0, eq)));
      rates.put(link, link + "=" + Double.parseDouble(value.substring(eq + 1).strip()));
    }
    List<String> failures = new ArrayList<>();
    for (String value : fail == null ? List.<String>of() : fail) {
      long[] f = parseFailure(value);
      failures.add(linkName(new int[] {(int) f[0], (int) f[1], (int) f[2]}) + "@" + f[3] + "ns"
          + (f[4] >= 0 ? ":" + f[4] + "ns" : ""));
    }
    return new Sweep.FabricOptions(leaves, spines, linksPerPair, hostsPerLeaf, hostGbps, fabricGbps,
        List.copyOf(rates.values()), failures);
  }

  /** {spine, leaf, index} as {@code S<spine>-L<leaf>#<index>}, the form the options take. */
  private static String linkName(int[] link) {
    return "S" + link[0] + "-L" + link[1] + "#" + link[2];
  }

  /** The named fabric ({@code symmetric} or {@code asymmetric}) with the shape, rates and failures asked for. */
  Topology fabricFor(String fabricName) {
    boolean asymmetric = fabricName.equals("asymmetric");
    if (!customShape() && linkGbps == null && fail == null) {
      return asymmetric ? Topologies.paperAsymmetric() : Topologies.paperSymmetric();
    }
    Topology.Builder b = Topologies.paperSymmetric().toBuilder();
    shape("--leaves", leaves, b::leaves);
    shape("--spines", spines, b::spines);
    shape("--links-per-pair", linksPerPair, b::linksPerLeafSpine);
    shape("--hosts-per-leaf", hostsPerLeaf, b::hostsPerLeaf);
    if (hostGbps != null) {
      b.hostLinkBps(gbps("--host-gbps", hostGbps.toString(), hostGbps));
    }
    if (fabricGbps != null) {
      b.fabricLinkBps(gbps("--fabric-gbps", fabricGbps.toString(), fabricGbps));
    }
    if (asymmetric) {
      // The paper's asymmetry: one of the links between spine 1 and leaf 1 removed.
      if (spines != null && spines < 2) {
        throw new IllegalArgumentException("--fabric: the asymmetric fabric removes a link of spine 1 (S1-L1#0), "
            + "so it needs --spines >= 2, was " + spines + "; use --fabric symmetric");
      }
      b.removeLink(1, 1, 0).name("asymmetric");
    } else {
      b.name("symmetric");
    }
    for (String value : linkGbps == null ? List.<String>of() : linkGbps) {
      int eq = value.lastIndexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("--link-gbps: expected LINK=G (e.g. S1-L1#0=2), was '" + value + "'");
      }
      int[] link = parseLink("--link-gbps", value, value.substring(0, eq));
      double g;
      try {
        g = Double.parseDouble(value.substring(eq + 1).strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--link-gbps: rate '" + value.substring(eq + 1) + "' in '" + value
            + "' is not a number of Gbps");
      }
      b.linkBps(link[0], link[1], link[2], gbps("--link-gbps", value, g));
    }
    for (String value : fail == null ? List.<String>of() : fail) {
      long[] f = parseFailure(value);
      b.failLink((int) f[0], (int) f[1], (int) f[2], f[3]);
      if (f[4] >= 0) {
        b.restoreLink((int) f[0], (int) f[1], (int) f[2], f[4]);
      }
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("fabric options: " + e.getMessage()
          + (fail != null ? " (--fail " + String.join(", ", fail) + ")" : "")
          + (linkGbps != null ? " (--link-gbps " + String.join(", ", linkGbps) + ")" : ""), e);
    }
  }

  /** Sets one shape option if given; a bad value throws naming the option and the value. */
  private static void shape(String option, Integer value, java.util.function.IntConsumer setter) {
    if (value == null) {
      return;
    }
    try {
      setter.accept(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage() + " (was " + value + ")", e);
    }
  }

  private static long gbps(String option, String value, double g) {
    if (!(g > 0 && g <= 10_000)) {
      throw new IllegalArgumentException(option + ": rate must be in (0, 10000] Gbps, was '" + value + "'");
    }
    return Math.round(g * 1e9);
  }

  /** {@code S<spine>-L<leaf>#<index>} as {spine, leaf, index}; throws naming the option and the bad value. */
  static int[] parseLink(String option, String whole, String link) {
    java.util.regex.Matcher m = LINK.matcher(link.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(option + ": bad link '" + link + "' in '" + whole + "': expected "
          + "S<spine>-L<leaf>#<index>, 0-based, e.g. S0-L1#0");
    }
    return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
        m.group(3) == null ? 0 : Integer.parseInt(m.group(3))};
  }

  /** {@code LINK@TIME[:RESTORE]} as {spine, leaf, index, failNanos, restoreNanos or -1}. */
  static long[] parseFailure(String value) {
    int at = value.indexOf('@');
    if (at < 0) {
      throw new IllegalArgumentException("--fail: expected LINK@TIME[:RESTORE] (e.g. S0-L1#0@5ms:20ms), was '"
          + value + "'");
    }
    int[] link = parseLink("--fail", value, value.substring(0, at));
    String times = value.substring(at + 1);
    int colon = times.indexOf(':');
    long failAt = parseTime(value, colon < 0 ? times : times.substring(0, colon));
    long restoreAt = colon < 0 ? -1 : parseTime(value, times.substring(colon + 1));
    if (restoreAt >= 0 && restoreAt <= failAt) {
      throw new IllegalArgumentException("--fail: restore time must be after the failure time in '" + value + "'");
    }
    return new long[] {link[0], link[1], link[2], failAt, restoreAt};
  }

  private static long parseTime(String whole, String time) {
    java.util.regex.Matcher m = TIME.matcher(time.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("--fail: bad time '" + time + "' in '" + whole + "': expected a number "
          + "and a unit (ns, us, ms or s), e.g. 5ms");
    }
    double scale = switch (m.group(2)) {
      case "ns" -> 1;
      case "us" -> 1e3;
      case "ms" -> 1e6;
      default -> 1e9;
    };
    double nanos = Double.parseDouble(m.group(1)) * scale;
    if (nanos > 1e15) {
      throw new IllegalArgumentException("--fail: time '" + time + "' in '" + whole + "' is too large");
    }
    return Math.round(nanos);
  }

  /** The per-point files asked for: flows/*.csv, counters/*.csv and links/*.csv in --out. */
  private void writePointFiles(Point p, RunSummary summary) {
    if (!flowsCsv && !countersCsv && linkStatsWindowMicros == null) {
      return;
    }
    String name = String.format(Locale.ROOT, "%s-%s-load%d-seed%d.csv", p.fabric(), p.scheme(),
        Math.round(p.load() * 100), p.seed());
    try {
      if (flowsCsv) {
        Files.createDirectories(out.resolve("flows"));
        summary.writeFlowsCsv(out.resolve("flows").resolve(name));
      }
      if (countersCsv) {
        Files.createDirectories(out.resolve("counters"));
        try (java.io.Writer w = Files.newBufferedWriter(out.resolve("counters").resolve(name))) {
          Reports.writeCounters(summary, w);
        }
      }
      if (linkStatsWindowMicros != null) {
        Files.createDirectories(out.resolve("links"));
        try (java.io.Writer w = Files.newBufferedWriter(out.resolve("links").resolve(name))) {
          summary.linkWindows().orElseThrow().writeCsv(w);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
