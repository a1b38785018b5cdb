// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.examples.evaluation;

/**
 * What the evaluation keeps of one simulation.
 *
 * @param avgFctNanos mean flow completion time of all completed flows
 * @param p99MiceNanos 99th percentile FCT of mice (flows under 100 KB)
 * @param miceFctNanos every mouse's FCT, kept only for the Figure 3 point (else empty)
 * @param unfinished flows that did not complete
 * @param wallNanos how long the simulation took on this machine
 *
 * <p>Threading: immutable (do not modify {@code miceFctNanos}).
 */
public record PointResult(Point point, double avgFctNanos, double p99MiceNanos, long[] miceFctNanos,
    int completed, int unfinished, long drops, long timeouts, long events, long wallNanos) {}
