// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.LoadBalancer;
import dev.clove.api.ProbeSender;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

/**
 * Every documented limit of {@link DiscoveryConfig} and {@link BalancerBuilder} at its exact edge: the value at the
 * limit is accepted and keeps its meaning, the next one is refused with a message naming the parameter and the
 * value. Threading: single-threaded.
 */
class ConfigEdgesTest {
  private static final ProbeSender NO_PROBES = (destination, port, ttl, probeId) -> { };

  private static void assertRefused(String expectedStart, Supplier<?> build) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::get);
    assertTrue(e.getMessage().startsWith(expectedStart), () -> "message: " + e.getMessage());
  }

  private static DiscoveryConfig.Builder discovery() {
    return DiscoveryConfig.builder();
  }

  @Test
  void sourcePortsSpanTheWholeRangeFromZeroTo65535() {
    DiscoveryConfig low = discovery().sourcePortRange(0, 19).build();
    assertEquals(0, low.minSourcePort());
    assertEquals(19, low.maxSourcePort());
    assertEquals(65535, discovery().sourcePortRange(0, 65535).build().maxSourcePort());
    assertRefused("minSourcePort must be in 0..65535, was -1", () -> discovery().sourcePortRange(-1, 100).build());
    assertRefused("minSourcePort must be in 0..65535, was 65536",
        () -> discovery().sourcePortRange(65536, 65536).build());
    assertRefused("maxSourcePort must be in minSourcePort(0)..65535, was 65536",
        () -> discovery().sourcePortRange(0, 65536).build());
  }

  /**
   * A lowest port of 65535 and a range of one port are valid ports: what refuses them is the size rule, which
   * says so, not the port checks.
   */
  @Test
  void aOnePortRangeIsRefusedForItsSizeNotForItsPorts() {
    String sizeRule = "sourcePortRange must hold at least probesPerRound + pathsPerDestination = 20 ports (the "
        + "default probesPerRound=16, the default pathsPerDestination=4), was ";
    assertRefused(sizeRule + "65535..65535 (1 ports)", () -> discovery().sourcePortRange(65535, 65535).build());
    assertRefused(sizeRule + "1000..1000 (1 ports)", () -> discovery().sourcePortRange(1000, 1000).build());
    assertRefused("maxSourcePort must be in minSourcePort(1000)..65535, was 999",
        () -> discovery().sourcePortRange(1000, 999).build());
  }

  @Test
  void theSizeRuleNamesTheSumItNeeds() {
    // 3 fresh ports and 2 paths need 5 ports; 4 is one short, 5 is enough.
    assertRefused("sourcePortRange must hold at least probesPerRound + pathsPerDestination = 5 ports "
        + "(probesPerRound=3, pathsPerDestination=2), was 100..103 (4 ports)",
        () -> discovery().probesPerRound(3).pathsPerDestination(2).sourcePortRange(100, 103).build());
    assertEquals(104, discovery().probesPerRound(3).pathsPerDestination(2).sourcePortRange(100, 104).build()
        .maxSourcePort());
  }

  /** A count setting accepts 1 and {@code max}, keeps them, and refuses 0 and {@code max + 1} by name. */
  private static void assertCountRange(String name, int max, IntFunction<DiscoveryConfig.Builder> set,
      ToIntFunction<DiscoveryConfig> get) {
    assertEquals(1, get.applyAsInt(set.apply(1).build()));
    assertEquals(max, get.applyAsInt(set.apply(max).build()));
    assertRefused(name + " must be in 1.." + max + ", was 0", () -> set.apply(0).build());
    assertRefused(name + " must be in 1.." + max + ", was " + (max + 1), () -> set.apply(max + 1).build());
  }

  @Test
  void countsRunFromOneToTheirDocumentedMaximum() {
    assertCountRange("probesPerRound", 1024, n -> discovery().probesPerRound(n), DiscoveryConfig::probesPerRound);
    assertCountRange("maxTtl", 64, n -> discovery().maxTtl(n), DiscoveryConfig::maxTtl);
    assertCountRange("pathsPerDestination", 64, n -> discovery().pathsPerDestination(n),
        DiscoveryConfig::pathsPerDestination);
  }

  @Test
  void expiryNeedsAtLeastOneRound() {
    assertEquals(1, discovery().expiryRounds(1).build().expiryRounds());
    assertRefused("expiryRounds must be >= 1, was 0", () -> discovery().expiryRounds(0).build());
  }

  @Test
  void timesRunFromOneNanosecondToOneHour() {
    long hour = DiscoveryConfig.MAX_DURATION_NANOS;
    assertEquals(3_600_000_000_000L, hour);
    assertEquals(1, discovery().activityWindowNanos(1).build().activityWindowNanos());
    assertEquals(hour, discovery().activityWindowNanos(hour).build().activityWindowNanos());
    assertEquals(hour, discovery().probeIntervalNanos(hour).build().probeIntervalNanos());
    assertEquals(1, discovery().probeIntervalNanos(2).replyTimeoutNanos(1).build().replyTimeoutNanos());
    String rule = " must be in 1..3600000000000 (one hour), was ";
    assertRefused("activityWindowNanos" + rule + "0", () -> discovery().activityWindowNanos(0).build());
    assertRefused("activityWindowNanos" + rule + (hour + 1),
        () -> discovery().activityWindowNanos(hour + 1).build());
    assertRefused("probeIntervalNanos" + rule + (hour + 1), () -> discovery().probeIntervalNanos(hour + 1).build());
    assertRefused("replyTimeoutNanos" + rule + "0", () -> discovery().replyTimeoutNanos(0).build());
  }

  @Test
  void baseRttRunsFromOneNanosecondToHalfOfLongMax() {
    Clove.builder().baseRttNanos(1);
    Clove.builder().baseRttNanos(Long.MAX_VALUE / 2);
    String rule = "baseRttNanos must be in 1.." + Long.MAX_VALUE / 2 + ", was ";
    assertRefused(rule + "0", () -> Clove.builder().baseRttNanos(0));
    assertRefused(rule + (Long.MAX_VALUE / 2 + 1), () -> Clove.builder().baseRttNanos(Long.MAX_VALUE / 2 + 1));
  }

  @Test
  void staticPathsMayNameTheLastDestinationButNotOnePast() {
    LoadBalancer lb = Clove.builder().maxDestinations(3).staticPaths(2, 50001, 50002).seed(1).build();
    int port = lb.selectSourcePort(2, 7, 100, 0);
    assertTrue(port == 50001 || port == 50002, "destination 2 uses its static paths, took " + port);
    assertRefused("staticPaths.destination must be < maxDestinations=3, was 3",
        () -> Clove.builder().maxDestinations(3).staticPaths(3, 50001).seed(1).build());
  }

  @Test
  void staticPathsMayFillButNotExceedTheLimitOfPaths() {
    Clove.builder().maxDestinations(1).maxPathsPerDestination(2).staticPaths(0, 50001, 50002).seed(1).build();
    assertRefused("staticPaths(0) has 3 ports, more than maxPathsPerDestination=2",
        () -> Clove.builder().maxDestinations(1).maxPathsPerDestination(2).staticPaths(0, 50001, 50002, 50003)
            .seed(1).build());
  }

  @Test
  void discoveryMayKeepAsManyPathsAsTheBalancerHoldsButNotMore() {
    DiscoveryConfig three = discovery().pathsPerDestination(3).build();
    Clove.builder().maxDestinations(1).maxPathsPerDestination(3).pathDiscovery(three, NO_PROBES).seed(1).build();
    assertRefused("pathDiscovery.pathsPerDestination must be <= maxPathsPerDestination=2, was pathsPerDestination=3",
        () -> Clove.builder().maxDestinations(1).maxPathsPerDestination(2).pathDiscovery(three, NO_PROBES).seed(1)
            .build());
  }

  @Test
  void aConfigurationNeedingExactlyTheHeapFits() {
    long bytes = 1000L * BalancerBuilder.UP_FRONT_BYTES_PER_DESTINATION + 8L * 64;
    BalancerBuilder.checkMemory(1000, 64, bytes);
    assertRefused("maxDestinations=1000 and flowletTableCapacity=64 need about",
        () -> {
          BalancerBuilder.checkMemory(1000, 64, bytes - 1);
          return null;
        });
  }

  /** Dataplanes re-note a destination's activity a sixteenth of the activity window apart (and never without discovery). */
  @Test
  void activityIsNotedASixteenthOfTheWindowApart() {
    BalancerBuilder withDiscovery = Clove.builder()
        .pathDiscovery(discovery().activityWindowNanos(1_600_000).build(), NO_PROBES);
    assertEquals(100_000, withDiscovery.activityNoteIntervalNanos());
    BalancerBuilder tinyWindow = Clove.builder().pathDiscovery(discovery().activityWindowNanos(15).build(), NO_PROBES);
    assertEquals(1, tinyWindow.activityNoteIntervalNanos(), "never 0: at most once per nanosecond");
    assertEquals(Long.MAX_VALUE, Clove.builder().activityNoteIntervalNanos());
  }
}
