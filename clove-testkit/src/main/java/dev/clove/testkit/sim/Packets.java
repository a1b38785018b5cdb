package dev.clove.testkit.sim;

import java.util.Arrays;

/**
 * All packets of a run as a struct of arrays indexed by packet id, with a free list: a packet is an int, and
 * sending one allocates nothing once the pool has grown to the run's peak number of packets in flight.
 */
final class Packets {
  static final byte DATA = 1;
  static final byte ACK = 2;
  static final byte PROBE = 3;
  static final byte PROBE_REPLY = 4;

  static final byte NOT_ECT = 0;
  static final byte ECT = 1;
  static final byte CE = 3;

  byte[] type;
  byte[] ecn;
  boolean[] retx;
  boolean[] intRequest;
  boolean[] fromDestination;
  int[] src;
  int[] dst;
  int[] sport;
  int[] conn;
  int[] payload;
  int[] wire;
  int[] ttl;
  int[] word;
  int[] congaTag;
  int[] congaCe;
  int[] congaFbTag;
  int[] congaFbMetric;
  int[] probeDest;
  int[] probeTtl;
  int[] hopId;
  long[] seq;
  double[] intUtil;
  private int[] nextFree;
  private int freeHead = -1;
  private int capacity;
  int live;
  long allocated;

  Packets(int initial) {
    capacity = 0;
    resize(Math.max(64, initial));
  }

  /** Returns a packet id with every field reset. */
  int alloc() {
    if (freeHead < 0) {
      resize(capacity * 2);
    }
    int p = freeHead;
    freeHead = nextFree[p];
    nextFree[p] = -2;
    live++;
    allocated++;
    type[p] = 0;
    ecn[p] = NOT_ECT;
    retx[p] = false;
    intRequest[p] = false;
    fromDestination[p] = false;
    src[p] = -1;
    dst[p] = -1;
    sport[p] = 0;
    conn[p] = -1;
    payload[p] = 0;
    wire[p] = 0;
    ttl[p] = 64;
    word[p] = 0;
    congaTag[p] = -1;
    congaCe[p] = 0;
    congaFbTag[p] = -1;
    congaFbMetric[p] = 0;
    probeDest[p] = -1;
    probeTtl[p] = 0;
    hopId[p] = 0;
    seq[p] = 0;
    intUtil[p] = 0;
    return p;
  }

  int capacity() {
    return capacity;
  }

  void free(int p) {
    if (nextFree[p] != -2) {
      throw new IllegalStateException("packet " + p + " freed twice");
    }
    nextFree[p] = freeHead;
    freeHead = p;
    live--;
  }

  private void resize(int n) {
    int old = capacity;
    type = Arrays.copyOf(type == null ? new byte[0] : type, n);
    ecn = Arrays.copyOf(ecn == null ? new byte[0] : ecn, n);
    retx = Arrays.copyOf(retx == null ? new boolean[0] : retx, n);
    intRequest = Arrays.copyOf(intRequest == null ? new boolean[0] : intRequest, n);
    fromDestination = Arrays.copyOf(fromDestination == null ? new boolean[0] : fromDestination, n);
    src = grow(src, n);
    dst = grow(dst, n);
    sport = grow(sport, n);
    conn = grow(conn, n);
    payload = grow(payload, n);
    wire = grow(wire, n);
    ttl = grow(ttl, n);
    word = grow(word, n);
    congaTag = grow(congaTag, n);
    congaCe = grow(congaCe, n);
    congaFbTag = grow(congaFbTag, n);
    congaFbMetric = grow(congaFbMetric, n);
    probeDest = grow(probeDest, n);
    probeTtl = grow(probeTtl, n);
    hopId = grow(hopId, n);
    nextFree = grow(nextFree, n);
    seq = Arrays.copyOf(seq == null ? new long[0] : seq, n);
    intUtil = Arrays.copyOf(intUtil == null ? new double[0] : intUtil, n);
    for (int i = n - 1; i >= old; i--) {
      nextFree[i] = freeHead;
      freeHead = i;
    }
    capacity = n;
  }

  private static int[] grow(int[] a, int n) {
    return Arrays.copyOf(a == null ? new int[0] : a, n);
  }
}
