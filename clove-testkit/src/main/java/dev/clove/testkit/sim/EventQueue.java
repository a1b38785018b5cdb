// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit.sim;

import java.util.Arrays;

/**
 * A priority queue of events ordered by (time, insertion sequence), with a small type and two int payloads per
 * event, that allocates nothing once it has grown to the run's peak size.
 */
final class EventQueue {
  /*
   * Design: an implicit 4-ary min-heap kept in three parallel long arrays in heap order (time, sequence,
   * packed payload), so that a comparison reads two adjacent-in-index longs and sifting moves three longs,
   * with no indirection through slot tables. Ties in time are broken by the 64-bit insertion sequence, so the
   * order of events, and with it the whole run, is a function of the inputs and the seed alone. The payload
   * packs a 4-bit type, a 28-bit b and a 32-bit a. Arrays double when full. The simulator keeps this heap
   * small (one pending arrival per busy port, one timer per connection), which keeps it in cache. Four
   * children per node halve the levels a push climbs; pushes are as frequent as pops, and most of a push's
   * cost was its data-dependent branches, one per level.
   */

  private long[] time;
  private long[] seq;
  private long[] payload;
  private int size;
  private long nextSeq;

  private long popTime;
  private long popSeq;
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
    push(when, nextSeq++, eventType, payloadA, payloadB);
  }

  /**
   * Schedules an event with a sequence number from outside, for queues that share one sequence (see
   * {@link Sim}); the sequence numbers must increase across calls.
   */
  void push(long when, long s, int eventType, int payloadA, int payloadB) {
    if (size == time.length) {
      int n = size * 2;
      time = Arrays.copyOf(time, n);
      seq = Arrays.copyOf(seq, n);
      payload = Arrays.copyOf(payload, n);
    }
    final long pl = ((long) eventType << 60) | ((long) (payloadB & 0x0FFFFFFF) << 32) | (payloadA & 0xFFFFFFFFL);
    final long[] t = time;
    final long[] q = seq;
    final long[] p = payload;
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 2;
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
    popSeq = q[0];
    popPayload = p[0];
    int n = --size;
    if (n == 0) {
      return;
    }
    long lt = t[n];
    long ls = q[n];
    long lp = p[n];
    int i = 0;
    while (true) {
      int first = 4 * i + 1;
      if (first >= n) {
        break;
      }
      // The smallest of up to four children.
      int child = first;
      long ct = t[first];
      long cs = q[first];
      int last = Math.min(first + 4, n);
      for (int j = first + 1; j < last; j++) {
        long jt = t[j];
        if (jt < ct || (jt == ct && q[j] < cs)) {
          child = j;
          ct = jt;
          cs = q[j];
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

  long peekSeq() {
    return seq[0];
  }

  /** True if this queue's head comes before {@code other}'s head; an empty queue comes last. */
  boolean headBefore(EventQueue other) {
    if (size == 0) {
      return false;
    }
    if (other.size == 0) {
      return true;
    }
    long a = time[0];
    long b = other.time[0];
    return a < b || (a == b && seq[0] < other.seq[0]);
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
