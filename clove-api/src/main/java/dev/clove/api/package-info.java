// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

/**
 * The CLOVE service-provider interface: everything a virtual switch, dataplane or simulator needs to embed a
 * CLOVE load balancer, and nothing more.
 *
 * <h2>The two sides</h2>
 * <ul>
 *   <li><b>Sending hypervisor</b>: a {@link dev.clove.api.LoadBalancer} picks, for every encapsulated packet, the
 *       outer transport source port, and with it the ECMP path the packet takes through the fabric. It learns
 *       about the paths through feedback: relayed ECN marks, in-band telemetry, traceroute probe replies and path
 *       failures.</li>
 *   <li><b>Receiving hypervisor</b>: a {@link dev.clove.api.FeedbackRelay} watches the outer headers of arriving
 *       packets (congestion marks, telemetry), and produces {@link dev.clove.api.FeedbackWord feedback words}
 *       to piggyback on reverse traffic to the sender.</li>
 * </ul>
 *
 * <h2>Identifiers and units</h2>
 * Destinations (remote tunnel endpoints) are dense integer ids chosen by the embedder, in
 * {@code [0, maxDestinations)}; an embedder typically uses the index of its tunnel-endpoint or neighbour table.
 * Flows are identified by a 64-bit key (a hash of the inner 5-tuple, for example the NIC's RSS hash widened, or
 * any stable value). Paths are identified on the wire by their outer source port (0..65535). All times are
 * nanoseconds from a {@link dev.clove.api.TimeSource} and are passed in: nothing in CLOVE reads a clock on the
 * per-packet path.
 *
 * <h2>Bad input</h2>
 * Configuration errors throw when a balancer is built. Input that comes from the network (feedback for unknown
 * paths or destinations, NaN or negative utilization, clocks going backwards) never throws: it is counted under
 * a {@link dev.clove.api.Counter} and ignored, and a packet always gets a valid source port.
 *
 * <p>This module has no dependencies.
 */
package dev.clove.api;
