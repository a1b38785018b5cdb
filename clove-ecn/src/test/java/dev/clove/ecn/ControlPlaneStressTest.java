// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.ecn;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import dev.clove.api.DestinationPaths;
import dev.clove.api.FeedbackWord;
import dev.clove.api.LoadBalancer;
import dev.clove.core.Clove;
import dev.clove.core.internal.PathWeights;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Everything at once: two dataplane threads forward (one packet at a time and in bursts) and read weights, a
 * feedback thread relays congestion and ticks, and a path thread fails static paths, which ticks re-admit. No
 * packet may get a port outside the path set it read, and no reader may see torn weights.
 *
 * <p>Runs {@value #DEFAULT_SECONDS} s by default; {@code -Dclove.stress.seconds=N} runs it longer.
 */
class ControlPlaneStressTest {
  static final int DEFAULT_SECONDS = 2;
  static final int DESTINATIONS = 4;
  static final int[][] PORTS = {
      {50001, 50002, 50003, 50004}, {51001, 51002, 51003, 51004},
      {52001, 52002, 52003, 52004}, {53001, 53002, 53003, 53004}};

  @Test
  void decisionsStayInsidePublishedPathSetsUnderConcurrentChanges() throws InterruptedException {
    long seconds = Long.getLong("clove.stress.seconds", DEFAULT_SECONDS);
    EcnPolicy policy = CloveEcn.policy().relayIntervalNanos(1_000).recovery(Recovery.decayToEqual(50_000)).build();
    var builder = Clove.builder().maxDestinations(DESTINATIONS).policy(policy).staticPathHoldDownNanos(200_000)
        .flowletGapNanos(2_000).seed(17);
    for (int d = 0; d < DESTINATIONS; d++) {
      builder.staticPaths(d, PORTS[d]);
    }
    LoadBalancer lb = builder.build();
    Map<Long, int[]> setsByVersion = new ConcurrentHashMap<>();
    Runnable record = () -> {
      for (int d = 0; d < DESTINATIONS; d++) {
        DestinationPaths p = lb.paths(d);
        setsByVersion.put(p.version(), p.ports());
      }
    };
    record.run();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicLong checked = new AtomicLong();
    AtomicLong clock = new AtomicLong(); // shared virtual time, advanced by the feedback thread
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;

    Thread feedback = new Thread(() -> {
      SplittableRandom random = new SplittableRandom(1);
      while (System.nanoTime() < deadline) {
        long now = clock.addAndGet(random.nextInt(1, 2_000));
        int d = random.nextInt(DESTINATIONS);
        lb.onFeedbackWord(d, FeedbackWord.encodeCongestion(PORTS[d][random.nextInt(4)]), now);
        if (random.nextInt(4) == 0) {
          lb.onTick(now);
          record.run();
        }
      }
    });
    Thread pathChanger = new Thread(() -> {
      SplittableRandom random = new SplittableRandom(2);
      while (System.nanoTime() < deadline) {
        int d = random.nextInt(DESTINATIONS);
        lb.onPathFailure(d, PORTS[d][random.nextInt(2)], clock.get()); // two of four: never all down
        record.run();
        Thread.onSpinWait();
      }
    });
    Runnable dataplane = () -> {
      LoadBalancer mine = lb.newDataplane();
      PathWeights weights = policy.pathWeights();
      double[] buffer = new double[weights.maxPaths()];
      int[] destinations = new int[32];
      long[] flows = new long[32];
      int[] lengths = new int[32];
      int[] ports = new int[32];
      Arrays.fill(lengths, 1500);
      SplittableRandom random = new SplittableRandom(Thread.currentThread().getId());
      while (System.nanoTime() < deadline) {
        int d = random.nextInt(DESTINATIONS);
        long before = mine.pathsVersion(d);
        long now = clock.get();
        if (random.nextBoolean()) {
          ports[0] = mine.selectSourcePort(d, random.nextInt(5_000), 1500, now);
          Arrays.fill(ports, 1, 32, -1);
        } else {
          Arrays.fill(destinations, d);
          for (int i = 0; i < 32; i++) {
            flows[i] = random.nextInt(5_000);
          }
          mine.selectSourcePorts(destinations, flows, lengths, 32, now, ports);
        }
        long after = mine.pathsVersion(d);
        int[] set = setsByVersion.get(before);
        for (int port : ports) {
          if (port == -1) {
            continue;
          }
          if (Arrays.stream(PORTS[d]).noneMatch(p -> p == port)) {
            throw new AssertionError("destination " + d + " got port " + port + ", not one of its paths");
          }
          if (before == after && set != null) {
            if (Arrays.stream(set).noneMatch(p -> p == port)) {
              throw new AssertionError(
                  "port " + port + " is not in path set v" + before + " " + Arrays.toString(set));
            }
            checked.incrementAndGet();
          }
        }
        long stamp = weights.read(d, buffer);
        double sum = 0;
        for (int j = 0, n = PathWeights.stampCount(stamp); j < n; j++) {
          if (!(buffer[j] >= 0 && buffer[j] <= 1)) {
            throw new AssertionError("weight " + buffer[j]);
          }
          sum += buffer[j];
        }
        if (PathWeights.stampCount(stamp) > 0 && Math.abs(sum - 1) > 1e-9) {
          throw new AssertionError("torn weights of destination " + d + ": sum " + sum);
        }
      }
      mine.close();
    };
    Thread[] threads = {feedback, pathChanger, new Thread(dataplane), new Thread(dataplane)};
    for (Thread t : threads) {
      t.setUncaughtExceptionHandler((thread, e) -> failure.compareAndSet(null, e));
      t.start();
    }
    for (Thread t : threads) {
      t.join(seconds * 1_000 + 10_000);
    }
    assertNull(failure.get(), () -> String.valueOf(failure.get()));
    assertTrue(checked.get() > 1_000, "decisions checked against their path set: " + checked.get());
    assertTrue(lb.count(Counter.PATHS_REMOVED) > 10, "paths removed " + lb.count(Counter.PATHS_REMOVED));
    assertTrue(lb.count(Counter.PATHS_ADDED) > 10, "paths re-admitted " + lb.count(Counter.PATHS_ADDED));
    assertTrue(lb.count(Counter.CONGESTION_CUTS) > 10, "cuts " + lb.count(Counter.CONGESTION_CUTS));
  }
}
