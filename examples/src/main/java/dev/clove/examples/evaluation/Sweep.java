// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.examples.evaluation;

import dev.clove.testkit.sim.LoadDefinition;
import dev.clove.testkit.sim.Topologies;
import dev.clove.testkit.sim.Topology;
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
 * @param guestTcp the guest TCP options ({@code --sack}, {@code --min-rto-us}, {@code --connection-per-flow},
 *     {@code --dctcp-guests})
 * @param fabricOptions the fabric options ({@code --leaves} .. {@code --fail}), each canonical; all absent for the
 *     paper's fabrics
 * @param shardIndex this run's shard, {@code 0 <= shardIndex < shardCount}
 * @param shardCount how many shards the sweep is split into; 1 for an unsharded run
 */
record Sweep(boolean full, int flows, List<Double> loads, int seeds, long firstSeed, List<String> schemes,
    List<String> fabrics, String workload, boolean discovery, Double flowletGapMicros, Double switchBufferPackets,
    Double ecnQueueWeight, Double ecnThresholdPackets, String loadDefinition, GuestTcp guestTcp,
    FabricOptions fabricOptions, int shardIndex, int shardCount) {

  static final String FILE = "sweep.properties";
  /** Keys that differ between the shards of one sweep; every other key must agree. */
  private static final List<String> PER_SHARD = List.of("shard", "command", "working-directory");
  /** Keys of the guest TCP options, named as the options are. */
  private static final List<String> TCP_KEYS = List.of("sack", "min-rto-us", "connection-per-flow", "dctcp-guests");
  /** Keys of the fabric options, named as the options are. */
  private static final List<String> FABRIC_KEYS = List.of("leaves", "spines", "links-per-pair", "hosts-per-leaf",
      "host-gbps", "fabric-gbps", "link-gbps", "fail");
  /** Keys that change what a simulation of a given point produces. */
  private static final List<String> SIMULATION = java.util.stream.Stream.of(List.of("flows", "workload",
      "discovery", "flowlet-timeout-us", "switch-buffer-packets", "ecn-queue-weight", "ecn-threshold-packets",
      "load-definition"), TCP_KEYS, FABRIC_KEYS).flatMap(List::stream).toList();

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
        switchBufferPackets, ecnQueueWeight, ecnThresholdPackets, loadDefinition, guestTcp, fabricOptions, 0, 1);
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
    guestTcp.putInto(m);
    fabricOptions.putInto(m);
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
      checkUnrecordedOptions(p, file);
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
          required(p, file, "load-definition"), GuestTcp.from(p), FabricOptions.from(p),
          Integer.parseInt(shard[0]), Integer.parseInt(shard[1]));
      return new Recorded(sweep, p.getProperty("command", ""), p.getProperty("working-directory", "?"), dir);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + " is malformed: " + e.getMessage(), e);
    }
  }

  /**
   * Throws if {@code p} lacks a TCP or fabric key although its command gave that option: it was written before
   * the options were recorded, so what it simulated cannot be read from it (see the comment on the TCP and fabric
   * options below).
   */
  private static void checkUnrecordedOptions(Properties p, Path file) {
    String command = p.getProperty("command", "");
    for (String key : java.util.stream.Stream.concat(TCP_KEYS.stream(), FABRIC_KEYS.stream()).toList()) {
      // As CommandText writes an argument: plain, or in single quotes if it holds a character such as '#'.
      if (p.getProperty(key) == null && java.util.regex.Pattern.compile("(^|\\s)'?--" + key + "([='\\s]|$)")
          .matcher(command).find()) {
        throw new IllegalArgumentException("no '" + key + "' in " + file + ", yet its command gave --" + key
            + " (written before sweep.properties recorded the TCP and fabric options, so its results cannot be "
            + "checked against them; run that sweep again in a fresh --out)");
      }
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
      parts.add("flowlet timeout " + formatNumber(flowletGapMicros) + " us");
    }
    if (!loadDefinition.equals(WIRE)) {
      parts.add("load in payload bytes");
    }
    parts.addAll(guestTcp.labels());
    parts.addAll(fabricOptions.labels());
    return String.join(", ", parts);
  }

  /**
   * The summary.md line, a Markdown bullet, that says which fabrics were simulated: the paper's, or the custom
   * shape, link rates and failures of the fabric options, which the tables and charts still call symmetric and
   * asymmetric.
   */
  String fabricLine() {
    Topology paper = Topologies.paperSymmetric();
    FabricOptions o = fabricOptions;
    String shape = String.format(java.util.Locale.ROOT, "%d leaves x %d spines, %d link(s) per leaf-spine pair at %s "
            + "Gbps, %d hosts per leaf at %s Gbps",
        o.leaves() != null ? o.leaves() : paper.leaves(), o.spines() != null ? o.spines() : paper.spines(),
        o.linksPerPair() != null ? o.linksPerPair() : paper.linksPerLeafSpine(),
        formatNumber(o.fabricGbps() != null ? o.fabricGbps() : paper.fabricLinkBps() / 1e9),
        o.hostsPerLeaf() != null ? o.hostsPerLeaf() : paper.hostsPerLeaf(),
        formatNumber(o.hostGbps() != null ? o.hostGbps() : paper.hostLinkBps() / 1e9));
    List<String> each = new ArrayList<>();
    if (fabrics.contains("symmetric")) {
      each.add("symmetric = " + shape);
    }
    if (fabrics.contains("asymmetric")) {
      each.add("asymmetric = " + (fabrics.contains("symmetric") ? "the same" : shape)
          + " without one of the links between spine 1 and leaf 1 (S1-L1#0)");
    }
    StringBuilder sb = new StringBuilder("- fabrics: ");
    if (!o.custom()) {
      return sb.append("the paper's: ").append(String.join("; ", each)).append('\n').toString();
    }
    sb.append("SENSITIVITY SETTING, not the paper's (the tables, charts and headline comparisons still call them "
        + "symmetric and asymmetric; the paper's numbers there are for its own fabrics): ")
        .append(String.join("; ", each));
    if (!o.linkGbps().isEmpty()) {
      sb.append("; link rates: ").append(String.join(", ", o.linkLabels()));
    }
    if (!o.fail().isEmpty()) {
      sb.append("; link failures, on every fabric: ").append(String.join(", ", o.failLabels()));
    }
    return sb.append('\n').toString();
  }

  /** The summary.md line, a Markdown bullet, that states the guest TCP. */
  String guestTcpLine() {
    GuestTcp t = guestTcp;
    return "- guest TCP: " + (t.equals(GuestTcp.DEFAULT) ? "the defaults: " : "SENSITIVITY SETTING, ")
        + (t.dctcpGuests() ? "DCTCP" : "ECN-blind NewReno") + (t.sack() ? " with SACK (RFC 6675 recovery)" : "")
        + ", minimum RTO " + (t.minRtoMicros() == null ? "the simulator's default (10 ms)"
        : formatNumber(t.minRtoMicros()) + " us")
        + (t.connectionPerFlow() ? ", a connection with a handshake per flow"
        : ", persistent connections per host pair") + "\n";
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
        : "SENSITIVITY SETTING, " + formatNumber(flowletGapMicros) + " us; the default is 500 us") + "\n";
    return load + timeout;
  }

  /** {@code 2rtt} as null (twice the RTT), else microseconds. */
  static Double parseTimeout(String value) {
    return value.equals(TWICE_RTT) ? null : Double.valueOf(value);
  }

  /** A whole number without its ".0", any other as {@link Double#toString(double)}. */
  static String formatNumber(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
        : Double.toString(value);
  }

  /** Nanoseconds in the largest of s, ms, us and ns that shows them as a whole number. */
  static String formatNanos(long nanos) {
    if (nanos != 0 && nanos % 1_000_000_000L == 0) {
      return nanos / 1_000_000_000L + " s";
    }
    if (nanos != 0 && nanos % 1_000_000 == 0) {
      return nanos / 1_000_000 + " ms";
    }
    return nanos != 0 && nanos % 1_000 == 0 ? nanos / 1_000 + " us" : nanos + " ns";
  }

  /** {@code "true"} or {@code "false"} under {@code key}, or {@code false} if the key is absent. */
  private static boolean flag(Properties p, String key) {
    String v = p.getProperty(key, "false");
    if (!v.equals("true") && !v.equals("false")) {
      throw new IllegalArgumentException(key + " must be true or false, was '" + v + "'");
    }
    return v.equals("true");
  }

  private static Integer optionalInt(String s) {
    return s.isEmpty() ? null : Integer.valueOf(s);
  }

  private static List<String> list(String s) {
    return s.isEmpty() ? List.of() : List.of(s.split(","));
  }

  // --- The guest TCP and fabric options (issue 14 items 3 and 4), recorded so that --resume and merge check them.
  //
  // A sweep.properties written before these keys existed has none of them, and a missing key reads as the option's
  // default. That is only true if the run did not give the option: --resume refused them then, but a run (or shard)
  // could use them without --resume. So read() also looks for the option in the recorded command line and refuses
  // the folder if it is there without its key (checkUnrecordedOptions). Unlike flowlet-timeout-us and
  // load-definition, which every older folder lacks and whose defaults changed, the keys are not required.

  /**
   * The guest TCP options of a sweep, as {@link TcpOptions} gives them and {@value #FILE} records them.
   *
   * <p>Threading: immutable.
   *
   * @param sack guests with SACK and RFC 6675 recovery
   * @param minRtoMicros the guests' minimum RTO in microseconds, or null for the simulator's default
   * @param connectionPerFlow a connection with a handshake per flow
   * @param dctcpGuests DCTCP guests
   */
  record GuestTcp(boolean sack, Double minRtoMicros, boolean connectionPerFlow, boolean dctcpGuests) {
    /** No option given: what every run simulated before the options existed. */
    static final GuestTcp DEFAULT = new GuestTcp(false, null, false, false);

    void putInto(Map<String, String> m) {
      m.put("sack", Boolean.toString(sack));
      m.put("min-rto-us", optional(minRtoMicros));
      m.put("connection-per-flow", Boolean.toString(connectionPerFlow));
      m.put("dctcp-guests", Boolean.toString(dctcpGuests));
    }

    /** Reads the keys of {@link #putInto}; a missing key is the option's default (see above). */
    static GuestTcp from(Properties p) {
      return new GuestTcp(flag(p, "sack"), parseOptional(p.getProperty("min-rto-us", "")),
          flag(p, "connection-per-flow"), flag(p, "dctcp-guests"));
    }

    /** The options given, for {@link #sensitivityLabel()}. */
    List<String> labels() {
      List<String> parts = new ArrayList<>();
      if (sack) {
        parts.add("SACK guests");
      }
      if (minRtoMicros != null) {
        parts.add("min RTO " + formatNumber(minRtoMicros) + " us");
      }
      if (connectionPerFlow) {
        parts.add("a connection per flow");
      }
      if (dctcpGuests) {
        parts.add("DCTCP guests");
      }
      return parts;
    }
  }

  /**
   * The fabric options of a sweep, each as given or null (the paper's value), and the per-link rates and failures
   * in canonical form ({@code S<spine>-L<leaf>#<index>=<Gbps>}, one per link, sorted;
   * {@code S<spine>-L<leaf>#<index>@<ns>ns[:<ns>ns]} in the order given), so that two spellings of the same fabric
   * record the same.
   *
   * <p>Threading: immutable.
   */
  record FabricOptions(Integer leaves, Integer spines, Integer linksPerPair, Integer hostsPerLeaf, Double hostGbps,
      Double fabricGbps, List<String> linkGbps, List<String> fail) {
    /** No option given: the paper's fabrics. */
    static final FabricOptions NONE = new FabricOptions(null, null, null, null, null, null, List.of(), List.of());

    FabricOptions {
      linkGbps = List.copyOf(linkGbps);
      fail = List.copyOf(fail);
      for (String v : linkGbps) { // as read back: malformed values fail here, not when a label is made
        int eq = v.lastIndexOf('=');
        if (eq < 0) {
          throw new IllegalArgumentException("link-gbps: expected LINK=G, was '" + v + "'");
        }
        Evaluation.parseLink("link-gbps", v, v.substring(0, eq));
        Double.parseDouble(v.substring(eq + 1));
      }
      fail.forEach(Evaluation::parseFailure);
    }

    /** Whether any option is given, so the fabrics are not the paper's. */
    boolean custom() {
      return !equals(NONE);
    }

    void putInto(Map<String, String> m) {
      m.put("leaves", optional(leaves));
      m.put("spines", optional(spines));
      m.put("links-per-pair", optional(linksPerPair));
      m.put("hosts-per-leaf", optional(hostsPerLeaf));
      m.put("host-gbps", optional(hostGbps));
      m.put("fabric-gbps", optional(fabricGbps));
      m.put("link-gbps", String.join(",", linkGbps));
      m.put("fail", String.join(",", fail));
    }

    /** Reads the keys of {@link #putInto}; a missing key is the option's default (see above). */
    static FabricOptions from(Properties p) {
      return new FabricOptions(optionalInt(p.getProperty("leaves", "")), optionalInt(p.getProperty("spines", "")),
          optionalInt(p.getProperty("links-per-pair", "")), optionalInt(p.getProperty("hosts-per-leaf", "")),
          parseOptional(p.getProperty("host-gbps", "")), parseOptional(p.getProperty("fabric-gbps", "")),
          list(p.getProperty("link-gbps", "")), list(p.getProperty("fail", "")));
    }

    /** The options given, for {@link #sensitivityLabel()}. */
    List<String> labels() {
      List<String> parts = new ArrayList<>();
      if (leaves != null) {
        parts.add(leaves + " leaves");
      }
      if (spines != null) {
        parts.add(spines + " spines");
      }
      if (linksPerPair != null) {
        parts.add(linksPerPair + (linksPerPair == 1 ? " link" : " links") + " per leaf-spine pair");
      }
      if (hostsPerLeaf != null) {
        parts.add(hostsPerLeaf + " hosts per leaf");
      }
      if (hostGbps != null) {
        parts.add("host links at " + formatNumber(hostGbps) + " Gbps");
      }
      if (fabricGbps != null) {
        parts.add("fabric links at " + formatNumber(fabricGbps) + " Gbps");
      }
      parts.addAll(linkLabels());
      parts.addAll(failLabels());
      return parts;
    }

    /** Each per-link rate as {@code S1-L1#0 at 2 Gbps}. */
    List<String> linkLabels() {
      return linkGbps.stream().map(v -> {
        int eq = v.lastIndexOf('=');
        return v.substring(0, eq) + " at " + formatNumber(Double.parseDouble(v.substring(eq + 1))) + " Gbps";
      }).toList();
    }

    /** Each failure as {@code S0-L1#0 down from 5 ms to 20 ms} (or {@code down from 5 ms} if not restored). */
    List<String> failLabels() {
      return fail.stream().map(v -> {
        long[] f = Evaluation.parseFailure(v);
        return v.substring(0, v.indexOf('@')) + " down from " + formatNanos(f[3])
            + (f[4] >= 0 ? " to " + formatNanos(f[4]) : "");
      }).toList();
    }
  }

  /** The value as text, or empty for null (the default). */
  private static String optional(Object value) {
    return value == null ? "" : value.toString();
  }

  private static Double parseOptional(String s) {
    return s.isEmpty() ? null : Double.valueOf(s);
  }
}
