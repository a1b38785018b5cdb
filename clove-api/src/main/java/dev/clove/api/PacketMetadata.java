// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.api;

/**
 * Reads, from the embedder's own packet type, the three facts a {@link LoadBalancer} needs.
 *
 * <p>An embedder implements this once for its packet representation (a buffer with offsets, a simulator's packet
 * object, an mbuf wrapper) so that packets are never copied or wrapped on the way into CLOVE. Implementations
 * should be stateless and cheap: a field read or a fixed-offset load.
 *
 * <p>Threading: implementations must be safe to call concurrently from every dataplane thread; a stateless
 * implementation is.
 *
 * @param <P> the embedder's packet type
 */
public interface PacketMetadata<P> {

  /**
   * The dense id of the packet's destination tunnel endpoint, in {@code [0, maxDestinations)}.
   *
   * @param packet the packet
   * @return its destination id
   */
  int destination(P packet);

  /**
   * The identity of the packet's inner (tenant) flow: equal for every packet of one flow, and different for
   * different flows with high probability. A hash of the inner 5-tuple is the usual choice.
   *
   * @param packet the packet
   * @return its flow key
   */
  long flowKey(P packet);

  /**
   * The packet's length in bytes.
   *
   * @param packet the packet
   * @return its length
   */
  int length(P packet);
}
