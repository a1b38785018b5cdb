package dev.clove.testkit.sim;

import java.util.Arrays;

/**
 * A priority queue of events ordered by (time, insertion sequence), with a small type and two int payloads per
 * event, that allocates nothing once it has grown to the run's peak size.
 */
final class EventQueue {
  /*
   * Design: an implicit binary min-heap kept in three parallel long arrays in heap order (time, sequence,
   * packed payload), so that a comparison reads two adjacent-in-index longs and sifting moves three longs,
   * with no indirection through slot tables. Ties in time are broken by the 64-bit insertion sequence, so the
   * order of events, and with it the whole run, is a function of the inputs and the seed alone. The payload
   * packs a 4-bit type, a 28-bit b and a 32-bit a. Arrays double when full. The simulator keeps this heap
   * small (one pending arrival per busy port, one timer per connection), which keeps it in cache.
   */

  private long[] time;
  private long[] seq;
  private long[] payload;
  private int size;
  private long nextSeq;

  private long popTime;
  private long popPayload;

  EventQueue(int initialCapacity) {
    int n = Math.max(16, initialCapacity);
    time = new long[n];
    seq = new long[n];
    payload = new long[n];
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** Number of events ever scheduled. */
  long scheduled() {
    return nextSeq;
  }

  /**
   * Schedules an event.
   *
   * @param eventType 0..15
   * @param payloadA any int
   * @param payloadB 0..2^28-1
   */
  void push(long when, int eventType, int payloadA, int payloadB) {
    if (size == time.length) {
      int n = size * 2;
      time = Arrays.copyOf(time, n);
      seq = Arrays.copyOf(seq, n);
      payload = Arrays.copyOf(payload, n);
    }
    final long s = nextSeq++;
    final long pl = ((long) eventType << 60) | ((long) (payloadB & 0x0FFFFFFF) << 32) | (payloadA & 0xFFFFFFFFL);
    final long[] t = time;
    final long[] q = seq;
    final long[] p = payload;
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      long pt = t[parent];
      if (pt < when || (pt == when && q[parent] < s)) {
        break;
      }
      t[i] = pt;
      q[i] = q[parent];
      p[i] = p[parent];
      i = parent;
    }
    t[i] = when;
    q[i] = s;
    p[i] = pl;
  }

  /** Removes the earliest event; read it with {@link #time()}, {@link #type()}, {@link #a()}, {@link #b()}. */
  void pop() {
    final long[] t = time;
    final long[] q = seq;
    final long[] p = payload;
    popTime = t[0];
    popPayload = p[0];
    int n = --size;
    if (n == 0) {
      return;
    }
    long lt = t[n];
    long ls = q[n];
    long lp = p[n];
    int i = 0;
    int half = n >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      long ct = t[child];
      long cs = q[child];
      int right = child + 1;
      if (right < n) {
        long rt = t[right];
        if (rt < ct || (rt == ct && q[right] < cs)) {
          child = right;
          ct = rt;
          cs = q[right];
        }
      }
      if (lt < ct || (lt == ct && ls < cs)) {
        break;
      }
      t[i] = ct;
      q[i] = cs;
      p[i] = p[child];
      i = child;
    }
    t[i] = lt;
    q[i] = ls;
    p[i] = lp;
  }

  long peekTime() {
    return time[0];
  }

  long time() {
    return popTime;
  }

  int type() {
    return (int) (popPayload >>> 60);
  }

  int a() {
    return (int) popPayload;
  }

  int b() {
    return (int) ((popPayload >>> 32) & 0x0FFFFFFF);
  }
}
