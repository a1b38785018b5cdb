// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.ecn.repath;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.testing.NullPointerTester;
import dev.clove.core.Clove;
import dev.clove.core.PathSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Null handling and binding rules of the public types of {@code dev.clove.ecn.repath}, by guava-testlib. */
class RepathApiSanityTest {

  private static List<Object> instances() {
    PlbPolicy plb = Plb.policy().build();
    HermesPolicy hermes = Hermes.policy().build();
    Clove.builder().policy(plb).staticPaths(0, 50001, 50002).build();
    Clove.builder().policy(hermes).staticPaths(0, 50001, 50002).build();
    return List.of(Plb.policy(), Hermes.policy(), plb, hermes, plb.newChooser(1), hermes.newChooser(1));
  }

  @Test
  void publicMethodsRejectNull() {
    NullPointerTester tester = new NullPointerTester().setDefault(PathSet.class, PathSet.of(50001, 50002));
    for (Class<?> type : List.of(Plb.class, Hermes.class)) {
      tester.testAllPublicStaticMethods(type);
    }
    for (Object instance : instances()) {
      tester.testAllPublicInstanceMethods(instance);
    }
  }

  @Test
  void aPolicyBindsToOneBalancerOnlyAndAgreesOnTheBaseRtt() {
    PlbPolicy plb = Plb.policy().build();
    Clove.builder().policy(plb).staticPaths(0, 50001, 50002).build();
    assertThrows(IllegalStateException.class, () -> Clove.builder().policy(plb).build());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Clove.builder().baseRttNanos(10_000).policy(Hermes.policy().baseRttNanos(20_000).build()).build());
    assertTrue(e.getMessage().startsWith("Hermes.policy().baseRttNanos=20000"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> Hermes.policy().build().newChooser(1), "unbound");
  }

  @Test
  void toStringNamesTheSettings() {
    assertTrue(Plb.policy().forcedRounds(7).build().toString().contains("N=7"));
    assertTrue(Hermes.policy().betterBy(0.2).build().toString().contains("betterBy=0.2"));
  }
}
