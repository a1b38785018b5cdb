// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.api;

/**
 * What a {@link LoadBalancer} or {@link FeedbackRelay} counts: work done, and every piece of bad input it
 * absorbed instead of throwing. Export them as metrics; a non-zero anomaly counter is worth a look.
 */
public enum Counter {
  /** Packets that were given a source port. */
  PACKETS,
  /** Packets that started a new flowlet (and so could take a new path). */
  NEW_FLOWLETS,
  /** Packets whose destination id was outside {@code [0, maxDestinations)}: sent by the fallback ECMP hash. */
  FALLBACK_UNKNOWN_DESTINATION,
  /** Packets to a destination with no usable path yet: sent by the fallback ECMP hash. */
  FALLBACK_NO_PATH,
  /**
   * A flow's flowlet entry was evicted from the fixed-size flowlet table while its flowlet was still active,
   * to make room for another flow: that flow's next packet may take another path within its flowlet.
   */
  FLOWLET_EVICTED_ACTIVE,
  /** A packet continued a flowlet whose path has since been removed or failed, so it was moved to a new path. */
  FLOWLET_PATH_GONE,
  /**
   * A call passed a time slightly earlier (up to 10 ms) than one already seen for the same state, as threads
   * racing for a lock do; it was treated as no time passing.
   */
  CLOCK_BACKWARDS,
  /** Feedback named a destination outside {@code [0, maxDestinations)}. */
  FEEDBACK_UNKNOWN_DESTINATION,
  /** Feedback named a source port that is not a current path of its destination. */
  FEEDBACK_UNKNOWN_PATH,
  /** Feedback carried an invalid value (NaN, negative or implausibly large utilization, bad TTL). */
  FEEDBACK_INVALID_VALUE,
  /** A feedback word that this version cannot decode. */
  FEEDBACK_MALFORMED,
  /** Congestion reports received. */
  CONGESTION_REPORTS,
  /** Congestion reports that cut a path's weight. */
  CONGESTION_CUTS,
  /** Congestion reports ignored because the path was already cut within the current relay interval. */
  CONGESTION_SUPPRESSED,
  /**
   * Congestion reports that cut nothing because every other path of the destination was congested too: there
   * was no uncongested path to give the weight to (CLOVE-ECN keeps the weights as they are).
   */
  CONGESTION_NO_RECIPIENT,
  /** Utilization reports accepted. */
  UTILIZATION_REPORTS,
  /** New flowlets that found no fresh telemetry and were placed at random (CLOVE-INT's fallback). */
  TELEMETRY_STALE_FALLBACK,
  /** Path-discovery probes sent. */
  PROBES_SENT,
  /** Probe replies accepted. */
  PROBE_REPLIES,
  /** Probe replies that matched no outstanding probe. */
  PROBE_REPLIES_UNEXPECTED,
  /** Paths that discovery added to a destination's set. */
  PATHS_ADDED,
  /** Paths that discovery removed because they were not re-confirmed, or that failed. */
  PATHS_REMOVED,
  /** Path-failure reports received. */
  PATH_FAILURES,
  /** Arrivals the relay saw, all of them. */
  RELAY_ARRIVALS,
  /** Arrivals the relay saw marked CE. */
  RELAY_CE_ARRIVALS,
  /** Reports the relay handed out for piggybacking. */
  RELAY_REPORTS_SENT,
  /** Reports the relay dropped because its bounded per-source queue was full. */
  RELAY_REPORTS_DROPPED,
  /**
   * Feedback of a kind the balancer's policy does not use, counted and ignored: congestion reports reaching an
   * ECMP, Edge-Flowlet or CLOVE-INT balancer, or utilization reports reaching an ECMP, Edge-Flowlet or CLOVE-ECN
   * one. Usually a relay of the other variant is wired to this balancer.
   */
  FEEDBACK_WRONG_KIND,
  /**
   * Inputs a relay does not use, counted and ignored: telemetry handed to a CLOVE-ECN relay (which relays CE marks
   * only). Usually the relay of the other variant was built on this side.
   */
  RELAY_WRONG_KIND,
  /**
   * Probe replies for a probed source port and TTL whose probe id matched no probe in flight (spoofed, corrupted,
   * or quoting the wrong probe), and second replies to a probe already answered (replayed or duplicated);
   * ignored.
   */
  PROBE_REPLIES_REJECTED,
  /**
   * Calls whose time jumped, forward by more than a second or back by more than 10 ms, from the latest time the
   * same state accepted. The first such time is held and not used; if the next call confirms it (is within a
   * second after it), the state moves to the new time, otherwise it is dropped. So a single absurd time (a clock
   * glitch, {@code Long.MAX_VALUE}) changes nothing, and a real jump (a reset, or state that was idle for more
   * than a second, such as a relay's source that went quiet) is followed one call later.
   */
  CLOCK_JUMPS,
  /**
   * Paths taken out of service because they went silent: they were given new flowlets, and a silence timeout
   * later the receiver had still not reported hearing them while it reported hearing another path of the same
   * destination (a gray failure: a link that drops packets without the switches taking it out of their ECMP
   * groups). Counted apart from {@link #PATH_FAILURES}, which the embedder reports; each is also one of
   * {@link #PATHS_REMOVED}.
   */
  PATHS_SILENT,
  /** Liveness ("heard") reports received from receiving relays. */
  LIVENESS_REPORTS,
  /**
   * Liveness ("heard") reports the relay handed out for piggybacking; not included in {@link #RELAY_REPORTS_SENT}.
   */
  RELAY_LIVENESS_SENT,
  /**
   * Liveness news the relay dropped because every slot of its source was busy: that port goes unreported for the
   * moment, which the sender only notices if it lasts a whole silence timeout. See {@code pendingPortsPerSource}.
   */
  RELAY_LIVENESS_DROPPED,
  /**
   * Path-delay reports (delay spreads, {@link FeedbackWord#SUBKIND_PATH_DELAY}) a balancer with an adaptive flowlet
   * gap received, used or not.
   */
  PATH_DELAY_REPORTS,
  /**
   * Path-delay reports not used because they compared fewer ports than the balancer has paths to the destination:
   * a path not compared may differ by more.
   */
  PATH_DELAY_PARTIAL,
  /**
   * Path-delay reports whose spread was at or above the fixed flowlet gap: clamped to it, so such a report can only
   * hold the gap at the fixed value, never shrink it.
   */
  PATH_DELAY_CLAMPED,
  /** Path-delay reports the relay handed out for piggybacking; not included in {@link #RELAY_REPORTS_SENT}. */
  RELAY_DELAY_SENT
}
