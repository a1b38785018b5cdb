// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

/**
 * Runnable teaching examples, each a class with a {@code main} and a comment header saying what it shows and how
 * to run it: {@link dev.clove.examples.ForwardingLoop} (embedding a balancer in a forwarding loop),
 * {@link dev.clove.examples.DiscoveryWalkthrough} (path discovery against a scripted traceroute),
 * {@link dev.clove.examples.EcnWeightsStepByStep} (CLOVE-ECN weights reacting to congestion) and
 * {@link dev.clove.examples.ReceiveSideFeedback} (the receive side's relay and feedback words) and
 * {@link dev.clove.examples.SchemeCounters} (what a scheme did inside one simulation). The paper's evaluation lives in
 * {@code dev.clove.examples.evaluation}.
 */
package dev.clove.examples;
