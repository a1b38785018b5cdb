// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.LoadBalancer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * Everything a tenant's flow keys can steer is keyed per balancer: keys found to collide on one host do not
 * collide on another, and an unseeded balancer's secrets are not predictable.
 */
class KeyedHashingTest {
  private static final int[] PORTS = {50001, 50002, 50003, 50004};

  private static LoadBalancer ecmp(long seed) {
    return Clove.builder().maxDestinations(1).policy(Policies.ecmp()).staticPaths(0, PORTS).seed(seed).build();
  }

  /** Keys that all land on one port of one balancer spread evenly over the ports of an independently keyed one. */
  @Property(tries = 20)
  void ecmpCollisionsFoundOnOneHostDoNotCarryOver(@ForAll long seedA, @ForAll long seedB) {
    if (seedA == seedB) {
      return;
    }
    LoadBalancer a = ecmp(seedA);
    LoadBalancer b = ecmp(seedB);
    int victimPort = a.selectSourcePort(0, 0, 100, 0);
    List<Long> colliding = new ArrayList<>();
    for (long key = 1; colliding.size() < 1_000; key++) {
      if (a.selectSourcePort(0, key, 100, 0) == victimPort) {
        colliding.add(key);
      }
    }
    int[] perPort = new int[PORTS.length];
    for (long key : colliding) {
      perPort[b.selectSourcePort(0, key, 100, 0) - PORTS[0]]++;
    }
    for (int n : perPort) {
      // 250 expected per port; the binomial sd is about 14, so 180..320 is a 5-sigma band.
      assertTrue(n > 180 && n < 320,
          "keys colliding on one host collide on another: " + java.util.Arrays.toString(perPort));
    }
  }

  @Test
  void oneBalancerHashesAFlowAlikeOnEveryDataplane() {
    LoadBalancer first = ecmp(11);
    LoadBalancer second = first.newDataplane();
    for (long key = 0; key < 1_000; key++) {
      assertEquals(first.selectSourcePort(0, key, 100, 0), second.selectSourcePort(0, key, 100, 0));
    }
  }

  @Test
  void unseededBalancersDrawTheirOwnSecrets() {
    LoadBalancer a = Clove.builder().maxDestinations(1).policy(Policies.ecmp()).staticPaths(0, PORTS).build();
    LoadBalancer b = Clove.builder().maxDestinations(1).policy(Policies.ecmp()).staticPaths(0, PORTS).build();
    StringBuilder portsA = new StringBuilder();
    StringBuilder portsB = new StringBuilder();
    for (long key = 0; key < 64; key++) {
      portsA.append(a.selectSourcePort(0, key, 100, 0)).append(' ');
      portsB.append(b.selectSourcePort(0, key, 100, 0)).append(' ');
    }
    // Equal only if two secrets drawn from SecureRandom map 64 keys alike: probability 4^-64.
    assertNotEquals(portsA.toString(), portsB.toString());
  }
}
