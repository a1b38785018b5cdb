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
   * @param destination dense id of the destination hypervisor
   * @param sourcePort the outer source port, which selects the path to trace
   * @param ttl the outer IP time-to-live: the hop at which a switch answers
   */
  void sendProbe(int destination, int sourcePort, int ttl);
}
