package dev.clove.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
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

  @Test
  void activityWindowDefaultsToTwiceTheIntervalUnlessSet() {
    assertEquals(2_000_000_000L,
        DiscoveryConfig.builder().probeInterval(Duration.ofSeconds(1)).build().activityWindowNanos());
    assertEquals(7_000_000L, DiscoveryConfig.builder().probeInterval(Duration.ofSeconds(1))
        .activityWindow(Duration.ofMillis(7)).build().activityWindowNanos());
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
        bad("probeInterval", "PT0S", b -> b.probeInterval(Duration.ZERO)),
        bad("probeInterval", "PT-0.001S", b -> b.probeInterval(Duration.ofMillis(-1))),
        bad("probeInterval", "PT2H", b -> b.probeInterval(Duration.ofHours(2))),
        bad("replyTimeout", "PT0S", b -> b.replyTimeout(Duration.ZERO)),
        bad("replyTimeout", "PT0.6S", b -> b.replyTimeout(Duration.ofMillis(600))),
        bad("replyTimeout", "PT0.5S", b -> b.replyTimeout(Duration.ofMillis(500))),
        bad("expiryRounds", "0", b -> b.expiryRounds(0)),
        bad("activityWindow", "PT0S", b -> b.activityWindow(Duration.ZERO)),
        bad("activityWindow", "PT-1S", b -> b.activityWindow(Duration.ofSeconds(-1))));
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

  @Test
  void aNullDurationIsRejectedByItsSetterNamingIt() {
    DiscoveryConfig.Builder builder = DiscoveryConfig.builder();
    assertNamedNull("probeInterval", () -> builder.probeInterval(null));
    assertNamedNull("replyTimeout", () -> builder.replyTimeout(null));
    assertNamedNull("activityWindow", () -> builder.activityWindow(null));
    assertEquals(DiscoveryConfig.defaults().toString(), builder.build().toString(), "rejected values are not kept");
  }

  private static void assertNamedNull(String name, Runnable setting) {
    NullPointerException e = assertThrows(NullPointerException.class, setting::run);
    assertEquals(name, e.getMessage());
  }
}
