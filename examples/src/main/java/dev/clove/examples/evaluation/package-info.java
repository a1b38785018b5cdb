// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

/**
 * The paper's evaluation (HotNets 2016, section 3, Figures 2 and 3) as a command-line job: five schemes over
 * loads on the symmetric and asymmetric leaf-spine fabrics, web-search workload, several seeds per point, run in
 * parallel on the simulator of {@code clove-testkit}, with tables, charts and the paper's headline ratios. A sweep
 * can be split into shards that run on different machines and merged into the same reports (docs/sweeps.md).
 *
 * <p>Roles, one class each: {@link dev.clove.examples.evaluation.Evaluation} (options and orchestration),
 * {@code Merge} (the merge subcommand), {@code Sweep} (a sweep's settings, its points in canonical order and its
 * shards), {@link dev.clove.examples.evaluation.Point} (one simulation to run),
 * {@link dev.clove.examples.evaluation.PointResult} (what is kept of it), {@code RunLog} (the CSV record of the
 * simulations, for resuming and merging), {@link dev.clove.examples.evaluation.Results} (aggregation over seeds,
 * with the spread), {@link dev.clove.examples.evaluation.Headlines} (the ratios the paper discusses),
 * {@link dev.clove.examples.evaluation.Reports} (Markdown, CSV and charts), {@code Reporting} (which reports a
 * finished sweep writes), {@code CommandText} (the command line as run, quoted for a shell) and
 * {@code VersionProvider} (the build's version).
 */
package dev.clove.examples.evaluation;
