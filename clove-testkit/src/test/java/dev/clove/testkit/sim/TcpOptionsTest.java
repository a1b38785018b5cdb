// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The guest TCP options (SACK, minimum RTO) on one flow over an idle fabric, with losses placed by hand, against
 * completion times computed here from the link parameters as {@link SingleFlowTest} does.
 */
class TcpOptionsTest {

  private static final int MSS = 1460;
  private static final int DATA_WIRE = MSS + 40 + 50; // inner TCP/IP headers + VXLAN encapsulation
  private static final int ACK_WIRE = 40 + 50;
  /** An ACK with one SACK block: kind, length and one 8-byte block is 10 bytes, padded to 12. */
  private static final int ACK_ONE_BLOCK_WIRE = ACK_WIRE + 12;
  /** Serialization of a data packet on a 1 Gbps host link, in ns: 1,550 bytes x 8. */
  private static final long D = DATA_WIRE * 8L;

  /** Store-and-forward serialization plus propagation over host, leaf-spine, spine-leaf and host links. */
  private static long oneWay(int bytes) {
    long host = bytes * 8L; // ns at 1 Gbps
    long fabric = bytes * 8L / 4; // ns at 4 Gbps
    return 2 * (host + 2_000) + 2 * (fabric + 2_000);
  }

  private static final long A = oneWay(DATA_WIRE); // 2 x (12,400 + 2,000) + 2 x (3,100 + 2,000) = 39,000 ns
  private static final long K = oneWay(ACK_WIRE); // 2 x (720 + 2,000) + 2 x (180 + 2,000) = 9,800 ns
  private static final long K1 = oneWay(ACK_ONE_BLOCK_WIRE); // 2 x (816 + 2,000) + 2 x (204 + 2,000) = 10,040

  /** Ten segments in one initial window from host 0 to host 16, losing the first transmissions of {@code lost}. */
  private static RunSummary tenSegments(boolean sack, int... lost) {
    long[] seqs = new long[lost.length];
    for (int i = 0; i < lost.length; i++) {
      seqs[i] = (long) lost[i] * MSS;
    }
    return Simulation.builder()
        .scheme("ecmp")
        .sack(sack)
        .dropFirstTransmissions(seqs)
        .workload(Workload.explicit(List.of(new Workload.Flow(0, 0, 16, 10 * MSS))))
        .seed(7)
        .build()
        .run();
  }

  @Test
  void constantsAreTheHandComputedOnes() {
    assertEquals(12_400, D);
    assertEquals(39_000, A);
    assertEquals(9_800, K);
    assertEquals(10_040, K1);
  }

  @Test
  void withoutLossSackChangesNothing() {
    // SingleFlowTest's one-window flow: 9 serializations, one way out, one ACK back; no SACK block is sent.
    long expected = 9 * D + A + K;
    assertEquals(expected, tenSegments(false).fctNanos(0));
    assertEquals(expected, tenSegments(true).fctNanos(0));
  }

  @Test
  void singleLossRecoversWithOneFastRetransmitEitherWay() {
    // Segment 2 of 0..9 is lost. Segments leave back to back, segment i at i x D. Segments 3, 4, 5 each draw a
    // duplicate ACK; the third reaches the sender at 5D + A + K (NewReno; K1 with SACK: the ACK has one block),
    // 110,800 or 111,040 ns, while the host link is still busy with segments 6..9 until 10D = 124,000 ns. The
    // retransmission waits for them, leaves at 10D, fills the hole, and the ACK of all ten comes back with no
    // SACK block: FCT = 10D + A + K = 172,800 ns for both.
    long expected = 10 * D + A + K;
    RunSummary newReno = tenSegments(false, 2);
    RunSummary sack = tenSegments(true, 2);
    assertEquals(172_800, expected);
    assertEquals(expected, newReno.fctNanos(0));
    assertEquals(expected, sack.fctNanos(0));
    assertEquals(1, newReno.retransmits(), "NewReno: the fast retransmit only");
    // SACK: ssthresh = cwnd = 8 segments in flight / 2 = 4. At the duplicate ACK of segment 7, SACKed 3..7,
    // unSACKed 2 (lost and retransmitted: counts once), 8, 9: pipe = 3, so one segment may go; no hole is lost
    // above HighRxt and no new data is left, so rule 4 sends the rescue retransmission of segment 9, the highest
    // unSACKed one. It trails the first retransmission and changes nothing else.
    assertEquals(2, sack.retransmits(), "SACK: the fast retransmit and the rescue retransmission");
    assertEquals(0, newReno.timeouts());
    assertEquals(0, sack.timeouts());
  }

  @Test
  void burstOfThreeLossesTakesOneRoundTripWithSackAndThreeWithNewReno() {
    // Segments 2, 3, 4 are lost. Segments 5, 6, 7 draw the three duplicate ACKs; the third is back at
    // 7D + A + K(1) (135,600 ns NewReno, 135,840 SACK), after the host link went idle at 10D = 124,000.
    long thirdDupNewReno = 7 * D + A + K;
    long thirdDupSack = 7 * D + A + K1;
    // NewReno: one hole per round trip. The retransmission of 2 draws a partial ACK one RTT (A + K) later, which
    // retransmits 3, whose partial ACK retransmits 4, whose ACK covers all: three round trips.
    long newRenoFct = thirdDupNewReno + 3 * (A + K);
    assertEquals(282_000, newRenoFct);
    // SACK: at the third duplicate ACK SACKed 5..7 (3 segments, so 2, 3, 4 are lost), cwnd = ssthresh = 8 / 2 =
    // 4, pipe = unSACKed 2, 3, 4, 8, 9 (5) - lost (3) + retransmitted (2: 1) = 3 after the retransmission of 2,
    // so 3 goes too, back to back. The duplicate ACK of 8 leaves pipe = 3 again and rule 1 sends 4, which queues
    // behind 3 on the host link: the three retransmissions leave at T, T + D, T + 2D, and the last one's ACK,
    // covering everything, comes back A + K after it left.
    long sackFct = thirdDupSack + 2 * D + A + K;
    assertEquals(209_440, sackFct);
    RunSummary newReno = tenSegments(false, 2, 3, 4);
    RunSummary sack = tenSegments(true, 2, 3, 4);
    assertEquals(newRenoFct, newReno.fctNanos(0));
    assertEquals(sackFct, sack.fctNanos(0));
    assertEquals(3, newReno.retransmits());
    assertEquals(3, sack.retransmits(), "no rescue: segment 4, the highest unSACKed, was already retransmitted");
    assertEquals(0, newReno.timeouts());
    assertEquals(0, sack.timeouts());
  }

  @Test
  void aLossRightAfterAFullRecoveryIsFastRetransmittedNotLeftToTheTimer() {
    // Thirty segments, losing the first transmissions of 2 and 14. Segment i leaves at iD; its ACK is back A + K =
    // 48,800 ns (3.9 D) later. The ACKs of 0 and 1 (at 3.9 D and 4.9 D) grow the window to 11 and 12 in slow
    // start and release segments 10 to 13 behind 0..9 on the host link. The third duplicate ACK (of segment 5,
    // at 8.9 D) finds 14 segments sent, so the recovery ends at recover = 14 segments: the retransmission of 2
    // leaves at 14 D, and its ACK (at 17.9 D, before segment 14 reaches the receiver) acknowledges exactly 0..13,
    // a full acknowledgement with nothing above recover. Segment 14, the first one after it, is lost; 15, 16, 17
    // draw three duplicate ACKs of 14 segments. RFC 6582 allows a new fast retransmit once the cumulative ACK
    // covers recover's last byte, which it does here, so neither loss waits for the retransmission timer (10 ms).
    long[] lost = {2L * MSS, 14L * MSS};
    for (boolean sack : new boolean[] {false, true}) {
      RunSummary r = Simulation.builder()
          .scheme("ecmp")
          .sack(sack)
          .dropFirstTransmissions(lost)
          .workload(Workload.explicit(List.of(new Workload.Flow(0, 0, 16, 30 * MSS))))
          .seed(7)
          .build()
          .run();
      assertEquals(0, r.timeouts(), "SACK " + sack);
      assertTrue(r.fctNanos(0) < 1_000_000, "SACK " + sack + ": FCT " + r.fctNanos(0) + " ns");
    }
  }

  @Test
  void minimumRtoSetsTheTailLossRecovery() {
    // A one-segment flow whose only segment is lost: nothing comes back, the timer fires at the initial RTO (the
    // minimum RTO, as connections are taken as established), and the retransmission takes one RTT: FCT = RTO +
    // A + K. The sources' values: 250 us (ns-2 lineage), 5 ms (Hermes), 10 ms (ours).
    for (long minRto : new long[] {250_000, 5_000_000, 10_000_000}) {
      for (boolean sack : new boolean[] {false, true}) {
        RunSummary r = Simulation.builder()
            .scheme("ecmp")
            .minRtoNanos(minRto)
            .sack(sack)
            .dropFirstTransmissions(0)
            .workload(Workload.explicit(List.of(new Workload.Flow(0, 0, 16, MSS))))
            .build()
            .run();
        assertEquals(minRto + A + K, r.fctNanos(0), "min RTO " + minRto + ", SACK " + sack);
        assertEquals(1, r.timeouts());
      }
    }
  }

  @Test
  void badMinimumRtoIsRefusedByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Simulation.builder().minRtoNanos(999));
    assertTrue(e.getMessage().contains("minRtoNanos") && e.getMessage().contains("999"), e.getMessage());
  }

  private static RunSummary perFlow(boolean connectionPerFlow, int initialWindow, long[] lost,
      Workload.Flow... flows) {
    return Simulation.builder()
        .scheme("ecmp")
        .connectionPerFlow(connectionPerFlow)
        .initialWindow(initialWindow)
        .dropFirstTransmissions(lost)
        .workload(Workload.explicit(List.of(flows)))
        .seed(7)
        .build()
        .run();
  }

  @Test
  void handshakeAddsOneSmallPacketRoundTrip() {
    // The SYN and the SYN-ACK are header-only, the size of an ACK: one way each is K, so the data starts 2K
    // after the flow: FCT = 2K + 9D + A + K = 19,600 + 111,600 + 48,800 = 180,000 ns for ten segments.
    RunSummary r = perFlow(true, 10, new long[0], new Workload.Flow(0, 0, 16, 10 * MSS));
    assertEquals(180_000, 2 * K + 9 * D + A + K);
    assertEquals(2 * K + 9 * D + A + K, r.fctNanos(0));
    assertEquals(0, r.timeouts());
  }

  @Test
  void everyFlowStartsWithAFreshWindow() {
    // Initial window 1. Flow 0 (20 segments) grows the window far above 3 segments; flow 1 (3 segments) starts
    // 1 ms later, once flow 0 is done (its slow start takes a few RTTs of about 49 us plus 20 serializations of
    // 12.4 us), and less than the 10 ms RTO after, so a persistent connection keeps its window.
    Workload.Flow first = new Workload.Flow(0, 0, 16, 20 * MSS);
    Workload.Flow second = new Workload.Flow(1_000_000, 0, 16, 3 * MSS);
    RunSummary persistent = perFlow(false, 1, new long[0], first, second);
    RunSummary fresh = perFlow(true, 1, new long[0], first, second);
    long rtt = A + K;
    // Persistent: the three segments leave back to back: 2D + A + K = 73,600 ns.
    assertEquals(73_600, 2 * D + rtt);
    assertEquals(2 * D + rtt, persistent.fctNanos(1));
    // A connection per flow: the handshake, then slow start from one segment as in SingleFlowTest: one segment,
    // its ACK, two segments back to back, the ACK of the second: 2K + 2 (A + K) + D = 129,600 ns.
    assertEquals(129_600, 2 * K + 2 * rtt + D);
    assertEquals(2 * K + 2 * rtt + D, fresh.fctNanos(1));
    // The first flow is on a new connection in both cases: the handshake delays all it does by exactly 2K.
    assertEquals(persistent.fctNanos(0) + 2 * K, fresh.fctNanos(0));
  }

  @Test
  void lostSynIsRetransmittedOnTheRtoAndTheWindowStartsAtOneSegment() {
    // The first SYN is lost: the second leaves at the initial RTO (the minimum RTO, 10 ms), the handshake then
    // takes 2K, and the window is one segment (RFC 5681 section 3.1), so three segments take 2 (A + K) + D
    // instead of 2D + A + K.
    long[] synLost = {-1};
    RunSummary r = perFlow(true, 10, synLost, new Workload.Flow(0, 0, 16, 3 * MSS));
    long expected = 10_000_000 + 2 * K + 2 * (A + K) + D;
    assertEquals(10_129_600, expected);
    assertEquals(expected, r.fctNanos(0));
    assertEquals(1, r.timeouts());
    RunSummary control = perFlow(true, 10, new long[0], new Workload.Flow(0, 0, 16, 3 * MSS));
    assertEquals(2 * K + 2 * D + A + K, control.fctNanos(0));
  }

  @Test
  void loadedRunsWithTheOptionsFinishAreDeterministicAndAllocateNothingPerEvent() {
    // AllocationTest and DeterminismTest cover the defaults; here each option alone, and SACK with per-flow
    // connections. (With DCTCP guests this run drops nothing, so it is not combined with SACK.)
    boolean[][] settings = {{true, false, false}, {false, true, false}, {false, false, true}, {true, true, false}};
    for (boolean[] setting : settings) {
      {
        boolean sack = setting[0];
        boolean connectionPerFlow = setting[1];
        boolean dctcp = setting[2];
        long[] warm = loaded(sack, connectionPerFlow, dctcp, 1_000_000);
        long[] shortRun = loaded(sack, connectionPerFlow, dctcp, 2_000_000);
        long[] again = loaded(sack, connectionPerFlow, dctcp, 2_000_000);
        long[] longRun = loaded(sack, connectionPerFlow, dctcp, 8_000_000);
        String label = "sack=" + sack + ", connectionPerFlow=" + connectionPerFlow + ", dctcp=" + dctcp;
        assertEquals(shortRun[2], again[2], label + ": same seed, same FCT sum");
        assertEquals(shortRun[1], again[1], label + ": same seed, same events");
        assertTrue(dctcp || longRun[3] > 0, label + ": the loaded run retransmits, so recovery ran: " + longRun[3]);
        double extraBytes = longRun[0] - shortRun[0];
        double extraEvents = longRun[1] - shortRun[1];
        assertTrue(extraEvents > 200_000, label + ": " + extraEvents);
        assertTrue(extraBytes / extraEvents < 0.5, label + ": " + extraBytes + " more bytes for " + extraEvents
            + " more events");
        assertTrue(warm[1] > 0);
      }
    }
  }

  /** AllocationTest's loaded run (8 clients into 3 servers), with the options: bytes, events, FCT sum, retx. */
  private static long[] loaded(boolean sack, boolean connectionPerFlow, boolean dctcp, long bytesPerFlow) {
    List<Workload.Flow> flows = new java.util.ArrayList<>();
    for (int i = 0; i < 8; i++) {
      flows.add(new Workload.Flow(i * 10_000L, i, 16 + (i % 3), bytesPerFlow));
    }
    Simulation sim = Simulation.builder().topology(Topologies.paperAsymmetric()).scheme("clove-ecn")
        .sack(sack).connectionPerFlow(connectionPerFlow).dctcpGuests(dctcp)
        .workload(Workload.explicit(flows)).pathDiscovery(false).seed(3).build();
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    RunSummary r = sim.run();
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertTrue(r.unfinished().isEmpty());
    long fctSum = 0;
    for (int i = 0; i < flows.size(); i++) {
      fctSum += r.fctNanos(i);
    }
    return new long[] {allocated, r.events(), fctSum, r.retransmits()};
  }

  @Test
  void dctcpUpdatesAlphaOncePerWindowAndCutsByHalfAlphaOncePerWindow() {
    // Ten segments in the initial window of 10; the first transmissions of segments 5, 6, 7 arrive marked CE, so
    // the ACKs of 5, 6, 7 carry ECE (ACKs are not delayed). Hand derivation, in MSS:
    // - alpha starts at 1 (as Linux). The observation window starts at sequence 0, so the ACK of segment 0
    //   closes the first window with F = 0: alpha = 15/16, and the next window ends at snd_max = 10.
    // - The ACKs of 0..4 grow cwnd by one each in slow start: 15. The ACK of 5 carries ECE: ssthresh = cwnd =
    //   15 (1 - (15/16) / 2) = 15 x 17/32 MSS, and no further cut until the ACK passes 10, so the ECE of 6 and 7
    //   cut nothing (two more cuts would have left 15 (17/32)^3).
    // - The ACK of 9 (cumulative 10) closes the second window: 9 segments acknowledged, 3 with ECE, F = 1/3:
    //   alpha = (15/16)^2 + (1/16)(1/3).
    Simulation sim = Simulation.builder()
        .scheme("ecmp")
        .dctcpGuests(true)
        .markFirstTransmissions(5L * MSS, 6L * MSS, 7L * MSS)
        .workload(Workload.explicit(List.of(new Workload.Flow(0, 0, 16, 10 * MSS))))
        .seed(7)
        .build();
    Sim run = new Sim(sim);
    RunSummary r = run.run();
    GuestTcp tcp = run.hosts.tcp;
    assertEquals(1, tcp.conns);
    assertEquals(225.0 / 256 + 1.0 / 48, tcp.alpha[0], 1e-12);
    assertEquals(15 * 1460 * 17 / 32.0, tcp.ssthresh[0], 1e-9);
    // The cut leaves cwnd above the 4-segment bandwidth-delay product and everything is already sent: the FCT
    // is SingleFlowTest's 9D + A + K.
    assertEquals(9 * D + A + K, r.fctNanos(0));
  }

  @Test
  void withoutDctcpTheGuestsIgnoreMarks() {
    Simulation sim = Simulation.builder()
        .scheme("ecmp")
        .markFirstTransmissions(5L * MSS, 6L * MSS, 7L * MSS)
        .workload(Workload.explicit(List.of(new Workload.Flow(0, 0, 16, 10 * MSS))))
        .seed(7)
        .build();
    Sim run = new Sim(sim);
    run.run();
    assertEquals(Double.MAX_VALUE, run.hosts.tcp.ssthresh[0], "no cut: ssthresh stays infinite");
  }

  @Test
  void dctcpReactsToTheFabricsMarks() {
    // Two senders into one 1 Gbps downlink push its queue past K (SingleFlowTest's control case). NewReno guests
    // ignore the marks and fill the buffer until it drops; DCTCP guests cut their windows on the marks, so the
    // queue stays lower and drops no more.
    List<Workload.Flow> flows =
        List.of(new Workload.Flow(0, 0, 16, 5_000_000), new Workload.Flow(0, 1, 16, 5_000_000));
    RunSummary blind = Simulation.builder().scheme("ecmp").workload(Workload.explicit(flows)).seed(7).build().run();
    RunSummary dctcp = Simulation.builder().scheme("ecmp").dctcpGuests(true).workload(Workload.explicit(flows))
        .seed(7).build().run();
    assertTrue(blind.ecnMarks() > 0 && dctcp.ecnMarks() > 0);
    assertTrue(dctcp.link("L1->H16").maxBacklogBytes() < blind.link("L1->H16").maxBacklogBytes(),
        dctcp.link("L1->H16") + " against " + blind.link("L1->H16"));
    assertTrue(dctcp.drops() <= blind.drops(), dctcp.drops() + " drops against " + blind.drops());
  }
}
