// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

/**
 * JMH benchmarks of CLOVE's per-packet fast path, its feedback processing and its receiver.
 *
 * <p>Every benchmark replays a precomputed {@link dev.clove.benchmarks.PacketTrace}: flow keys, destinations and
 * timestamps in power-of-two arrays read at {@code i++ & mask}, so the measured loop does no random-number or
 * hashing work of its own. Each benchmark returns its result so that the JIT keeps the work, and each class's
 * Javadoc gives the command that runs it. {@code benchmarks/README.md} has the command that runs them all and
 * the results.
 *
 * <p>Three classes are tools, not benchmarks: {@link dev.clove.benchmarks.SizingReport} prints how the flowlet
 * table's capacity trades against evicted live flowlets, {@link dev.clove.benchmarks.MemoryReport} the heap a
 * balancer takes per destination up front, and {@link dev.clove.benchmarks.CompareBuilds} compares the decision's
 * speed across builds of the library in one JVM, for A/B tests on a machine whose speed drifts.
 */
package dev.clove.benchmarks;
