// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.examples.evaluation;

import dev.clove.testkit.sim.LoadDefinition;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Predicate;

/**
 * Everything that defines a sweep's points and how each is simulated, resolved from the options, and which shard
 * of it this run covers. It is written beside every run's {@code runs.csv} as {@value #FILE} so that {@code merge}
 * can check that shard folders belong to the same sweep and rebuild the sweep's reports without the original
 * command line.
 *
 * <p>The points have one canonical order, independent of threads, shards and completion order: fabric (as
 * listed), scheme (as requested), load ascending, seed ascending. Shard {@code i} of {@code n} runs the points
 * whose canonical index is {@code i} modulo {@code n}; results are written and aggregated in canonical order, which
 * is what makes a merged sweep byte-identical to the same sweep run in one piece.
 *
 * @param full whether this is the paper's scale (labels the reports)
 * @param flows flows per simulation
 * @param loads offered loads as fractions, ascending, distinct
 * @param seeds seeds per (fabric, scheme, load)
 * @param firstSeed the first seed; seeds are {@code firstSeed .. firstSeed + seeds - 1}
 * @param schemes simulator scheme names, in the order the tables list them
 * @param fabrics {@code symmetric} and/or {@code asymmetric}
 * @param workload the flow-size distribution's name
 * @param discovery whether paths are found by simulated traceroute
 * @param flowletGapMicros the flowlet timeout of every flowlet scheme (the edge schemes and CONGA) in
 *     microseconds, or null for twice the fabric's unloaded RTT (the sensitivity setting {@code 2rtt})
 * @param switchBufferPackets switch buffers per Gbps, or null for the simulator's default
 * @param ecnQueueWeight ECN averaging weight, or null for the simulator's default
 * @param ecnThresholdPackets ECN threshold per Gbps, or null for the simulator's default
 * @param loadDefinition what the offered load counts: {@code wire} or {@code payload} (see {@link LoadDefinition})
 * @param shardIndex this run's shard, {@code 0 <= shardIndex < shardCount}
 * @param shardCount how many shards the sweep is split into; 1 for an unsharded run
 */
record Sweep(boolean full, int flows, List<Double> loads, int seeds, long firstSeed, List<String> schemes,
    List<String> fabrics, String workload, boolean discovery, Double flowletGapMicros, Double switchBufferPackets,
    Double ecnQueueWeight, Double ecnThresholdPackets, String loadDefinition, int shardIndex, int shardCount) {

  static final String FILE = "sweep.properties";
  /** Keys that differ between the shards of one sweep; every other key must agree. */
  private static final List<String> PER_SHARD = List.of("shard", "command", "working-directory");
  /** Keys that change what a simulation of a given point produces. */
  private static final List<String> SIMULATION = List.of("flows", "workload", "discovery", "flowlet-timeout-us",
      "switch-buffer-packets", "ecn-queue-weight", "ecn-threshold-packets", "load-definition");

  Sweep {
    loads = List.copyOf(loads);
    schemes = List.copyOf(schemes);
    fabrics = List.copyOf(fabrics);
  }

  /** Every point of the sweep, in canonical order. */
  List<Point> points() {
    List<Point> points = new ArrayList<>();
    for (String f : fabrics) {
      for (String s : schemes) {
        for (double l : loads) {
          for (int i = 0; i < seeds; i++) {
            points.add(new Point(f, s, l, firstSeed + i));
          }
        }
      }
    }
    return points;
  }

  /** The points this shard runs, in canonical order. */
  List<Point> shardPoints() {
    List<Point> all = points();
    List<Point> mine = new ArrayList<>();
    for (int i = shardIndex; i < all.size(); i += shardCount) {
      mine.add(all.get(i));
    }
    return mine;
  }

  /** The load Figure 3 is drawn at: the one nearest 70%, within 5 points; NaN if none. */
  double figure3Load() {
    Double load = Headlines.nearest(loads, 0.7);
    return load == null ? Double.NaN : load;
  }

  boolean sharded() {
    return shardCount > 1;
  }

  /** The same sweep, as one unsharded run. */
  Sweep whole() {
    return new Sweep(full, flows, loads, seeds, firstSeed, schemes, fabrics, workload, discovery, flowletGapMicros,
        switchBufferPackets, ecnQueueWeight, ecnThresholdPackets, loadDefinition, 0, 1);
  }

  /** Writes {@value #FILE} into {@code dir}, with the command that ran this shard. */
  void write(Path dir, String command) throws IOException {
    Properties p = new Properties();
    properties(command).forEach(p::setProperty);
    try (Writer w = Files.newBufferedWriter(dir.resolve(FILE), StandardCharsets.UTF_8)) {
      p.store(w, "clove-evaluation sweep; merge shard folders with: clove-evaluation merge");
    }
  }

  private Map<String, String> properties(String command) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("full", Boolean.toString(full));
    m.put("flows", Integer.toString(flows));
    m.put("loads", String.join(",", loads.stream().map(d -> Double.toString(d)).toList()));
    m.put("seeds", Integer.toString(seeds));
    m.put("first-seed", Long.toString(firstSeed));
    m.put("schemes", String.join(",", schemes));
    m.put("fabrics", String.join(",", fabrics));
    m.put("workload", workload);
    m.put("discovery", Boolean.toString(discovery));
    m.put("flowlet-timeout-us", flowletGapMicros == null ? TWICE_RTT : Double.toString(flowletGapMicros));
    m.put("switch-buffer-packets", optional(switchBufferPackets));
    m.put("ecn-queue-weight", optional(ecnQueueWeight));
    m.put("ecn-threshold-packets", optional(ecnThresholdPackets));
    m.put("load-definition", loadDefinition);
    m.put("shard", shardIndex + "/" + shardCount);
    m.put("command", command);
    m.put("working-directory", Path.of("").toAbsolutePath().toString());
    return m;
  }

  /**
   * A sweep read back from {@code dir}, with the command that produced it and the directory it ran in.
   *
   * <p>Threading: immutable.
   */
  record Recorded(Sweep sweep, String command, String workingDirectory, Path dir) {

    /** The first setting in which this and {@code other} differ as sweeps (shards aside), or null. */
    String difference(Recorded other) {
      return Sweep.difference(sweep.properties(command), other.sweep.properties(other.command),
          key -> !PER_SHARD.contains(key));
    }

    /**
     * The first setting in which this and {@code other} would simulate a point differently, or null: results
     * logged under one can be reused under the other only if there is none.
     */
    String simulationDifference(Sweep other) {
      return Sweep.difference(sweep.properties(command), other.properties(command), SIMULATION::contains);
    }
  }

  private static String difference(Map<String, String> mine, Map<String, String> theirs, Predicate<String> keys) {
    for (Map.Entry<String, String> e : mine.entrySet()) {
      if (keys.test(e.getKey()) && !Objects.equals(e.getValue(), theirs.get(e.getKey()))) {
        return e.getKey() + " " + shown(e.getValue()) + " vs " + shown(theirs.get(e.getKey()));
      }
    }
    return null;
  }

  private static String shown(String value) {
    return value == null || value.isEmpty() ? "(default)" : value;
  }

  /**
   * Reads {@value #FILE} from {@code dir}.
   *
   * @throws IllegalArgumentException naming the folder if it holds no sweep or a malformed one
   */
  static Recorded read(Path dir) {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(dir + " holds no " + FILE + "; name the --out folder of a shard");
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
      String[] shard = required(p, file, "shard").split("/");
      Sweep sweep = new Sweep(Boolean.parseBoolean(required(p, file, "full")),
          Integer.parseInt(required(p, file, "flows")),
          Arrays.stream(required(p, file, "loads").split(",")).map(Double::valueOf).toList(),
          Integer.parseInt(required(p, file, "seeds")), Long.parseLong(required(p, file, "first-seed")),
          List.of(required(p, file, "schemes").split(",")), List.of(required(p, file, "fabrics").split(",")),
          required(p, file, "workload"), Boolean.parseBoolean(required(p, file, "discovery")),
          parseTimeout(required(p, file, "flowlet-timeout-us")),
          parseOptional(p.getProperty("switch-buffer-packets", "")),
          parseOptional(p.getProperty("ecn-queue-weight", "")),
          parseOptional(p.getProperty("ecn-threshold-packets", "")),
          required(p, file, "load-definition"),
          Integer.parseInt(shard[0]), Integer.parseInt(shard[1]));
      return new Recorded(sweep, p.getProperty("command", ""), p.getProperty("working-directory", "?"), dir);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + " is malformed: " + e.getMessage(), e);
    }
  }

  private static String required(Properties p, Path file, String key) {
    String v = p.getProperty(key);
    if (v == null) {
      throw new IllegalArgumentException("no '" + key + "' in " + file + (LOAD_AND_TIMEOUT_KEYS.contains(key)
          ? " (written before the load definition and the common flowlet timeout; merge or resume it with the "
              + "clove-evaluation that wrote it)" : ""));
    }
    return v;
  }

  // --- The load definition and the common flowlet timeout (issue 14): what they are and how summary.md says so.

  /** The value of {@code --flowlet-timeout-us} that selects twice the unloaded RTT. */
  static final String TWICE_RTT = "2rtt";
  /** The default common flowlet timeout, the sources' 500 us. */
  static final double DEFAULT_TIMEOUT_MICROS = 500;
  /** The default load definition. */
  static final String WIRE = "wire";
  private static final List<String> LOAD_AND_TIMEOUT_KEYS = List.of("flowlet-timeout-us", "load-definition");

  /** The simulator's load definition of this sweep. */
  LoadDefinition simulatorLoadDefinition() {
    return LoadDefinition.valueOf(loadDefinition.toUpperCase(java.util.Locale.ROOT));
  }

  /** The flowlet timeout to give {@code Simulation.Builder.flowletGapNanos}: 0 selects twice the RTT. */
  long flowletGapNanos() {
    return flowletGapMicros == null ? 0 : Math.round(flowletGapMicros * 1000);
  }

  /** The settings that differ from the defaults of issue 14, for titles and captions; empty if none. */
  String sensitivityLabel() {
    List<String> parts = new ArrayList<>();
    if (flowletGapMicros == null) {
      parts.add("flowlet timeout 2 x unloaded RTT");
    } else if (flowletGapMicros != DEFAULT_TIMEOUT_MICROS) {
      parts.add("flowlet timeout " + formatMicros(flowletGapMicros) + " us");
    }
    if (!loadDefinition.equals(WIRE)) {
      parts.add("load in payload bytes");
    }
    return String.join(", ", parts);
  }

  /** The summary.md lines that define the offered load and the flowlet timeout, each a Markdown bullet. */
  String loadAndTimeoutLines() {
    String load = loadDefinition.equals(WIRE)
        ? "- offered load: in wire bytes, as the sources define it (the ns-2 scripts of CONGA's lineage: "
            + "lambda = C x load / (S x 8 / 1460 x 1500)), counted with the exact segment count and this "
            + "simulator's headers: flows arrive at lambda = load x C / (8 x (E[S] + E[ceil(S / 1460)] x 90)), C "
            + "the fabric's nominal bisection capacity (16 Gbps on both of the paper's fabrics: the asymmetric one "
            + "keeps the symmetric one's base), S the flow size in payload bytes, 90 bytes per segment = 40 of "
            + "IPv4 and TCP headers + 50 of VXLAN; load L offers L x C bits per second of data segments on the wire "
            + "(ACKs, retransmissions and probes not counted)\n"
        : "- offered load: SENSITIVITY SETTING, in payload bytes (clove 0.1.0's definition, --load-definition "
            + "payload): lambda = load x C / (8 x E[S]), C the fabric's nominal bisection capacity (16 Gbps on the "
            + "paper's fabrics), S the flow size; on the wire that is about 6% more than the nominal load "
            + "(90 bytes of headers and VXLAN per 1,460-byte segment)\n";
    String timeout = "- flowlet timeout, one for every flowlet scheme (Edge-Flowlet, CLOVE-ECN, CLOVE-INT and "
        + "CONGA): " + (flowletGapMicros == null
        ? "SENSITIVITY SETTING, twice the fabric's unloaded RTT (97.6 us on the paper's fabrics; the CLOVE "
            + "paper's rule with the unloaded RTT, --flowlet-timeout-us 2rtt); the default is 500 us"
        : flowletGapMicros == DEFAULT_TIMEOUT_MICROS
        ? "500 us, the sources' value (CONGA, SIGCOMM 2014; LetFlow, NSDI 2017; the Hermes authors' ns-3 CLOVE)"
        : "SENSITIVITY SETTING, " + formatMicros(flowletGapMicros) + " us; the default is 500 us") + "\n";
    return load + timeout;
  }

  /** {@code 2rtt} as null (twice the RTT), else microseconds. */
  static Double parseTimeout(String value) {
    return value.equals(TWICE_RTT) ? null : Double.valueOf(value);
  }

  private static String formatMicros(double micros) {
    return micros == Math.rint(micros) ? Long.toString((long) micros) : Double.toString(micros);
  }

  private static String optional(Double d) {
    return d == null ? "" : Double.toString(d);
  }

  private static Double parseOptional(String s) {
    return s.isEmpty() ? null : Double.valueOf(s);
  }
}
