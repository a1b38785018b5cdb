/**
 * The data path every CLOVE variant shares: flowlet detection ({@link dev.clove.core.FlowletTable}), path sets
 * and their discovery, the congestion-oblivious policies ({@link dev.clove.core.Policies}: ECMP and Edge-Flowlet),
 * smooth weighted round robin ({@link dev.clove.core.SmoothWeightedRoundRobin}) over lock-free published weights
 * ({@link dev.clove.core.PathWeights}), and the builder that assembles them into a
 * {@link dev.clove.api.LoadBalancer} ({@link dev.clove.core.Clove#builder()}).
 *
 * <h2>Extension</h2>
 * New placement schemes implement {@link dev.clove.core.PathPolicy} (shared, fed by feedback) and
 * {@link dev.clove.core.PathChooser} (per dataplane thread, picks a path per new flowlet); {@code clove-ecn} and
 * {@code clove-int} are built that way.
 *
 * <h2>Memory ordering</h2>
 * Shared state that dataplane threads read is published with release stores and read with acquire loads: path
 * sets as immutable objects in an {@link java.util.concurrent.atomic.AtomicReferenceArray}, weights under a
 * per-destination sequence counter. Control-plane writers are serialised by each balancer's control lock, which
 * the per-packet path never takes.
 */
package dev.clove.core;
