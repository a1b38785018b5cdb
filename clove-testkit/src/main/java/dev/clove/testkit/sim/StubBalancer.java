package dev.clove.testkit.sim;

import dev.clove.api.Counter;
import dev.clove.api.LoadBalancer;

/**
 * TEMPORARY: a static-hash balancer used until clove-core's builders are merged; replaced in {@link Schemes}.
 */
final class StubBalancer implements LoadBalancer {
  private final long salt;
  private long packets;

  StubBalancer(long salt) {
    this.salt = salt;
  }

  @Override
  public int selectSourcePort(int destination, long flowKey, int packetLength, long nowNanos) {
    packets++;
    long h = Sim.mix64(flowKey ^ salt ^ ((long) destination << 32));
    return 49152 + (int) ((h >>> 1) % 16384);
  }

  @Override
  public void onCongestion(int destination, int sourcePort, long nowNanos) {}

  @Override
  public void onUtilization(int destination, int sourcePort, double utilization, long nowNanos) {}

  @Override
  public void onProbeReply(int destination, int sourcePort, int ttl, long hopId, boolean fromDestination,
      long nowNanos) {}

  @Override
  public void onPathFailure(int destination, int sourcePort, long nowNanos) {}

  @Override
  public void onMalformedFeedback(int destination, int word, long nowNanos) {}

  @Override
  public void onTick(long nowNanos) {}

  @Override
  public LoadBalancer newDataplane() {
    return new StubBalancer(salt);
  }

  @Override
  public long count(Counter counter) {
    return counter == Counter.PACKETS ? packets : 0;
  }
}
