// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import dev.clove.api.Counter;
import dev.clove.api.LoadBalancer;
import dev.clove.api.ProbeSender;

/**
 * The settings of CLOVE's path discovery (paper, section 2.1), and the description of how discovery behaves:
 * which source ports it tries, how deep it traces, how many paths it keeps, and how often it re-probes.
 * Enable it with {@link BalancerBuilder#pathDiscovery(DiscoveryConfig, ProbeSender)}.
 *
 * <pre>{@code
 * DiscoveryConfig config = DiscoveryConfig.builder()
 *     .pathsPerDestination(4)
 *     .probeIntervalNanos(TimeUnit.MILLISECONDS.toNanos(500))
 *     .build();
 * }</pre>
 *
 * <p>Every value is checked in {@link Builder#build()}; a bad one throws {@link IllegalArgumentException} whose
 * message names the parameter and the value, and for a bad combination also the other parameter and its value,
 * saying "the default" when that one was not set. Times are {@code long} nanoseconds, named {@code ...Nanos}, as
 * everywhere in CLOVE.
 *
 * <h2>What discovery does</h2>
 * Discovery finds, for each destination, up to {@link #pathsPerDestination() k} outer source ports that lead to
 * distinct, preferably link-disjoint, paths through the fabric. It traces ports Paris-traceroute style: probes
 * with one source port and TTL 1, 2, 3, ... make each switch on that port's ECMP path answer in turn, and the
 * destination answers once the TTL outlasts the path.
 *
 * <ul>
 *   <li><b>Which destinations.</b> With {@link #probeOnlyActive()} (the default), a destination is probed only
 *       while it has traffic: a packet to it marks it active for {@link #activityWindowNanos()} (default twice
 *       the probe interval). Without it, every destination is probed.</li>
 *   <li><b>The first round.</b> A destination that has never been probed gets its first round at the first
 *       {@link LoadBalancer#onTick onTick} after its first packet. Until a round has found paths, its packets
 *       get the static ECMP hash of their flow over the balancer's fallback port range and are counted as
 *       {@link Counter#FALLBACK_NO_PATH} (or use its static paths, if the builder was given some). A round
 *       settles as soon as every trace is complete, so with every probe answered the destination has paths one
 *       probe round trip after that tick; otherwise at the reply timeout.</li>
 *   <li><b>Re-probing.</b> After that, each destination gets one round per {@link #probeIntervalNanos()}, at a
 *       fixed offset within the interval: the destinations' offsets are spread evenly over the interval (in an
 *       order rotated per balancer by its seed), so the probes of many destinations leave spread out instead of
 *       in one burst. The second round comes at the destination's first offset that is at least half an
 *       interval after the first round started, and after it ended.</li>
 *   <li><b>A round</b> probes the ports of the destination's current paths (to re-confirm them) and
 *       {@link #probesPerRound()} fresh ports drawn at random, distinct, from {@link #minSourcePort()}..{@link
 *       #maxSourcePort()}; each port with every TTL from 1 to {@link #maxTtl()}: at most
 *       {@code (k + probesPerRound) x maxTtl} probes (160 with the defaults), all sent from inside one
 *       {@code onTick}. A port's trace is complete when the destination answered and every smaller TTL was
 *       answered. The round ends when every trace is complete, or at the first {@code onTick} at least
 *       {@link #replyTimeoutNanos()} after it started; unfinished traces are then judged by the rules below, and
 *       a trace the destination never answered does not count.</li>
 *   <li><b>Matching hops.</b> A trace is its list of hop ids by TTL, up to the TTL at which the destination
 *       first answered; per probe only the first answer counts. An unanswered TTL is unknown, never a match. Two
 *       traces <em>fit</em> when they are equally long and agree at every TTL at which both were answered. A
 *       trace has <em>lost</em> a hop when, at a TTL where it was not answered, another equally long trace of
 *       the round, or a current path, was answered and agrees with it at the TTLs just before and after
 *       (where both were answered): a switch in that place answered another probe, so this reply was lost.
 *       Such a trace is <em>incomplete</em>, since it could be any of several paths. An unanswered TTL with
 *       no such witness is <em>silent</em> (a switch that never sends time-exceeded), and a trace whose
 *       unanswered TTLs are all silent counts as complete, compared on the hops it has. A trace that ends in
 *       unanswered TTLs, where another trace of the round or a current path ends right after the same hop
 *       (the destination answered there), is taken to have lost the destination's first answers: it is cut to
 *       that length and is incomplete.
 *       <ul>
 *         <li>Only a complete trace brings a new path: a fresh port's complete trace is a new path unless it
 *             fits a current path or an earlier fresh port's trace, whose port then represents the path, current
 *             ports first, so a surviving path keeps its port and with it its flowlets and weights. Fresh
 *             incomplete traces are ignored.</li>
 *         <li>A current path's own port re-confirms it when the port's trace fits it, complete or not (a
 *             complete one also fills in hops the path had as unknown). A complete trace that does not fit means
 *             the fabric moved the port: the path takes the new hops (and if they equal another current path's,
 *             the later of the two goes). An incomplete trace that does not fit neither moves nor drops the
 *             path: it only fails to re-confirm it.</li>
 *         <li>Current paths are never merged with each other because one trace fits both.</li>
 *       </ul>
 *       So a lost reply never merges paths, moves a path, or brings one; at most it makes a round fail to
 *       re-confirm a path, and only when the trace's answered hops contradict that path. (A lost reply that no
 *       other trace witnesses looks like a silent hop: the trace is judged on the hops it has, which can bring
 *       only a path that nothing held fits.)</li>
 *   <li><b>Choosing k paths.</b> Of the distinct paths a round found, up to k are kept. Current paths that were
 *       not re-confirmed but have not expired stay. The others are picked greedily: each time the path that
 *       shares the fewest links with the paths picked so far, a link being a pair of consecutive hops
 *       (including source to first hop and last hop to destination); on a tie a re-confirmed current path beats
 *       a fresh one. Links every candidate uses (the host's own uplink) are ignored, and a link touching an
 *       unanswered hop never counts as shared. When the greedy set is not pairwise link-disjoint, a bounded
 *       search looks for k pairwise-disjoint paths and keeps them if it finds them.</li>
 *   <li><b>Expiry.</b> A round fails to re-confirm a current path when its port's trace never reached the
 *       destination, or is incomplete and does not fit the path. A current path that {@link #expiryRounds()}
 *       rounds in a row failed to re-confirm is removed (with the defaults, 3 rounds: a silently dead path is
 *       gone within 1.5 s, and removing a path takes three rounds of evidence, never one trace). A path
 *       reported through {@link LoadBalancer#onPathFailure} is removed at once. A destination that stops
 *       sending keeps its paths as they are; its rounds, and expiry with them, resume with its traffic.</li>
 * </ul>
 *
 * <h2>What the embedder does</h2>
 * <ul>
 *   <li>Call {@link LoadBalancer#onTick} every millisecond or so: rounds start and time out at ticks, so the tick
 *       period is the resolution of every time above.</li>
 *   <li>Implement {@link ProbeSender}: send each probe as an encapsulated packet to the destination with the
 *       given outer source port and outer TTL, the rest of its outer 5-tuple as for data, and its 16-bit probe
 *       id where answers quote it back and ECMP does not hash it (the outer IP identification field, say).</li>
 *   <li>Feed every answer to {@link LoadBalancer#onProbeReply} with the probe id it quotes: a time-exceeded
 *       message from a switch with a {@code hopId} that identifies the answering interface (its IP address,
 *       say; {@code Long.MIN_VALUE} is reserved), and the destination's own answer with
 *       {@code fromDestination = true}. Only the first answer to a probe of the destination's round in flight
 *       is used; answers with a probe id that matches no probe in flight, and repeated answers, are counted as
 *       {@link Counter#PROBE_REPLIES_REJECTED}; late answers to the previous round, answers to unknown
 *       probes and junk are counted too; all of them are ignored.</li>
 *   <li>Pass times from one monotonic clock. A time more than a second after the latest one, or more than 10 ms
 *       before it, is a jump: discovery holds it ({@link Counter#CLOCK_JUMPS}) and moves there only when the
 *       next call confirms it, so one absurd time never stalls or disturbs it; after a confirmed jump back,
 *       its schedule moves back with the clock.</li>
 * </ul>
 *
 * <h2>Threading</h2>
 * This class is immutable and safe to share. The balancer's {@code onTick}, {@code onProbeReply} and
 * {@code onPathFailure} are thread-safe: they may be called from any thread, concurrently, and are serialised
 * internally by the balancer's control lock, which the per-packet path never takes. Probes are sent from inside
 * {@code onTick}, on its thread and under that lock; a {@link ProbeSender} may answer synchronously, calling
 * {@code onProbeReply} from inside {@code sendProbe} (the lock is reentrant), with the same outcome as answering
 * later. It must not block waiting for another thread that calls into the balancer, which would deadlock.
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
   *   within 1.5 s. A lost switch reply costs less still: the port's incomplete trace still re-confirms its
   *   path if it fits it. Failures that are reported go at once (PathDiscovery.onPathFailure).
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
  /** Default time between two probe rounds to one destination: 500 ms. */
  public static final long DEFAULT_PROBE_INTERVAL_NANOS = 500_000_000L;
  /** Default time after which a round's unfinished traces are judged as they stand: 50 ms. */
  public static final long DEFAULT_REPLY_TIMEOUT_NANOS = 50_000_000L;
  /** Default number of rounds after which a path that was not re-confirmed is removed. */
  public static final int DEFAULT_EXPIRY_ROUNDS = 3;

  /** Largest supported TTL: a trace's answered hops are tracked in one 64-bit mask. */
  public static final int MAX_SUPPORTED_TTL = 64;
  /** Largest supported k. */
  public static final int MAX_PATHS_PER_DESTINATION = 64;
  /** Largest supported number of fresh probes per round. */
  public static final int MAX_PROBES_PER_ROUND = 1024;
  /** Longest supported probe interval, reply timeout, or activity window: one hour. */
  public static final long MAX_DURATION_NANOS = 3_600_000_000_000L;

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
  private final boolean pathsPerDestinationSet;

  private DiscoveryConfig(Builder b, long activityWindowNanos) {
    this.minSourcePort = b.minSourcePort;
    this.maxSourcePort = b.maxSourcePort;
    this.probesPerRound = b.probesPerRound;
    this.maxTtl = b.maxTtl;
    this.pathsPerDestination = b.pathsPerDestination;
    this.probeIntervalNanos = b.probeIntervalNanos;
    this.replyTimeoutNanos = b.replyTimeoutNanos;
    this.expiryRounds = b.expiryRounds;
    this.probeOnlyActive = b.probeOnlyActive;
    this.activityWindowNanos = activityWindowNanos;
    this.pathsPerDestinationSet = b.pathsPerDestinationSet;
  }

  /**
   * A builder preset with the defaults.
   *
   * @return a new builder, for one thread
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The default configuration.
   *
   * @return a configuration with every setting at its default
   */
  public static DiscoveryConfig defaults() {
    return builder().build();
  }

  /**
   * Lowest source port probes use, inclusive.
   *
   * @return the lowest port, in 0..65535
   */
  public int minSourcePort() {
    return minSourcePort;
  }

  /**
   * Highest source port probes use, inclusive.
   *
   * @return the highest port, in {@link #minSourcePort()}..65535
   */
  public int maxSourcePort() {
    return maxSourcePort;
  }

  /**
   * Fresh random ports probed per destination per round, besides the current paths' ports.
   *
   * @return the number of fresh ports per round, 1 to {@value #MAX_PROBES_PER_ROUND}
   */
  public int probesPerRound() {
    return probesPerRound;
  }

  /**
   * Each port is probed with every TTL from 1 to this.
   *
   * @return the largest TTL, 1 to {@value #MAX_SUPPORTED_TTL}
   */
  public int maxTtl() {
    return maxTtl;
  }

  /**
   * The paper's k: paths kept per destination.
   *
   * @return the number of paths kept, 1 to {@value #MAX_PATHS_PER_DESTINATION}
   */
  public int pathsPerDestination() {
    return pathsPerDestination;
  }

  /**
   * Time between the starts of two rounds to the same destination.
   *
   * @return the probe interval in nanoseconds, positive and at most {@value #MAX_DURATION_NANOS}
   */
  public long probeIntervalNanos() {
    return probeIntervalNanos;
  }

  /**
   * Time after a round's start at which its unfinished traces are judged as they stand.
   *
   * @return the reply timeout in nanoseconds, positive and shorter than {@link #probeIntervalNanos()}
   */
  public long replyTimeoutNanos() {
    return replyTimeoutNanos;
  }

  /**
   * A current path that was not re-confirmed by this many consecutive rounds is removed.
   *
   * @return the number of rounds, at least 1
   */
  public int expiryRounds() {
    return expiryRounds;
  }

  /**
   * Whether only destinations with recent traffic are probed.
   *
   * @return true if only destinations with traffic within {@link #activityWindowNanos()} are probed
   */
  public boolean probeOnlyActive() {
    return probeOnlyActive;
  }

  /**
   * How recent traffic must be for a destination to count as active.
   *
   * @return the activity window in nanoseconds, positive and at most two hours
   */
  public long activityWindowNanos() {
    return activityWindowNanos;
  }

  /** Whether {@link #pathsPerDestination()} was set rather than left at its default; for error messages. */
  boolean pathsPerDestinationSet() {
    return pathsPerDestinationSet;
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
   * Collects settings; {@link #build()} checks them all. Setters only record; nothing throws before
   * {@code build()}.
   *
   * <p>Threading: not thread-safe; use from one thread.
   */
  public static final class Builder {
    private int minSourcePort = DEFAULT_MIN_SOURCE_PORT;
    private int maxSourcePort = DEFAULT_MAX_SOURCE_PORT;
    private int probesPerRound = DEFAULT_PROBES_PER_ROUND;
    private int maxTtl = DEFAULT_MAX_TTL;
    private int pathsPerDestination = DEFAULT_PATHS_PER_DESTINATION;
    private long probeIntervalNanos = DEFAULT_PROBE_INTERVAL_NANOS;
    private long replyTimeoutNanos = DEFAULT_REPLY_TIMEOUT_NANOS;
    private int expiryRounds = DEFAULT_EXPIRY_ROUNDS;
    private boolean probeOnlyActive = true;
    private long activityWindowNanos; // if not set: twice the probe interval
    // Which settings the user made, so that an error about a combination can say which side is a default.
    private boolean sourcePortRangeSet;
    private boolean probesPerRoundSet;
    private boolean pathsPerDestinationSet;
    private boolean probeIntervalSet;
    private boolean replyTimeoutSet;
    private boolean activityWindowSet;

    private Builder() {}

    /**
     * The inclusive range of source ports probes draw from; default 49152..65535.
     *
     * @param min the lowest port, in 0..65535
     * @param max the highest port, in {@code min}..65535; the range must hold at least {@code probesPerRound +
     *     pathsPerDestination} ports
     * @return this builder
     */
    public Builder sourcePortRange(int min, int max) {
      this.minSourcePort = min;
      this.maxSourcePort = max;
      this.sourcePortRangeSet = true;
      return this;
    }

    /**
     * Fresh random ports probed per destination per round, 1..1024; default 16.
     *
     * @param probes the number of fresh ports per round, 1..1024
     * @return this builder
     */
    public Builder probesPerRound(int probes) {
      this.probesPerRound = probes;
      this.probesPerRoundSet = true;
      return this;
    }

    /**
     * Largest TTL probed, 1..64; default 8.
     *
     * @param ttl the largest TTL, 1..64
     * @return this builder
     */
    public Builder maxTtl(int ttl) {
      this.maxTtl = ttl;
      return this;
    }

    /**
     * Paths kept per destination (k), 1..64; default 4.
     *
     * @param k the number of paths kept, 1..64, and at most the balancer's {@code maxPathsPerDestination}
     * @return this builder
     */
    public Builder pathsPerDestination(int k) {
      this.pathsPerDestination = k;
      this.pathsPerDestinationSet = true;
      return this;
    }

    /**
     * Nanoseconds between two rounds to one destination, up to an hour; default 500 ms.
     *
     * @param intervalNanos the probe interval in nanoseconds, positive, at most an hour and longer than the reply
     *     timeout
     * @return this builder
     */
    public Builder probeIntervalNanos(long intervalNanos) {
      this.probeIntervalNanos = intervalNanos;
      this.probeIntervalSet = true;
      return this;
    }

    /**
     * Nanoseconds after a round's start at which its unfinished traces are judged as they stand; shorter than
     * the probe interval; default 50 ms.
     *
     * @param timeoutNanos the reply timeout in nanoseconds, positive and shorter than the probe interval
     * @return this builder
     */
    public Builder replyTimeoutNanos(long timeoutNanos) {
      this.replyTimeoutNanos = timeoutNanos;
      this.replyTimeoutSet = true;
      return this;
    }

    /**
     * Rounds without re-confirmation after which a path is removed, at least 1; default 3.
     *
     * @param rounds the number of consecutive rounds, at least 1
     * @return this builder
     */
    public Builder expiryRounds(int rounds) {
      this.expiryRounds = rounds;
      return this;
    }

    /**
     * Whether to probe only destinations with recent traffic; default true.
     *
     * @param onlyActive true to probe only destinations with traffic within the activity window, false to probe
     *     every destination
     * @return this builder
     */
    public Builder probeOnlyActive(boolean onlyActive) {
      this.probeOnlyActive = onlyActive;
      return this;
    }

    /**
     * How recent, in nanoseconds, traffic must be for a destination to be probed, up to an hour; default twice
     * the probe interval.
     *
     * @param windowNanos the activity window in nanoseconds, positive and at most an hour
     * @return this builder
     */
    public Builder activityWindowNanos(long windowNanos) {
      this.activityWindowNanos = windowNanos;
      this.activityWindowSet = true;
      return this;
    }

    /**
     * Checks every setting and returns the configuration.
     *
     * @return a new, immutable configuration
     * @throws IllegalArgumentException naming the first bad parameter and its value; for a bad combination,
     *     also the other parameter and its value, called "the default" when it was not set
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
        // Fresh ports are drawn distinct from each other and from the current paths' ports. With the default
        // range (16384 ports) this cannot fail, so the range was set.
        throw bad("sourcePortRange", minSourcePort + ".." + maxSourcePort + " (" + rangeSize + " ports)",
            "must hold at least probesPerRound + pathsPerDestination = " + (probesPerRound + pathsPerDestination)
                + " ports (" + setting("probesPerRound", probesPerRound, probesPerRoundSet) + ", "
                + setting("pathsPerDestination", pathsPerDestination, pathsPerDestinationSet) + ")");
      }
      checkNanos("probeIntervalNanos", probeIntervalNanos);
      checkNanos("replyTimeoutNanos", replyTimeoutNanos);
      if (replyTimeoutNanos >= probeIntervalNanos) {
        // A round must be settled before the next one to the same destination starts. Blame the one the user
        // set; if both, the timeout.
        if (replyTimeoutSet) {
          throw bad("replyTimeoutNanos", replyTimeoutNanos, "must be shorter than "
              + setting("probeIntervalNanos", probeIntervalNanos, probeIntervalSet));
        }
        throw bad("probeIntervalNanos", probeIntervalNanos, "must be longer than "
            + setting("replyTimeoutNanos", replyTimeoutNanos, false));
      }
      if (expiryRounds < 1) {
        throw bad("expiryRounds", expiryRounds, "must be >= 1");
      }
      long window = activityWindowNanos;
      if (activityWindowSet) {
        checkNanos("activityWindowNanos", window);
      } else {
        window = 2 * probeIntervalNanos; // at most two hours: no overflow
      }
      return new DiscoveryConfig(this, window);
    }

    /** "name=value" for a setting the user made, "the default name=value" for one left at its default. */
    private static String setting(String name, long value, boolean set) {
      return (set ? "" : "the default ") + name + "=" + value;
    }

    private static void checkNanos(String name, long value) {
      if (value <= 0 || value > MAX_DURATION_NANOS) {
        throw bad(name, value, "must be in 1.." + MAX_DURATION_NANOS + " (one hour)");
      }
    }

    private static IllegalArgumentException bad(String name, Object value, String rule) {
      return new IllegalArgumentException(name + " " + rule + ", was " + value);
    }
  }
}
