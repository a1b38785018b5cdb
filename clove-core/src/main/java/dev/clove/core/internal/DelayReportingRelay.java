// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core.internal;

import dev.clove.api.Counter;
import dev.clove.api.FeedbackRelay;
import dev.clove.api.FeedbackWord;

/**
 * A relay with delay reports ({@code RelayBuilder.delayReports(true)}): the relay it wraps, plus a
 * {@link PathDelayMeter} that learns from {@link #onSendTimestamp} and whose word, once per window per source, is
 * served before the wrapped relay's words. A delay word costs the wrapped relay's reports one reverse packet per
 * window (4 relay intervals), which delays a CE or utilization report by one packet at most.
 *
 * <p>Threading: one thread at a time, as {@link FeedbackRelay} says; nothing allocates after construction.
 * {@link #count} may be read racily from another thread.
 */
final class DelayReportingRelay implements FeedbackRelay {
  private final FeedbackRelay relay;
  private final PathDelayMeter meter;
  private final int maxSources;
  private long delaySent;
  private long badInput;

  DelayReportingRelay(FeedbackRelay relay, PathDelayMeter meter, int maxSources) {
    this.relay = relay;
    this.meter = meter;
    this.maxSources = maxSources;
  }

  @Override
  public void onArrival(int source, int sourcePort, boolean congestionExperienced, long nowNanos) {
    relay.onArrival(source, sourcePort, congestionExperienced, nowNanos);
  }

  @Override
  public void onTelemetry(int source, int sourcePort, double pathUtilization, long nowNanos) {
    relay.onTelemetry(source, sourcePort, pathUtilization, nowNanos);
  }

  @Override
  public void onSendTimestamp(int source, int sourcePort, long sentAtNanos, long nowNanos) {
    if (source < 0 || source >= maxSources || sourcePort < 0 || sourcePort > 0xFFFF) {
      badInput++; // the wrapped relay counts the same packet's onArrival by kind; this is its own count
      return;
    }
    meter.sample(source, sourcePort, nowNanos - sentAtNanos, nowNanos);
  }

  @Override
  public int pollFeedback(int source, long nowNanos) {
    if (source >= 0 && source < maxSources) {
      int word = meter.poll(source, nowNanos);
      if (word != FeedbackWord.NONE) {
        delaySent++;
        return word;
      }
    }
    return relay.pollFeedback(source, nowNanos);
  }

  @Override
  public long count(Counter counter) {
    long own = counter == Counter.RELAY_DELAY_SENT ? delaySent
        : counter == Counter.FEEDBACK_INVALID_VALUE ? badInput
        : 0;
    return relay.count(counter) + own;
  }

  @Override
  public String toString() {
    return "DelayReportingRelay{windowNanos=" + meter.windowNanos() + ", " + relay + "}";
  }
}
