// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

/**
 * CLOVE-INT (paper, section 2.3): least-utilized path choice from in-band network telemetry. The module is named
 * {@code clove-int}; the package is {@code telemetry} because {@code int} is a Java keyword.
 *
 * <ul>
 *   <li>{@link dev.clove.telemetry.CloveInt#policy()} builds the sender side, an
 *       {@link dev.clove.telemetry.IntPolicy}.</li>
 *   <li>{@link dev.clove.telemetry.CloveInt#relay()} builds the receiver side, a
 *       {@link dev.clove.api.FeedbackRelay} that relays each path's latest utilization at most once per relay
 *       interval as a {@link dev.clove.api.FeedbackWord#encodeUtilization} word.</li>
 * </ul>
 *
 * <h2>Threading</h2>
 * The policy's control methods run serialised under the balancer's control lock; readings reach dataplane threads
 * through a per-destination seqlock (release on publish, acquire on read). A relay is confined to one thread at a
 * time. Nothing allocates per reading or per choice.
 */
package dev.clove.telemetry;
