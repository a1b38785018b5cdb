// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A rate per link, restoring a failed link, per-window link statistics, and the data-mining workload. */
class FabricFeaturesTest {

  private static final long GBPS = 1_000_000_000L;

  // ---------------------------------------------------------------------------------------------- rate per link

  /** One spine, one link per leaf pair, 2 hosts per leaf: every inter-leaf packet crosses L0->S0#0 and S0->L1#0. */
  private static Topology.Builder singlePath() {
    return Topology.leafSpine().spines(1).leaves(2).linksPerLeafSpine(1).hostsPerLeaf(2).hostLinkBps(10 * GBPS)
        .fabricLinkBps(GBPS);
  }

  private static RunSummary oneFlow(Topology topology, long bytes) {
    return Simulation.builder().topology(topology).scheme("ecmp").pathDiscovery(false)
        .workload(Workload.explicit(List.of(new Workload.Flow(0, 0, 2, bytes)))).seed(5).build().run();
  }

  @Test
  void aHalfRateLinkCarriesAtMostHalfTheBytesPerSecondOfAFullOne() {
    long bytes = 4_000_000;
    RunSummary full = oneFlow(singlePath().build(), bytes);
    RunSummary half = oneFlow(singlePath().linkBps(0, 0, 0, GBPS / 2).build(), bytes);
    assertEquals(GBPS / 2, half.link("L0->S0#0").bps());
    assertEquals(GBPS / 2, half.link("S0->L0#0").bps(), "both directions");
    assertEquals(GBPS, half.link("S0->L1#0").bps(), "other links keep the fabric rate");
    long fctFull = full.fctNanos(0);
    long fctHalf = half.fctNanos(0);
    // Payload alone at half of 1 Gbps takes bytes * 8 / 0.5e9 seconds: a lower bound on the half-rate FCT.
    double payloadAtHalfRate = bytes * 8 / 0.5;
    assertTrue(fctHalf >= payloadAtHalfRate, "half-rate FCT " + fctHalf + " below " + payloadAtHalfRate);
    assertTrue(fctFull < payloadAtHalfRate, "full-rate FCT " + fctFull + " is faster than half rate allows");
    // The link never exceeds its rate: bytes * 8 <= rate * time the flow ran.
    RunSummary.LinkStats link = half.link("L0->S0#0");
    assertTrue(link.bytes() * 8.0 <= GBPS / 2 * (half.simulatedNanos() / 1e9) * 1.0001,
        link + " over " + half.simulatedNanos() + " ns");
    assertTrue(link.bytes() > bytes, "the flow crossed it: " + link);
  }

  @Test
  void aLinksBufferScalesWithItsOwnRate() {
    Topology t = singlePath().linkBps(0, 1, 0, GBPS / 2).build();
    Sim s = new Sim(Simulation.builder().topology(t).scheme("ecmp")
        .workload(Workload.explicit(List.of(new Workload.Flow(0, 0, 2, 1000)))).build());
    int half = s.ports.leafUp[1][0];
    int full = s.ports.leafUp[0][0];
    // 100 packets of 1,500 bytes per Gbps (the default) at 0.5 and 1 Gbps.
    assertEquals(75_000, s.ports.portBuf[half]);
    assertEquals(150_000, s.ports.portBuf[full]);
    assertEquals(GBPS / 2, t.linkBps(0, 1, 0));
    assertEquals(GBPS, t.linkBps(0, 0, 0));
  }

  @Test
  void badLinkRatesAreRejectedByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Topology.leafSpine().linkBps(0, 0, 0, 0));
    assertTrue(e.getMessage().contains("linkBps.bps") && e.getMessage().contains("0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Topology.leafSpine().linkBps(5, 0, 0, GBPS).build());
    assertTrue(e.getMessage().contains("linkBps") && e.getMessage().contains("spine=5"), e.getMessage());
  }

  // ---------------------------------------------------------------------------------------------- restore

  private static final long FAIL_AT = 2_000_000;
  private static final long RESTORE_AT = 6_000_000;
  private static final long WINDOW = 500_000;

  /** Two spines, one link per pair; flows start all through the run, so that ECMP puts some on each spine. */
  private static RunSummary failAndRestore(boolean restore, long windowNanos) {
    Topology.Builder t = Topology.leafSpine().spines(2).leaves(2).linksPerLeafSpine(1).hostsPerLeaf(8)
        .failLink(0, 0, 0, FAIL_AT);
    if (restore) {
      t.restoreLink(0, 0, 0, RESTORE_AT);
    }
    List<Workload.Flow> flows = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      flows.add(new Workload.Flow(i * 50_000L, i % 8, 8 + (i * 3) % 8, 20_000));
    }
    Simulation.Builder b = Simulation.builder().topology(t.build()).scheme("ecmp").pathDiscovery(false)
        .workload(Workload.explicit(flows)).seed(7);
    if (windowNanos > 0) {
      b.linkStatsWindowNanos(windowNanos);
    }
    return b.build().run();
  }

  @Test
  void aRestoredLinkCarriesTrafficAgainAfterItsRestoreTimeAndNoneBetween() {
    RunSummary r = failAndRestore(true, WINDOW);
    assertTrue(r.unfinished().isEmpty(), r.unfinished().toString());
    LinkWindowStats w = r.linkWindows().orElseThrow();
    assertEquals(WINDOW, w.windowNanos(), "200 flows over 10 ms fit in 1,024 windows of 0.5 ms");
    long[] up = w.bytes("L0->S0#0");
    long before = 0;
    long between = 0;
    long after = 0;
    for (int i = 0; i < up.length; i++) {
      long start = i * WINDOW;
      long end = start + WINDOW;
      if (end <= FAIL_AT) {
        before += up[i];
      } else if (start >= FAIL_AT && end <= RESTORE_AT) {
        between += up[i];
      } else if (start >= RESTORE_AT) {
        after += up[i];
      }
    }
    assertTrue(before > 0, "ECMP used the link before it failed");
    assertEquals(0, between, "nothing enters a failed link: " + Arrays.toString(up));
    assertTrue(after > 0, "the restored link carries traffic again: " + Arrays.toString(up));
    assertTrue(!r.link("L0->S0#0").failed(), "up at the end of the run");

    RunSummary stayDown = failAndRestore(false, 0);
    assertTrue(stayDown.link("L0->S0#0").failed());
    assertTrue(stayDown.link("L0->S0#0").bytes() < r.link("L0->S0#0").bytes());
  }

  @Test
  void aLinkRestoredBeforeItsQueueDrainedStillLosesWhatWasOnIt() {
    // 8 hosts at 1 Gbps send through the one 4 Gbps uplink, which queues. The uplink is down for 5 us only,
    // less than its queue's drain time, so packets queued at the failure are still on it at the restore: they are
    // lost then, counted as drops in the window that starts at the restore. Nothing else can drop there: nothing
    // enters a failed link, and a restored link starts with an empty queue that 5 us cannot fill.
    List<Workload.Flow> flows = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      flows.add(new Workload.Flow(0, i, 8 + i, 1_000_000));
    }
    Topology t = Topology.leafSpine().spines(1).leaves(2).linksPerLeafSpine(1).hostsPerLeaf(8)
        .failLink(0, 0, 0, 3_000_000).restoreLink(0, 0, 0, 3_005_000).build(); // flows start after 1 ms warm-up
    RunSummary r = Simulation.builder().topology(t).scheme("ecmp").pathDiscovery(false)
        .workload(Workload.explicit(flows)).seed(3).linkStatsWindowNanos(5_000).linkStatsMaxWindows(16_384).build()
        .run();
    // The run checks packet conservation (allocated = consumed + dropped + live) and throws if it fails.
    assertTrue(r.unfinished().isEmpty(), r.unfinished().toString());
    LinkWindowStats w = r.linkWindows().orElseThrow();
    assertEquals(5_000, w.windowNanos(), "no merging: " + r.simulatedNanos());
    long[] drops = w.drops("L0->S0#0");
    long[] bytes = w.bytes("L0->S0#0");
    assertTrue(drops[601] > 0, "the packets on the link at the restore are lost: " + drops[601]);
    assertEquals(0, bytes[600], "nothing enters while it is down");
    assertTrue(bytes[599] > 0 && w.maxQueueBytes("L0->S0#0")[599] > 10 * 1500, "it was busy before the failure");
  }

  @Test
  void restoringALinkThatNeverFailedIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Topology.leafSpine().restoreLink(0, 0, 0, 1000).build());
    assertTrue(e.getMessage().contains("restoreLink") && e.getMessage().contains("no failLink"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Topology.leafSpine().failLink(0, 0, 0, 5000).restoreLink(0, 0, 0, 1000).build());
    assertTrue(e.getMessage().contains("1000"), "a restore before the failure: " + e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Topology.leafSpine().restoreLink(0, 0, 0, -1));
    assertTrue(e.getMessage().contains("restoreLink.atNanos") && e.getMessage().contains("-1"), e.getMessage());
  }

  // ---------------------------------------------------------------------------------------------- windows

  private static RunSummary busyRun(long windowNanos, int maxWindows) {
    Simulation.Builder b = Simulation.builder().topology(Topologies.paperAsymmetric()).scheme("ecmp")
        .workload(Workload.clientServer(FlowSizeDistribution.webSearch())).load(0.6).flows(150).seed(11);
    if (windowNanos > 0) {
      b.linkStatsWindowNanos(windowNanos).linkStatsMaxWindows(maxWindows);
    }
    return b.build().run();
  }

  private static void assertWindowsSumToTotals(RunSummary r) {
    LinkWindowStats w = r.linkWindows().orElseThrow();
    assertEquals(r.links().size(), w.links().size());
    long drops = 0;
    long marks = 0;
    for (RunSummary.LinkStats link : r.links()) {
      assertEquals(link.bytes(), Arrays.stream(w.bytes(link.name())).sum(), link.name() + " bytes");
      assertEquals(link.drops(), Arrays.stream(w.drops(link.name())).sum(), link.name() + " drops");
      assertEquals(link.ceMarks(), Arrays.stream(w.ceMarks(link.name())).sum(), link.name() + " CE");
      assertEquals(link.maxBacklogBytes(), Arrays.stream(w.maxQueueBytes(link.name())).max().orElseThrow(),
          link.name() + " max queue");
      drops += Arrays.stream(w.drops(link.name())).sum();
      marks += Arrays.stream(w.ceMarks(link.name())).sum();
    }
    assertEquals(r.drops(), drops);
    assertEquals(r.ecnMarks(), marks);
    // The windows cover the run: the last one holds its end.
    assertTrue((long) w.windowCount() * w.windowNanos() >= r.simulatedNanos());
    assertTrue((long) (w.windowCount() - 1) * w.windowNanos() < r.simulatedNanos());
  }

  @Test
  void windowStatisticsSumToTheRunsTotals() {
    RunSummary r = busyRun(5_000_000, 1024);
    assertTrue(r.drops() > 0 && r.ecnMarks() > 0, "the run exercises drops and marks: " + r);
    assertTrue(r.simulatedNanos() < 1024 * 5_000_000L, "fits without merging: " + r.simulatedNanos());
    assertEquals(5_000_000, r.linkWindows().orElseThrow().windowNanos());
    assertWindowsSumToTotals(r);
  }

  @Test
  void aRunThatOutlastsTheWindowsMergesThemAndKeepsTheTotals() {
    RunSummary r = busyRun(10_000, 8);
    LinkWindowStats w = r.linkWindows().orElseThrow();
    assertTrue(w.windowCount() <= 8 && w.windowCount() > 4, "between half and all of the windows: " + w);
    // The length is the configured one times a power of two, just enough for 8 windows to cover the run.
    long length = w.windowNanos();
    assertEquals(0, length % 10_000);
    assertEquals(1, Long.bitCount(length / 10_000));
    assertTrue(length * 8 >= r.simulatedNanos() && length * 4 < r.simulatedNanos(), w + " for " + r.simulatedNanos());
    assertWindowsSumToTotals(r);
  }

  @Test
  void recordingWindowsChangesNothingElseAndIsDeterministic() {
    RunSummary plain = busyRun(0, 0);
    RunSummary a = busyRun(50_000, 64);
    RunSummary b = busyRun(50_000, 64);
    assertTrue(plain.linkWindows().isEmpty());
    assertArrayEquals(plain.flowFinishNanos(), a.flowFinishNanos(), "recording does not perturb the run");
    assertEquals(plain.events(), a.events());
    LinkWindowStats wa = a.linkWindows().orElseThrow();
    LinkWindowStats wb = b.linkWindows().orElseThrow();
    for (String link : wa.links()) {
      assertArrayEquals(wa.bytes(link), wb.bytes(link));
      assertArrayEquals(wa.maxQueueBytes(link), wb.maxQueueBytes(link));
    }
  }

  @Test
  void badWindowSettingsAreRejectedByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Simulation.builder().linkStatsWindowNanos(-5));
    assertTrue(e.getMessage().contains("linkStatsWindowNanos") && e.getMessage().contains("-5"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Simulation.builder().linkStatsMaxWindows(7));
    assertTrue(e.getMessage().contains("linkStatsMaxWindows") && e.getMessage().contains("7"), e.getMessage());
  }

  private static long[] allocationRun(long bytesPerFlow) {
    List<Workload.Flow> flows = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      flows.add(new Workload.Flow(i * 10_000L, i, 16 + (i % 3), bytesPerFlow));
    }
    // Small windows and few of them: both runs fill them and merge, so the summary copies the same amount.
    Simulation sim = Simulation.builder().topology(Topologies.paperAsymmetric()).scheme("ecmp")
        .workload(Workload.explicit(flows)).pathDiscovery(false).seed(3).linkStatsWindowNanos(1_000)
        .linkStatsMaxWindows(16).build();
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    RunSummary r = sim.run();
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertTrue(r.unfinished().isEmpty());
    return new long[] {allocated, r.events()};
  }

  @Test
  void recordingWindowsAllocatesNothingPerEvent() {
    allocationRun(1_000_000); // warm up the JIT
    long[] shortRun = allocationRun(2_000_000);
    long[] longRun = allocationRun(8_000_000);
    double extraBytes = longRun[0] - shortRun[0];
    double extraEvents = longRun[1] - shortRun[1];
    assertTrue(extraEvents > 200_000, "the long run has many more events: " + extraEvents);
    assertTrue(extraBytes / extraEvents < 0.5, extraBytes + " more bytes for " + extraEvents + " more events");
  }

  // ---------------------------------------------------------------------------------------------- data mining

  @Test
  void dataMiningHasTheMeanOfItsPublishedPoints() {
    FlowSizeDistribution d = FlowSizeDistribution.dataMining();
    // Trapezoids of the VL2 CDF points (bytes, probability), the mean under linear interpolation, by hand:
    // 0.1 * (0+180)/2 + 0.1 * (180+216)/2 + 0.1 * (216+560)/2 + 0.1 * (560+900)/2 + 0.1 * (900+1100)/2
    // + 0.1 * (1100+1870)/2 + 0.1 * (1870+3160)/2 + 0.1 * (3160+10000)/2 + 0.1 * (10000+400000)/2
    // + 0.05 * (400000+3160000)/2 + 0.03 * (3160000+1e8)/2 + 0.02 * (1e8+1e9)/2
    double mean = 9 + 19.8 + 38.8 + 73 + 100 + 148.5 + 251.5 + 658 + 20_500 + 89_000 + 1_547_400 + 11_000_000;
    assertEquals(mean, d.meanBytes(), 1e-3);
    assertEquals("datamining_cdf.txt", d.name());
  }

  @Test
  void dataMiningSamplesFollowTheCdf() {
    FlowSizeDistribution d = FlowSizeDistribution.dataMining();
    SplittableRandom random = new SplittableRandom(42);
    int n = 200_000;
    int atMost1100 = 0;
    int above1e8 = 0;
    for (int i = 0; i < n; i++) {
      long s = d.sample(random);
      assertTrue(s >= 1 && s <= 1_000_000_000L, "sample " + s);
      atMost1100 += s <= 1100 ? 1 : 0;
      above1e8 += s > 100_000_000L ? 1 : 0;
    }
    // The CDF is 0.5 at 1,100 bytes and 0.98 at 100 MB; binomial deviations are 0.1% and 0.03% of n.
    assertEquals(0.5, atMost1100 / (double) n, 0.006);
    assertEquals(0.02, above1e8 / (double) n, 0.002);
  }
}
