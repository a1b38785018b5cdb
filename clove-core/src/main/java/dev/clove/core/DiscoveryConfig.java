package dev.clove.core;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings of CLOVE's path discovery (paper, section 2.1): which source ports to try, how many, how deep to
 * trace, how many paths to keep, and how often to re-probe.
 *
 * <pre>{@code
 * DiscoveryConfig config = DiscoveryConfig.builder()
 *     .pathsPerDestination(4)
 *     .probeInterval(Duration.ofMillis(500))
 *     .build();
 * }</pre>
 *
 * <p>Every value is checked in {@link Builder#build()}; a bad one throws {@link IllegalArgumentException} whose
 * message names the parameter and the value. A null duration is rejected at once by its setter, with a
 * {@link NullPointerException} naming the parameter. Times are kept in nanoseconds, the unit every CLOVE call passes.
 *
 * <p>Threading: immutable, safe to share.
 */
public final class DiscoveryConfig {
  /*
   * Why the defaults are what they are:
   *
   * - Source ports 49152..65535: the IANA dynamic range, the one tunnel encapsulations (VXLAN, Geneve, STT) draw
   *   their entropy source port from already, so probes and data look alike to every ECMP hash and firewall.
   * - 16 probes per round: with n equal-cost paths and uniformly hashed ports, a given path is missed by a round
   *   with probability (1 - 1/n)^16: 1% for the paper's 4 paths, 12% for 8. A missed path is found by a later
   *   round, so a round need not be exhaustive, only cheap: 16 + k ports x 8 TTLs = 160 probes per destination
   *   per 500 ms, about 0.3 probes per millisecond.
   * - Max TTL 8: a 2-tier leaf-spine path has 3 switches and a 3-tier Clos 5; 8 leaves room for a 4-tier or
   *   an extra middlebox hop. Probes beyond the path length are answered by the destination and cost nothing
   *   but a packet.
   * - k = 4: the paper's evaluation fabric has exactly four disjoint leaf-to-leaf paths (section 3).
   * - Re-probe every 500 ms: "on the order of hundreds of milliseconds so that the probe traffic does not
   *   overwhelm the available bandwidth" (section 2.1).
   * - Reply timeout 50 ms: a round normally ends early, as soon as every port's trace reached the destination.
   *   The timeout only matters when a reply is lost, or a switch answers slowly or never: switches generate
   *   ICMP time-exceeded on their CPU behind control-plane policing, which adds milliseconds to a fabric RTT of
   *   tens of microseconds. 50 ms covers that with margin and is still a tenth of the interval, so a round is
   *   settled long before the next one for the same destination starts.
   * - Expiry after 3 rounds: one or two rounds can lose their replies (policers drop ICMP under load) without
   *   dropping a working path and the flowlet state that follows its port; a silently dead path is still gone
   *   within 1.5 s. Failures that are reported go at once (PathDiscovery.onPathFailure).
   * - Probe only active destinations, within 2 intervals: the paper's optimization (section 2.1). Two intervals
   *   means a destination that sends at least once per round keeps being probed, with one round of slack.
   */

  /** Default lowest source port to probe with: the start of the IANA dynamic range. */
  public static final int DEFAULT_MIN_SOURCE_PORT = 49152;
  /** Default highest source port to probe with. */
  public static final int DEFAULT_MAX_SOURCE_PORT = 65535;
  /** Default fresh random ports probed per destination per round. */
  public static final int DEFAULT_PROBES_PER_ROUND = 16;
  /** Default largest TTL probed. */
  public static final int DEFAULT_MAX_TTL = 8;
  /** Default paths kept per destination, the paper's k. */
  public static final int DEFAULT_PATHS_PER_DESTINATION = 4;
  /** Default time between two probe rounds to one destination. */
  public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofMillis(500);
  /** Default time after which a round's unfinished traces count as what they have. */
  public static final Duration DEFAULT_REPLY_TIMEOUT = Duration.ofMillis(50);
  /** Default number of rounds after which a path that was not re-confirmed is removed. */
  public static final int DEFAULT_EXPIRY_ROUNDS = 3;

  /** Largest supported TTL: a trace's answered hops are tracked in one 64-bit mask. */
  public static final int MAX_SUPPORTED_TTL = 64;
  /** Largest supported k. */
  public static final int MAX_PATHS_PER_DESTINATION = 64;
  /** Largest supported number of fresh probes per round. */
  public static final int MAX_PROBES_PER_ROUND = 1024;
  /** Longest supported probe interval, reply timeout, or activity window. */
  public static final Duration MAX_DURATION = Duration.ofHours(1);

  private final int minSourcePort;
  private final int maxSourcePort;
  private final int probesPerRound;
  private final int maxTtl;
  private final int pathsPerDestination;
  private final long probeIntervalNanos;
  private final long replyTimeoutNanos;
  private final int expiryRounds;
  private final boolean probeOnlyActive;
  private final long activityWindowNanos;

  private DiscoveryConfig(Builder b, long activityWindowNanos) {
    this.minSourcePort = b.minSourcePort;
    this.maxSourcePort = b.maxSourcePort;
    this.probesPerRound = b.probesPerRound;
    this.maxTtl = b.maxTtl;
    this.pathsPerDestination = b.pathsPerDestination;
    this.probeIntervalNanos = b.probeInterval.toNanos();
    this.replyTimeoutNanos = b.replyTimeout.toNanos();
    this.expiryRounds = b.expiryRounds;
    this.probeOnlyActive = b.probeOnlyActive;
    this.activityWindowNanos = activityWindowNanos;
  }

  /** A builder preset with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The default configuration. */
  public static DiscoveryConfig defaults() {
    return builder().build();
  }

  /** Lowest source port probes use, inclusive. */
  public int minSourcePort() {
    return minSourcePort;
  }

  /** Highest source port probes use, inclusive. */
  public int maxSourcePort() {
    return maxSourcePort;
  }

  /** Fresh random ports probed per destination per round, besides the current paths' ports. */
  public int probesPerRound() {
    return probesPerRound;
  }

  /** Each port is probed with every TTL from 1 to this. */
  public int maxTtl() {
    return maxTtl;
  }

  /** The paper's k: paths kept per destination. */
  public int pathsPerDestination() {
    return pathsPerDestination;
  }

  /** Time between the starts of two rounds to the same destination. */
  public long probeIntervalNanos() {
    return probeIntervalNanos;
  }

  /** Time after a round's start at which its unfinished traces count as what they have. */
  public long replyTimeoutNanos() {
    return replyTimeoutNanos;
  }

  /** A current path that was not re-confirmed by this many consecutive rounds is removed. */
  public int expiryRounds() {
    return expiryRounds;
  }

  /** Whether only destinations with recent traffic are probed. */
  public boolean probeOnlyActive() {
    return probeOnlyActive;
  }

  /** How recent traffic must be for a destination to count as active. */
  public long activityWindowNanos() {
    return activityWindowNanos;
  }

  @Override
  public String toString() {
    return "DiscoveryConfig{sourcePorts=" + minSourcePort + ".." + maxSourcePort
        + ", probesPerRound=" + probesPerRound + ", maxTtl=" + maxTtl
        + ", pathsPerDestination=" + pathsPerDestination + ", probeIntervalNanos=" + probeIntervalNanos
        + ", replyTimeoutNanos=" + replyTimeoutNanos + ", expiryRounds=" + expiryRounds
        + ", probeOnlyActive=" + probeOnlyActive + ", activityWindowNanos=" + activityWindowNanos + '}';
  }

  /**
   * Collects settings; {@link #build()} checks them all.
   *
   * <p>Threading: not thread-safe; use from one thread.
   */
  public static final class Builder {
    private int minSourcePort = DEFAULT_MIN_SOURCE_PORT;
    private int maxSourcePort = DEFAULT_MAX_SOURCE_PORT;
    private int probesPerRound = DEFAULT_PROBES_PER_ROUND;
    private int maxTtl = DEFAULT_MAX_TTL;
    private int pathsPerDestination = DEFAULT_PATHS_PER_DESTINATION;
    private Duration probeInterval = DEFAULT_PROBE_INTERVAL;
    private Duration replyTimeout = DEFAULT_REPLY_TIMEOUT;
    private int expiryRounds = DEFAULT_EXPIRY_ROUNDS;
    private boolean probeOnlyActive = true;
    private Duration activityWindow; // null: twice the probe interval

    private Builder() {}

    /** The inclusive range of source ports probes draw from; default 49152..65535. */
    public Builder sourcePortRange(int min, int max) {
      this.minSourcePort = min;
      this.maxSourcePort = max;
      return this;
    }

    /** Fresh random ports probed per destination per round; default 16. */
    public Builder probesPerRound(int probes) {
      this.probesPerRound = probes;
      return this;
    }

    /** Largest TTL probed, 1..64; default 8. */
    public Builder maxTtl(int ttl) {
      this.maxTtl = ttl;
      return this;
    }

    /** Paths kept per destination (k), 1..64; default 4. */
    public Builder pathsPerDestination(int k) {
      this.pathsPerDestination = k;
      return this;
    }

    /** Time between two rounds to one destination; default 500 ms. */
    public Builder probeInterval(Duration interval) {
      this.probeInterval = Objects.requireNonNull(interval, "probeInterval");
      return this;
    }

    /** Time after which a round's unfinished traces count as what they have; default 50 ms. */
    public Builder replyTimeout(Duration timeout) {
      this.replyTimeout = Objects.requireNonNull(timeout, "replyTimeout");
      return this;
    }

    /** Rounds without re-confirmation after which a path is removed; default 3. */
    public Builder expiryRounds(int rounds) {
      this.expiryRounds = rounds;
      return this;
    }

    /** Whether to probe only destinations with recent traffic; default true. */
    public Builder probeOnlyActive(boolean onlyActive) {
      this.probeOnlyActive = onlyActive;
      return this;
    }

    /** How recent traffic must be for a destination to be probed; default twice the probe interval. */
    public Builder activityWindow(Duration window) {
      this.activityWindow = Objects.requireNonNull(window, "activityWindow");
      return this;
    }

    /**
     * Checks every setting and returns the configuration.
     *
     * @throws IllegalArgumentException naming the first bad parameter and its value
     */
    public DiscoveryConfig build() {
      if (minSourcePort < 0 || minSourcePort > 65535) {
        throw bad("minSourcePort", minSourcePort, "must be in 0..65535");
      }
      if (maxSourcePort < minSourcePort || maxSourcePort > 65535) {
        throw bad("maxSourcePort", maxSourcePort, "must be in minSourcePort(" + minSourcePort + ")..65535");
      }
      if (probesPerRound < 1 || probesPerRound > MAX_PROBES_PER_ROUND) {
        throw bad("probesPerRound", probesPerRound, "must be in 1.." + MAX_PROBES_PER_ROUND);
      }
      if (maxTtl < 1 || maxTtl > MAX_SUPPORTED_TTL) {
        throw bad("maxTtl", maxTtl, "must be in 1.." + MAX_SUPPORTED_TTL);
      }
      if (pathsPerDestination < 1 || pathsPerDestination > MAX_PATHS_PER_DESTINATION) {
        throw bad("pathsPerDestination", pathsPerDestination, "must be in 1.." + MAX_PATHS_PER_DESTINATION);
      }
      int rangeSize = maxSourcePort - minSourcePort + 1;
      if (rangeSize < probesPerRound + pathsPerDestination) {
        // Fresh ports are drawn distinct from each other and from the current paths' ports.
        throw bad("sourcePortRange", minSourcePort + ".." + maxSourcePort,
            "must hold at least probesPerRound + pathsPerDestination = "
                + (probesPerRound + pathsPerDestination) + " ports");
      }
      checkDuration("probeInterval", probeInterval);
      checkDuration("replyTimeout", replyTimeout);
      if (replyTimeout.compareTo(probeInterval) >= 0) {
        // A round must be settled before the next one to the same destination starts.
        throw bad("replyTimeout", replyTimeout, "must be shorter than probeInterval (" + probeInterval + ")");
      }
      if (expiryRounds < 1) {
        throw bad("expiryRounds", expiryRounds, "must be >= 1");
      }
      Duration window = activityWindow;
      if (window == null) {
        window = probeInterval.multipliedBy(2);
      } else {
        checkDuration("activityWindow", window);
      }
      return new DiscoveryConfig(this, window.toNanos());
    }

    private static void checkDuration(String name, Duration value) {
      if (value == null || value.isNegative() || value.isZero() || value.compareTo(MAX_DURATION) > 0) {
        throw bad(name, value, "must be > 0 and <= " + MAX_DURATION);
      }
    }

    private static IllegalArgumentException bad(String name, Object value, String rule) {
      return new IllegalArgumentException(name + " " + rule + ", was " + value);
    }
  }
}
