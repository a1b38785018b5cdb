// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.examples.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/**
 * The spread across seeds in tables and charts, and ratios a reader can trust, on hand-made results whose expected
 * numbers are worked out in the comments.
 */
class SpreadAndRatiosTest {

  /** Average FCT and p99 of mice set to the same value, in milliseconds, one result per seed. */
  private static void add(List<PointResult> out, String scheme, double... msPerSeed) {
    for (int seed = 0; seed < msPerSeed.length; seed++) {
      double ns = msPerSeed[seed] * 1e6;
      out.add(new PointResult(new Point("asymmetric", scheme, 0.7, seed + 1), ns, ns, new long[0], 100, 0, 0, 0,
          1, 1));
    }
  }

  private static Headlines.Headline find(List<Headlines.Headline> all, String metric, String claim) {
    return all.stream().filter(h -> h.metric().equals(metric) && h.claim().equals(claim)).findFirst().orElseThrow();
  }

  private static final String ECN_SHARE = "share of the ECMP-to-CONGA gain captured by CLOVE-ECN";

  @Test
  void theShareIsShownWhenEcmpAndCongaAreSeparatedBeyondTheSeeds() {
    List<PointResult> results = new ArrayList<>();
    add(results, "ecmp", 20, 22); // mean 21, range [20, 22]
    add(results, "conga", 10, 12); // mean 11, range [10, 12]: no overlap with ECMP
    add(results, "clove-ecn", 14, 17); // mean 15.5
    List<Headlines.Headline> headlines = Headlines.compute(new Results(List.of("ecmp", "clove-ecn", "conga"),
        results));
    Headlines.Headline share = find(headlines, "average FCT", ECN_SHARE);
    assertNull(share.missing());
    // (21 - 15.5) / (21 - 11) = 0.55; seed 1: (20 - 14) / (20 - 10) = 0.6; seed 2: (22 - 17) / (22 - 12) = 0.5
    assertEquals(0.55, share.ours(), 1e-12);
    assertEquals("55%", share.formatOurs());
    assertEquals("50% to 60%", share.formatSeedRange());
    // CLOVE-ECN vs ECMP: 21 / 15.5 = 1.3548; seed 1: 20 / 14 = 1.4286; seed 2: 22 / 17 = 1.2941
    Headlines.Headline ratio = find(headlines, "average FCT", "CLOVE-ECN vs ECMP");
    assertEquals("1.35x", ratio.formatOurs());
    assertEquals("1.29x to 1.43x", ratio.formatSeedRange());
  }

  @Test
  void theShareIsNotApplicableWhenEcmpAndCongaOverlapAcrossSeeds() {
    List<PointResult> results = new ArrayList<>();
    add(results, "ecmp", 10, 12); // range [10, 12]
    add(results, "conga", 11, 13); // range [11, 13] overlaps ECMP's: the gain is within the seeds' noise
    add(results, "clove-ecn", 30, 31); // would give (11 - 30.5) / (11 - 12) = 1950% without the check
    List<Headlines.Headline> headlines = Headlines.compute(new Results(List.of("ecmp", "clove-ecn", "conga"),
        results));
    Headlines.Headline share = find(headlines, "average FCT", ECN_SHARE);
    assertEquals(Headlines.Missing.WITHIN_SPREAD, share.missing());
    assertEquals("n/a", share.formatOurs());
    String table = Reports.headlines(headlines);
    assertTrue(table.contains("| " + ECN_SHARE + " | n/a |"), table);
    assertTrue(table.contains("n/a: ECMP and CONGA are not separated"), "the table says what n/a means: " + table);
  }

  @Test
  void theShareIsNotApplicableWithOneSeedBecauseTheSpreadIsUnknown() {
    List<PointResult> results = new ArrayList<>();
    add(results, "ecmp", 20);
    add(results, "conga", 10);
    add(results, "clove-ecn", 15);
    List<Headlines.Headline> headlines = Headlines.compute(new Results(List.of("ecmp", "clove-ecn", "conga"),
        results));
    assertEquals("n/a", find(headlines, "average FCT", ECN_SHARE).formatOurs());
    Headlines.Headline ratio = find(headlines, "average FCT", "CLOVE-ECN vs ECMP");
    assertEquals("1.33x", ratio.formatOurs()); // 20 / 15; ratios stay, with no seed range
    assertEquals("-", ratio.formatSeedRange());
  }

  @Test
  void tablesShowTheRangeOverSeedsBesideTheMean() {
    List<PointResult> results = new ArrayList<>();
    add(results, "ecmp", 20, 22.5);
    add(results, "conga", 10, 12);
    String tables = Reports.tables(new Results(List.of("ecmp", "conga"), results));
    assertTrue(tables.contains("| ECMP | 21.250 [20.000, 22.500] |"), tables);
    assertTrue(tables.contains("| CONGA | 11.000 [10.000, 12.000] |"), tables);
    assertTrue(tables.contains("[lowest, highest]"), "the table says what the brackets are: " + tables);

    List<PointResult> oneSeed = new ArrayList<>();
    add(oneSeed, "ecmp", 20);
    assertTrue(Reports.tables(new Results(List.of("ecmp"), oneSeed)).contains("| ECMP | 20.000 |"));
  }

  @Test
  void chartsGiveEachSchemeItsOwnMarkerAndErrorBarsFromLowestToHighestSeed() {
    List<PointResult> results = new ArrayList<>();
    add(results, "ecmp", 20, 22);
    add(results, "edge-flowlet", 14, 15);
    add(results, "clove-ecn", 14, 17);
    add(results, "clove-int", 13, 14);
    add(results, "conga", 10, 12);
    Results aggregated = new Results(Evaluation.ALL_SCHEMES, results);
    XYChart chart = Reports.averageFctChartOf(aggregated, "asymmetric", "");
    Map<String, XYSeries> series = chart.getSeriesMap();
    Set<Object> markers = new HashSet<>();
    for (String scheme : Evaluation.ALL_SCHEMES) {
      XYSeries mean = series.get(Reports.display(scheme));
      assertTrue(mean.isShowInLegend());
      markers.add(mean.getMarker().getClass());
      XYSeries range = series.get(Reports.display(scheme) + " " + Reports.RANGE_SUFFIX);
      assertFalse(range.isShowInLegend(), "the range is not a legend entry of its own");
      assertEquals(mean.getLineColor(), range.getLineColor(), "error bars in the scheme's colour");
    }
    assertEquals(5, markers.size(), "five schemes, five marker shapes");
    // ECMP's seeds are 20 and 22 ms: the bar is centred on 21 and reaches 1 ms either way.
    XYSeries ecmpRange = series.get("ECMP " + Reports.RANGE_SUFFIX);
    assertEquals(21.0, ecmpRange.getYData()[0], 1e-9);
    assertEquals(1.0, ecmpRange.getExtraValues()[0], 1e-9);
    assertEquals(21.0, series.get("ECMP").getYData()[0], 1e-9);

    List<PointResult> oneSeed = new ArrayList<>();
    add(oneSeed, "ecmp", 20);
    XYChart single = Reports.averageFctChartOf(new Results(List.of("ecmp"), oneSeed), "asymmetric", "");
    assertEquals(Set.of("ECMP"), single.getSeriesMap().keySet(), "no error bars without a spread");
  }
}
