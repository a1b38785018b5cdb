// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit.sim;

import java.util.Arrays;

/**
 * The tenants' TCP: NewReno senders on clients and cumulative-ACK receivers on servers, over persistent
 * connections that carry one flow at a time, all connections of a run in parallel arrays indexed by connection.
 * It sends through its hosts' vswitches ({@link Hosts}) and records flows' outcomes in {@link Flows}.
 *
 * <p>Threading: confined to the thread that runs its {@link Sim}, like every part of a run.
 */
final class GuestTcp {
  /*
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
    rto[c] = Math.min(MAX_RTO, rto[c] * 2);
    timerDeadline[c] = -1;
    armTimer(c, sim.now + rto[c]);
    trySend(c);
  }

  void onAck(int c, long ack) {
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
      if (sndNxt[c] < ack) {
        sndNxt[c] = ack;
      }
      if (ack >= sndMax[c]) {
        timerDeadline[c] = -1;
      } else {
        timerDeadline[c] = -1;
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
      trySend(c);
    } else if (ack == sndUna[c] && sndMax[c] > sndUna[c]) {
      dupAcks[c]++;
      if (inRecovery[c]) {
        cwnd[c] += mss;
        trySend(c);
      } else if (dupAcks[c] == 3 && (recover[c] < 0 || sndUna[c] > recover[c])) {
        // Fast retransmit and fast recovery (RFC 6582).
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
    pk.setWire(p, ackWire);
    hosts.send(cServer[c], p);
  }

  /** Inserts [s, e) into the connection's sorted, disjoint list of out-of-order ranges, merging neighbours. */
  private void addOutOfOrder(int c, long s, long e) {
    long[] st = oooStart[c];
    long[] en = oooEnd[c];
    int n = oooCount[c];
    if (st == null) {
      st = oooStart[c] = new long[8];
      en = oooEnd[c] = new long[8];
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
        oooCount[c] = n - (j - i - 1);
      }
      return;
    }
    if (n == st.length) {
      st = oooStart[c] = Arrays.copyOf(st, n * 2);
      en = oooEnd[c] = Arrays.copyOf(en, n * 2);
    }
    System.arraycopy(st, i, st, i + 1, n - i);
    System.arraycopy(en, i, en, i + 1, n - i);
    st[i] = s;
    en[i] = e;
    oooCount[c] = n + 1;
  }
}
