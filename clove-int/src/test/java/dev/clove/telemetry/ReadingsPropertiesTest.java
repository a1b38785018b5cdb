// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.telemetry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link Readings} from one thread against a plain model (a map from destination to its three vectors): a read
 * returns what the latest publish and the updates after it wrote, for any destination, in any of the chunks of
 * 256, and a destination never published reads as empty. Threading: single-threaded (the seqlock's concurrency is
 * IntConcurrencyTest's).
 */
class ReadingsPropertiesTest {
  /** A publish of {@code count} paths, or ({@code count} negative) an update of path {@code index}. */
  record Op(int destination, int count, int index, int seed) {}

  @Provide
  Arbitrary<List<Op>> ops() {
    Arbitrary<Integer> destination = Arbitraries.oneOf(Arbitraries.integers().between(0, 599),
        Arbitraries.of(0, 255, 256, 511, 512, 599)); // the edges of the chunks
    Arbitrary<Op> publish = Combinators.combine(destination, Arbitraries.integers().between(0, 8),
        Arbitraries.integers()).as((d, count, seed) -> new Op(d, count, 0, seed));
    Arbitrary<Op> update = Combinators.combine(destination, Arbitraries.integers().between(0, 7),
        Arbitraries.integers()).as((d, index, seed) -> new Op(d, -1, index, seed));
    return Arbitraries.oneOf(publish, update).list().ofMinSize(1).ofMaxSize(60);
  }

  @Property(tries = 300)
  void aReadReturnsTheLatestPublishWithTheUpdatesAfterIt(@ForAll("ops") List<Op> ops,
      @ForAll @IntRange(min = 1, max = 8) int maxPaths) {
    int maxDestinations = 600;
    Readings readings = new Readings(maxDestinations, maxPaths);
    assertEquals(maxPaths, readings.maxPaths());
    assertEquals(maxDestinations, readings.maxDestinations());
    Map<Integer, Entry[]> model = new HashMap<>();
    for (Op op : ops) {
      Entry[] vector = model.get(op.destination());
      if (op.count() >= 0) {
        int count = Math.min(op.count(), maxPaths);
        Entry[] published = new Entry[count];
        int[] ports = new int[count];
        double[] utilizations = new double[count];
        long[] times = new long[count];
        for (int j = 0; j < count; j++) {
          published[j] = Entry.of(op.seed() + j);
          ports[j] = published[j].port;
          utilizations[j] = published[j].utilization;
          times[j] = published[j].time;
        }
        readings.publish(op.destination(), count, ports, utilizations, times);
        model.put(op.destination(), published);
      } else if (vector != null && op.index() < vector.length) { // an update needs a published path
        Entry e = Entry.of(op.seed());
        readings.update(op.destination(), op.index(), e.utilization, e.time);
        vector[op.index()] = new Entry(vector[op.index()].port, e.utilization, e.time);
      }
      check(readings, model, op.destination());
      check(readings, model, (op.destination() + 256) % maxDestinations); // in another chunk
    }
  }

  private static void check(Readings readings, Map<Integer, Entry[]> model, int destination) {
    int maxPaths = readings.maxPaths();
    int[] ports = new int[maxPaths];
    double[] utilizations = new double[maxPaths];
    long[] times = new long[maxPaths];
    int count = readings.read(destination, ports, utilizations, times);
    Entry[] expected = model.getOrDefault(destination, new Entry[0]);
    assertEquals(expected.length, count, "destination " + destination);
    for (int j = 0; j < count; j++) {
      assertArrayEquals(new Object[] {expected[j].port, expected[j].utilization, expected[j].time},
          new Object[] {ports[j], utilizations[j], times[j]}, "destination " + destination + ", path " + j);
    }
  }

  /** One path's reading, derived from a seed so that every field differs between paths. */
  record Entry(int port, double utilization, long time) {
    static Entry of(int seed) {
      return new Entry(seed & 0xFFFF, (seed & 0xFF) / 16.0, seed * 1_000L);
    }
  }
}
