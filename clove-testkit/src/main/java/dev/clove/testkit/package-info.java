// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

/**
 * Test support for code that embeds CLOVE: a {@link dev.clove.testkit.VirtualClock} for unit tests, and, in
 * {@link dev.clove.testkit.sim}, a deterministic packet-level simulator of leaf-spine fabrics whose hosts embed
 * the library through the {@code clove-api} interfaces.
 *
 * <p>Threading: every type here is confined to one thread unless its Javadoc says otherwise.
 */
package dev.clove.testkit;
