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
 * <p>Threading: called from the thread that calls {@link LoadBalancer#onTick}.
 */
@FunctionalInterface
public interface ProbeSender {

  /**
   * Sends one probe.
   *
   * @param destination dense id of the destination hypervisor
   * @param sourcePort the outer source port, which selects the path to trace
   * @param ttl the outer IP time-to-live: the hop at which a switch answers
   */
  void sendProbe(int destination, int sourcePort, int ttl);
}
