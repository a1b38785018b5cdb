package dev.clove.core;

import dev.clove.api.FeedbackRelay;

/**
 * Builds a receiving-side {@link FeedbackRelay} over a {@link RelayTable}; {@code CloveEcn.relay()} and
 * {@code CloveInt.relay()} hand out one each, configured for their kind of report.
 *
 * <p>Setters check their argument at once; errors are {@link IllegalArgumentException}s naming the parameter and
 * the bad value. Defaults: 1024 sources, base RTT 100 us, relay interval base RTT / 2 (paper, section 2.3), 16
 * pending ports per source.
 *
 * <p>Threading: one thread; each built relay is described in {@link FeedbackRelay}.
 */
public final class RelayBuilder {
  /** Makes the relay itself from its validated size and table. */
  @FunctionalInterface
  public interface Factory {
    FeedbackRelay create(int maxSources, RelayTable table);
  }

  private final Factory factory;
  private int maxSources = 1024;
  private long baseRttNanos = 100_000;
  private long relayIntervalNanos = -1;
  private int pendingPortsPerSource = 16;

  /** A builder whose {@link #build()} calls {@code factory}. */
  public RelayBuilder(Factory factory) {
    if (factory == null) {
      throw new IllegalArgumentException("factory must not be null");
    }
    this.factory = factory;
  }

  /** Source ids will be in {@code [0, maxSources)}; 1 to 2^24. */
  public RelayBuilder maxSources(int maxSources) {
    this.maxSources = BalancerBuilder.checkRange("maxSources", maxSources, 1, 1 << 24);
    return this;
  }

  /** The fabric's base RTT, from which the relay interval defaults (RTT / 2). Positive. */
  public RelayBuilder baseRttNanos(long baseRttNanos) {
    if (baseRttNanos <= 0) {
      throw new IllegalArgumentException("baseRttNanos must be > 0, was " + baseRttNanos);
    }
    this.baseRttNanos = baseRttNanos;
    return this;
  }

  /** Each path is reported at most once per interval. Positive; default base RTT / 2 (paper). */
  public RelayBuilder relayIntervalNanos(long relayIntervalNanos) {
    if (relayIntervalNanos <= 0) {
      throw new IllegalArgumentException("relayIntervalNanos must be > 0, was " + relayIntervalNanos);
    }
    this.relayIntervalNanos = relayIntervalNanos;
    return this;
  }

  /**
   * Ports per source that can be pending or cooling at once (at least the sender's paths per destination);
   * 1 to 256; default 16. Reports beyond it are dropped and counted.
   */
  public RelayBuilder pendingPortsPerSource(int pendingPortsPerSource) {
    this.pendingPortsPerSource =
        BalancerBuilder.checkRange("pendingPortsPerSource", pendingPortsPerSource, 1, 256);
    return this;
  }

  /** Builds a new relay. */
  public FeedbackRelay build() {
    long interval = relayIntervalNanos > 0 ? relayIntervalNanos : Math.max(1, baseRttNanos / 2);
    if ((long) maxSources * pendingPortsPerSource > (1 << 28)) {
      throw new IllegalArgumentException("maxSources x pendingPortsPerSource must be <= 2^28, was "
          + maxSources + " x " + pendingPortsPerSource);
    }
    return factory.create(maxSources, new RelayTable(maxSources, pendingPortsPerSource, interval));
  }
}
