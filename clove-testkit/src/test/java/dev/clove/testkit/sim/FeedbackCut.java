// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit.sim;

import dev.clove.api.Counter;
import dev.clove.api.FeedbackRelay;
import dev.clove.api.FeedbackWord;

/**
 * A scheme with its congestion feedback cut: the receivers' relays still see every arrival and still tell the
 * senders which ports they hear, but every congestion (CE) and utilization (INT) report they would send is replaced
 * by a plain "heard" word about the same port. The senders' balancers are the scheme's own, unchanged; they simply
 * never learn about congestion. Liveness is kept on purpose: dropping a report without a heard word in its place
 * would make a congested port look silent, and the balancer's silence detection would then take it out of service,
 * which is feedback of another kind.
 *
 * <p>Threading: the wrapper relay is used like the relay it wraps, by the simulation's one thread.
 */
final class FeedbackCut {

  private FeedbackCut() {}

  /** {@code scheme} with every relay wrapped in a {@link CutRelay}; its name gets the suffix " (feedback cut)". */
  static Scheme of(Scheme scheme) {
    return new Scheme(scheme.name() + " (feedback cut)", scheme.balancers(), ctx -> {
      FeedbackRelay relay = scheme.relays().apply(ctx);
      return relay == null ? null : new CutRelay(relay);
    }, scheme.congaAtLeaves(), scheme.telemetry());
  }

  /** The built-in scheme {@code name} with its feedback cut. */
  static Scheme of(String name) {
    return of(Schemes.get(name));
  }

  /** Passes everything through but turns congestion and utilization reports into heard words. */
  static final class CutRelay implements FeedbackRelay {
    private final FeedbackRelay relay;

    CutRelay(FeedbackRelay relay) {
      this.relay = relay;
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
    public int pollFeedback(int source, long nowNanos) {
      int word = relay.pollFeedback(source, nowNanos);
      int kind = FeedbackWord.kind(word);
      if (kind == FeedbackWord.KIND_CONGESTION || kind == FeedbackWord.KIND_UTILIZATION) {
        return FeedbackWord.encodeHeard(FeedbackWord.sourcePort(word));
      }
      return word;
    }

    @Override
    public long count(Counter counter) {
      return relay.count(counter);
    }
  }
}
