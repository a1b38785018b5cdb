package dev.clove.core;

import dev.clove.api.ProbeSender;

/** Connects path discovery to a balancer core: discovery's results become the core's published path sets. */
final class DiscoveryBinding {
  private DiscoveryBinding() {}

  static Discovery create(BalancerCore core, DiscoveryConfig config, ProbeSender sender) {
    throw new UnsupportedOperationException("path discovery is not wired yet");
  }
}
