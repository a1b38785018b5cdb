package dev.clove.core;

/** Placeholder until path discovery lands; replaced by the real configuration. */
public final class DiscoveryConfig {
  private DiscoveryConfig() {}

  public static DiscoveryConfig defaults() {
    return new DiscoveryConfig();
  }

  long activityWindowNanos() {
    return 1_000_000_000L;
  }
}
