// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.reflect.ClassPath;
import com.google.common.testing.ClassSanityTester;
import com.google.common.testing.NullPointerTester;
import dev.clove.api.LoadBalancer;
import dev.clove.api.PacketMetadata;
import dev.clove.api.ProbeSender;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Null handling of every public type of {@code dev.clove.core} (not {@code dev.clove.core.internal}, which is not
 * API), checked by guava-testlib's NullPointerTester and ClassSanityTester rather than by hand.
 *
 * <p>The set of public types is read from the compiled classes (Guava's {@link ClassPath}) and must equal
 * {@link #COVERED}, so a new public type fails {@link #everyPublicTypeIsCovered()} until it is exercised here.
 *
 * <p>No type here defines {@code equals}: {@link PathSet} and {@link DiscoveryConfig} are immutable but compared by
 * identity (a balancer publishes each path set once; nothing compares configurations), and the rest are builders,
 * policies and balancers, which have identity by nature. So ClassSanityTester's {@code testEquals} does not apply;
 * its {@code testNulls} checks every static factory's result instead.
 */
class PublicApiSanityTest {

  /** The public types this test exercises; must be every public type of the package. */
  private static final Set<Class<?>> COVERED = Set.of(BalancerBuilder.class, Clove.class, DiscoveryConfig.class,
      DiscoveryConfig.Builder.class, PathChooser.class, PathPolicy.class, PathSet.class, Policies.class,
      RelayBuilder.class);

  private static final ProbeSender NO_PROBES = (destination, sourcePort, ttl, probeId) -> { };

  /**
   * Values for parameter types the testers cannot invent. The packet metadata dereferences the packet, as a real
   * one would: {@code selectSourcePort(packet, metadata, now)} hands the packet, which is opaque to CLOVE, to the
   * embedder's metadata, and adds no null check of its own on the per-packet path.
   */
  private static NullPointerTester nullTester() {
    return new NullPointerTester()
        .setDefault(PathSet.class, PathSet.of(50001, 50002))
        .setDefault(DiscoveryConfig.class, DiscoveryConfig.defaults())
        .setDefault(ProbeSender.class, NO_PROBES)
        .setDefault(PacketMetadata.class, new HashingMetadata());
  }

  private static ClassSanityTester sanityTester() {
    return new ClassSanityTester()
        .setDefault(PathSet.class, PathSet.of(50001, 50002))
        .setDefault(DiscoveryConfig.class, DiscoveryConfig.defaults())
        .setDefault(ProbeSender.class, NO_PROBES)
        .setDefault(PacketMetadata.class, new HashingMetadata());
  }

  /** A representative instance of each instantiable public type (and of the balancer the builder builds). */
  private static List<Object> instances() {
    PathPolicy ecmp = Policies.ecmp();
    PathPolicy edgeFlowlet = Policies.edgeFlowlet();
    return List.of(
        Clove.builder(),
        DiscoveryConfig.builder(),
        DiscoveryConfig.defaults(),
        PathSet.of(50001, 50002),
        PathSet.EMPTY,
        ecmp,
        edgeFlowlet,
        ecmp.newChooser(1),
        edgeFlowlet.newChooser(1),
        Clove.builder().seed(1).staticPaths(0, 50001, 50002).build(),
        Clove.builder().seed(1).policy(Policies.ecmp()).staticPaths(0, 50001, 50002).build(),
        Clove.builder().seed(1).pathDiscovery(DiscoveryConfig.defaults(), NO_PROBES).build());
    // RelayBuilder: every method takes primitives; its implementations are checked in clove-ecn and clove-int.
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
    ClassSanityTester tester = sanityTester();
    tester.forAllPublicStaticMethods(Clove.class).thatReturn(BalancerBuilder.class).testNulls();
    tester.forAllPublicStaticMethods(Policies.class).thatReturn(PathPolicy.class).testNulls();
    tester.forAllPublicStaticMethods(DiscoveryConfig.class).thatReturn(DiscoveryConfig.class).testNulls();
    tester.forAllPublicStaticMethods(DiscoveryConfig.class).thatReturn(DiscoveryConfig.Builder.class).testNulls();
    tester.forAllPublicStaticMethods(PathSet.class).thatReturn(PathSet.class).testNulls();
  }

  @Test
  void immutableTypesDescribeTheirValueInToString() {
    String paths = PathSet.of(50001, 50002).toString();
    assertTrue(paths.contains("50001") && paths.contains("50002"), paths);
    String config = DiscoveryConfig.builder().pathsPerDestination(7).build().toString();
    assertTrue(config.contains("pathsPerDestination=7"), config);
    LoadBalancer balancer = Clove.builder().seed(1).staticPaths(0, 50001).build();
    assertNotEquals(Object.class, toStringOwner(balancer), "the balancer says what it is");
  }

  private static Class<?> toStringOwner(Object instance) {
    try {
      return instance.getClass().getMethod("toString").getDeclaringClass();
    } catch (NoSuchMethodException e) {
      throw new AssertionError(e);
    }
  }

  /** The public top-level types of this package in this module's classes, and their public nested types. */
  private static Set<Class<?>> publicTypes() throws IOException {
    String classes = Clove.class.getProtectionDomain().getCodeSource().getLocation().toString();
    Set<Class<?>> types = new HashSet<>();
    for (ClassPath.ClassInfo info : ClassPath.from(Clove.class.getClassLoader())
        .getTopLevelClasses(Clove.class.getPackageName())) {
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

  /** Reads every field from the packet object itself, as an embedder's metadata reads its buffer. */
  private static final class HashingMetadata implements PacketMetadata<Object> {
    @Override
    public int destination(Object packet) {
      return packet.hashCode() & 0xFF;
    }

    @Override
    public long flowKey(Object packet) {
      return packet.hashCode();
    }

    @Override
    public int length(Object packet) {
      return 64 + (packet.hashCode() & 0x3FF);
    }
  }
}
