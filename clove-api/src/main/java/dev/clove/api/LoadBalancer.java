// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.api;

/**
 * The sending side of CLOVE: chooses the outer source port (and so the fabric path) of each encapsulated packet,
 * and takes feedback about the paths.
 *
 * <p>Embedding it takes three calls:
 * <pre>{@code
 * int port = balancer.selectSourcePort(dst, flowKey, length, now);   // per packet, on the dataplane thread
 * balancer.onFeedbackWord(src, wordFromReverseTraffic, now);          // when a packet from src carries feedback
 * balancer.onTick(now);                                               // every millisecond or so, any thread
 * }</pre>
 *
 * <h2>Threading</h2>
 * {@link #selectSourcePort} (and its burst form {@link #selectSourcePorts}) is called by one dataplane thread per
 * instance (it owns the flowlet table). To run several dataplane threads, call {@link #newDataplane()} once per extra
 * thread: the instances share the path sets, weights and telemetry, and each owns its flowlet state. The control
 * methods (the feedback methods {@link #onCongestion}, {@link #onUtilization}, {@link #onProbeReply},
 * {@link #onPathFailure}, {@link #onFeedbackWord}, {@link #onMalformedFeedback}, and {@link #onTick}) are
 * thread-safe: they may be called from any thread, concurrently, on any of the instances; the state they change is
 * guarded by one control lock per balancer, which serialises them and which the per-packet path never takes
 * (what they merely count, they count atomically). They publish new path state
 * with release semantics and the dataplane reads it with acquire semantics, so selection never waits for them.
 * The lock is reentrant: a {@link ProbeSender} may call {@link #onProbeReply} from inside
 * {@link ProbeSender#sendProbe}, which runs inside {@link #onTick}. {@link #newDataplane()} and {@link #count} are
 * thread-safe too.
 *
 * <h2>Bad input</h2>
 * No method throws because of what arrived from the network. Feedback about an unknown destination or port, an
 * invalid utilization or a clock that went backwards is counted (see {@link #count(Counter)}) and ignored.
 * A packet for a destination out of range, or for one with no known path, gets a port from the static ECMP hash
 * of its flow over the fallback port range, so it is always forwarded.
 */
public interface LoadBalancer extends AutoCloseable {

  /**
   * Returns the outer transport source port (0..65535) for a packet.
   *
   * @param destination dense id of the destination tunnel endpoint
   * @param flowKey identity of the inner flow, see {@link PacketMetadata#flowKey}
   * @param packetLength the packet's length in bytes
   * @param nowNanos the current time from the embedder's {@link TimeSource}
   * @return the outer source port to put in the packet's encapsulation header
   */
  int selectSourcePort(int destination, long flowKey, int packetLength, long nowNanos);

  /**
   * Same as {@link #selectSourcePort(int, long, int, long)}, reading the packet through {@code metadata}.
   *
   * @param <P> the embedder's packet type
   * @param packet the packet to send
   * @param metadata reads the destination, flow key and length out of {@code packet}
   * @param nowNanos the current time from the embedder's {@link TimeSource}
   * @return the outer source port to put in the packet's encapsulation header
   */
  default <P> int selectSourcePort(P packet, PacketMetadata<P> metadata, long nowNanos) {
    return selectSourcePort(
        metadata.destination(packet), metadata.flowKey(packet), metadata.length(packet), nowNanos);
  }

  /**
   * Chooses the outer source ports of a burst of packets: the same as calling
   * {@link #selectSourcePort(int, long, int, long) selectSourcePort(destinations[i], flowKeys[i],
   * packetLengths[i], nowNanos)} for {@code i = 0..count-1}, in that order, and storing each result in
   * {@code portsOut[i]}; the ports and the counters come out identical, bit for bit.
   *
   * <p>All packets of a burst share one timestamp, as a vswitch reads its clock once per receive burst (DPDK's
   * {@code rx_burst} of 32, VPP's vectors). An implementation may use the burst to overlap the memory accesses of
   * its packets (the flowlet table's cache misses), which one call per packet cannot. The default loops over
   * {@code selectSourcePort}. Threading: as {@code selectSourcePort}, the owning dataplane thread only. Nothing is
   * read outside {@code 0..count-1} and nothing is allocated.
   *
   * @param destinations dense destination id of each packet
   * @param flowKeys inner-flow identity of each packet
   * @param packetLengths length in bytes of each packet
   * @param count the number of packets, from the start of each array
   * @param nowNanos the one timestamp of the whole burst
   * @param portsOut receives the port (0..65535) of packet {@code i} at index {@code i}
   * @throws IllegalArgumentException if {@code count} is negative or longer than one of the arrays (a programming
   *     error, checked once per burst), naming it
   */
  default void selectSourcePorts(int[] destinations, long[] flowKeys, int[] packetLengths, int count,
      long nowNanos, int[] portsOut) {
    checkBurst(destinations, flowKeys, packetLengths, count, portsOut);
    for (int i = 0; i < count; i++) {
      portsOut[i] = selectSourcePort(destinations[i], flowKeys[i], packetLengths[i], nowNanos);
    }
  }

  /** The argument check of {@link #selectSourcePorts}: {@code count} within the shortest array. */
  private static void checkBurst(int[] destinations, long[] flowKeys, int[] packetLengths, int count, int[] portsOut) {
    int shortest = Math.min(Math.min(destinations.length, flowKeys.length),
        Math.min(packetLengths.length, portsOut.length));
    if (count < 0 || count > shortest) {
      throw new IllegalArgumentException("count must be in 0.." + shortest + " (the shortest array), was " + count);
    }
  }

  /**
   * The receiving hypervisor reported that packets sent on {@code sourcePort} to it met congestion (ECN CE).
   *
   * @param destination dense id of the reporting destination
   * @param sourcePort the outer source port, and so the path, the marked packets took
   * @param nowNanos the current time
   */
  void onCongestion(int destination, int sourcePort, long nowNanos);

  /**
   * In-band telemetry reported the utilization of the path that {@code sourcePort} takes to {@code destination}:
   * the largest egress-link utilization along it, as a fraction of link capacity (0 idle, 1 saturated).
   *
   * @param destination dense id of the destination the path leads to
   * @param sourcePort the outer source port that selects the path
   * @param utilization the path's utilization; NaN, negative or implausibly large values are counted and ignored
   * @param nowNanos the current time
   */
  void onUtilization(int destination, int sourcePort, double utilization, long nowNanos);

  /**
   * The receiving hypervisor reported which fraction of the packets sent on {@code sourcePort} to it arrived
   * CE-marked in its last report interval (a graded report, {@link FeedbackWord#encodeCongestionFraction}); a
   * report of 0 says the port is heard and unmarked. The default keeps implementations written before graded
   * reports existed working: a fraction above 0 is a congestion report ({@link #onCongestion}), 0 a liveness
   * report ({@link #onPathHeard}), and NaN or a value outside [0, 1] is ignored. Thread-safe, like every control
   * method.
   *
   * @param destination dense id of the reporting destination
   * @param sourcePort the outer source port, and so the path, the reported packets took
   * @param fraction the share of those packets that arrived CE-marked, in [0, 1]
   * @param nowNanos the current time
   */
  default void onCongestionFraction(int destination, int sourcePort, double fraction, long nowNanos) {
    if (fraction > 0 && fraction <= 1) {
      onCongestion(destination, sourcePort, nowNanos);
    } else if (fraction == 0) {
      onPathHeard(destination, sourcePort, nowNanos);
    }
  }

  /**
   * A traceroute-style probe sent with {@code sourcePort} and {@code ttl} was answered. Thread-safe, like every
   * control method (see "Threading" above); may also be called from inside {@link ProbeSender#sendProbe}.
   *
   * <p>Only an answer that matches a probe of the destination's round in flight, by source port, TTL and
   * {@code probeId}, is used, and only the first answer to each probe; the others (spoofed, corrupted, replayed
   * or duplicated answers) are counted as {@link Counter#PROBE_REPLIES_REJECTED} and ignored. Late answers to
   * the destination's previous round are counted as {@link Counter#PROBE_REPLIES} and ignored.
   *
   * @param destination dense id of the destination the probe was sent towards
   * @param sourcePort the outer source port the probe carried
   * @param ttl the probe's time-to-live, so the hop count at which it was answered
   * @param probeId the identifier the probe was sent with ({@link ProbeSender#sendProbe}), as quoted back by
   *     the answer
   * @param hopId an identifier of the responding interface (for example its IP address)
   * @param fromDestination true when the destination hypervisor itself answered, which ends the path
   * @param nowNanos the current time
   */
  void onProbeReply(int destination, int sourcePort, int ttl, int probeId, long hopId, boolean fromDestination,
      long nowNanos);

  /**
   * The path that {@code sourcePort} takes to {@code destination} is known to have failed (for example, BFD on it
   * went down). The path stops receiving new flowlets at once. A static path returns by itself after the
   * builder's hold-down ({@code staticPathHoldDownNanos}, 1 s by default; another report restarts it); a
   * discovered one returns when discovery finds it again. Thread-safe.
   *
   * @param destination dense id of the destination the failed path leads to
   * @param sourcePort the outer source port that selects the failed path
   * @param nowNanos the current time; the hold-down of a static path is counted from it
   */
  void onPathFailure(int destination, int sourcePort, long nowNanos);

  /**
   * The receiving hypervisor reported that packets sent on {@code sourcePort} to it are arriving (a liveness
   * report, {@link FeedbackWord#encodeHeard}). A balancer uses these to take a path out of service when it keeps
   * getting new flowlets but stops being heard while other paths of the destination still are (a silent, or gray,
   * failure); see {@code Clove.builder().silenceTimeoutNanos}. Lock-free and thread-safe. The default ignores it,
   * for implementations that do not detect silent paths.
   *
   * @param destination dense id of the destination that heard the port
   * @param sourcePort the outer source port it heard
   * @param nowNanos the current time
   */
  default void onPathHeard(int destination, int sourcePort, long nowNanos) {}

  /**
   * The receiving hypervisor reported the spread of one-way delays among the paths it heard from this sender
   * lately (a {@link FeedbackWord#encodePathDelay path-delay} word): delays differed by up to
   * {@code delaySpreadNanos}. A balancer built with an adaptive flowlet gap ({@code Clove.builder()
   * .adaptiveFlowletGap}) keeps its gap to that destination just above the spread; others ignore it (the default).
   * Thread-safe.
   *
   * @param destination dense id of the destination that measured the spread
   * @param portsMeasured how many ports (paths) the receiver measured the spread over; a balancer uses a report
   *     only if that covers every path it has to the destination
   * @param delaySpreadNanos the spread, as decoded: at least what the receiver measured
   * @param nowNanos the current time
   */
  default void onPathDelay(int destination, int portsMeasured, long delaySpreadNanos, long nowNanos) {}

  /**
   * Decodes a {@link FeedbackWord} that arrived from {@code destination} on reverse traffic and applies it.
   * A word of {@link FeedbackWord#NONE} is ignored; a malformed word (including an extended word of a sub-kind
   * this version does not know) is counted and ignored.
   *
   * @param destination dense id of the destination whose packet carried the word
   * @param word the feedback word, as read from the packet
   * @param nowNanos the current time
   */
  default void onFeedbackWord(int destination, int word, long nowNanos) {
    if (!FeedbackWord.isWellFormed(word)) {
      onMalformedFeedback(destination, word, nowNanos);
      return;
    }
    switch (FeedbackWord.kind(word)) {
      case FeedbackWord.KIND_CONGESTION:
        onCongestion(destination, FeedbackWord.sourcePort(word), nowNanos);
        return;
      case FeedbackWord.KIND_UTILIZATION:
        onUtilization(destination, FeedbackWord.sourcePort(word), FeedbackWord.utilization(word), nowNanos);
        return;
      case FeedbackWord.KIND_EXTENDED: // well formed, so of a sub-kind this version knows
        if (FeedbackWord.subKind(word) == FeedbackWord.SUBKIND_PATH_DELAY) {
          onPathDelay(destination, FeedbackWord.pathDelayPorts(word), FeedbackWord.pathDelayNanos(word), nowNanos);
        } else if (FeedbackWord.subKind(word) == FeedbackWord.SUBKIND_CE_FRACTION) {
          onCongestionFraction(destination, FeedbackWord.sourcePort(word), FeedbackWord.congestionFraction(word),
              nowNanos);
        } else {
          onPathHeard(destination, FeedbackWord.sourcePort(word), nowNanos);
        }
        return;
      default:
        // KIND_NONE: nothing to apply.
    }
  }

  /**
   * Called for a feedback word this version cannot decode; implementations count it.
   *
   * @param destination dense id of the destination whose packet carried the word
   * @param word the undecodable word
   * @param nowNanos the current time
   */
  void onMalformedFeedback(int destination, int word, long nowNanos);

  /**
   * Housekeeping: sends due path-discovery probes (through the {@link ProbeSender}, from inside this call), ends
   * probe rounds whose reply timeout passed, expires paths that were not re-confirmed, ages telemetry and
   * weights. Call it periodically, every millisecond or so: the period is the resolution of discovery's timing.
   * Thread-safe: may be called from any thread, concurrently with every other method; serialised internally with
   * the other control methods by the control lock, which the per-packet path never takes.
   *
   * @param nowNanos the current time from the embedder's {@link TimeSource}
   */
  void onTick(long nowNanos);

  /**
   * Returns a balancer for another dataplane thread: it shares this one's paths, weights and telemetry and has
   * a flowlet table of its own. Close it when its thread stops, or the shared state keeps it (and its table).
   *
   * @return a new dataplane instance, to be used by one thread only
   */
  LoadBalancer newDataplane();

  /**
   * Releases this dataplane: the shared state stops referring to it, its counts are added to the shared totals,
   * and its flowlet table can be collected once the caller drops it. The other dataplanes, and the shared paths,
   * weights and telemetry, are unaffected, so closing the balancer {@code build()} returned does not close its
   * siblings. Idempotent; never throws. A closed dataplane still returns a valid port if it is called again, but
   * what it counts afterwards is no longer summed. {@link #count} costs one pass over the open dataplanes.
   */
  @Override
  void close();

  /**
   * The current value of a counter, summed over every dataplane that shares this balancer's state.
   *
   * @param counter the counter to read
   * @return the number of events counted so far, at least 0
   */
  long count(Counter counter);

  /**
   * A copy of {@code destination}'s current paths: ports, the hops discovery traced for each, and when the set was
   * published. An empty set (version 0) for a destination that has no paths yet, or that is out of range.
   * Allocates and briefly takes the control lock: for inspection, tools and tests, not for the packet path; poll
   * {@link #pathsVersion} instead and copy only when it changes. Thread-safe.
   *
   * @param destination dense id of the destination; any value is accepted
   * @return a new snapshot of the destination's paths, never null
   */
  DestinationPaths paths(int destination);

  /**
   * The version of {@code destination}'s current path set: 0 until it has paths, then a number that changes
   * whenever the set does (-1 for a destination out of range). Lock-free and allocation-free, so a monitoring
   * thread can poll it cheaply. Thread-safe.
   *
   * @param destination dense id of the destination; any value is accepted
   * @return the path set's version, 0 if it has none yet, -1 if {@code destination} is out of range
   */
  long pathsVersion(int destination);
}
