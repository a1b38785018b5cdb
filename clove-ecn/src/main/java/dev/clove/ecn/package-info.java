// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

/**
 * CLOVE-ECN (paper, section 2.3): the sender cuts a path's weight by a third whenever the receiver relays an ECN
 * mark for it, gives the cut to the uncongested paths, and places new flowlets by smooth weighted round robin.
 *
 * <ul>
 *   <li>{@link dev.clove.ecn.CloveEcn#policy()} builds the sender side, an {@link dev.clove.ecn.EcnPolicy} to pass
 *       to {@code Clove.builder().policy(...)}.</li>
 *   <li>{@link dev.clove.ecn.CloveEcn#relay()} builds the receiver side, a {@link dev.clove.api.FeedbackRelay}
 *       that turns CE-marked arrivals into at most one {@link dev.clove.api.FeedbackWord#encodeCongestion} report per
 *       path per relay interval.</li>
 * </ul>
 *
 * <h2>Switches</h2>
 * The fabric must mark ECN; the paper uses DCTCP's guidance, a marking threshold of 20 MTU-sized packets per
 * queue. The sending hypervisor sets ECT in the outer IP header; the receiving one clears CE before
 * decapsulation (it must not reach the tenant VM) after telling the relay.
 *
 * <h2>Threading</h2>
 * The policy's control methods run serialised under the balancer's control lock; its weights reach dataplane
 * threads through a sequence lock (clove-core's internal {@code PathWeights}: release on publish, acquire on
 * read), so dataplanes never block. A relay is confined to one thread at a time. Nothing allocates per report.
 */
package dev.clove.ecn;
