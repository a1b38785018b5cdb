// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import dev.clove.api.LoadBalancer;
import dev.clove.core.internal.FlowletTable;
import dev.clove.core.internal.PathWeights;
import dev.clove.core.internal.SmoothWeightedRoundRobin;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/**
 * {@link LoadBalancer#selectSourcePorts}: a burst decides exactly as the same packets one by one (ports and every
 * counter, bit for bit), checks its {@code count}, and allocates nothing. Threading: single-threaded.
 */
class BurstTest {
  private static final int MAX_DESTINATIONS = 16;
  /** Destinations {@code 0..WITH_PATHS-1} have static paths; the rest of {@code 0..MAX_DESTINATIONS-1} none. */
  private static final int WITH_PATHS = 12;
  private static final long GAP = 100_000;
  private static final int[] EDGE_SIZES = {0, 1, 63, 64, 65, 300};

  enum Scheme {
    ECMP(Policies::ecmp),
    EDGE_FLOWLET(Policies::edgeFlowlet),
    WEIGHTED(WeightedPolicy::new);

    final Supplier<PathPolicy> policy;

    Scheme(Supplier<PathPolicy> policy) {
      this.policy = policy;
    }
  }

  /**
   * A test-local congestion-aware policy shaped like CLOVE-ECN: smooth weighted round robin over weights that each
   * congestion report halves. Every fifth pick returns an out-of-range index, which the balancer must replace by
   * its ECMP fallback, the same way in both modes.
   */
  static final class WeightedPolicy implements PathPolicy {
    private PathWeights weights;

    @Override
    public boolean usesFlowlets() {
      return true;
    }

    @Override
    public void bind(int maxDestinations, int maxPaths, long baseRttNanos) {
      weights = new PathWeights(maxDestinations, maxPaths);
    }

    @Override
    public PathChooser newChooser(long seed) {
      SmoothWeightedRoundRobin wrr = new SmoothWeightedRoundRobin(weights, MAX_DESTINATIONS, seed);
      int[] picks = {0};
      return (destination, paths, flowKey, nowNanos) ->
          ++picks[0] % 5 == 0 ? paths.size() : wrr.next(destination, paths.size());
    }

    @Override
    public void onPathsChanged(int destination, PathSet previous, PathSet current, long nowNanos) {
      double[] equal = new double[current.size()];
      Arrays.fill(equal, 1.0);
      weights.publish(destination, equal, equal.length);
    }

    @Override
    public boolean consumesCongestion() {
      return true;
    }

    @Override
    public void onCongestion(int destination, int pathIndex, long nowNanos) {
      double[] w = weights.snapshot(destination);
      if (pathIndex < w.length) {
        w[pathIndex] /= 2;
        weights.publish(destination, w, w.length);
      }
    }
  }

  static LoadBalancer build(Scheme scheme, int tableCapacity) {
    BalancerBuilder b = Clove.builder().maxDestinations(MAX_DESTINATIONS).maxPathsPerDestination(8)
        .flowletGapNanos(GAP).flowletTableCapacity(tableCapacity).policy(scheme.policy.get()).seed(7);
    for (int d = 0; d < WITH_PATHS; d++) {
      b.staticPaths(d, 40_000 + 8 * d, 40_001 + 8 * d, 40_002 + 8 * d, 40_003 + 8 * d, 40_004 + 8 * d);
    }
    return b.build();
  }

  @Provide
  Arbitrary<List<Integer>> burstSizes() {
    return Arbitraries.oneOf(Arbitraries.of(0, 1, 63, 64, 65, 300), Arbitraries.integers().between(0, 100))
        .list().ofMinSize(1).ofMaxSize(12);
  }

  /**
   * Two balancers built identically, one fed packet by packet and one burst by burst (and a third through the
   * interface's default burst method): the same ports, and the same
   * value of every counter after every burst. The traces mix unknown destinations (negative, too large),
   * destinations without paths, a small pool of repeated flows (a 64-entry table, so flows share sets and evict
   * each other), idle gaps beyond the flowlet gap, clocks that step back, and path failures and congestion reports
   * between bursts, applied to both.
   */
  @Property(tries = 300)
  void aBurstDecidesExactlyAsItsPacketsOneByOne(@ForAll Scheme scheme, @ForAll("burstSizes") List<Integer> sizes,
      @ForAll boolean largeTable, @ForAll long seed) {
    // A table larger than the L2 takes the touching burst path; a small one (evicting often) the plain loop.
    int capacity = largeTable ? 2 * FlowletTable.L2_ENTRIES : 64;
    LoadBalancer single = build(scheme, capacity);
    LoadBalancer burst = build(scheme, capacity);
    LoadBalancer viaDefault = withDefaultBurst(build(scheme, capacity));
    SplittableRandom random = new SplittableRandom(seed);
    long[] pool = random.longs(40).toArray();
    long now = 1_000_000_000L;
    for (int size : sizes) {
      int[] destinations = new int[size];
      long[] flowKeys = new long[size];
      int[] lengths = new int[size];
      for (int i = 0; i < size; i++) {
        destinations[i] = destination(random);
        flowKeys[i] = random.nextInt(4) == 0 ? random.nextLong() : pool[random.nextInt(pool.length)];
        lengths[i] = 64 + random.nextInt(1437);
      }
      int[] expected = new int[size];
      for (int i = 0; i < size; i++) {
        expected[i] = single.selectSourcePort(destinations[i], flowKeys[i], lengths[i], now);
      }
      int[] ports = new int[size + 3];
      Arrays.fill(ports, -7);
      burst.selectSourcePorts(destinations, flowKeys, lengths, size, now, ports);
      assertArrayEquals(expected, Arrays.copyOf(ports, size), "ports of a burst of " + size);
      assertArrayEquals(new int[] {-7, -7, -7}, Arrays.copyOfRange(ports, size, size + 3), "beyond count");
      assertSameCounters(single, burst);
      int[] defaultPorts = new int[size];
      viaDefault.selectSourcePorts(destinations, flowKeys, lengths, size, now, defaultPorts);
      assertArrayEquals(expected, defaultPorts, "the default method");

      now += step(random);
      if (random.nextInt(4) == 0) { // the same control event for both
        int d = random.nextInt(WITH_PATHS);
        int port = 40_000 + 8 * d + random.nextInt(5);
        boolean fail = random.nextBoolean();
        for (LoadBalancer lb : List.of(single, burst, viaDefault)) {
          if (fail) {
            lb.onPathFailure(d, port, now);
          } else {
            lb.onCongestion(d, port, now);
          }
        }
      }
    }
    Statistics.label("scheme").collect(scheme);
    Statistics.label("large table").collect(largeTable);
    Statistics.label("edge size")
        .collect(sizes.stream().anyMatch(s -> Arrays.stream(EDGE_SIZES).anyMatch(e -> e == s)));
    Statistics.label("unknown destinations").collect(single.count(Counter.FALLBACK_UNKNOWN_DESTINATION) > 0);
    Statistics.label("no path").collect(single.count(Counter.FALLBACK_NO_PATH) > 0);
    Statistics.label("evicted active").collect(single.count(Counter.FLOWLET_EVICTED_ACTIVE) > 0);
    Statistics.label("clock backwards").collect(single.count(Counter.CLOCK_BACKWARDS) > 0);
    Statistics.label("path gone").collect(single.count(Counter.FLOWLET_PATH_GONE) > 0);
    Statistics.label("large table").coverage(c -> c.check(true).percentage(p -> p > 30));
    Statistics.label("edge size").coverage(c -> c.check(true).percentage(p -> p > 30));
    Statistics.label("unknown destinations").coverage(c -> c.check(true).percentage(p -> p > 50));
    Statistics.label("no path").coverage(c -> c.check(true).percentage(p -> p > 50));
    Statistics.label("evicted active").coverage(c -> c.check(true).percentage(p -> p > 5));
    Statistics.label("clock backwards").coverage(c -> c.check(true).percentage(p -> p > 5));
    Statistics.label("path gone").coverage(c -> c.check(true).percentage(p -> p > 5));
  }

  /** Mostly known destinations with paths; some without paths, some negative, some too large. */
  private static int destination(SplittableRandom random) {
    switch (random.nextInt(10)) {
      case 0:
        return random.nextBoolean() ? -1 : Integer.MIN_VALUE + random.nextInt(1000);
      case 1:
        return random.nextBoolean() ? MAX_DESTINATIONS : MAX_DESTINATIONS + random.nextInt(Integer.MAX_VALUE - 16);
      case 2:
        return WITH_PATHS + random.nextInt(MAX_DESTINATIONS - WITH_PATHS);
      default:
        return random.nextInt(WITH_PATHS);
    }
  }

  /** Time between bursts: mostly inside the gap, sometimes an idle gap beyond it, sometimes a step back. */
  private static long step(SplittableRandom random) {
    switch (random.nextInt(6)) {
      case 0:
        return GAP + 1 + random.nextLong(10 * GAP);
      case 1:
        return -random.nextLong(GAP / 2);
      default:
        return random.nextLong(GAP / 4);
    }
  }

  private static void assertSameCounters(LoadBalancer expected, LoadBalancer actual) {
    for (Counter counter : Counter.values()) {
      assertEquals(expected.count(counter), actual.count(counter), counter.name());
    }
  }

  @Test
  void aCountOutsideTheArraysThrowsNamingIt() {
    LoadBalancer overridden = build(Scheme.EDGE_FLOWLET, 64);
    for (LoadBalancer lb : List.of(overridden, withDefaultBurst(build(Scheme.EDGE_FLOWLET, 64)))) {
      int[] d = new int[4];
      long[] k = new long[4];
      int[] l = new int[4];
      for (int[] out : new int[][] {new int[4], new int[3]}) {
        int bad = out.length + 1;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> lb.selectSourcePorts(d, k, l, bad, 0, out), lb.toString());
        assertTrue(e.getMessage().contains("count") && e.getMessage().contains("was " + bad), e.getMessage());
      }
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> lb.selectSourcePorts(d, k, new int[2], 3, 0, new int[4]));
      assertTrue(e.getMessage().contains("count") && e.getMessage().contains("was 3"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> lb.selectSourcePorts(d, k, l, -1, 0, new int[4]));
      assertTrue(e.getMessage().contains("count") && e.getMessage().contains("was -1"), e.getMessage());
      assertEquals(0, lb.count(Counter.PACKETS), "a rejected burst touches nothing");
      lb.selectSourcePorts(d, k, l, 3, 0, new int[3]); // count == the shortest array is fine
      assertEquals(3, lb.count(Counter.PACKETS));
    }
  }

  @Test
  void theBurstPathDoesNotAllocate() {
    for (int capacity : new int[] {1 << 12, 2 * FlowletTable.L2_ENTRIES}) {
      for (Scheme scheme : Scheme.values()) {
        assertNoAllocation(build(scheme, capacity), scheme + " capacity " + capacity);
      }
    }
  }

  private static void assertNoAllocation(LoadBalancer lb, String label) {
    com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    int size = 300; // more than one chunk
    int[] destinations = new int[size];
    long[] flowKeys = new long[size];
    int[] lengths = new int[size];
    int[] ports = new int[size];
    SplittableRandom random = new SplittableRandom(11);
    long now = 0;
    long sum = 0;
    for (int pass = 0; pass < 2; pass++) {
      long before = bean.getCurrentThreadAllocatedBytes();
      for (int b = 0; b < 2_000; b++) {
        for (int i = 0; i < size; i++) {
          destinations[i] = random.nextInt(MAX_DESTINATIONS);
          flowKeys[i] = random.nextInt(5_000);
        }
        now += 3_000;
        lb.selectSourcePorts(destinations, flowKeys, lengths, b % 3 == 0 ? 32 : size, now, ports);
        sum += ports[0];
      }
      long allocated = bean.getCurrentThreadAllocatedBytes() - before;
      if (pass == 1) {
        assertTrue(allocated < 1024, label + " allocated " + allocated + " bytes");
      }
    }
    assertTrue(sum > 0);
  }

  /** {@code target} seen through a proxy that keeps {@link LoadBalancer}'s default burst method. */
  static LoadBalancer withDefaultBurst(LoadBalancer target) {
    return (LoadBalancer) Proxy.newProxyInstance(LoadBalancer.class.getClassLoader(),
        new Class<?>[] {LoadBalancer.class}, (proxy, method, args) -> method.isDefault()
            ? InvocationHandler.invokeDefault(proxy, method, args) : method.invoke(target, args));
  }
}
