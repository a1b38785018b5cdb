// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit.sim;

import dev.clove.api.Counter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The results of one run: flow completion times (FCT) overall and for mice and elephants, loss, marking,
 * retransmission and reordering counts, per-link statistics, the balancers' counters, and every flow.
 *
 * <p>FCT is the time from a flow's arrival at its sender to the sender's receipt of the acknowledgement of its
 * last byte. Mice are flows under {@value #MICE_BYTES} bytes, elephants flows over {@value #ELEPHANT_BYTES}
 * bytes (the paper's mice, section 3.2; elephants as the brief defines them). The run has already checked its
 * invariants when a summary exists (bytes acknowledged {@code <=} delivered {@code <=} offered on every
 * connection, packets conserved, every flow finished or listed in {@link #unfinished()} with a reason).
 *
 * <p>Threading: immutable; safe to share.
 */
public final class RunSummary {

  /**
   * Flows smaller than this many bytes are mice.
   */
  public static final long MICE_BYTES = 100_000;
  /**
   * Flows larger than this many bytes are elephants.
   */
  public static final long ELEPHANT_BYTES = 10_000_000;

  private final String scheme;
  private final String topology;
  private final String workload;
  private final long seed;
  private final double load;
  private final long simulatedNanos;
  private final long events;
  private final int flowsRequested;
  private final int flowsCompleted;
  private final List<String> unfinished;
  private final FctStats all;
  private final FctStats mice;
  private final FctStats elephants;
  private final long drops;
  private final long failureDrops;
  private final long grayEntries;
  private final long grayLastPlacementNanos;
  private final long[] grayPairExposures;
  private final long ecnMarks;
  private final long retransmits;
  private final long timeouts;
  private final long reorderedArrivals;
  private final long dataPathMoves;
  private final long probesSent;
  private final long dataPacketsSent;
  private final List<LinkStats> links;
  private final LinkWindowStats linkWindows;
  private final Map<Counter, Long> counters;
  private final long[] flowStart;
  private final long[] flowSize;
  private final long[] flowFinish;
  private final int[] flowSrc;
  private final int[] flowDst;
  private final int[] flowRetx;
  private final int[] flowTimeouts;

  private RunSummary(Sim s, List<String> unfinished) {
    this.scheme = s.scheme.name();
    this.topology = s.topo.name;
    this.workload = s.cfg.workload.toString();
    this.seed = s.cfg.seed;
    this.load = s.cfg.load;
    this.simulatedNanos = s.now;
    this.events = s.events;
    Flows f = s.flows;
    this.flowsRequested = f.count;
    this.flowsCompleted = f.done;
    this.unfinished = List.copyOf(unfinished);
    this.flowStart = f.start.clone();
    this.flowSize = f.size.clone();
    this.flowFinish = f.finish.clone();
    this.flowSrc = f.src.clone();
    this.flowDst = f.dst.clone();
    this.flowRetx = f.retx.clone();
    this.flowTimeouts = f.timeouts.clone();
    this.all = FctStats.of(flowStart, flowSize, flowFinish, 0, Long.MAX_VALUE);
    this.mice = FctStats.of(flowStart, flowSize, flowFinish, 0, MICE_BYTES);
    this.elephants = FctStats.of(flowStart, flowSize, flowFinish, ELEPHANT_BYTES + 1, Long.MAX_VALUE);
    Ports ports = s.ports;
    this.drops = ports.drops;
    this.failureDrops = ports.failDrops;
    this.grayEntries = ports.grayEntries;
    this.grayLastPlacementNanos = ports.grayLastPlacementMicros < 0 ? -1 : ports.grayLastPlacementMicros * 1000;
    java.util.List<Long> exposures = new ArrayList<>();
    int[] first = ports.grayPairFirstMicros;
    for (int pair = 0; first != null && pair < first.length; pair++) {
      if (first[pair] >= 0) {
        exposures.add((ports.grayPairLastMicros[pair] - (long) first[pair]) * 1000);
      }
    }
    this.grayPairExposures = exposures.stream().mapToLong(Long::longValue).sorted().toArray();
    this.ecnMarks = ports.ceMarks;
    this.retransmits = s.tcp.retransmits;
    this.timeouts = s.tcp.timeouts;
    this.reorderedArrivals = s.tcp.reordered;
    this.dataPathMoves = s.hosts.dataPathMoves;
    this.probesSent = s.hosts.probesSent;
    this.dataPacketsSent = s.tcp.dataPacketsSent;
    List<LinkStats> l = new ArrayList<>(ports.count);
    double seconds = Math.max(1, s.now) / 1e9;
    for (int p = 0; p < ports.count; p++) {
      l.add(new LinkStats(ports.name(p), ports.portBps[p], ports.portFailed[p], ports.portPkts[p],
          ports.portBytes[p], ports.portDrops[p], ports.portCe[p], ports.portMaxBacklog[p],
          ports.portBytes[p] * 8 / (ports.portBps[p] * seconds)));
    }
    this.links = Collections.unmodifiableList(l);
    if (ports.windows != null) {
      ports.windows.advanceTo(s.now);
      this.linkWindows = LinkWindowStats.of(ports.windows, l.stream().map(LinkStats::name).toList());
    } else {
      this.linkWindows = null;
    }
    this.counters = Map.copyOf(s.hosts.balancerCounters());
  }

  static RunSummary of(Sim sim) {
    List<String> unfinished = sim.finished();
    return new RunSummary(sim, unfinished);
  }

  /**
   * The name of the load-balancing scheme that ran.
   *
   * @return the scheme's name
   */
  public String scheme() {
    return scheme;
  }

  /**
   * The name of the fabric the run used.
   *
   * @return the topology's name
   */
  public String topology() {
    return topology;
  }

  /**
   * The run's seed.
   *
   * @return the seed
   */
  public long seed() {
    return seed;
  }

  /**
   * The offered load, as a fraction of the fabric's nominal bisection capacity.
   *
   * @return the load
   */
  public double load() {
    return load;
  }

  /**
   * Simulated time at the end of the run.
   *
   * @return the time in simulated nanoseconds
   */
  public long simulatedNanos() {
    return simulatedNanos;
  }

  /**
   * Events processed.
   *
   * @return the number of simulation events
   */
  public long events() {
    return events;
  }

  /**
   * The number of flows the workload offered.
   *
   * @return the flow count
   */
  public int flowsRequested() {
    return flowsRequested;
  }

  /**
   * The number of flows whose last byte was acknowledged before the run ended.
   *
   * @return the completed flow count
   */
  public int flowsCompleted() {
    return flowsCompleted;
  }

  /**
   * One line per flow that did not complete, with the reason.
   *
   * @return the lines, empty when every flow completed
   */
  public List<String> unfinished() {
    return unfinished;
  }

  /**
   * FCT statistics of all completed flows.
   *
   * @return the statistics
   */
  public FctStats all() {
    return all;
  }

  /**
   * FCT statistics of completed flows under 100 KB.
   *
   * @return the statistics
   */
  public FctStats mice() {
    return mice;
  }

  /**
   * FCT statistics of completed flows over 10 MB.
   *
   * @return the statistics
   */
  public FctStats elephants() {
    return elephants;
  }

  /**
   * Packets dropped anywhere (buffer overflow, failed links).
   *
   * @return the packet count
   */
  public long drops() {
    return drops;
  }

  /**
   * Packets lost to failed, removed or gray links.
   *
   * @return the packet count
   */
  public long failureDrops() {
    return failureDrops;
  }

  /**
   * Guest packets (data and acknowledgements) that entered a {@linkplain Topology.Builder#grayLink gray link} after
   * it turned gray, dropped or not.
   *
   * @return the packet count
   */
  public long grayLinkEntries() {
    return grayEntries;
  }

  /**
   * The latest simulated time, to the microsecond, at which a vswitch put a guest packet on a path through a gray
   * link (the packet then entered the gray link after it turned gray); -1 if none did. For the edge schemes this
   * is how long their balancers kept using the gray path: new flowlets, and packets of flowlets already on it.
   *
   * @return the time in nanoseconds, or -1
   */
  public long grayLinkLastPlacementNanos() {
    return grayLastPlacementNanos;
  }

  /**
   * For each directional host pair whose vswitch put guest packets on a path through a gray link, how long it went
   * on doing so: the time between the first and the last such packet, to the microsecond; sorted ascending. A
   * pair's first packet there is lost, and every later one too: this is how long the source's balancer took to
   * stop using the path once it had started (ECMP and CONGA never stop, so theirs run to the end).
   *
   * @return one duration in nanoseconds per pair, ascending (a copy)
   */
  public long[] grayLinkPairExposures() {
    return grayPairExposures.clone();
  }

  /**
   * Packets marked CE by switches.
   *
   * @return the packet count
   */
  public long ecnMarks() {
    return ecnMarks;
  }

  /**
   * Data segments retransmitted by guest TCP (fast and timeout retransmissions).
   *
   * @return the segment count
   */
  public long retransmits() {
    return retransmits;
  }

  /**
   * Retransmission timeouts in guest TCP.
   *
   * @return the timeout count
   */
  public long timeouts() {
    return timeouts;
  }

  /**
   * New (not retransmitted) data segments that arrived at a receiver behind a later segment of their flow.
   *
   * @return the segment count
   */
  public long reorderedArrivals() {
    return reorderedArrivals;
  }

  /**
   * Data segments the vswitch sent with another outer source port (so on another path) than the connection's data
   * segment before: how often flows moved between paths, in the data direction only (acknowledgements are flows of
   * the balancer too, and move as well, but carry no load). The agility a shorter flowlet gap buys.
   *
   * @return the number of such moves
   */
  public long dataPathMoves() {
    return dataPathMoves;
  }

  /**
   * Path-discovery probes the vswitches sent.
   *
   * @return the probe count
   */
  public long probesSent() {
    return probesSent;
  }

  /**
   * Data segments sent, retransmissions included.
   *
   * @return the segment count
   */
  public long dataPacketsSent() {
    return dataPacketsSent;
  }

  /**
   * Every directed link.
   *
   * @return the links' statistics, unmodifiable
   */
  public List<LinkStats> links() {
    return links;
  }

  /**
   * Every directed link's statistics per window of simulated time, when the run recorded them (see
   * {@link Simulation.Builder#linkStatsWindowNanos}).
   *
   * @return the per-window statistics, or empty when the run did not record them
   */
  public Optional<LinkWindowStats> linkWindows() {
    return Optional.ofNullable(linkWindows);
  }

  /**
   * The named link, e.g. {@code "L0->S1#0"}, {@code "S1->L1#1"}, {@code "H3->L0"}, {@code "L1->H20"}.
   *
   * @param name the link's name, as in {@link LinkStats#name()}
   * @return the link's statistics
   * @throws IllegalArgumentException if the fabric has no link of that name
   */
  public LinkStats link(String name) {
    Objects.requireNonNull(name, "name");
    for (LinkStats l : links) {
      if (l.name().equals(name)) {
        return l;
      }
    }
    throw new IllegalArgumentException("no link named " + name);
  }

  /**
   * A counter summed over every host's balancer and relay.
   *
   * @param counter which counter
   * @return its total at the end of the run
   */
  public long counter(Counter counter) {
    return counters.getOrDefault(counter, 0L);
  }

  /**
   * Start times of every flow, by flow index (ns).
   *
   * @return a fresh array, indexed by flow
   */
  public long[] flowStartNanos() {
    return flowStart.clone();
  }

  /**
   * Sizes of every flow (bytes).
   *
   * @return a fresh array, indexed by flow
   */
  public long[] flowBytes() {
    return flowSize.clone();
  }

  /**
   * Source host of every flow, by flow index.
   *
   * @return a fresh array, indexed by flow
   */
  public int[] flowSources() {
    return flowSrc.clone();
  }

  /**
   * Destination host of every flow, by flow index.
   *
   * @return a fresh array, indexed by flow
   */
  public int[] flowDestinations() {
    return flowDst.clone();
  }

  /**
   * Completion times of every flow, -1 when it did not complete (ns, absolute simulated time).
   *
   * @return a fresh array, indexed by flow
   */
  public long[] flowFinishNanos() {
    return flowFinish.clone();
  }

  /**
   * FCT of flow {@code i} in ns, or -1 if it did not complete.
   *
   * @param i the flow's index
   * @return its flow completion time
   */
  public long fctNanos(int i) {
    return flowFinish[i] < 0 ? -1 : flowFinish[i] - flowStart[i];
  }

  /**
   * Writes one CSV row per flow: index, source, destination, bytes, start, finish, FCT, retransmits, timeouts.
   *
   * @param out where the rows go, after a header row
   * @throws IOException if {@code out} throws it
   */
  public void writeFlowsCsv(Appendable out) throws IOException {
    try (CSVPrinter printer = CSVFormat.DEFAULT.builder()
        .setHeader("flow", "source", "destination", "bytes", "start_ns", "finish_ns", "fct_ns", "retransmits",
            "timeouts")
        .get().print(out)) {
      for (int i = 0; i < flowStart.length; i++) {
        printer.printRecord(i, flowSrc[i], flowDst[i], flowSize[i], flowStart[i], flowFinish[i], fctNanos(i),
            flowRetx[i], flowTimeouts[i]);
      }
    }
  }

  /**
   * Writes {@link #writeFlowsCsv(Appendable)} to a file.
   *
   * @param path the file to create or overwrite
   * @throws java.io.UncheckedIOException if the file cannot be written
   */
  public void writeFlowsCsv(Path path) {
    try (Writer w = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
      writeFlowsCsv(w);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("%s on %s, %s, load %.2f, seed %d: %d/%d flows, %.3f s simulated, %d events%n",
        scheme, topology, workload, load, seed, flowsCompleted, flowsRequested, simulatedNanos / 1e9, events));
    sb.append("  all       ").append(all).append('\n');
    sb.append("  mice      ").append(mice).append('\n');
    sb.append("  elephants ").append(elephants).append('\n');
    sb.append(String.format("  drops %d (failures %d), CE marks %d, retransmits %d, timeouts %d, reordered %d, "
        + "probes %d%n", drops, failureDrops, ecnMarks, retransmits, timeouts, reorderedArrivals, probesSent));
    for (LinkStats l : links) {
      if (l.name().startsWith("L") && l.name().contains("S") || l.name().startsWith("S")) {
        sb.append("  ").append(l).append('\n');
      }
    }
    return sb.toString();
  }

  /**
   * FCT statistics of a set of flows, in nanoseconds; percentiles by the nearest-rank method.
   *
   * <p>Threading: immutable.
   */
  public record FctStats(int count, double meanNanos, long p50Nanos, long p95Nanos, long p99Nanos,
      long maxNanos) {

    static FctStats of(long[] start, long[] size, long[] finish, long minBytes, long maxBytesExclusive) {
      long[] fct = new long[start.length];
      int n = 0;
      double sum = 0;
      for (int i = 0; i < start.length; i++) {
        if (finish[i] >= 0 && size[i] >= minBytes && size[i] < maxBytesExclusive) {
          fct[n++] = finish[i] - start[i];
          sum += finish[i] - start[i];
        }
      }
      if (n == 0) {
        return new FctStats(0, Double.NaN, -1, -1, -1, -1);
      }
      Arrays.sort(fct, 0, n);
      return new FctStats(n, sum / n, rank(fct, n, 0.50), rank(fct, n, 0.95), rank(fct, n, 0.99), fct[n - 1]);
    }

    private static long rank(long[] sorted, int n, double q) {
      int r = (int) Math.ceil(q * n);
      return sorted[Math.max(0, Math.min(n - 1, r - 1))];
    }

    @Override
    public String toString() {
      return String.format("n=%d mean=%.1f us p50=%.1f us p95=%.1f us p99=%.1f us max=%.1f us", count,
          meanNanos / 1e3, p50Nanos / 1e3, p95Nanos / 1e3, p99Nanos / 1e3, maxNanos / 1e3);
    }
  }

  /**
   * Statistics of one directed link over the run.
   *
   * <p>Threading: immutable.
   *
   * @param utilization bytes carried * 8 / (rate * simulated time)
   * @param maxBacklogBytes the largest queue (bytes) an arriving packet found
   */
  public record LinkStats(String name, long bps, boolean failed, long packets, long bytes, long drops,
      long ceMarks, long maxBacklogBytes, double utilization) {

    /**
     * Checks that the link has a name.
     *
     * @param name the link's name, such as {@code S1->L1#1}
     * @param bps its rate in bits per second
     * @param failed whether it was failed at the end of the run
     * @param packets packets it carried
     * @param bytes bytes it carried
     * @param drops packets dropped at its queue
     * @param ceMarks packets it marked CE
     * @param maxBacklogBytes the largest queue (bytes) an arriving packet found
     * @param utilization bytes carried * 8 / (rate * simulated time)
     */
    public LinkStats {
      Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
      return String.format("%-10s %5.1fG%s util=%.3f pkts=%d drops=%d ce=%d maxq=%dB", name, bps / 1e9,
          failed ? " DOWN" : "", utilization, packets, drops, ceMarks, maxBacklogBytes);
    }
  }
}
