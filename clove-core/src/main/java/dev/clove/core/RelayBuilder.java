// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import dev.clove.api.FeedbackRelay;

/**
 * Configures and builds the receiving hypervisor's {@link FeedbackRelay}; {@code CloveEcn.relay()} and
 * {@code CloveInt.relay()} return one, set up for their kind of report.
 *
 * <p>Setters check their argument at once; errors are {@link IllegalArgumentException}s naming the parameter and
 * the bad value. Defaults: 1024 sources, base RTT 100 us, relay interval base RTT / 2 (paper, section 2.3), 16
 * pending ports per source, liveness reports on.
 *
 * <p>Threading: a builder is used by one thread; each built relay's threading is described in
 * {@link FeedbackRelay}.
 */
public interface RelayBuilder {

  /**
   * Source ids will be in {@code [0, maxSources)}; 1 to 2^24; default 1024.
   *
   * @param maxSources one more than the largest source id, 1 to 2^24
   * @return this builder
   * @throws IllegalArgumentException if {@code maxSources} is out of that range
   */
  RelayBuilder maxSources(int maxSources);

  /**
   * The fabric's base RTT, from which the relay interval defaults (RTT / 2). Positive; default 100 us.
   *
   * @param baseRttNanos the base RTT in nanoseconds, positive
   * @return this builder
   * @throws IllegalArgumentException if {@code baseRttNanos} is not positive
   */
  RelayBuilder baseRttNanos(long baseRttNanos);

  /**
   * Each path is reported at most once per interval. Positive; default base RTT / 2 (paper).
   *
   * @param relayIntervalNanos the least time in nanoseconds between two reports of one path, positive
   * @return this builder
   * @throws IllegalArgumentException if {@code relayIntervalNanos} is not positive
   */
  RelayBuilder relayIntervalNanos(long relayIntervalNanos);

  /**
   * Ports per source that can be pending or cooling at once (at least the sender's paths per destination);
   * 1 to 256; default 16. Reports beyond it are dropped and counted.
   *
   * @param pendingPortsPerSource the number of port slots per source, 1 to 256
   * @return this builder
   * @throws IllegalArgumentException if {@code pendingPortsPerSource} is out of that range
   */
  RelayBuilder pendingPortsPerSource(int pendingPortsPerSource);

  /**
   * Whether the relay also reports, at most once per 16 relay intervals per port, the ports it hears that it has no
   * other report about ({@link dev.clove.api.FeedbackWord#encodeHeard heard} words), so that the sender can take a
   * path that has gone silent out of service (see {@code BalancerBuilder.silenceTimeoutNanos}). Default true. Turn
   * it off only for senders older than liveness words, which count them as malformed.
   *
   * @param enabled whether to send heard words
   * @return this builder
   */
  RelayBuilder livenessReports(boolean enabled);

  /**
   * Whether the relay also measures one-way path delays and reports their spread (default false): it then takes the
   * send times handed to {@link FeedbackRelay#onSendTimestamp} and, at most once per {@value
   * #DELAY_REPORT_INTERVALS} relay intervals per source, sends a {@link dev.clove.api.FeedbackWord#encodePathDelay
   * path-delay} word: how far the delays of two different ports of that source differed at most over the last 16
   * such windows (each port's highest delay against another's lowest), and over how many ports. A sender built with
   * {@code BalancerBuilder.adaptiveFlowletGap} keeps its flowlet gap just above it. Turn it on only for senders
   * that know the word (this version or later): older ones count it as malformed and drop it.
   *
   * @param enabled whether to measure delays and send path-delay words
   * @return this builder
   * @throws UnsupportedOperationException if {@code enabled} and this builder's relays cannot measure delays
   */
  default RelayBuilder delayReports(boolean enabled) {
    if (enabled) {
      throw new UnsupportedOperationException("delayReports: this relay builder (" + getClass().getName()
          + ") cannot measure path delays");
    }
    return this;
  }

  /** Relay intervals per window of delay measurement, and so between two path-delay words to one source. */
  int DELAY_REPORT_INTERVALS = 4;

  /**
   * Builds a new relay.
   *
   * @return a new relay with these settings
   * @throws IllegalArgumentException if {@code maxSources x pendingPortsPerSource} exceeds 2^28, naming both
   */
  FeedbackRelay build();
}
