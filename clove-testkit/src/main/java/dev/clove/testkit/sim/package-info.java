// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

/**
 * A deterministic, packet-level discrete-event simulator of leaf-spine fabrics in which every host runs a guest
 * TCP and a hypervisor vswitch that embeds CLOVE through the {@code clove-api} interfaces, as a production
 * vswitch would.
 *
 * <h2>Roles</h2>
 * <ul>
 *   <li>{@link dev.clove.testkit.sim.Topology} and {@link dev.clove.testkit.sim.Topologies}: the fabric.</li>
 *   <li>{@link dev.clove.testkit.sim.Workload} and {@link dev.clove.testkit.sim.FlowSizeDistribution}: who sends
 *       what to whom.</li>
 *   <li>{@link dev.clove.testkit.sim.Schemes} (a registry of {@link dev.clove.testkit.sim.Scheme}s): the one
 *       place where balancers and relays are built.</li>
 *   <li>{@link dev.clove.testkit.sim.Simulation}: a configured run; {@link dev.clove.testkit.sim.RunSummary}: its
 *       checked results, with {@link dev.clove.testkit.sim.LinkWindowStats} (per-link statistics per window of
 *       time) when the run records them.</li>
 *   <li>{@link dev.clove.testkit.sim.SimulatorSpeed}: the speed measurement.</li>
 * </ul>
 * Everything else is package-private, one final class per part of a run: {@code Sim} (the run loop), the fabric's
 * {@code Ports} and {@code Switches} (with {@code CongaLeaves}), the {@code Hosts}' vswitches and their
 * {@code GuestTcp}, the workload's {@code Flows}, and the {@code Packets} pool, {@code PortTree} and
 * {@code EventQueue} they share, and the {@code WindowRecorder} of per-window link statistics.
 *
 * <h2>Failures</h2>
 * {@code Topology.Builder.failLink} models a failure the switches detect: the link leaves their ECMP groups at once;
 * {@code Topology.Builder.restoreLink} brings it back later, into the groups again.
 * {@code Topology.Builder.grayLink} models one they do not: the link stays in the groups and drops all, or a seeded
 * fraction, of what enters it; only the edge can notice, from the relays' liveness reports (every edge scheme's
 * receivers run a relay), and {@link dev.clove.testkit.sim.RunSummary#grayLinkPairExposures()} says how long each
 * host pair kept using it.
 *
 * <h2>Threading</h2>
 * A run is single-threaded: it executes entirely on the thread that calls
 * {@link dev.clove.testkit.sim.Simulation#run()} and shares no mutable state with other runs, so separate runs
 * may go in parallel threads. Configuration objects are immutable; builders are confined to one thread.
 *
 * <h2>Determinism</h2>
 * Time is a long count of virtual nanoseconds; no clock is read. Events are ordered by time, then insertion
 * order; all randomness comes from one {@link java.util.SplittableRandom} per run, split per purpose (workload,
 * fabric, seeds of switches' ECMP salts and of each host's balancer, and last, which packets a partly gray link
 * drops). The same configuration and seed give
 * bit-identical results.
 */
package dev.clove.testkit.sim;
