// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import dev.clove.api.LoadBalancer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A packet handed to the dataplane with an absurd time (a clock glitch) marks its destination active, but not for
 * ever: the next packet's correct time replaces the stamp, and once traffic stops, probing stops as it would have.
 */
class ActivityGlitchTest {
  private static final long MS = 1_000_000;
  private static final long START = 10_000 * MS;

  @Provide
  Arbitrary<Long> futureGlitches() {
    return Arbitraries.oneOf(Arbitraries.of(Long.MAX_VALUE, START + 3_600_000 * MS),
        Arbitraries.longs().between(START + 2_000 * MS, Long.MAX_VALUE));
  }

  @Property(tries = 50)
  void probingStopsWithTrafficDespiteAGlitchedPacketTime(@ForAll("futureGlitches") long glitch) {
    HopTraceFabric fabric = HopTraceFabric.twoSpinesTwoLinks(true);
    DiscoveryConfig config = DiscoveryConfig.builder().probeIntervalNanos(10 * MS).replyTimeoutNanos(MS)
        .activityWindowNanos(20 * MS).build();
    LoadBalancer lb = Clove.builder().maxDestinations(4).seed(5).pathDiscovery(config, fabric).build();
    lb.selectSourcePort(2, 1, 100, glitch);      // the glitched packet time
    long t = START;
    for (; t < START + 30 * MS; t += MS / 2) {  // 30 ms of real traffic
      lb.selectSourcePort(2, 1, 100, t);
      fabric.setTime(t);
      lb.onTick(t);
      fabric.deliver(lb, t);
    }
    assertTrue(lb.count(Counter.PROBES_SENT) > 0, "the active destination was probed");
    for (; t < START + 100 * MS; t += MS / 2) {  // traffic stops; rounds stop once the window has passed
      fabric.setTime(t);
      lb.onTick(t);
      fabric.deliver(lb, t);
    }
    long probesAfterTheWindow = lb.count(Counter.PROBES_SENT);
    for (; t < START + 300 * MS; t += MS / 2) {
      fabric.setTime(t);
      lb.onTick(t);
      fabric.deliver(lb, t);
    }
    assertEquals(probesAfterTheWindow, lb.count(Counter.PROBES_SENT),
        "an idle destination is not probed on the strength of a glitched packet time");
  }
}
