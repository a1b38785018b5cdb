// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.api;

/**
 * The receiving side of CLOVE: watches the outer headers of tunnel packets as they arrive and produces the
 * {@link FeedbackWord feedback words} to piggyback on reverse traffic to each sender.
 *
 * <p>Per arriving packet from source hypervisor {@code S} whose outer source port was {@code p}:
 * <pre>{@code
 * relay.onArrival(S, p, outerEcnIsCe, now);   // then decapsulate WITHOUT copying CE into the inner header
 * int word = relay.pollFeedback(S, now);      // when sending a packet to S: put word in its reserved bits
 * }</pre>
 *
 * <h2>Hiding congestion marks from the VMs</h2>
 * CLOVE uses CE marks between hypervisors only; tenant VMs never see them (paper, section 2.3). The embedder
 * must therefore decapsulate without propagating a CE mark from the outer to the inner header (the default
 * tunnel behaviour of RFC 6040 would copy it). The relay cannot do that for the embedder: it never sees the
 * packet itself.
 *
 * <h2>Which calls each relay uses</h2>
 * Call {@link #onArrival} for every tunnel packet and {@link #pollFeedback} when sending to a source, with either
 * relay. The CLOVE-ECN relay ({@code CloveEcn.relay()}) learns from the CE bit of {@code onArrival} only; telemetry
 * handed to it through {@link #onTelemetry} is counted as {@link Counter#RELAY_WRONG_KIND} and ignored. The
 * CLOVE-INT relay ({@code CloveInt.relay()}) learns from {@code onTelemetry} only; its {@code onArrival} just counts
 * arrivals. A relay must match the policy of the sending balancer: words of the other kind reaching a balancer are
 * counted there as {@link Counter#FEEDBACK_WRONG_KIND}.
 *
 * <h2>Liveness</h2>
 * Both relays (and the liveness-only relay of {@code Clove.livenessRelay()}, for Edge-Flowlet and ECMP senders)
 * also report, at most once per 16 relay intervals per port, that a port is being heard: while {@code onArrival}
 * sees packets on a port about which there is no congestion or utilization report to send, {@code pollFeedback}
 * returns a {@link FeedbackWord#encodeHeard heard} word for it (a report about a port proves it heard as well).
 * The sender uses these to notice a path that still gets new flowlets but whose packets no longer arrive. Reports
 * are served before liveness words. A relay builder's {@code livenessReports(false)} turns liveness words off.
 *
 * <h2>Threading</h2>
 * A relay instance is used by one thread at a time (the receive path of one dataplane thread); it allocates
 * nothing after construction.
 */
public interface FeedbackRelay {

  /**
   * Records a packet that arrived from {@code source}, sent with outer source port {@code sourcePort}.
   *
   * @param source dense id of the sending hypervisor
   * @param sourcePort the packet's outer source port, which names the path it took
   * @param congestionExperienced whether the outer IP header carried ECN CE
   * @param nowNanos the current time
   */
  void onArrival(int source, int sourcePort, boolean congestionExperienced, long nowNanos);

  /**
   * Records in-band telemetry that arrived with a packet from {@code source} on {@code sourcePort}: the largest
   * egress-link utilization the packet met on its path. Invalid values (NaN, negative, implausibly large) are
   * counted and ignored.
   *
   * @param source dense id of the sending hypervisor
   * @param sourcePort the packet's outer source port, which names the path it took
   * @param pathUtilization the largest egress-link utilization on the path, as a fraction of capacity
   * @param nowNanos the current time
   */
  void onTelemetry(int source, int sourcePort, double pathUtilization, long nowNanos);

  /**
   * Records the send time that a packet from {@code source} on {@code sourcePort} carried (an encapsulation option,
   * as Geneve allows), so that the relay can measure the path's one-way delay, {@code nowNanos - sentAtNanos}.
   * The two hosts' clocks need not agree: their offset is the same for every path from one source, so it cancels
   * in the differences between paths, which is all a relay reports (see {@link FeedbackWord#encodePathDelay}).
   * Call it, besides {@link #onArrival}, for packets that carry a send time. Only a relay whose builder enabled
   * delay reports ({@code delayReports(true)}) uses it; the default, and every other relay, ignores it.
   *
   * @param source dense id of the sending hypervisor
   * @param sourcePort the packet's outer source port, which names the path it took
   * @param sentAtNanos the send time the packet carried, on the sender's clock
   * @param nowNanos the current time, on this host's clock
   */
  default void onSendTimestamp(int source, int sourcePort, long sentAtNanos, long nowNanos) {}

  /**
   * Returns the next report to piggyback on a packet to {@code source}, or {@link FeedbackWord#NONE}. A report
   * returned here is considered sent.
   *
   * @param source dense id of the hypervisor the next packet goes to
   * @param nowNanos the current time
   * @return a {@link FeedbackWord} to carry in that packet's reserved bits
   */
  int pollFeedback(int source, long nowNanos);

  /**
   * The current value of a counter.
   *
   * @param counter which counter
   * @return its value since the relay was built
   */
  long count(Counter counter);
}
