// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.ecn.repath;

import dev.clove.api.LoadBalancer;
import dev.clove.core.Clove;
import dev.clove.core.PathPolicy;

/** A balancer over four static paths to destination 0, 100 us base RTT (50 us rounds, 200 us flowlet gap). */
final class Fixture {
  static final int DESTINATION = 0;
  static final int[] PORTS = {50001, 50002, 50003, 50004};
  static final long RTT = 100_000;
  static final long ROUND = RTT / 2;

  final LoadBalancer balancer;
  final int[] current;
  final long[] keys;

  Fixture(PathPolicy policy, int flows) {
    balancer = Clove.builder().baseRttNanos(RTT).seed(11).policy(policy).staticPaths(DESTINATION, PORTS).build();
    current = new int[flows];
    keys = new long[flows];
    for (int f = 0; f < flows; f++) {
      keys[f] = 0x1234_5678L * (f + 1) + 17;
    }
  }

  /** One packet of every flow at {@code now}; returns how many flows changed port since their last packet. */
  int sendAll(long now) {
    int changed = 0;
    for (int f = 0; f < keys.length; f++) {
      int port = balancer.selectSourcePort(DESTINATION, keys[f], 1500, now);
      if (current[f] != 0 && current[f] != port) {
        changed++;
      }
      current[f] = port;
    }
    return changed;
  }

  /** How many flows are on {@code port}. */
  int on(int port) {
    int n = 0;
    for (int p : current) {
      if (p == port) {
        n++;
      }
    }
    return n;
  }

  /** The port most flows are on. */
  int busiest() {
    int best = PORTS[0];
    for (int port : PORTS) {
      if (on(port) > on(best)) {
        best = port;
      }
    }
    return best;
  }

  void report(int port, double fraction, long now) {
    balancer.onCongestionFraction(DESTINATION, port, fraction, now);
  }
}
