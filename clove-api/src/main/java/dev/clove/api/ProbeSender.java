// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.api;

/**
 * Sends the traceroute-style probes of CLOVE's path discovery; implemented by the embedder.
 *
 * <p>A probe is an encapsulated packet to {@code destination} with the given outer source port and outer IP TTL,
 * and with the rest of the outer 5-tuple as for data packets, so that the fabric's ECMP hashes it exactly like
 * data sent with that port (the Paris-traceroute idea the paper builds on, section 2.1). Each answer, a
 * time-exceeded message from a switch or a reply from the destination hypervisor, goes back to the balancer
 * through {@link LoadBalancer#onProbeReply}.
 *
 * <p>Threading: {@link #sendProbe} is called from inside {@link LoadBalancer#onTick}, on the thread that called
 * it, while that thread holds the balancer's control lock (the lock every control method takes, and the
 * per-packet path never does). An implementation may answer synchronously: calling
 * {@link LoadBalancer#onProbeReply} from inside {@code sendProbe}, on the same thread, is supported (the lock is
 * reentrant) and gives the same result as answering later; so are the other feedback methods. It must not
 * block waiting for another thread that calls a control method of the same balancer, as that thread waits for
 * the lock: a deadlock. A call to {@code onTick} from inside {@code sendProbe} does not start probe rounds.
 */
@FunctionalInterface
public interface ProbeSender {

  /**
   * Sends one probe, or queues it to be sent; it should not block for long, as probes for one destination go
   * out in a loop of {@code (k + probesPerRound) x maxTtl} calls inside one {@code onTick}.
   *
   * <p>{@code probeId} (0..65535, 16 bits) names this probe; every answer to it must be reported with the same
   * id through {@link LoadBalancer#onProbeReply}, and answers with another id are counted as
   * {@link Counter#PROBE_REPLIES_REJECTED} and ignored. It must travel in a part of the probe that an ICMP
   * time-exceeded message quotes back and that ECMP does not hash: the outer IP header's identification field,
   * or the first 8 bytes of the outer UDP datagram beyond the ports (its checksum, adjusted through the
   * payload, as Paris traceroute does). Do not put it in the source port or anything else ECMP hashes, or the
   * probe no longer follows the path of data with that port. Ids are drawn by a keyed permutation of a counter,
   * keyed by the balancer's secret seed: unpredictable to anyone who does not see the probes, and distinct
   * among the last 65,536 probes the balancer sent, so among every probe in flight.
   *
   * @param destination dense id of the destination hypervisor
   * @param sourcePort the outer source port, which selects the path to trace
   * @param ttl the outer IP time-to-live: the hop at which a switch answers
   * @param probeId the probe's identifier, 0..65535
   */
  void sendProbe(int destination, int sourcePort, int ttl, int probeId);
}
