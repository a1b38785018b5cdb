// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.ecn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.reflect.ClassPath;
import com.google.common.testing.ClassSanityTester;
import com.google.common.testing.NullPointerTester;
import dev.clove.api.FeedbackRelay;
import dev.clove.core.Clove;
import dev.clove.core.PathSet;
import dev.clove.core.RelayBuilder;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Null handling of every public type of {@code dev.clove.ecn}, and of the relay it builds, checked by guava-testlib's
 * NullPointerTester and ClassSanityTester rather than by hand.
 *
 * <p>The set of public types is read from the compiled classes (Guava's {@link ClassPath}) and must equal
 * {@link #COVERED}, so a new public type fails {@link #everyPublicTypeIsCovered()} until it is exercised here.
 *
 * <p>No type here defines {@code equals}: {@link Recovery} is immutable but compared by identity (nothing compares
 * two of them), and the builders and the policy have identity by nature. So ClassSanityTester's {@code testEquals}
 * does not apply; its {@code testNulls} checks every static factory's result instead.
 */
class PublicApiSanityTest {

  /** The public types this test exercises; must be every public type of the package. */
  private static final Set<Class<?>> COVERED =
      Set.of(CloveEcn.class, CloveEcn.PolicyBuilder.class, EcnPolicy.class, Recovery.class);

  private static NullPointerTester nullTester() {
    return new NullPointerTester()
        .setDefault(PathSet.class, PathSet.of(50001, 50002))
        .setDefault(Recovery.class, Recovery.none());
  }

  /** A representative instance of each instantiable public type, and of the relay and chooser they make. */
  private static List<Object> instances() {
    EcnPolicy bound = CloveEcn.policy().recovery(Recovery.decayToEqual(1_000_000)).build();
    Clove.builder().seed(1).policy(bound).staticPaths(0, 50001, 50002).build();
    FeedbackRelay relay = CloveEcn.relay().maxSources(4).build();
    return List.of(
        CloveEcn.policy(),
        CloveEcn.relay(),
        relay,
        CloveEcn.gradedRelay(),
        CloveEcn.gradedRelay().maxSources(4).build(),
        CloveEcn.policy().build(), // unbound: null is still rejected before the binding is checked
        bound,
        bound.newChooser(1),
        Recovery.none(),
        Recovery.decayToEqual(1_000_000));
  }

  @Test
  void everyPublicTypeIsCovered() throws IOException {
    assertEquals(names(COVERED), names(publicTypes()));
  }

  @Test
  void publicStaticMethodsAndConstructorsRejectNull() {
    NullPointerTester tester = nullTester();
    for (Class<?> type : COVERED) {
      tester.testAllPublicStaticMethods(type);
      tester.testAllPublicConstructors(type);
    }
  }

  @Test
  void publicInstanceMethodsRejectNull() {
    NullPointerTester tester = nullTester();
    for (Object instance : instances()) {
      tester.testAllPublicInstanceMethods(instance);
    }
  }

  @Test
  void staticFactoriesReturnInstancesThatRejectNull() throws Exception {
    ClassSanityTester tester = new ClassSanityTester()
        .setDefault(PathSet.class, PathSet.of(50001, 50002))
        .setDefault(Recovery.class, Recovery.none());
    tester.forAllPublicStaticMethods(CloveEcn.class).thatReturn(CloveEcn.PolicyBuilder.class).testNulls();
    tester.forAllPublicStaticMethods(CloveEcn.class).thatReturn(RelayBuilder.class).testNulls();
    tester.forAllPublicStaticMethods(Recovery.class).thatReturn(Recovery.class).testNulls();
  }

  @Test
  void immutableTypesDescribeTheirValueInToString() {
    String recovery = Recovery.decayToEqual(1234).toString();
    assertTrue(recovery.contains("1234"), recovery);
    String policy = CloveEcn.policy().cutFactor(0.25).build().toString();
    assertTrue(policy.contains("0.25"), policy);
  }

  /** The public top-level types of this package in this module's classes, and their public nested types. */
  private static Set<Class<?>> publicTypes() throws IOException {
    String classes = CloveEcn.class.getProtectionDomain().getCodeSource().getLocation().toString();
    Set<Class<?>> types = new HashSet<>();
    for (ClassPath.ClassInfo info : ClassPath.from(CloveEcn.class.getClassLoader())
        .getTopLevelClasses(CloveEcn.class.getPackageName())) {
      if (info.url().toString().startsWith(classes)) { // not this module's tests
        addIfPublic(info.load(), types);
      }
    }
    return types;
  }

  private static void addIfPublic(Class<?> type, Set<Class<?>> into) {
    if (Modifier.isPublic(type.getModifiers())) {
      into.add(type);
      for (Class<?> nested : type.getDeclaredClasses()) {
        addIfPublic(nested, into);
      }
    }
  }

  private static Set<String> names(Set<Class<?>> types) {
    Set<String> names = new TreeSet<>();
    types.forEach(t -> names.add(t.getName()));
    return names;
  }
}
