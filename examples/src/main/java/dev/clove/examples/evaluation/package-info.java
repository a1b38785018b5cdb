/**
 * The paper's evaluation (HotNets 2016, section 3, Figures 2 and 3) as a command-line job: five schemes over
 * loads on the symmetric and asymmetric leaf-spine fabrics, web-search workload, several seeds per point, run in
 * parallel on the simulator of {@code clove-testkit}, with tables, charts and the paper's headline ratios.
 *
 * <p>Roles, one class each: {@link dev.clove.examples.evaluation.Evaluation} (options and orchestration),
 * {@link dev.clove.examples.evaluation.Point} (one simulation to run), {@link dev.clove.examples.evaluation.PointResult}
 * (what is kept of it), {@link dev.clove.examples.evaluation.Results} (aggregation over seeds),
 * {@link dev.clove.examples.evaluation.Headlines} (the ratios the paper discusses), and
 * {@link dev.clove.examples.evaluation.Reports} (Markdown, CSV and charts).
 */
package dev.clove.examples.evaluation;
