// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import static dev.clove.core.internal.Checks.checkRange;

import dev.clove.api.LoadBalancer;
import dev.clove.api.ProbeSender;
import dev.clove.core.internal.FlowletTable;
import dev.clove.core.internal.Hashing;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

/**
 * Assembles a {@link LoadBalancer}: flowlet table, path table and policy. Obtain one from {@link Clove#builder()}.
 *
 * <p>Every setter validates its argument at once and {@link #build()} validates the combination; errors are
 * {@link IllegalArgumentException}s that name the parameter and the bad value ({@link NullPointerException}s
 * naming the parameter, for null).
 *
 * <h2>Defaults</h2>
 * <ul>
 *   <li>{@code maxDestinations} 1024, {@code maxPathsPerDestination} 16, {@code flowletTableCapacity} 65536.</li>
 *   <li>{@code baseRttNanos} 100 us, and the flowlet gap twice the base RTT (paper, section 2.3).</li>
 *   <li>{@code silenceTimeoutNanos} 5 ms: silent paths are detected once the receiver's relay sends liveness
 *       words.</li>
 *   <li>fallback port range 49152..65535 (the IANA dynamic range, which VXLAN's RFC 7348 recommends for the
 *       outer source port).</li>
 *   <li>policy {@link Policies#edgeFlowlet()}; no paths until {@link #staticPaths} or {@link #pathDiscovery}.</li>
 *   <li>seed: drawn from {@link SecureRandom} per balancer, so that hashes are secret; set one for repeatable
 *       runs.</li>
 * </ul>
 *
 * <p>Threading: a builder is used by one thread; the balancer it builds is described in {@link LoadBalancer}.
 */
public final class BalancerBuilder {
  int maxDestinations = 1024;
  int maxPathsPerDestination = 16;
  /** Whether maxPathsPerDestination was set, so that build's errors can say when it is the default. */
  private boolean maxPathsPerDestinationSet;
  int flowletTableCapacity = 1 << 16;
  long baseRttNanos = TimeUnit.MICROSECONDS.toNanos(100);
  long flowletGapNanos = -1;
  long staticPathHoldDownNanos = TimeUnit.SECONDS.toNanos(1);
  long silenceTimeoutNanos = SilenceDetector.DEFAULT_TIMEOUT_NANOS;
  /** The adaptive gap's minimum and report freshness; 0 while the option is off. */
  long adaptiveGapMinNanos;
  long adaptiveGapStaleAfterNanos;
  int fallbackMinPort = 49152;
  int fallbackMaxPort = 65535;
  long seed;
  private boolean seeded;
  PathPolicy policy;
  DiscoveryConfig discoveryConfig;
  ProbeSender probeSender;
  private final java.util.List<int[]> staticPaths = new java.util.ArrayList<>();
  /** The physical ids of each {@link #staticPaths} entry, index-aligned with it; null entries where none given. */
  private final java.util.List<long[]> staticPathIds = new java.util.ArrayList<>();
  boolean sharePathFeedback;

  /**
   * The up-front bytes per destination {@link #build} budgets: above the largest measured for one dataplane (78
   * for CLOVE-ECN plus 22 for discovery, benchmarks' {@code MemoryReport}). An estimate for the first dataplane:
   * each further one takes 10 to 44 bytes per destination more, which the check does not see.
   */
  static final int UP_FRONT_BYTES_PER_DESTINATION = 128;

  BalancerBuilder() {}

  /**
   * Destination ids will be in {@code [0, maxDestinations)}; 1 to 2^24. Memory: per-path state (weights,
   * readings, path sets) grows with the destinations in use, in chunks of 256; what is allocated for every
   * destination up front is small, measured at 2^20 destinations (benchmarks' {@code MemoryReport}): 38 bytes
   * (Edge-Flowlet), 78 (CLOVE-ECN) or 60 (CLOVE-INT) with one dataplane, 22 more with path discovery, and 10 (44
   * for CLOVE-ECN, 26 for CLOVE-INT) per further dataplane.
   * {@link #build} refuses a configuration whose up-front estimate ({@value #UP_FRONT_BYTES_PER_DESTINATION} bytes
   * per destination plus 8 per flowlet table entry) exceeds the JVM's maximum heap, naming both.
   *
   * @param maxDestinations one more than the largest destination id, 1 to 2^24; default 1024
   * @return this builder
   * @throws IllegalArgumentException if {@code maxDestinations} is out of that range
   */
  public BalancerBuilder maxDestinations(int maxDestinations) {
    this.maxDestinations = checkRange("maxDestinations", maxDestinations, 1, 1 << 24);
    return this;
  }

  /**
   * The most paths kept per destination; 1 to 255.
   *
   * @param maxPaths the most paths of one destination, 1 to 255; default 16
   * @return this builder
   * @throws IllegalArgumentException if {@code maxPaths} is out of that range
   */
  public BalancerBuilder maxPathsPerDestination(int maxPaths) {
    this.maxPathsPerDestination = checkRange("maxPathsPerDestination", maxPaths, 1, 255);
    this.maxPathsPerDestinationSet = true;
    return this;
  }

  /**
   * Flows the flowlet table of each dataplane holds; a power of two, 8 to 2^27; 8 bytes each (2^27 flows are
   * 1 GiB per dataplane). Use about {@code 4 x (live flows + flood rate x flowlet gap)}, rounded up: every flow
   * holds an entry until it has been idle for a gap, so a flood of new flows occupies its rate times the gap, and
   * at four times the flows holding entries, flows rarely evict each other's live flowlets. For example, 4,096
   * live flows, a 100 us gap and a flood of 20 Mpps one-packet flows (2,000 per gap) call for
   * 4 x 6,096 = 24,384, so 32,768: in that scenario (clove-core's FlowletTableFloodTest, 20 ms) no live flow was
   * moved off its path, and at 16,384 (four times the live flows alone) 1% were.
   *
   * <p>The table protects flowlets that have seen a second packet: a new flow evicts one only from a set whose
   * every entry is such an active flowlet, so a flood of one-packet flows (scans, SYN floods) evicts mostly its
   * own kind. It does not protect a flow before its second packet, nor against a flood of flows that send two or
   * more packets within a gap, which look like live flows: against those only capacity helps (see
   * {@link FlowletTable}, "Collisions and eviction").
   *
   * @param capacity the number of flow entries per dataplane, a power of two from 8 to 2^27; default 65536
   * @return this builder
   * @throws IllegalArgumentException if {@code capacity} is out of that range or not a power of two
   */
  public BalancerBuilder flowletTableCapacity(int capacity) {
    checkRange("flowletTableCapacity", capacity, FlowletTable.WAYS, FlowletTable.MAX_CAPACITY);
    if (Integer.bitCount(capacity) != 1) {
      throw new IllegalArgumentException("flowletTableCapacity must be a power of two, was " + capacity);
    }
    this.flowletTableCapacity = capacity;
    return this;
  }

  /**
   * The fabric's base round-trip time; the flowlet gap defaults to twice it. Positive, and at most
   * {@code Long.MAX_VALUE / 2} so that twice it is a time.
   *
   * @param rttNanos the base RTT in nanoseconds, 1 to {@code Long.MAX_VALUE / 2}; default 100 us
   * @return this builder
   * @throws IllegalArgumentException if {@code rttNanos} is out of that range
   */
  public BalancerBuilder baseRttNanos(long rttNanos) {
    if (rttNanos <= 0 || rttNanos > Long.MAX_VALUE / 2) {
      throw new IllegalArgumentException("baseRttNanos must be in 1.." + Long.MAX_VALUE / 2 + ", was " + rttNanos);
    }
    this.baseRttNanos = rttNanos;
    return this;
  }

  /**
   * How long a static path reported failed stays out of service before it is re-admitted (see
   * {@link #staticPaths}). Positive; default 1 s, a few BFD detection times, so that a path that is still down is
   * reported again before it has carried much.
   *
   * @param holdDownNanos the hold-down in nanoseconds, positive; default 1 s
   * @return this builder
   * @throws IllegalArgumentException if {@code holdDownNanos} is not positive
   */
  public BalancerBuilder staticPathHoldDownNanos(long holdDownNanos) {
    if (holdDownNanos <= 0) {
      throw new IllegalArgumentException("staticPathHoldDownNanos must be > 0, was " + holdDownNanos);
    }
    this.staticPathHoldDownNanos = holdDownNanos;
    return this;
  }

  /**
   * How long a path may go unheard after it was given new flowlets (twice, a quarter of this apart), while
   * another path of the same destination is heard, before the balancer takes it out of service as silently failed
   * (counted as {@link dev.clove.api.Counter#PATHS_SILENT}); 0 turns silence detection off. Default 5 ms.
   *
   * <p>"Heard" comes from the receiving relay: {@code CloveEcn.relay()}, {@code CloveInt.relay()} and
   * {@link Clove#livenessRelay()} report each port they hear, at most once per 16 relay intervals, in words the sender
   * applies with {@code onFeedbackWord}. Detection starts for a destination with the first liveness word or
   * utilization report from it (congestion reports alone, as a relay without liveness sends, never start it), so a
   * balancer whose peers send neither (no relay, or a CE-only one) never removes a path this way, and neither
   * does a destination whose reverse traffic stops altogether. A removed static path returns after
   * {@link #staticPathHoldDownNanos}, and each time it is found silent again within its last hold-down after
   * returning, it is held twice as long as before, up to 64 hold-downs (a gray link may last for hours, and each
   * return costs the new flowlets of a silence timeout); a discovered path returns when discovery re-confirms it,
   * which the probes of a dead path cannot do.
   *
   * <p>The timeout must exceed the longest time a live path's report can take: the sending host's transmit queue,
   * the fabric's queues out and back, and the wait for a reverse packet. The default suits fabrics whose switches
   * buffer about 100 packets per Gbps (1.2 ms of queueing per port, three ports on a two-tier path) and hosts
   * whose transmit queues stay below a few milliseconds; new flowlets then leave a dead path within about 7 ms
   * (a quarter timeout between the two placements, the timeout, up to a tenth of it between scans, and the
   * {@link dev.clove.api.LoadBalancer#onTick} period).
   * Deeper buffers need a proportionally longer timeout; a shorter one finds dead paths sooner but may remove a
   * congested live one.
   *
   * @param timeoutNanos the silence timeout in nanoseconds, 0 (off) or more
   * @return this builder
   * @throws IllegalArgumentException if negative, naming the value
   */
  public BalancerBuilder silenceTimeoutNanos(long timeoutNanos) {
    if (timeoutNanos < 0) {
      throw new IllegalArgumentException("silenceTimeoutNanos must be >= 0 (0 turns detection off), was "
          + timeoutNanos);
    }
    this.silenceTimeoutNanos = timeoutNanos;
    return this;
  }

  /**
   * Overrides the flowlet gap (default twice {@link #baseRttNanos}). Positive.
   *
   * @param gapNanos the idle time in nanoseconds after which a flow's next packet starts a new flowlet, positive
   * @return this builder
   * @throws IllegalArgumentException if {@code gapNanos} is not positive
   */
  public BalancerBuilder flowletGapNanos(long gapNanos) {
    if (gapNanos <= 0) {
      throw new IllegalArgumentException("flowletGapNanos must be > 0, was " + gapNanos);
    }
    this.flowletGapNanos = gapNanos;
    return this;
  }

  /**
   * Lets each destination's flowlet gap follow the fabric (default off: the fixed gap for every destination).
   * The receiver's relay, built with {@code delayReports(true)}, measures the one-way delay of each path from the
   * send time packets carry and reports how far two paths' delays differed at most
   * ({@link dev.clove.api.FeedbackWord#encodePathDelay}); the balancer then keeps that destination's gap at a
   * quarter above the largest spread reported in the last {@code staleAfterNanos}, at least {@code minGapNanos},
   * at most the fixed gap ({@link #flowletGapNanos}), and back at the fixed gap as soon as fewer than two reports
   * are that fresh. Two flowlets of one flow on different paths then still arrive in order (the gap exceeds their
   * delay difference, which is what the fixed gap is sized for, section 2.3 of the paper), while flows pause long
   * enough to move more often when the paths' delays are close. The fixed gap stays the bound because it is what
   * the operator judged safe without measurements; above it, reports cannot take the gap.
   *
   * <p>Per packet this costs one load and a compare, no lock, no clock read (the packet's time decides whether the
   * gap has expired). Memory: 8 bytes per destination up front.
   *
   * @param minGapNanos the least gap, positive and (checked by {@link #build}) at most the fixed gap: it covers
   *     what the measurement does not see, such as send-time resolution and the sender's own timing jitter
   * @param staleAfterNanos how long a report counts, positive; a few of the relay's report windows (4 relay
   *     intervals each), so that two reports are normally fresh
   * @return this builder
   * @throws IllegalArgumentException if a value is not positive, naming it
   */
  public BalancerBuilder adaptiveFlowletGap(long minGapNanos, long staleAfterNanos) {
    if (minGapNanos <= 0) {
      throw new IllegalArgumentException("adaptiveFlowletGap.minGapNanos must be > 0, was " + minGapNanos);
    }
    if (staleAfterNanos <= 0) {
      throw new IllegalArgumentException("adaptiveFlowletGap.staleAfterNanos must be > 0, was " + staleAfterNanos);
    }
    this.adaptiveGapMinNanos = minGapNanos;
    this.adaptiveGapStaleAfterNanos = staleAfterNanos;
    return this;
  }

  /**
   * The seed of every hash secret and random source: same seed, same decisions. For simulations and tests; a
   * production balancer should leave it unset, so that its secrets come from {@link SecureRandom} and no tenant
   * can precompute which of its flow keys collide (in the flowlet table, the ECMP and fallback hashes, or the
   * round-robin rotation).
   *
   * @param seed any value; the same seed gives the same decisions for the same inputs
   * @return this builder
   */
  public BalancerBuilder seed(long seed) {
    this.seed = seed;
    this.seeded = true;
    return this;
  }

  /**
   * The outer source ports the fallback ECMP hash spreads flows over; {@code 0 <= min <= max <= 65535}.
   *
   * @param minPort the lowest port of the range, inclusive; default 49152
   * @param maxPort the highest port of the range, inclusive, at least {@code minPort}; default 65535
   * @return this builder
   * @throws IllegalArgumentException if a port is outside 0..65535 or {@code minPort > maxPort}
   */
  public BalancerBuilder fallbackPortRange(int minPort, int maxPort) {
    checkRange("fallbackPortRange.min", minPort, 0, 0xFFFF);
    checkRange("fallbackPortRange.max", maxPort, 0, 0xFFFF);
    if (minPort > maxPort) {
      throw new IllegalArgumentException(
          "fallbackPortRange.min must be <= max, was min=" + minPort + " max=" + maxPort);
    }
    this.fallbackMinPort = minPort;
    this.fallbackMaxPort = maxPort;
    return this;
  }

  /**
   * The placement policy: {@link Policies}, {@code CloveEcn.policy()}, {@code CloveInt.policy()}, or your own.
   *
   * @param policy a policy instance not yet bound to another balancer; default {@link Policies#edgeFlowlet()}
   * @return this builder
   * @throws NullPointerException if {@code policy} is null
   */
  public BalancerBuilder policy(PathPolicy policy) {
    if (policy == null) {
      throw new NullPointerException("policy must not be null");
    }
    this.policy = policy;
    return this;
  }

  /**
   * Fixes the paths of {@code destination}, for fabrics where probing is not possible: each port must lead to a
   * distinct path. Path discovery, if also configured, replaces them once it has results.
   *
   * <p>A static path reported failed ({@link LoadBalancer#onPathFailure}) leaves the set at once and comes back
   * by itself after {@link #staticPathHoldDownNanos} (measured on {@code onTick} time); a new report during the
   * hold-down restarts it. Until then, if every static path of a destination has failed, its packets take the
   * fallback hash. Without re-admission one report would remove a path for good, and a destination whose paths
   * were all reported once would never leave the fallback range.
   *
   * @param destination the destination's dense id, at least 0 and (checked by {@link #build()}) below
   *     {@link #maxDestinations}
   * @param ports the outer source port of each path, distinct, in 0..65535, at least one and (checked by
   *     {@link #build()}) at most {@link #maxPathsPerDestination}
   * @return this builder
   * @throws IllegalArgumentException if {@code destination} is negative, or {@code ports} is empty, repeats a port
   *     or has one outside 0..65535
   * @throws NullPointerException if {@code ports} is null
   */
  public BalancerBuilder staticPaths(int destination, int... ports) {
    checkRange("staticPaths.destination", destination, 0, Integer.MAX_VALUE);
    int[] copy = PathSet.validatedPorts("staticPaths(" + destination + ")", ports, Integer.MAX_VALUE);
    if (copy.length == 0) {
      throw new IllegalArgumentException("staticPaths(" + destination + ") must name at least one port");
    }
    int[] entry = new int[copy.length + 1];
    entry[0] = destination;
    System.arraycopy(copy, 0, entry, 1, copy.length);
    staticPaths.add(entry);
    staticPathIds.add(null);
    return this;
  }

  /**
   * As {@link #staticPaths(int, int...)}, and names the physical path each port leads to, for
   * {@link #sharePathFeedback}: ports of different destinations with the same id are the same fabric path (the same
   * links, up to the last switch before the destination host), so feedback about one is feedback about all. Any
   * numbering works if it is consistent within the balancer, for example the uplink and spine-downlink ids of the
   * path the port hashes to. Without {@link #sharePathFeedback} the ids are kept but unused.
   *
   * @param destination the destination's dense id, as for {@link #staticPaths(int, int...)}
   * @param ports the outer source port of each path, as for {@link #staticPaths(int, int...)}
   * @param pathIds the physical id of each port's path, index-aligned with {@code ports}, distinct, none
   *     {@link Long#MIN_VALUE} (reserved for "unknown")
   * @return this builder
   * @throws IllegalArgumentException as {@link #staticPaths(int, int...)}, or if {@code pathIds} is not as long as
   *     {@code ports}, repeats an id or holds {@link Long#MIN_VALUE}
   * @throws NullPointerException if {@code ports} or {@code pathIds} is null
   */
  public BalancerBuilder staticPaths(int destination, int[] ports, long[] pathIds) {
    if (pathIds == null) {
      throw new NullPointerException("staticPaths(" + destination + ").pathIds must not be null");
    }
    long[] ids = pathIds.clone();
    if (ports != null && ids.length != ports.length) {
      throw new IllegalArgumentException("staticPaths(" + destination + ").pathIds must have one id per port ("
          + ports.length + "), had " + ids.length);
    }
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] == PathSharing.NO_IDENTITY) {
        throw new IllegalArgumentException("staticPaths(" + destination + ").pathIds[" + i + "]=" + ids[i]
            + " is reserved for an unknown path");
      }
      for (int j = 0; j < i; j++) {
        if (ids[j] == ids[i]) {
          throw new IllegalArgumentException("staticPaths(" + destination + ").pathIds repeats id " + ids[i]
              + " (each port must lead to a distinct path)");
        }
      }
    }
    staticPaths(destination, ports);
    staticPathIds.set(staticPathIds.size() - 1, ids);
    return this;
  }

  /**
   * Shares congestion and utilization feedback between destinations that use the same physical path; default
   * off (the paper's behaviour: state per destination and path).
   *
   * <p>Why: a policy such as CLOVE-ECN keeps a weight per (destination, path), so with many destinations behind
   * one leaf each weight hears only its own destination's share of the feedback about the same few fabric paths.
   * With this on, a report about path {@code p} of destination {@code d} is applied, through the policy's ordinary
   * {@code onCongestion} / {@code onUtilization}, to every destination's path with the same physical identity as
   * {@code p}, so every destination behind a leaf learns from all of them; the policies are unchanged.
   *
   * <p>Identity: the hops discovery traced for the port (every switch interface up to the last switch before the
   * destination host; a path with a hop that did not answer has no identity and shares nothing), else the ids given
   * with {@link #staticPaths(int, int[], long[])}. Paths with no identity behave as with the option off. A
   * traced identity is a hash of the hops and does not equal a static id, so while discovery is replacing static
   * paths, a destination shares only with destinations whose paths are of the same kind.
   *
   * <p>What is shared and what is not: liveness is not (silence detection stays per destination: a report proves
   * that one destination is reachable over the path, not another); a destination's own policy state, such as
   * CLOVE-ECN's per-path suppression interval, stays per destination, so a shared report cuts each destination's
   * weight of that path at most once per interval, exactly as one report per destination would. A mark set at
   * a destination's own access link is shared too, onto the one path whose port carried it: see the project's
   * docs/policies.md for how much of CLOVE-ECN's feedback that is.
   *
   * <p>Cost: nothing per packet; per report, one delivery per destination sharing the path; per path-set change,
   * a rebuild of that destination's index entries. {@link #build} refuses the option when no path can have an
   * identity (neither discovery nor static paths with ids).
   *
   * @param share true to share feedback along physical paths
   * @return this builder
   */
  public BalancerBuilder sharePathFeedback(boolean share) {
    this.sharePathFeedback = share;
    return this;
  }

  /**
   * Enables traceroute path discovery with {@code config}, sending probes through {@code sender}; its behaviour
   * is described in full on {@link DiscoveryConfig}. In short: a destination gets its first probe round at the
   * first {@link LoadBalancer#onTick onTick} after its first packet, and until a round has found paths (that
   * first one, one probe round trip later, if every probe is answered) its packets take the fallback ECMP hash,
   * counted as {@link dev.clove.api.Counter#FALLBACK_NO_PATH} (or its {@link #staticPaths}, if given). It is then
   * re-probed once per probe interval, at a per-destination offset within the interval, while it has traffic; each
   * round traces the current paths' ports and fresh random ones with TTL 1..maxTtl, groups ports by the hops that
   * answered, and keeps the k paths that overlap least. A path not re-confirmed by {@code expiryRounds} rounds in
   * a row, or reported through {@link LoadBalancer#onPathFailure}, is removed.
   *
   * <p>The embedder calls {@link LoadBalancer#onTick} every millisecond or so (probes go out, through
   * {@code sender}, from inside it) and feeds every answer to {@link LoadBalancer#onProbeReply}. Both are
   * thread-safe and serialised by the balancer's control lock, which the per-packet path never takes; the
   * sender may answer synchronously, calling {@code onProbeReply} from inside {@code sendProbe}.
   *
   * <p>{@code config.pathsPerDestination()} must not exceed {@link #maxPathsPerDestination}; checked by
   * {@link #build()}.
   *
   * @param config the discovery settings
   * @param sender sends the probes the balancer asks for, from inside {@link LoadBalancer#onTick}
   * @return this builder
   * @throws NullPointerException if {@code config} or {@code sender} is null
   */
  public BalancerBuilder pathDiscovery(DiscoveryConfig config, ProbeSender sender) {
    if (config == null) {
      throw new NullPointerException("pathDiscovery.config must not be null");
    }
    if (sender == null) {
      throw new NullPointerException("pathDiscovery.sender must not be null");
    }
    this.discoveryConfig = config;
    this.probeSender = sender;
    return this;
  }

  /**
   * Builds the balancer (the first dataplane; more with {@link LoadBalancer#newDataplane()}).
   *
   * @return a new balancer, bound to this builder's policy
   * @throws IllegalArgumentException if the combination of settings is invalid
   * @throws IllegalStateException if the policy is already bound to another balancer
   */
  public LoadBalancer build() {
    if (policy == null) {
      policy = Policies.edgeFlowlet();
    }
    if (!seeded) {
      seed = new SecureRandom().nextLong(); // drawn per build: two balancers from one builder share no secret
    }
    checkMemory(maxDestinations, flowletTableCapacity, Runtime.getRuntime().maxMemory());
    for (int[] entry : staticPaths) {
      if (entry[0] >= maxDestinations) {
        throw new IllegalArgumentException("staticPaths.destination must be < maxDestinations="
            + maxDestinations + ", was " + entry[0]);
      }
      if (entry.length - 1 > maxPathsPerDestination) {
        throw new IllegalArgumentException("staticPaths(" + entry[0] + ") has " + (entry.length - 1)
            + " ports, more than maxPathsPerDestination=" + maxPathsPerDestination);
      }
    }
    if (discoveryConfig != null && discoveryConfig.pathsPerDestination() > maxPathsPerDestination) {
      throw new IllegalArgumentException("pathDiscovery.pathsPerDestination must be <= "
          + (maxPathsPerDestinationSet ? "" : "the default ") + "maxPathsPerDestination=" + maxPathsPerDestination
          + ", was " + (discoveryConfig.pathsPerDestinationSet() ? "" : "the default ")
          + "pathsPerDestination=" + discoveryConfig.pathsPerDestination());
    }
    if (sharePathFeedback && discoveryConfig == null
        && staticPathIds.stream().allMatch(java.util.Objects::isNull)) {
      throw new IllegalArgumentException("sharePathFeedback=true needs path identities: configure pathDiscovery, "
          + "or give staticPaths their pathIds; had " + staticPaths.size() + " static path sets without ids");
    }
    if (adaptiveGapMinNanos > effectiveFlowletGapNanos()) {
      throw new IllegalArgumentException("adaptiveFlowletGap.minGapNanos must be <= the flowlet gap ("
          + effectiveFlowletGapNanos() + " ns), was " + adaptiveGapMinNanos);
    }
    BalancerCore core = new BalancerCore(this);
    synchronized (core.control) {
      for (int k = 0; k < staticPaths.size(); k++) {
        int[] entry = staticPaths.get(k);
        core.installStaticPaths(entry[0], java.util.Arrays.copyOfRange(entry, 1, entry.length),
            staticPathIds.get(k));
      }
      if (discoveryConfig != null) {
        core.attachDiscovery(DiscoveryBinding.create(core, discoveryConfig, probeSender));
      }
    }
    return new CloveBalancer(core, Hashing.mix64(seed));
  }

  /**
   * Refuses a configuration whose up-front memory would not fit {@code maxHeapBytes}: better a named error at
   * build time than an {@link OutOfMemoryError} with no hint of which setting caused it.
   */
  static void checkMemory(int maxDestinations, int flowletTableCapacity, long maxHeapBytes) {
    long bytes = (long) maxDestinations * UP_FRONT_BYTES_PER_DESTINATION + 8L * flowletTableCapacity;
    if (bytes > maxHeapBytes) {
      throw new IllegalArgumentException("maxDestinations=" + maxDestinations + " and flowletTableCapacity="
          + flowletTableCapacity + " need about " + (bytes >> 20) + " MiB up front ("
          + UP_FRONT_BYTES_PER_DESTINATION + " bytes per destination, 8 per flowlet table entry), more than this "
          + "JVM's maximum heap of " + (maxHeapBytes >> 20) + " MiB; lower them or raise -Xmx");
    }
  }

  long effectiveFlowletGapNanos() {
    return flowletGapNanos > 0 ? flowletGapNanos : Math.multiplyExact(2, baseRttNanos);
  }

  /**
   * How often a dataplane re-notes activity to a destination: a sixteenth of discovery's activity window, the
   * granularity discovery itself keeps, so that most packets do not even read the shared activity stamp.
   */
  long activityNoteIntervalNanos() {
    return discoveryConfig == null ? Long.MAX_VALUE : Math.max(1, discoveryConfig.activityWindowNanos() / 16);
  }
}
