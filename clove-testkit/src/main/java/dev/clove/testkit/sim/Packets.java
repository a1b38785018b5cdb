// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit.sim;

import java.util.Arrays;

/**
 * All packets of a run in one int array, 16 ints (one 64-byte cache line) per packet, indexed by packet id,
 * with a free list: a packet is an int, and sending one allocates nothing once the pool has grown to the run's
 * peak number of packets in flight.
 */
final class Packets {
  /*
   * Layout of packet p at d[p * 16 ...]: 0 src, 1 dst, 2 outer source port, 3 connection, 4 payload bytes,
   * 5 wire bytes, 6-7 sequence number (low, high), 8 type | ecn << 8 | ttl << 16 | flags << 24,
   * 9 feedback word, 10 CONGA (tag + 1 | ce << 8 | feedback tag + 1 << 16 | feedback metric << 24),
   * 11 probe destination, 12 probe TTL | probe id << 16, 13 hop id (probe replies) or the microsecond at which the
   * vswitch chose the outer source port (guest packets), 14 INT utilization (float bits), 15 free-list link.
   * One line per packet, rather than one array per field, because a packet's fields are read and written
   * together at every hop: the struct-of-arrays layout touched some twenty lines per packet.
   */
  static final byte DATA = 1;
  static final byte ACK = 2;
  static final byte PROBE = 3;
  static final byte PROBE_REPLY = 4;

  static final byte NOT_ECT = 0;
  static final byte ECT = 1;
  static final byte CE = 3;

  private static final int STRIDE = 16;
  private static final int FREE = 15;
  private static final int RETX = 1;
  private static final int INT_REQUEST = 2;
  private static final int FROM_DESTINATION = 4;
  private static final int ECE = 8;

  private int[] d;
  private int freeHead = -1;
  private int capacity;
  int live;
  long allocated;

  Packets(int initial) {
    d = new int[0];
    resize(Math.max(64, initial));
  }

  /** Returns a packet id with every field reset: TTL 64, not ECN-capable, no CONGA tags, the rest 0. */
  int alloc() {
    if (freeHead < 0) {
      resize(capacity * 2);
    }
    int p = freeHead;
    int b = p * STRIDE;
    final int[] a = d;
    freeHead = a[b + FREE];
    Arrays.fill(a, b, b + STRIDE, 0);
    a[b + 3] = -1; // no connection
    a[b + 8] = 64 << 16; // TTL
    a[b + 11] = -1; // no probe destination
    a[b + FREE] = -2; // allocated
    live++;
    allocated++;
    return p;
  }

  void free(int p) {
    int b = p * STRIDE;
    if (d[b + FREE] != -2) {
      throw new IllegalStateException("packet " + p + " freed twice");
    }
    d[b + FREE] = freeHead;
    freeHead = p;
    live--;
  }

  int capacity() {
    return capacity;
  }

  private void resize(int n) {
    int old = capacity;
    d = Arrays.copyOf(d, n * STRIDE);
    for (int i = n - 1; i >= old; i--) {
      d[i * STRIDE + FREE] = freeHead;
      freeHead = i;
    }
    capacity = n;
  }

  // --- Accessors. Each is a load or a masked store at a fixed offset; the JIT inlines them.

  int src(int p) {
    return d[p * STRIDE];
  }

  void setSrc(int p, int v) {
    d[p * STRIDE] = v;
  }

  int dst(int p) {
    return d[p * STRIDE + 1];
  }

  void setDst(int p, int v) {
    d[p * STRIDE + 1] = v;
  }

  int sport(int p) {
    return d[p * STRIDE + 2];
  }

  void setSport(int p, int v) {
    d[p * STRIDE + 2] = v;
  }

  int conn(int p) {
    return d[p * STRIDE + 3];
  }

  void setConn(int p, int v) {
    d[p * STRIDE + 3] = v;
  }

  int payload(int p) {
    return d[p * STRIDE + 4];
  }

  void setPayload(int p, int v) {
    d[p * STRIDE + 4] = v;
  }

  int wire(int p) {
    return d[p * STRIDE + 5];
  }

  void setWire(int p, int v) {
    d[p * STRIDE + 5] = v;
  }

  long seq(int p) {
    int b = p * STRIDE;
    return (d[b + 6] & 0xFFFFFFFFL) | ((long) d[b + 7] << 32);
  }

  void setSeq(int p, long v) {
    int b = p * STRIDE;
    d[b + 6] = (int) v;
    d[b + 7] = (int) (v >>> 32);
  }

  private int metaByte(int p, int shift) {
    return (d[p * STRIDE + 8] >>> shift) & 0xFF;
  }

  private void setMetaByte(int p, int shift, int v) {
    int i = p * STRIDE + 8;
    d[i] = (d[i] & ~(0xFF << shift)) | ((v & 0xFF) << shift);
  }

  int type(int p) {
    return metaByte(p, 0);
  }

  void setType(int p, int v) {
    setMetaByte(p, 0, v);
  }

  int ecn(int p) {
    return metaByte(p, 8);
  }

  void setEcn(int p, int v) {
    setMetaByte(p, 8, v);
  }

  int ttl(int p) {
    return metaByte(p, 16);
  }

  void setTtl(int p, int v) {
    if (v < 0 || v > 255) {
      throw new IllegalArgumentException("ttl must be in [0, 255]: " + v);
    }
    setMetaByte(p, 16, v);
  }

  /** Decrements the TTL and returns the new value. */
  int decTtl(int p) {
    int v = ttl(p) - 1;
    setMetaByte(p, 16, Math.max(0, v));
    return v;
  }

  private boolean flag(int p, int bit) {
    return (metaByte(p, 24) & bit) != 0;
  }

  private void setFlag(int p, int bit, boolean v) {
    int f = metaByte(p, 24);
    setMetaByte(p, 24, v ? f | bit : f & ~bit);
  }

  boolean retx(int p) {
    return flag(p, RETX);
  }

  void setRetx(int p, boolean v) {
    setFlag(p, RETX, v);
  }

  /** The guest TCP header's ECN-Echo flag (ACKs of DCTCP guests). */
  boolean ece(int p) {
    return flag(p, ECE);
  }

  void setEce(int p, boolean v) {
    setFlag(p, ECE, v);
  }

  boolean intRequest(int p) {
    return flag(p, INT_REQUEST);
  }

  void setIntRequest(int p, boolean v) {
    setFlag(p, INT_REQUEST, v);
  }

  boolean fromDestination(int p) {
    return flag(p, FROM_DESTINATION);
  }

  void setFromDestination(int p, boolean v) {
    setFlag(p, FROM_DESTINATION, v);
  }

  int word(int p) {
    return d[p * STRIDE + 9];
  }

  void setWord(int p, int v) {
    d[p * STRIDE + 9] = v;
  }

  private int congaByte(int p, int shift) {
    return (d[p * STRIDE + 10] >>> shift) & 0xFF;
  }

  private void setCongaByte(int p, int shift, int v) {
    int i = p * STRIDE + 10;
    d[i] = (d[i] & ~(0xFF << shift)) | ((v & 0xFF) << shift);
  }

  /** The CONGA LBTag (source-leaf uplink index), or -1 when the packet carries none. */
  int congaTag(int p) {
    return congaByte(p, 0) - 1;
  }

  void setCongaTag(int p, int v) {
    setCongaByte(p, 0, v + 1);
  }

  int congaCe(int p) {
    return congaByte(p, 8);
  }

  void setCongaCe(int p, int v) {
    setCongaByte(p, 8, v);
  }

  /** The CONGA feedback LBTag, or -1 when the packet carries no feedback. */
  int congaFbTag(int p) {
    return congaByte(p, 16) - 1;
  }

  void setCongaFbTag(int p, int v) {
    setCongaByte(p, 16, v + 1);
  }

  int congaFbMetric(int p) {
    return congaByte(p, 24);
  }

  void setCongaFbMetric(int p, int v) {
    setCongaByte(p, 24, v);
  }

  int probeDest(int p) {
    return d[p * STRIDE + 11];
  }

  void setProbeDest(int p, int v) {
    d[p * STRIDE + 11] = v;
  }

  int probeTtl(int p) {
    return d[p * STRIDE + 12] & 0xFFFF;
  }

  void setProbeTtl(int p, int v) {
    int b = p * STRIDE + 12;
    d[b] = d[b] & 0xFFFF_0000 | v & 0xFFFF;
  }

  /** The probe's 16-bit id, which the answer quotes back (as an ICMP time-exceeded quotes the IP ID). */
  int probeId(int p) {
    return d[p * STRIDE + 12] >>> 16;
  }

  void setProbeId(int p, int v) {
    int b = p * STRIDE + 12;
    d[b] = d[b] & 0xFFFF | v << 16;
  }

  int hopId(int p) {
    return d[p * STRIDE + 13];
  }

  void setHopId(int p, int v) {
    d[p * STRIDE + 13] = v;
  }

  /** The simulated microsecond at which the vswitch chose a guest packet's port (shares the hop id's field). */
  int sentMicros(int p) {
    return d[p * STRIDE + 13];
  }

  void setSentMicros(int p, int micros) {
    d[p * STRIDE + 13] = micros;
  }

  double intUtil(int p) {
    return Float.intBitsToFloat(d[p * STRIDE + 14]);
  }

  void setIntUtil(int p, double v) {
    d[p * STRIDE + 14] = Float.floatToRawIntBits((float) v);
  }
}
