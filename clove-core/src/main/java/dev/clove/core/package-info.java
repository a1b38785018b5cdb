// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

/**
 * The CLOVE data path every variant shares, and its extension point: {@link dev.clove.core.Clove#builder()}
 * assembles a {@link dev.clove.api.LoadBalancer} from flowlet detection, path sets (static, or found by
 * traceroute-style discovery configured with {@link dev.clove.core.DiscoveryConfig}) and a placement policy: the
 * congestion-oblivious ones of {@link dev.clove.core.Policies} (ECMP and Edge-Flowlet), or CLOVE-ECN and CLOVE-INT
 * from their modules.
 *
 * <h2>Silent paths</h2>
 * A path that keeps getting new flowlets but stops being heard by the receiver's relay (a gray failure, which the
 * switches do not detect) is taken out of service within a silence timeout, for every policy: relays report the ports
 * they hear ({@link dev.clove.core.Clove#livenessRelay()} for senders without congestion feedback), and the balancer
 * compares each path's placements with the reports about the destination's other paths; see
 * {@link dev.clove.core.BalancerBuilder#silenceTimeoutNanos}.
 *
 * <h2>Extension (the policy SPI)</h2>
 * New placement schemes implement {@link dev.clove.core.PathPolicy} (shared, fed by feedback) and
 * {@link dev.clove.core.PathChooser} (per dataplane thread, picks a path per new flowlet), and see each
 * destination's paths as a {@link dev.clove.core.PathSet}; {@code clove-ecn} and {@code clove-int} are built that
 * way. A receiving-side relay is configured through a {@link dev.clove.core.RelayBuilder}.
 *
 * <h2>What is not API</h2>
 * {@code dev.clove.core.internal} holds the implementation's building blocks (the flowlet table, weights published
 * under a sequence lock, smooth weighted round robin, the relay table, hashing). Its module descriptor exports it
 * only to clove-ecn and clove-int; on the class path its types are visible but are not API and change without
 * notice.
 *
 * <h2>Memory ordering</h2>
 * Shared state that dataplane threads read is published with release stores and read with acquire loads: path
 * sets as immutable objects in an {@link java.util.concurrent.atomic.AtomicReferenceArray}, weights under a
 * per-destination sequence counter. Control-plane writers are serialised by each balancer's control lock, which
 * the per-packet path never takes.
 */
package dev.clove.core;
