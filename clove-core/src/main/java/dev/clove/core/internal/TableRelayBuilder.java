// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core.internal;

import dev.clove.api.FeedbackRelay;
import dev.clove.core.RelayBuilder;

/**
 * The {@link RelayBuilder} of every relay over a {@link RelayTable}: it validates the settings and hands the
 * relay's size and table to a {@link Factory}, which {@code CloveEcn.relay()} and {@code CloveInt.relay()} supply.
 *
 * <p>Threading: one thread; each built relay is described in {@link FeedbackRelay}.
 */
public final class TableRelayBuilder implements RelayBuilder {
  /** Makes the relay itself from its validated size and table. */
  @FunctionalInterface
  public interface Factory {
    /**
     * Makes a relay.
     *
     * @param maxSources the validated number of sources: source ids are in {@code [0, maxSources)}
     * @param table the relay's pending-report table, sized and timed from the builder's settings
     * @return the new relay
     */
    FeedbackRelay create(int maxSources, RelayTable table);
  }

  private final Factory factory;
  private int maxSources = 1024;
  private long baseRttNanos = 100_000;
  private long relayIntervalNanos = -1;
  private int pendingPortsPerSource = 16;
  private boolean livenessReports = true;
  private boolean delayReports;

  /**
   * A builder whose {@link #build()} calls {@code factory}.
   *
   * @param factory makes the relay of each {@link #build()}
   * @throws IllegalArgumentException if {@code factory} is null
   */
  public TableRelayBuilder(Factory factory) {
    if (factory == null) {
      throw new IllegalArgumentException("factory must not be null");
    }
    this.factory = factory;
  }

  @Override
  public RelayBuilder maxSources(int maxSources) {
    this.maxSources = Checks.checkRange("maxSources", maxSources, 1, 1 << 24);
    return this;
  }

  @Override
  public RelayBuilder baseRttNanos(long baseRttNanos) {
    if (baseRttNanos <= 0) {
      throw new IllegalArgumentException("baseRttNanos must be > 0, was " + baseRttNanos);
    }
    this.baseRttNanos = baseRttNanos;
    return this;
  }

  @Override
  public RelayBuilder relayIntervalNanos(long relayIntervalNanos) {
    if (relayIntervalNanos <= 0) {
      throw new IllegalArgumentException("relayIntervalNanos must be > 0, was " + relayIntervalNanos);
    }
    this.relayIntervalNanos = relayIntervalNanos;
    return this;
  }

  @Override
  public RelayBuilder pendingPortsPerSource(int pendingPortsPerSource) {
    this.pendingPortsPerSource =
        Checks.checkRange("pendingPortsPerSource", pendingPortsPerSource, 1, 256);
    return this;
  }

  @Override
  public RelayBuilder livenessReports(boolean enabled) {
    this.livenessReports = enabled;
    return this;
  }

  @Override
  public RelayBuilder delayReports(boolean enabled) {
    this.delayReports = enabled;
    return this;
  }

  @Override
  public FeedbackRelay build() {
    long interval = relayIntervalNanos > 0 ? relayIntervalNanos : Math.max(1, baseRttNanos / 2);
    if ((long) maxSources * pendingPortsPerSource > (1 << 28)) {
      throw new IllegalArgumentException("maxSources x pendingPortsPerSource must be <= 2^28, was "
          + maxSources + " x " + pendingPortsPerSource);
    }
    FeedbackRelay relay = factory.create(maxSources, new RelayTable(maxSources, pendingPortsPerSource, interval,
        livenessReports));
    if (!delayReports) {
      return relay;
    }
    long window = interval > Long.MAX_VALUE / DELAY_REPORT_INTERVALS ? Long.MAX_VALUE
        : interval * DELAY_REPORT_INTERVALS;
    return new DelayReportingRelay(relay, new PathDelayMeter(maxSources, pendingPortsPerSource, window), maxSources);
  }
}
