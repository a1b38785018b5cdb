// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit.sim;

import java.util.Arrays;

/**
 * The tenants' TCP: NewReno senders (or, as options, SACK or DCTCP ones) on clients and cumulative-ACK receivers
 * on servers, over persistent connections that carry one flow at a time (or a connection per flow), all
 * connections of a run in parallel arrays indexed by connection. It sends through its hosts' vswitches
 * ({@link Hosts}) and records flows' outcomes in {@link Flows}.
 *
 * <p>Threading: confined to the thread that runs its {@link Sim}, like every part of a run.
 */
final class GuestTcp {
  /*
   * Options (Simulation.Builder; all off by default, and then none of their code runs): SACK with RFC 6675 loss
   * recovery instead of NewReno (onSackAck), a connection with a handshake per flow (startFlowWithHandshake),
   * DCTCP guests (onDataCe, dctcpOnAck). A test-only hook discards or marks chosen first transmissions.
   * Sender: RFC 5681 slow start (one MSS per ACK) and congestion avoidance (MSS^2 / cwnd per ACK), RFC 6582
   * NewReno fast retransmit and recovery with partial ACKs, RFC 6298 RTO with Karn's rule and exponential
   * backoff, and slow-start restart after an idle period longer than the RTO (RFC 5681 section 4.1). The window
   * is also capped by the receiver's advertised window. Segments are cut at MSS boundaries from the start of
   * each flow, so a retransmission re-sends exactly an original segment.
   * Receiver: cumulative ACKs with a sorted list of out-of-order ranges; optionally delayed ACKs. Not ECN-aware:
   * the vswitch hides CE from it.
   * Timers are lazy: one pending event per connection; re-arming later only moves a deadline, and the event,
   * when it fires early, re-schedules itself at the deadline.
   */

  static final long MAX_RTO = 2_000_000_000L;

  private final Sim sim;
  private final Packets pk;
  /** The vswitches this TCP sends through. */
  private final Hosts hosts;
  /** Where flows' finish times, retransmissions and timeouts are recorded. */
  private final Flows flows;
  private final int hostCount;

  // --- Counters over all connections.
  long dataPacketsSent;
  long retransmits;
  long timeouts;
  long reordered;

  int conns;
  int[] cClient;
  int[] cServer;
  int[] cFlow;
  int[] cNextIdle;
  long[] sndUna;
  long[] sndNxt;
  long[] sndMax;
  long[] appEnd;
  long[] flowBase;
  double[] cwnd;
  double[] ssthresh;
  int[] dupAcks;
  boolean[] inRecovery;
  long[] recover;
  long[] srtt;
  long[] rttvar;
  long[] rto;
  long[] timedSeq;
  long[] timedAt;
  long[] timerDeadline;
  long[] timerEvent;
  long[] lastActive;
  long[] rcvNxt;
  long[] rcvHigh;
  int[] rcvUnacked; // in-order segments received since the last ACK (delayed ACKs)
  long[] delAckAt; // time of the pending delayed-ACK event, or -1
  long[][] oooStart;
  long[][] oooEnd;
  int[] oooCount;
  final int[] idleHead; // per (client, server) pair: a stack of idle connections, linked by cNextIdle
  final long initialWindow;
  final long maxWindow;
  final long delayedAck;
  final long minRto;
  final int mss;
  final int encap;
  final int ackWire;

  // --- SACK (RFC 2018 blocks, RFC 6675 loss recovery); the arrays stay empty when the option is off.
  final boolean sack;
  /** Per ACK packet id, SACK_STRIDE longs: the block count, then up to three (start, end) blocks. */
  private long[] ackSack = new long[0];
  private static final int SACK_STRIDE = 7;
  long[][] sbStart; // sender's scoreboard: sorted, disjoint SACKed ranges above sndUna
  long[][] sbEnd;
  int[] sbCount;
  long[] highRxt; // end of the highest byte retransmitted in this recovery (RFC 6675 HighRxt, exclusive)
  long[] rescueRxt; // RFC 6675 RescueRxt, or -1 while undefined
  long[] rcvLastSeq; // receiver: start of the segment that arrived last, for the first SACK block
  // --- A connection per flow: a fresh connection and a handshake for every flow.
  final boolean connPerFlow;
  boolean[] handshaking; // the client's SYN is out and its SYN-ACK has not come back
  // --- DCTCP guests (a sensitivity option).
  final boolean dctcp;
  static final double DCTCP_G = 1.0 / 16;
  double[] alpha;
  long[] dcAcked; // bytes acknowledged in the current observation window
  long[] dcMarked; // of which acknowledged by ACKs with ECE
  long[] dcWindowEnd; // alpha is updated when the cumulative ACK reaches this
  long[] cwrEnd; // no further ECE cut until the cumulative ACK passes this
  boolean[] rcvCe; // receiver: CE state of the last data segment
  /** Test only: sequence numbers whose first transmission arrives marked CE, sorted; null for none. */
  private final long[] markFirst;
  /** Test only: sequence numbers whose first transmission the receiver discards, sorted; null for none. */
  private final long[] dropFirst;

  GuestTcp(Sim sim, Hosts hosts, Flows flows) {
    this.sim = sim;
    this.pk = sim.pk;
    this.hosts = hosts;
    this.flows = flows;
    this.hostCount = hosts.count;
    this.mss = hosts.mss;
    this.encap = hosts.encap;
    this.ackWire = hosts.ackWire;
    this.initialWindow = (long) sim.cfg.initialWindow * hosts.mss;
    this.maxWindow = sim.cfg.maxWindowBytes;
    this.delayedAck = sim.cfg.delayedAckNanos;
    this.minRto = sim.cfg.minRtoNanos;
    this.sack = sim.cfg.sack;
    this.connPerFlow = sim.cfg.connectionPerFlow;
    this.dctcp = sim.cfg.dctcpGuests;
    this.markFirst = sim.cfg.testMarkFirst;
    this.dropFirst = sim.cfg.testDropFirst;
    this.idleHead = new int[hostCount * hostCount];
    Arrays.fill(idleHead, -1);
    allocConns(64);
  }

  /** Fires the delayed-ACK timer of connection {@code c}, if the event at {@code t} is still current. */
  void delayedAckTimer(int c, long t) {
    if (delAckAt[c] == t) {
      delAckAt[c] = -1;
      sendAck(c);
    }
  }

  /** Starts flow {@code flow} of {@code size} bytes from {@code src} to {@code dst} on an idle connection. */
  void startFlow(int flow, int src, int dst, long size) {
    if (connPerFlow) {
      startFlowWithHandshake(flow, src, dst, size);
      return;
    }
    int c = idleHead[src * hostCount + dst];
    if (c >= 0) {
      idleHead[src * hostCount + dst] = cNextIdle[c];
    } else {
      c = newConn(src, dst);
    }
    cFlow[c] = flow;
    flowBase[c] = appEnd[c];
    appEnd[c] += size;
    // Slow-start restart after an idle period longer than the RTO (RFC 5681 section 4.1, as Linux does).
    if (sim.now - lastActive[c] > rto[c] && cwnd[c] > initialWindow) {
      cwnd[c] = initialWindow;
    }
    lastActive[c] = sim.now;
    trySend(c);
  }


  private void allocConns(int n) {
    cClient = Arrays.copyOf(cClient == null ? new int[0] : cClient, n);
    cServer = Arrays.copyOf(cServer == null ? new int[0] : cServer, n);
    cFlow = Arrays.copyOf(cFlow == null ? new int[0] : cFlow, n);
    cNextIdle = Arrays.copyOf(cNextIdle == null ? new int[0] : cNextIdle, n);
    dupAcks = Arrays.copyOf(dupAcks == null ? new int[0] : dupAcks, n);
    oooCount = Arrays.copyOf(oooCount == null ? new int[0] : oooCount, n);
    inRecovery = Arrays.copyOf(inRecovery == null ? new boolean[0] : inRecovery, n);
    cwnd = Arrays.copyOf(cwnd == null ? new double[0] : cwnd, n);
    ssthresh = Arrays.copyOf(ssthresh == null ? new double[0] : ssthresh, n);
    sndUna = growL(sndUna, n);
    sndNxt = growL(sndNxt, n);
    sndMax = growL(sndMax, n);
    appEnd = growL(appEnd, n);
    flowBase = growL(flowBase, n);
    recover = growL(recover, n);
    srtt = growL(srtt, n);
    rttvar = growL(rttvar, n);
    rto = growL(rto, n);
    timedSeq = growL(timedSeq, n);
    timedAt = growL(timedAt, n);
    timerDeadline = growL(timerDeadline, n);
    timerEvent = growL(timerEvent, n);
    lastActive = growL(lastActive, n);
    rcvNxt = growL(rcvNxt, n);
    rcvHigh = growL(rcvHigh, n);
    rcvUnacked = Arrays.copyOf(rcvUnacked == null ? new int[0] : rcvUnacked, n);
    delAckAt = growL(delAckAt, n);
    oooStart = Arrays.copyOf(oooStart == null ? new long[0][] : oooStart, n);
    oooEnd = Arrays.copyOf(oooEnd == null ? new long[0][] : oooEnd, n);
    sbStart = Arrays.copyOf(sbStart == null ? new long[0][] : sbStart, n);
    sbEnd = Arrays.copyOf(sbEnd == null ? new long[0][] : sbEnd, n);
    sbCount = Arrays.copyOf(sbCount == null ? new int[0] : sbCount, n);
    highRxt = growL(highRxt, n);
    rescueRxt = growL(rescueRxt, n);
    rcvLastSeq = growL(rcvLastSeq, n);
    handshaking = Arrays.copyOf(handshaking == null ? new boolean[0] : handshaking, n);
    alpha = Arrays.copyOf(alpha == null ? new double[0] : alpha, n);
    dcAcked = growL(dcAcked, n);
    dcMarked = growL(dcMarked, n);
    dcWindowEnd = growL(dcWindowEnd, n);
    cwrEnd = growL(cwrEnd, n);
    rcvCe = Arrays.copyOf(rcvCe == null ? new boolean[0] : rcvCe, n);
  }

  private static long[] growL(long[] a, int n) {
    return Arrays.copyOf(a == null ? new long[0] : a, n);
  }

  private int newConn(int client, int server) {
    if (conns == cClient.length) {
      allocConns(conns * 2);
    }
    int c = conns++;
    cClient[c] = client;
    cServer[c] = server;
    cFlow[c] = -1;
    cNextIdle[c] = -1;
    cwnd[c] = initialWindow;
    ssthresh[c] = Double.MAX_VALUE;
    recover[c] = -1;
    rto[c] = Math.max(minRto, sim.cfg.initialRtoNanos);
    timedSeq[c] = -1;
    timerDeadline[c] = -1;
    timerEvent[c] = -1;
    delAckAt[c] = -1;
    lastActive[c] = sim.now;
    alpha[c] = 1.0;
    cwrEnd[c] = -1;
    return c;
  }

  private void trySend(int c) {
    final long end = appEnd[c];
    final double window = Math.min(cwnd[c], maxWindow);
    while (sndNxt[c] < end && sndNxt[c] - sndUna[c] + mss <= window) {
      long seq = sndNxt[c];
      int len = (int) Math.min(mss, end - seq);
      sendSegment(c, seq, len, seq < sndMax[c]);
      sndNxt[c] = seq + len;
      if (sndNxt[c] > sndMax[c]) {
        sndMax[c] = sndNxt[c];
      }
    }
  }

  private void sendSegment(int c, long seq, int len, boolean isRetx) {
    int p = pk.alloc();
    pk.setType(p, Packets.DATA);
    pk.setSrc(p, cClient[c]);
    pk.setDst(p, cServer[c]);
    pk.setConn(p, c);
    pk.setSeq(p, seq);
    pk.setPayload(p, len);
    pk.setWire(p, len + Sim.INNER_HEADER_BYTES + encap);
    pk.setRetx(p, isRetx);
    dataPacketsSent++;
    if (isRetx) {
      retransmits++;
      if (cFlow[c] >= 0) {
        flows.retx[cFlow[c]]++;
      }
    } else if (timedSeq[c] < 0) {
      timedSeq[c] = seq + len;
      timedAt[c] = sim.now;
    }
    if (timerDeadline[c] < 0) {
      armTimer(c, sim.now + rto[c]);
    }
    lastActive[c] = sim.now;
    hosts.send(cClient[c], p);
  }

  /**
   * After {@code ack} advanced {@code sndUna} of connection {@code c} (NewReno and SACK alike): moves
   * {@code sndNxt} up to it, restarts the retransmission timer while data is outstanding, and, when the flow's last
   * byte is acknowledged, records its completion and returns the connection to its pair's idle list.
   */
  private void acknowledged(int c, long ack) {
    if (sndNxt[c] < ack) {
      sndNxt[c] = ack;
    }
    timerDeadline[c] = -1;
    if (ack < sndMax[c]) {
      armTimer(c, sim.now + rto[c]);
    }
    lastActive[c] = sim.now;
    int f = cFlow[c];
    if (f >= 0 && ack >= appEnd[c]) {
      flows.finish[f] = sim.now;
      flows.done++;
      cFlow[c] = -1;
      int pair = cClient[c] * hostCount + cServer[c];
      cNextIdle[c] = idleHead[pair];
      idleHead[pair] = c;
    }
  }

  private void armTimer(int c, long deadline) {
    timerDeadline[c] = deadline;
    if (timerEvent[c] < 0 || timerEvent[c] > deadline) {
      timerEvent[c] = deadline;
      sim.timers.push(deadline, sim.eventSeq++, Sim.EV_TIMER, c, 0);
    }
  }

  void timer(int c, long t) {
    if (timerEvent[c] != t) {
      return; // superseded by an earlier event
    }
    timerEvent[c] = -1;
    long deadline = timerDeadline[c];
    if (deadline < 0) {
      return;
    }
    if (t < deadline) {
      timerEvent[c] = deadline;
      sim.timers.push(deadline, sim.eventSeq++, Sim.EV_TIMER, c, 0);
      return;
    }
    if (connPerFlow && handshaking[c]) {
      synTimeout(c);
      return;
    }
    // Retransmission timeout (RFC 6298 section 5, RFC 5681 section 3.1): go back to sndUna with one segment.
    long flight = sndMax[c] - sndUna[c];
    if (flight <= 0) {
      timerDeadline[c] = -1;
      return;
    }
    timeouts++;
    if (cFlow[c] >= 0) {
      flows.timeouts[cFlow[c]]++;
    }
    ssthresh[c] = Math.max(flight / 2.0, 2.0 * mss);
    cwnd[c] = mss;
    recover[c] = sndMax[c];
    inRecovery[c] = false;
    dupAcks[c] = 0;
    sndNxt[c] = sndUna[c];
    timedSeq[c] = -1;
    if (sack) {
      sbCount[c] = 0; // RFC 2018 section 8: ignore earlier SACK information after a timeout
    }
    rto[c] = Math.min(MAX_RTO, rto[c] * 2);
    timerDeadline[c] = -1;
    armTimer(c, sim.now + rto[c]);
    trySend(c);
  }

  /** The sender receives an ACK of {@code ack} in packet {@code p} (read for SACK blocks only). */
  void onAck(int c, long ack, int p) {
    if (ack < 0) {
      onSynAck(c);
      return;
    }
    if (dctcp) {
      dctcpOnAck(c, ack, pk.ece(p));
    }
    if (sack) {
      onSackAck(c, ack, p);
      return;
    }
    if (ack > sndUna[c]) {
      long acked = ack - sndUna[c];
      if (timedSeq[c] >= 0 && ack >= timedSeq[c]) {
        rttSample(c, sim.now - timedAt[c]);
        timedSeq[c] = -1;
      }
      if (inRecovery[c]) {
        if (ack >= recover[c]) {
          // Full acknowledgement (RFC 6582 section 3.2 step 3).
          inRecovery[c] = false;
          cwnd[c] = Math.min(ssthresh[c], Math.max(sndMax[c] - ack, 0) + mss);
          dupAcks[c] = 0;
        } else {
          // Partial acknowledgement: retransmit the next hole, deflate the window.
          sndUna[c] = ack;
          sendSegment(c, ack, (int) Math.min(mss, appEnd[c] - ack), true);
          cwnd[c] = Math.max(mss, cwnd[c] - acked + (acked >= mss ? mss : 0));
        }
      } else {
        dupAcks[c] = 0;
        if (cwnd[c] < ssthresh[c]) {
          cwnd[c] += Math.min(acked, mss);
        } else {
          cwnd[c] += (double) mss * mss / cwnd[c];
        }
      }
      sndUna[c] = ack;
      acknowledged(c, ack);
      trySend(c);
    } else if (ack == sndUna[c] && sndMax[c] > sndUna[c]) {
      dupAcks[c]++;
      if (inRecovery[c]) {
        cwnd[c] += mss;
        trySend(c);
      } else if (dupAcks[c] == 3 && (recover[c] < 0 || sndUna[c] >= recover[c])) {
        // Fast retransmit and fast recovery (RFC 6582), once everything sent before the last recovery or timeout
        // is acknowledged (recover is the end of what was sent then, exclusive, so "ack > recover" reads ">=").
        long flight = sndMax[c] - sndUna[c];
        ssthresh[c] = Math.max(flight / 2.0, 2.0 * mss);
        recover[c] = sndMax[c];
        inRecovery[c] = true;
        timedSeq[c] = -1;
        sendSegment(c, sndUna[c], (int) Math.min(mss, appEnd[c] - sndUna[c]), true);
        cwnd[c] = ssthresh[c] + 3.0 * mss;
        trySend(c);
      }
    }
  }

  private void rttSample(int c, long r) {
    // RFC 6298 section 2, with clock granularity G = 1 us.
    if (srtt[c] == 0) {
      srtt[c] = r;
      rttvar[c] = r / 2;
    } else {
      long err = Math.abs(srtt[c] - r);
      rttvar[c] = (3 * rttvar[c] + err) / 4;
      srtt[c] = (7 * srtt[c] + r) / 8;
    }
    rto[c] = Math.min(MAX_RTO, Math.max(minRto, srtt[c] + Math.max(1_000, 4 * rttvar[c])));
  }

  void onData(int c, long seq, int len, boolean isRetx) {
    if (dropFirst != null && !isRetx && Arrays.binarySearch(dropFirst, seq) >= 0) {
      return; // test only: this first transmission is lost just before the receiver
    }
    if (seq < 0) {
      sendControl(c, false); // a SYN: answer with a SYN-ACK
      return;
    }
    if (sack) {
      rcvLastSeq[c] = seq;
    }
    long end = seq + len;
    if (!isRetx && seq < rcvHigh[c]) {
      reordered++;
    }
    if (end > rcvHigh[c]) {
      rcvHigh[c] = end;
    }
    long nxt = rcvNxt[c];
    boolean inOrder = seq == nxt && oooCount[c] == 0;
    if (seq <= nxt) {
      if (end > nxt) {
        nxt = end;
        // Pull in buffered out-of-order data that is now contiguous.
        int n = oooCount[c];
        int i = 0;
        long[] s = oooStart[c];
        long[] e = oooEnd[c];
        while (i < n && s[i] <= nxt) {
          if (e[i] > nxt) {
            nxt = e[i];
          }
          i++;
        }
        if (i > 0) {
          System.arraycopy(s, i, s, 0, n - i);
          System.arraycopy(e, i, e, 0, n - i);
          oooCount[c] = n - i;
        }
        rcvNxt[c] = nxt;
      }
    } else {
      addOutOfOrder(c, seq, end);
    }
    if (delayedAck > 0) {
      // RFC 1122 / RFC 5681 section 4.2: ACK at least every second full-sized segment and within the delay;
      // immediately for out-of-order data, duplicates and data that fills a hole.
      if (inOrder && len == mss && ++rcvUnacked[c] < 2) {
        if (delAckAt[c] < 0) {
          delAckAt[c] = sim.now + delayedAck;
          sim.timers.push(delAckAt[c], sim.eventSeq++, Sim.EV_DELACK, c, 0);
        }
        return;
      }
    }
    sendAck(c);
  }

  private void sendAck(int c) {
    rcvUnacked[c] = 0;
    delAckAt[c] = -1;
    int p = pk.alloc();
    pk.setType(p, Packets.ACK);
    pk.setSrc(p, cServer[c]);
    pk.setDst(p, cClient[c]);
    pk.setConn(p, c);
    pk.setSeq(p, rcvNxt[c]);
    pk.setWire(p, sack ? ackWire + writeSackBlocks(c, p) : ackWire);
    if (dctcp) {
      pk.setEce(p, rcvCe[c]);
    }
    hosts.send(cServer[c], p);
  }

  /** Inserts [s, e) into the connection's sorted, disjoint list of out-of-order ranges, merging neighbours. */
  private void addOutOfOrder(int c, long s, long e) {
    addRange(oooStart, oooEnd, oooCount, c, s, e);
  }

  /** Inserts [s, e) into connection c's sorted, disjoint ranges in (starts, ends, counts), merging neighbours. */
  private static void addRange(long[][] starts, long[][] ends, int[] counts, int c, long s, long e) {
    long[] st = starts[c];
    long[] en = ends[c];
    int n = counts[c];
    if (st == null) {
      st = starts[c] = new long[8];
      en = ends[c] = new long[8];
    }
    int i = 0;
    while (i < n && en[i] < s) {
      i++;
    }
    if (i < n && st[i] <= e) {
      // Overlaps or touches range i: extend it, then absorb following ranges it now reaches.
      if (s < st[i]) {
        st[i] = s;
      }
      if (e > en[i]) {
        en[i] = e;
      }
      int j = i + 1;
      while (j < n && st[j] <= en[i]) {
        if (en[j] > en[i]) {
          en[i] = en[j];
        }
        j++;
      }
      if (j > i + 1) {
        System.arraycopy(st, j, st, i + 1, n - j);
        System.arraycopy(en, j, en, i + 1, n - j);
        counts[c] = n - (j - i - 1);
      }
      return;
    }
    if (n == st.length) {
      st = starts[c] = Arrays.copyOf(st, n * 2);
      en = ends[c] = Arrays.copyOf(en, n * 2);
    }
    System.arraycopy(st, i, st, i + 1, n - i);
    System.arraycopy(en, i, en, i + 1, n - i);
    st[i] = s;
    en[i] = e;
    counts[c] = n + 1;
  }

  // --- SACK: receiver blocks (RFC 2018) and the sender's RFC 6675 loss recovery.

  /**
   * Writes up to three SACK blocks into ACK {@code p}: first the out-of-order range holding the segment that
   * arrived last (RFC 2018 section 4), then the others from the highest down (those tell the sender most about
   * losses). Returns the TCP option's bytes on the wire: 2 + 8 per block, padded to 4 bytes (12, 20 or 28).
   */
  private int writeSackBlocks(int c, int p) {
    int base = p * SACK_STRIDE;
    if (base + SACK_STRIDE > ackSack.length) {
      ackSack = Arrays.copyOf(ackSack, Math.max(pk.capacity(), p + 1) * SACK_STRIDE);
    }
    int n = oooCount[c];
    if (n == 0) {
      ackSack[base] = 0;
      return 0;
    }
    long[] s = oooStart[c];
    long[] e = oooEnd[c];
    long last = rcvLastSeq[c];
    int first = -1;
    for (int i = 0; i < n; i++) {
      if (s[i] <= last && last < e[i]) {
        first = i;
        break;
      }
    }
    int k = 0;
    if (first >= 0) {
      ackSack[base + 1] = s[first];
      ackSack[base + 2] = e[first];
      k = 1;
    }
    for (int i = n - 1; i >= 0 && k < 3; i--) {
      if (i != first) {
        ackSack[base + 1 + 2 * k] = s[i];
        ackSack[base + 2 + 2 * k] = e[i];
        k++;
      }
    }
    ackSack[base] = k;
    return (2 + 8 * k + 3) / 4 * 4;
  }

  /** Merges the SACK blocks of ACK {@code p} above {@code ack} into the scoreboard; true if any was new. */
  private boolean takeSack(int c, long ack, int p) {
    int base = p * SACK_STRIDE;
    if (base >= ackSack.length) {
      return false;
    }
    int k = (int) ackSack[base];
    boolean fresh = false;
    for (int b = 0; b < k; b++) {
      long s = Math.max(ackSack[base + 1 + 2 * b], ack);
      long e = ackSack[base + 2 + 2 * b];
      if (e > s) {
        long before = sackedBytes(c);
        addRange(sbStart, sbEnd, sbCount, c, s, e);
        fresh |= sackedBytes(c) != before;
      }
    }
    return fresh;
  }

  /** Drops the scoreboard's ranges below the cumulative ACK point {@code una}. */
  private void pruneScoreboard(int c, long una) {
    int n = sbCount[c];
    if (n == 0) {
      return;
    }
    long[] st = sbStart[c];
    long[] en = sbEnd[c];
    int i = 0;
    while (i < n && en[i] <= una) {
      i++;
    }
    if (i > 0) {
      System.arraycopy(st, i, st, 0, n - i);
      System.arraycopy(en, i, en, 0, n - i);
      n -= i;
      sbCount[c] = n;
    }
    if (n > 0 && st[0] < una) {
      st[0] = una;
    }
  }

  private long sackedBytes(int c) {
    long sum = 0;
    long[] st = sbStart[c];
    long[] en = sbEnd[c];
    for (int i = sbCount[c] - 1; i >= 0; i--) {
      sum += en[i] - st[i];
    }
    return sum;
  }

  /** Bytes in [sndUna, x) that the scoreboard does not hold. */
  private long unsackedBelow(int c, long x) {
    long una = sndUna[c];
    if (x <= una) {
      return 0;
    }
    long n = x - una;
    long[] st = sbStart[c];
    long[] en = sbEnd[c];
    for (int i = 0, m = sbCount[c]; i < m && st[i] < x; i++) {
      n -= Math.min(en[i], x) - Math.max(st[i], una);
    }
    return n;
  }

  /**
   * RFC 6675 IsLost as a boundary: every unSACKed byte below the returned point has more than 2 MSS SACKed above
   * it, or three discontiguous SACKed ranges (DupThresh 3); no byte above it has. sndUna if none is lost.
   */
  private long lostEnd(int c) {
    long sum = 0;
    long[] st = sbStart[c];
    long[] en = sbEnd[c];
    int n = sbCount[c];
    for (int i = n - 1; i >= 0; i--) {
      sum += en[i] - st[i];
      if (sum > 2L * mss || n - i >= 3) {
        return st[i];
      }
    }
    return sndUna[c];
  }

  /** The lowest unSACKed byte at or above {@code from} (segments are whole, so it starts a segment). */
  private long firstHole(int c, long from) {
    long x = Math.max(from, sndUna[c]);
    long[] st = sbStart[c];
    long[] en = sbEnd[c];
    for (int i = 0, m = sbCount[c]; i < m && st[i] <= x; i++) {
      if (en[i] > x) {
        x = en[i];
      }
    }
    return x;
  }

  /** The SACK sender's ACK processing (RFC 6675 section 5), RTT and timers as in the NewReno path. */
  private void onSackAck(int c, long ack, int p) {
    boolean fresh = takeSack(c, ack, p);
    if (ack > sndUna[c]) {
      long acked = ack - sndUna[c];
      if (timedSeq[c] >= 0 && ack >= timedSeq[c]) {
        rttSample(c, sim.now - timedAt[c]);
        timedSeq[c] = -1;
      }
      dupAcks[c] = 0;
      boolean exited = false;
      if (inRecovery[c]) {
        if (ack >= recover[c]) {
          inRecovery[c] = false; // the recovery ends with cwnd = ssthresh, set on entry
          exited = true;
        }
      } else if (cwnd[c] < ssthresh[c]) {
        cwnd[c] += Math.min(acked, mss);
      } else {
        cwnd[c] += (double) mss * mss / cwnd[c];
      }
      sndUna[c] = ack;
      pruneScoreboard(c, ack);
      acknowledged(c, ack);
      if (inRecovery[c]) {
        sendInRecovery(c);
      } else {
        if (exited) {
          cwnd[c] = ssthresh[c];
        }
        trySend(c);
      }
    } else if (ack == sndUna[c] && sndMax[c] > sndUna[c] && fresh) {
      // A duplicate ACK in RFC 6675's sense: no new cumulative ACK, but new SACK information.
      dupAcks[c]++;
      if (inRecovery[c]) {
        sendInRecovery(c);
      } else if ((dupAcks[c] >= 3 || lostEnd(c) > sndUna[c]) && (recover[c] < 0 || sndUna[c] >= recover[c])) {
        // RFC 6675 section 5 step 4, once everything sent before the last recovery or timeout is acknowledged
        // (recover is the end of what was sent then, exclusive, so RFC 6582's "ack > recover" reads ">=").
        long flight = sndMax[c] - sndUna[c];
        ssthresh[c] = Math.max(flight / 2.0, 2.0 * mss);
        cwnd[c] = ssthresh[c];
        recover[c] = sndMax[c];
        inRecovery[c] = true;
        timedSeq[c] = -1;
        rescueRxt[c] = -1;
        int len = (int) Math.min(mss, appEnd[c] - sndUna[c]);
        sendSegment(c, sndUna[c], len, true);
        highRxt[c] = sndUna[c] + len;
        sendInRecovery(c);
      }
    }
  }

  /** While cwnd - pipe allows a segment, sends the one RFC 6675 NextSeg names (rules 1 to 4). */
  private void sendInRecovery(int c) {
    long una = sndUna[c];
    if (highRxt[c] < una) {
      highRxt[c] = una;
    }
    long lost = lostEnd(c);
    // SetPipe: unSACKed bytes not presumed lost, plus unSACKed bytes retransmitted (below HighRxt).
    long pipe = unsackedBelow(c, sndMax[c]) - unsackedBelow(c, lost) + unsackedBelow(c, highRxt[c]);
    int n = sbCount[c];
    long topSacked = n > 0 ? sbEnd[c][n - 1] : una;
    while (cwnd[c] - pipe >= mss) {
      long hole = firstHole(c, highRxt[c]);
      long end = appEnd[c];
      if (hole < lost) {
        // Rule 1: the lowest lost byte above HighRxt.
        int len = (int) Math.min(mss, end - hole);
        sendSegment(c, hole, len, true);
        highRxt[c] = hole + len;
        pipe += len;
      } else if (sndMax[c] < end && sndMax[c] - una + Math.min(mss, end - sndMax[c]) <= maxWindow) {
        // Rule 2: new data, as the receiver's window allows.
        long seq = sndMax[c];
        int len = (int) Math.min(mss, end - seq);
        sendSegment(c, seq, len, false);
        sndMax[c] = seq + len;
        sndNxt[c] = sndMax[c];
        pipe += len;
      } else if (hole < topSacked) {
        // Rule 3: an unSACKed byte above HighRxt below the highest SACKed one.
        int len = (int) Math.min(mss, end - hole);
        sendSegment(c, hole, len, true);
        highRxt[c] = hole + len;
        pipe += len;
      } else {
        // Rule 4: one rescue retransmission per recovery, of the segment holding the highest unSACKed byte.
        if (rescueRxt[c] < 0 || una > rescueRxt[c]) {
          long highest = n > 0 && sbEnd[c][n - 1] >= sndMax[c] ? sbStart[c][n - 1] - 1 : sndMax[c] - 1;
          // Not RFC 6675's letter: a segment already retransmitted in this recovery (below HighRxt) is not sent again.
          if (highest >= una && highest >= highRxt[c]) {
            long seq = flowBase[c] + (highest - flowBase[c]) / mss * mss;
            seq = Math.max(seq, una);
            sendSegment(c, seq, (int) Math.min(mss, end - seq), true);
            rescueRxt[c] = recover[c];
          }
        }
        return;
      }
    }
  }

  // --- A connection per flow, with the handshake.

  /**
   * Starts a flow on a connection of its own: the client sends a SYN, the server answers with a SYN-ACK, and
   * the data follows (the handshake's third segment rides on the first data segment, as usual). The connection
   * starts with the initial window and RTO and no RTT estimate.
   */
  private void startFlowWithHandshake(int flow, int src, int dst, long size) {
    int c = newConn(src, dst);
    cFlow[c] = flow;
    appEnd[c] = size;
    handshaking[c] = true;
    timedSeq[c] = 0; // the SYN is timed (RFC 6298 section 2), unless it is retransmitted (Karn)
    timedAt[c] = sim.now;
    sendControl(c, true);
  }

  /**
   * Sends a SYN (client to server) or a SYN-ACK (server to client): a header-only packet marked by sequence
   * number -1, the size of an ACK on the wire (options not counted).
   */
  private void sendControl(int c, boolean syn) {
    int p = pk.alloc();
    pk.setType(p, syn ? Packets.DATA : Packets.ACK);
    pk.setSrc(p, syn ? cClient[c] : cServer[c]);
    pk.setDst(p, syn ? cServer[c] : cClient[c]);
    pk.setConn(p, c);
    pk.setSeq(p, -1);
    pk.setWire(p, ackWire);
    if (syn) {
      pk.setRetx(p, timedSeq[c] < 0);
      if (timerDeadline[c] < 0) {
        armTimer(c, sim.now + rto[c]);
      }
      lastActive[c] = sim.now;
    }
    hosts.send(syn ? cClient[c] : cServer[c], p);
  }

  private void synTimeout(int c) {
    timeouts++;
    if (cFlow[c] >= 0) {
      flows.timeouts[cFlow[c]]++;
    }
    timedSeq[c] = -1;
    rto[c] = Math.min(MAX_RTO, rto[c] * 2);
    timerDeadline[c] = -1;
    sendControl(c, true);
  }

  private void onSynAck(int c) {
    if (!handshaking[c]) {
      return; // a duplicate SYN-ACK
    }
    handshaking[c] = false;
    if (timedSeq[c] == 0) {
      rttSample(c, sim.now - timedAt[c]);
    } else {
      cwnd[c] = mss; // RFC 5681 section 3.1: after a lost SYN or SYN-ACK the initial window is one segment
    }
    timedSeq[c] = -1;
    timerDeadline[c] = -1;
    lastActive[c] = sim.now;
    trySend(c);
  }

  // --- DCTCP guests.

  /**
   * The receiver learns whether the next data segment of connection {@code c} arrived with CE. DCTCP's ACK rule:
   * when the CE state changes while a delayed ACK is pending, the pending ACK goes at once with the old state.
   */
  void onDataCe(int c, boolean ce) {
    if (ce != rcvCe[c]) {
      if (rcvUnacked[c] > 0) {
        sendAck(c);
      }
      rcvCe[c] = ce;
    }
  }

  /** Test only: whether the segment at {@code seq}, first sent, is to arrive marked. */
  boolean testMarked(long seq, boolean isRetx) {
    return markFirst != null && !isRetx && Arrays.binarySearch(markFirst, seq) >= 0;
  }

  /** The DCTCP sender: alpha once per window of data, and the cut by alpha / 2 at most once per window. */
  private void dctcpOnAck(int c, long ack, boolean ece) {
    if (ack > sndUna[c]) {
      long acked = ack - sndUna[c];
      dcAcked[c] += acked;
      if (ece) {
        dcMarked[c] += acked;
      }
      if (ack >= dcWindowEnd[c]) {
        double fraction = (double) dcMarked[c] / dcAcked[c];
        alpha[c] = (1 - DCTCP_G) * alpha[c] + DCTCP_G * fraction;
        dcAcked[c] = 0;
        dcMarked[c] = 0;
        dcWindowEnd[c] = sndMax[c];
      }
    }
    if (ece && !inRecovery[c] && ack > cwrEnd[c] && ack >= sndUna[c]) {
      ssthresh[c] = Math.max(cwnd[c] * (1 - alpha[c] / 2), 2.0 * mss);
      cwnd[c] = ssthresh[c];
      cwrEnd[c] = sndMax[c];
    }
  }
}
