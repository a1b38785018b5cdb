package dev.clove.telemetry;

import dev.clove.api.FeedbackRelay;

/**
 * Entry point of CLOVE-INT (paper, section 2.3): the sender places each new flowlet on the least utilized path,
 * by path utilizations that switches insert as in-band network telemetry (the largest egress-link utilization
 * along the path) and the receiver relays back.
 *
 * <pre>{@code
 * // sending hypervisor
 * LoadBalancer lb = Clove.builder().policy(CloveInt.policy().build()).staticPaths(7, 50001, 50002).build();
 * // receiving hypervisor, per packet carrying telemetry:
 * relay.onTelemetry(source, outerSourcePort, maxEgressUtilizationOnPath, now);
 * }</pre>
 *
 * <p>Threading: static factories; builders are single-threaded; see {@link IntPolicy} and {@link FeedbackRelay}
 * for the built objects.
 */
public final class CloveInt {
  static final long DEFAULT_BASE_RTT_NANOS = 100_000;

  private CloveInt() {}

  /** A builder of the sender-side policy. */
  public static PolicyBuilder policy() {
    return new PolicyBuilder();
  }

  /** A builder of the receiver-side relay. */
  public static RelayBuilder relay() {
    return new RelayBuilder();
  }

  /**
   * Builds an {@link IntPolicy}. Setters check their argument at once; errors are
   * {@link IllegalArgumentException}s naming the parameter and the bad value.
   *
   * <p>Defaults: base RTT 100 us; {@code staleAfterNanos} ten base RTTs (1 ms), twenty relay intervals: long
   * enough that a path carrying traffic is refreshed many times over, short enough that a reading describes the
   * queue it was taken from.
   *
   * <p>Threading: one thread.
   */
  public static final class PolicyBuilder {
    private long baseRttNanos = DEFAULT_BASE_RTT_NANOS;
    private long staleAfterNanos = -1;

    PolicyBuilder() {}

    /** The fabric's base RTT, from which {@code staleAfterNanos} defaults (ten RTTs). Positive. */
    public PolicyBuilder baseRttNanos(long baseRttNanos) {
      this.baseRttNanos = positive("baseRttNanos", baseRttNanos);
      return this;
    }

    /** Readings older than this are unknown. Positive; default ten base RTTs. */
    public PolicyBuilder staleAfterNanos(long staleAfterNanos) {
      this.staleAfterNanos = positive("staleAfterNanos", staleAfterNanos);
      return this;
    }

    /** Builds a new policy, to be given to one balancer builder. */
    public IntPolicy build() {
      long stale = staleAfterNanos > 0 ? staleAfterNanos : Math.multiplyExact(10, baseRttNanos);
      return new IntPolicy(stale);
    }
  }

  /**
   * Builds the receiver-side relay. Setters check their argument at once; errors are
   * {@link IllegalArgumentException}s naming the parameter and the bad value.
   *
   * <p>Defaults: {@code maxSources} 1024; base RTT 100 us; relay interval base RTT / 2 (paper);
   * {@code pendingPortsPerSource} 16.
   *
   * <p>Threading: one thread.
   */
  public static final class RelayBuilder {
    private int maxSources = 1024;
    private long baseRttNanos = DEFAULT_BASE_RTT_NANOS;
    private long relayIntervalNanos = -1;
    private int pendingPortsPerSource = 16;

    RelayBuilder() {}

    /** Source ids will be in {@code [0, maxSources)}; 1 to 2^24. */
    public RelayBuilder maxSources(int maxSources) {
      this.maxSources = range("maxSources", maxSources, 1, 1 << 24);
      return this;
    }

    /** The fabric's base RTT, from which the relay interval defaults (RTT / 2). Positive. */
    public RelayBuilder baseRttNanos(long baseRttNanos) {
      this.baseRttNanos = positive("baseRttNanos", baseRttNanos);
      return this;
    }

    /** Each port's utilization is relayed at most once per interval. Positive; default base RTT / 2. */
    public RelayBuilder relayIntervalNanos(long relayIntervalNanos) {
      this.relayIntervalNanos = positive("relayIntervalNanos", relayIntervalNanos);
      return this;
    }

    /** Ports per source tracked at once; 1 to 256; default 16. Readings beyond it are dropped and counted. */
    public RelayBuilder pendingPortsPerSource(int pendingPortsPerSource) {
      this.pendingPortsPerSource = range("pendingPortsPerSource", pendingPortsPerSource, 1, 256);
      return this;
    }

    /** Builds a new relay. */
    public FeedbackRelay build() {
      long interval = relayIntervalNanos > 0 ? relayIntervalNanos : Math.max(1, baseRttNanos / 2);
      if ((long) maxSources * pendingPortsPerSource > (1 << 28)) {
        throw new IllegalArgumentException("maxSources x pendingPortsPerSource must be <= 2^28, was "
            + maxSources + " x " + pendingPortsPerSource);
      }
      return new IntRelay(maxSources, pendingPortsPerSource, interval);
    }
  }

  static long positive(String parameter, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(parameter + " must be > 0, was " + value);
    }
    return value;
  }

  static int range(String parameter, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(parameter + " must be in " + min + ".." + max + ", was " + value);
    }
    return value;
  }
}
