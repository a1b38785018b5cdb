// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.telemetry;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import dev.clove.api.FeedbackWord;
import dev.clove.api.LoadBalancer;
import dev.clove.core.Clove;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A feedback thread publishes readings while two dataplanes choose paths and read the readings. Each reading's
 * utilization is a function of its own time, so a reader that saw a utilization with another reading's time (a
 * torn snapshot) would notice.
 */
class IntConcurrencyTest {
  static final int[] PORTS = {50001, 50002, 50003, 50004};

  static double utilizationAt(long time) {
    return (time % 8192) / 8192.0; // exactly representable in a feedback word
  }

  @Test
  void readersSeeConsistentReadings() throws InterruptedException {
    IntPolicy policy = CloveInt.policy().staleAfterNanos(5_000).build();
    LoadBalancer lb = Clove.builder().policy(policy).staticPaths(0, PORTS).seed(5).build();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicLong reads = new AtomicLong();
    long deadline = System.nanoTime() + 700_000_000L;

    Thread feedback = new Thread(() -> {
      SplittableRandom random = new SplittableRandom(2);
      long now = 0;
      while (System.nanoTime() < deadline) {
        now += random.nextInt(1, 50);
        lb.onFeedbackWord(0, FeedbackWord.encodeUtilization(PORTS[random.nextInt(4)], utilizationAt(now)), now);
      }
    });
    Runnable dataplane = () -> {
      LoadBalancer mine = lb.newDataplane();
      Readings readings = policy.readings();
      int[] ports = new int[16];
      double[] u = new double[16];
      long[] t = new long[16];
      long flow = Thread.currentThread().getId() << 40;
      long now = 0;
      while (System.nanoTime() < deadline) {
        for (int i = 0; i < 64; i++) {
          int port = mine.selectSourcePort(0, flow++, 1500, now += 20);
          if (port < PORTS[0] || port > PORTS[3]) {
            throw new AssertionError("port " + port);
          }
        }
        int n = readings.read(0, ports, u, t);
        if (n != 4) {
          throw new AssertionError("count " + n);
        }
        for (int j = 0; j < n; j++) {
          if (ports[j] != PORTS[j]) {
            throw new AssertionError("port " + ports[j] + " at " + j);
          }
          if (t[j] != IntPolicy.NEVER && u[j] != utilizationAt(t[j])) {
            throw new AssertionError("torn reading: utilization " + u[j] + " with time " + t[j]);
          }
        }
        reads.incrementAndGet();
      }
    };
    Thread a = new Thread(dataplane);
    Thread b = new Thread(dataplane);
    for (Thread th : new Thread[] {feedback, a, b}) {
      th.setUncaughtExceptionHandler((thread, e) -> failure.compareAndSet(null, e));
      th.start();
    }
    for (Thread th : new Thread[] {feedback, a, b}) {
      th.join(5_000);
    }
    assertNull(failure.get(), () -> String.valueOf(failure.get()));
    assertTrue(reads.get() > 100, "reads " + reads.get());
    assertTrue(lb.count(Counter.UTILIZATION_REPORTS) > 1000, "reports " + lb.count(Counter.UTILIZATION_REPORTS));
  }
}
