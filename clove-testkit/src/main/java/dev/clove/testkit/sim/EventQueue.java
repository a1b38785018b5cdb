package dev.clove.testkit.sim;

import java.util.Arrays;

/**
 * A priority queue of events ordered by (time, insertion sequence), with an int type and two int payloads per
 * event, that allocates nothing once it has grown to the run's peak size.
 */
final class EventQueue {
  /*
   * Design: an implicit binary min-heap of slot ids; each slot holds one event's fields in parallel primitive
   * arrays, and freed slots go on a stack. Sifting moves only the int slot ids. Ties in time are broken by the
   * 64-bit insertion sequence, so the order of events, and with it the whole run, is a function of the inputs
   * and the seed alone. Arrays double when full; a run's peak is about the number of packets in flight plus a
   * few timers per connection.
   */

  private long[] time;
  private long[] seq;
  private int[] type;
  private int[] a;
  private int[] b;
  private int[] heap;
  private int[] freeSlots;
  private int freeTop;
  private int size;
  private long nextSeq;

  // The event last returned by pop(), read through the accessors below.
  private long popTime;
  private int popType;
  private int popA;
  private int popB;

  EventQueue(int initialCapacity) {
    int n = Math.max(16, initialCapacity);
    time = new long[n];
    seq = new long[n];
    type = new int[n];
    a = new int[n];
    b = new int[n];
    heap = new int[n];
    freeSlots = new int[n];
    for (int i = 0; i < n; i++) {
      freeSlots[i] = n - 1 - i;
    }
    freeTop = n;
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

  void push(long when, int eventType, int payloadA, int payloadB) {
    if (freeTop == 0) {
      grow();
    }
    int slot = freeSlots[--freeTop];
    time[slot] = when;
    seq[slot] = nextSeq++;
    type[slot] = eventType;
    a[slot] = payloadA;
    b[slot] = payloadB;
    // Sift up.
    int i = size++;
    final int[] h = heap;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      int p = h[parent];
      if (!less(slot, p)) {
        break;
      }
      h[i] = p;
      i = parent;
    }
    h[i] = slot;
  }

  /** Removes the earliest event; read it with {@link #time()}, {@link #type()}, {@link #a()}, {@link #b()}. */
  void pop() {
    final int[] h = heap;
    int top = h[0];
    popTime = time[top];
    popType = type[top];
    popA = a[top];
    popB = b[top];
    freeSlots[freeTop++] = top;
    int last = h[--size];
    if (size == 0) {
      return;
    }
    // Sift down.
    int i = 0;
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int c = h[child];
      int right = child + 1;
      if (right < size && less(h[right], c)) {
        child = right;
        c = h[child];
      }
      if (!less(c, last)) {
        break;
      }
      h[i] = c;
      i = child;
    }
    h[i] = last;
  }

  long peekTime() {
    return time[heap[0]];
  }

  long time() {
    return popTime;
  }

  int type() {
    return popType;
  }

  int a() {
    return popA;
  }

  int b() {
    return popB;
  }

  private boolean less(int x, int y) {
    long tx = time[x];
    long ty = time[y];
    return tx < ty || (tx == ty && seq[x] < seq[y]);
  }

  private void grow() {
    int old = time.length;
    int n = old * 2;
    time = Arrays.copyOf(time, n);
    seq = Arrays.copyOf(seq, n);
    type = Arrays.copyOf(type, n);
    a = Arrays.copyOf(a, n);
    b = Arrays.copyOf(b, n);
    heap = Arrays.copyOf(heap, n);
    freeSlots = Arrays.copyOf(freeSlots, n);
    for (int i = old; i < n; i++) {
      freeSlots[freeTop++] = n - 1 - (i - old);
    }
  }
}
