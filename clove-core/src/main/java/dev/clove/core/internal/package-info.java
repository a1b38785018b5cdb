// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

/**
 * Not API: the building blocks of clove-core's data path and of the CLOVE-ECN and CLOVE-INT policies, public only
 * so that those modules can use them. The module descriptor exports this package to {@code dev.clove.ecn} and
 * {@code dev.clove.telemetry} alone; class-path users can see it but must not depend on it (it changes in any
 * release, and the API compatibility check skips it).
 *
 * <ul>
 *   <li>{@link dev.clove.core.internal.FlowletTable}: the per-dataplane, set-associative flowlet table.
 *   <li>{@link dev.clove.core.internal.PathWeights} and {@link dev.clove.core.internal.SmoothWeightedRoundRobin}:
 *       path weights published under a per-destination sequence lock, and the per-thread weighted round robin
 *       that reads them.
 *   <li>{@link dev.clove.core.internal.RelayTable} and {@link dev.clove.core.internal.TableRelayBuilder}: the
 *       receiving hypervisor's report bookkeeping, shared by both relays.
 *   <li>{@link dev.clove.core.internal.Hashing} and {@link dev.clove.core.internal.Checks}: keyed 64-bit mixing, and
 *       the argument checks whose messages name the parameter.
 * </ul>
 *
 * <p>Memory ordering follows {@code dev.clove.core}'s package description.
 */
package dev.clove.core.internal;
