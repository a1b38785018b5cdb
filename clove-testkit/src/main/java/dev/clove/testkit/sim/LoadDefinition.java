// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit.sim;

/**
 * What a simulation's offered load counts (see {@link Simulation.Builder#load} and
 * {@link Simulation.Builder#loadDefinition}). Flows arrive as a Poisson process whose rate is
 * {@code lambda = load x C / (8 x B)}, with {@code C} the fabric's nominal bisection capacity
 * ({@link Topology#bisectionBps()}) and {@code B} the mean bytes one flow is counted as:
 * <ul>
 *   <li>{@link #WIRE}: {@code B = E[S] + E[ceil(S / mss)] x (40 + encapsulation)}, the bytes the flow's data
 *       segments occupy on a fabric link: its payload, plus per segment the guest's IPv4 and TCP headers (40
 *       bytes) and the vswitch's encapsulation ({@link Simulation.Builder#encapsulationBytes}, 50 for VXLAN).
 *       This is the definition of the ns-2 scripts of CONGA's lineage, {@code lambda = C x load / (S x 8 / 1460 x
 *       1500)}, counted with the exact segment count and this simulator's headers, so that load L offers L x C
 *       bits per second on the wire.</li>
 *   <li>{@link #PAYLOAD}: {@code B = E[S]}, application bytes only (clove 0.1.0's definition, about 6% less
 *       on the wire than {@link #WIRE} with 1,460-byte segments and VXLAN; kept so that older results can be
 *       reproduced).</li>
 * </ul>
 * Neither counts ACKs (they travel the other direction of a client-server workload), retransmissions (the
 * network's response, not the offer) or control traffic (probes, relayed feedback).
 *
 * <p>Threading: an enum; immutable and safe to share.
 */
public enum LoadDefinition {
  /** Offered load in wire bytes of the data segments (headers and encapsulation included); the default. */
  WIRE,
  /** Offered load in application (payload) bytes, clove 0.1.0's definition. */
  PAYLOAD
}
