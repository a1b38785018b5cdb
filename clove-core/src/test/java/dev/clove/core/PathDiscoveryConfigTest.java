// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link DiscoveryConfig}: defaults and validation. Threading: single-threaded. */
class PathDiscoveryConfigTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    DiscoveryConfig c = DiscoveryConfig.defaults();
    assertEquals(49152, c.minSourcePort());
    assertEquals(65535, c.maxSourcePort());
    assertEquals(16, c.probesPerRound());
    assertEquals(8, c.maxTtl());
    assertEquals(4, c.pathsPerDestination());
    assertEquals(500_000_000L, c.probeIntervalNanos());
    assertEquals(50_000_000L, c.replyTimeoutNanos());
    assertEquals(3, c.expiryRounds());
    assertTrue(c.probeOnlyActive());
    assertEquals(1_000_000_000L, c.activityWindowNanos());
  }

  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  @Test
  void activityWindowDefaultsToTwiceTheIntervalUnlessSet() {
    assertEquals(2_000_000_000L,
        DiscoveryConfig.builder().probeIntervalNanos(1_000 * MS).build().activityWindowNanos());
    assertEquals(7_000_000L, DiscoveryConfig.builder().probeIntervalNanos(1_000 * MS)
        .activityWindowNanos(7 * MS).build().activityWindowNanos());
  }

  @Test
  void timesAreTakenInNanosecondsAsGiven() {
    DiscoveryConfig c = DiscoveryConfig.builder().probeIntervalNanos(123_456_789).replyTimeoutNanos(1_234_567)
        .activityWindowNanos(987_654_321).build();
    assertEquals(123_456_789, c.probeIntervalNanos());
    assertEquals(1_234_567, c.replyTimeoutNanos());
    assertEquals(987_654_321, c.activityWindowNanos());
  }

  @Test
  void aTimeoutTooLongForTheDefaultIntervalSaysTheIntervalIsTheDefault() {
    // The user set only the timeout: 600 ms against the default interval of 500 ms.
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DiscoveryConfig.builder().replyTimeoutNanos(600 * MS).build());
    assertEquals("replyTimeoutNanos must be shorter than the default probeIntervalNanos=500000000, was 600000000",
        e.getMessage());
  }

  @Test
  void anIntervalTooShortForTheDefaultTimeoutBlamesTheIntervalAndNamesTheDefaultTimeout() {
    // The user set only the interval: 40 ms against the default timeout of 50 ms. The timeout was never set,
    // so the message must not lead with it.
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DiscoveryConfig.builder().probeIntervalNanos(40 * MS).build());
    assertEquals("probeIntervalNanos must be longer than the default replyTimeoutNanos=50000000, was 40000000",
        e.getMessage());
  }

  @Test
  void aCombinationOfTwoSetValuesNamesBothWithoutDefault() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DiscoveryConfig.builder().probeIntervalNanos(10 * MS).replyTimeoutNanos(10 * MS).build());
    assertEquals("replyTimeoutNanos must be shorter than probeIntervalNanos=10000000, was 10000000",
        e.getMessage());
  }

  @Test
  void aPortRangeTooSmallSaysWhichCountsAreDefaults() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DiscoveryConfig.builder().sourcePortRange(1000, 1018).build()); // 19 ports, 16 + 4 needed
    assertTrue(e.getMessage().startsWith("sourcePortRange "), e.getMessage());
    assertTrue(e.getMessage().contains("the default probesPerRound=16"), e.getMessage());
    assertTrue(e.getMessage().contains("the default pathsPerDestination=4"), e.getMessage());
    assertTrue(e.getMessage().contains("was 1000..1018 (19 ports)"), e.getMessage());

    e = assertThrows(IllegalArgumentException.class,
        () -> DiscoveryConfig.builder().sourcePortRange(1000, 1018).probesPerRound(15).pathsPerDestination(5)
            .build()); // 19 ports, 15 + 5 needed
    assertTrue(e.getMessage().contains("probesPerRound=15") && e.getMessage().contains("pathsPerDestination=5"),
        e.getMessage());
    assertTrue(!e.getMessage().contains("default"), e.getMessage());
  }

  @Test
  void theBalancerSaysWhenItsPathLimitIsTheDefault() {
    // maxPathsPerDestination left at its default of 16; discovery asks for 32.
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Clove.builder()
        .pathDiscovery(DiscoveryConfig.builder().pathsPerDestination(32).build(), (d, p, t, id) -> { }).build());
    assertEquals("pathDiscovery.pathsPerDestination must be <= the default maxPathsPerDestination=16, was "
        + "pathsPerDestination=32", e.getMessage());
    // And the other way round: the limit set, discovery's k its default of 4.
    e = assertThrows(IllegalArgumentException.class, () -> Clove.builder().maxPathsPerDestination(3)
        .pathDiscovery(DiscoveryConfig.defaults(), (d, p, t, id) -> { }).build());
    assertEquals("pathDiscovery.pathsPerDestination must be <= maxPathsPerDestination=3, was the default "
        + "pathsPerDestination=4", e.getMessage());
  }

  @Test
  void theSmallestValidPortRangeIsAccepted() {
    DiscoveryConfig c = DiscoveryConfig.builder().sourcePortRange(1000, 1019).build(); // 16 + 4 ports
    assertEquals(1000, c.minSourcePort());
    assertEquals(1019, c.maxSourcePort());
  }

  static Stream<Arguments> badSettings() {
    return Stream.of(
        bad("minSourcePort", "-1", b -> b.sourcePortRange(-1, 100)),
        bad("minSourcePort", "70000", b -> b.sourcePortRange(70000, 70001)),
        bad("maxSourcePort", "99", b -> b.sourcePortRange(100, 99)),
        bad("maxSourcePort", "65536", b -> b.sourcePortRange(100, 65536)),
        bad("sourcePortRange", "1000..1018", b -> b.sourcePortRange(1000, 1018)),
        bad("probesPerRound", "0", b -> b.probesPerRound(0)),
        bad("probesPerRound", "1025", b -> b.probesPerRound(1025)),
        bad("maxTtl", "0", b -> b.maxTtl(0)),
        bad("maxTtl", "65", b -> b.maxTtl(65)),
        bad("pathsPerDestination", "0", b -> b.pathsPerDestination(0)),
        bad("pathsPerDestination", "65", b -> b.pathsPerDestination(65)),
        bad("probeIntervalNanos", "0", b -> b.probeIntervalNanos(0)),
        bad("probeIntervalNanos", "-1000000", b -> b.probeIntervalNanos(-MS)),
        bad("probeIntervalNanos", "7200000000000", b -> b.probeIntervalNanos(7_200_000 * MS)),
        bad("probeIntervalNanos", "-9223372036854775808", b -> b.probeIntervalNanos(Long.MIN_VALUE)),
        bad("replyTimeoutNanos", "0", b -> b.replyTimeoutNanos(0)),
        bad("replyTimeoutNanos", "600000000", b -> b.replyTimeoutNanos(600 * MS)),
        bad("replyTimeoutNanos", "500000000", b -> b.replyTimeoutNanos(500 * MS)),
        bad("expiryRounds", "0", b -> b.expiryRounds(0)),
        bad("activityWindowNanos", "0", b -> b.activityWindowNanos(0)),
        bad("activityWindowNanos", "-1000000000", b -> b.activityWindowNanos(-1_000 * MS)),
        bad("activityWindowNanos", "-9223372036854775808", b -> b.activityWindowNanos(Long.MIN_VALUE)));
  }

  private static Arguments bad(String name, String value, Consumer<DiscoveryConfig.Builder> setting) {
    return Arguments.of(name, value, setting);
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("badSettings")
  void everyBadValueIsRejectedNamingItsParameterAndValue(String name, String value,
      Consumer<DiscoveryConfig.Builder> setting) {
    DiscoveryConfig.Builder builder = DiscoveryConfig.builder();
    setting.accept(builder);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
    assertTrue(e.getMessage().startsWith(name + " "), e.getMessage());
    assertTrue(e.getMessage().contains("was " + value), e.getMessage());
  }
}
