// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import dev.clove.api.LoadBalancer;
import java.lang.ref.WeakReference;
import org.junit.jupiter.api.Test;

/** Dataplanes made and closed by the thousand leave nothing behind but their counts. */
class DataplaneLifecycleTest {

  @Test
  void closedDataplanesAreReleasedAndTheirCountsKept() {
    LoadBalancer first = Clove.builder().maxDestinations(1).staticPaths(0, 50001, 50002).seed(4).build();
    BalancerCore core = ((CloveBalancer) first).core;
    WeakReference<LoadBalancer> someClosed = null;
    for (int i = 0; i < 2_000; i++) {
      LoadBalancer dataplane = first.newDataplane();
      dataplane.selectSourcePort(0, i, 100, 0);
      dataplane.close();
      dataplane.close(); // idempotent
      if (i == 0) {
        someClosed = new WeakReference<>(dataplane);
      }
    }
    assertEquals(1, core.dataplanes.size(), "only the open one is still referenced");
    assertEquals(2_000, first.count(Counter.PACKETS), "the closed ones' packets are still counted");
    assertEquals(2_000, first.count(Counter.NEW_FLOWLETS));
    first.selectSourcePort(0, 99_999, 100, 0);
    assertEquals(2_001, first.count(Counter.PACKETS));
    for (int i = 0; i < 10 && someClosed.get() != null; i++) {
      System.gc();
    }
    assertTrue(someClosed.get() == null, "a closed, dropped dataplane (and its flowlet table) can be collected");
  }

  @Test
  void aClosedDataplaneStillForwardsAndSiblingsAreUnaffected() {
    LoadBalancer first = Clove.builder().maxDestinations(1).staticPaths(0, 50001, 50002).seed(4).build();
    LoadBalancer second = first.newDataplane();
    first.close();
    int port = first.selectSourcePort(0, 1, 100, 0);
    assertTrue(port == 50001 || port == 50002);
    int other = second.selectSourcePort(0, 2, 100, 0);
    assertTrue(other == 50001 || other == 50002);
    assertEquals(1, second.count(Counter.PACKETS), "what a closed dataplane does afterwards is not summed");
  }
}
