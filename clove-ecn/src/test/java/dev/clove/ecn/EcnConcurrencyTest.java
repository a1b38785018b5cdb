// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.ecn;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import dev.clove.api.FeedbackWord;
import dev.clove.api.LoadBalancer;
import dev.clove.core.Clove;
import dev.clove.core.internal.PathWeights;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A feedback thread cuts weights while two dataplane threads pick paths and read the weights. */
class EcnConcurrencyTest {
  static final int[] PORTS = {50001, 50002, 50003, 50004, 50005, 50006};

  @Test
  void readersAlwaysSeeADistribution() throws InterruptedException {
    EcnPolicy policy = CloveEcn.policy().relayIntervalNanos(1_000).recovery(Recovery.decayToEqual(20_000)).build();
    LoadBalancer lb = Clove.builder().policy(policy).staticPaths(0, PORTS).seed(11).build();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicLong reads = new AtomicLong();
    long deadline = System.nanoTime() + 700_000_000L;

    Thread feedback = new Thread(() -> {
      SplittableRandom random = new SplittableRandom(1);
      long now = 0;
      while (System.nanoTime() < deadline) {
        now += random.nextInt(1, 800);
        lb.onFeedbackWord(0, FeedbackWord.encodeCongestion(PORTS[random.nextInt(PORTS.length)]), now);
        if (random.nextInt(8) == 0) {
          lb.onTick(now);
        }
      }
    });
    Runnable dataplane = () -> {
      LoadBalancer mine = lb.newDataplane();
      PathWeights weights = policy.pathWeights();
      double[] buffer = new double[weights.maxPaths()];
      long flow = Thread.currentThread().getId() << 40;
      long now = 0;
      while (System.nanoTime() < deadline) {
        for (int i = 0; i < 64; i++) {
          int port = mine.selectSourcePort(0, flow++, 1500, now += 100);
          if (port < PORTS[0] || port > PORTS[PORTS.length - 1]) {
            throw new AssertionError("port " + port);
          }
        }
        long stamp = weights.read(0, buffer);
        int n = PathWeights.stampCount(stamp);
        if (n != PORTS.length) {
          throw new AssertionError("count " + n);
        }
        double sum = 0;
        for (int j = 0; j < n; j++) {
          if (!(buffer[j] >= 0)) {
            throw new AssertionError("weight " + buffer[j]);
          }
          sum += buffer[j];
        }
        if (Math.abs(sum - 1) > 1e-9) {
          throw new AssertionError("torn or drifting weights, sum " + sum);
        }
        double[] snapshot = weights.snapshot(0);
        double s = 0;
        for (double w : snapshot) {
          s += w;
        }
        if (Math.abs(s - 1) > 1e-9) {
          throw new AssertionError("snapshot sum " + s);
        }
        reads.incrementAndGet();
      }
    };
    Thread a = new Thread(dataplane);
    Thread b = new Thread(dataplane);
    for (Thread t : new Thread[] {feedback, a, b}) {
      t.setUncaughtExceptionHandler((thread, e) -> failure.compareAndSet(null, e));
      t.start();
    }
    for (Thread t : new Thread[] {feedback, a, b}) {
      t.join(5_000);
    }
    assertNull(failure.get(), () -> String.valueOf(failure.get()));
    assertTrue(reads.get() > 100, "reads " + reads.get());
    assertTrue(lb.count(Counter.CONGESTION_CUTS) > 100, "cuts " + lb.count(Counter.CONGESTION_CUTS));
  }
}
