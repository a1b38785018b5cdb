// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.reflect.ClassPath;
import com.google.common.testing.ClassSanityTester;
import com.google.common.testing.EqualsTester;
import com.google.common.testing.NullPointerTester;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Null handling of every public type of {@code dev.clove.api}, checked by guava-testlib rather than by hand.
 *
 * <p>The set of public types is read from the compiled classes (Guava's {@link ClassPath}), and must equal the
 * types this test knows how to exercise: a new public type fails {@link #everyPublicTypeIsCovered()} until it is
 * added here.
 *
 * <p>This module has no implementation of its interfaces: the instance methods of {@link FeedbackRelay},
 * {@link PacketMetadata} and {@link ProbeSender} are checked on the real implementations in clove-ecn, clove-int
 * and clove-core. Here the default methods of {@link LoadBalancer} are checked on a stub, since they are the
 * interface's own code. The one value type, {@link DestinationPaths}, also goes through ClassSanityTester's
 * equals check; {@link FeedbackWord} works on {@code int}s and {@link Counter} is an enum.
 */
class PublicApiSanityTest {

  /** The public types this test exercises; must be every public type of the package. */
  private static final Set<Class<?>> COVERED = Set.of(Counter.class, DestinationPaths.class, FeedbackRelay.class,
      FeedbackWord.class, LoadBalancer.class, PacketMetadata.class, ProbeSender.class, TimeSource.class);

  private static NullPointerTester tester() {
    // LoadBalancer.selectSourcePort(packet, metadata, now) hands the packet, which is opaque to CLOVE, to the
    // embedder's metadata; whether null is a packet is the metadata's call, and the per-packet method adds no
    // check of its own. This metadata dereferences the packet as any real one would.
    PacketMetadata<Object> metadata = new PacketMetadata<>() {
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
    };
    return new NullPointerTester().setDefault(PacketMetadata.class, metadata);
  }

  @Test
  void everyPublicTypeIsCovered() throws IOException {
    assertEquals(new TreeSet<>(names(COVERED)), new TreeSet<>(names(publicTypes())));
  }

  @Test
  void publicStaticMethodsAndConstructorsRejectNull() {
    NullPointerTester tester = tester();
    for (Class<?> type : COVERED) {
      tester.testAllPublicStaticMethods(type);
      tester.testAllPublicConstructors(type);
    }
  }

  @Test
  void publicInstanceMethodsRejectNull() {
    NullPointerTester tester = tester();
    tester.testAllPublicInstanceMethods(Counter.PACKETS);
    tester.testAllPublicInstanceMethods(TimeSource.system());
    tester.testAllPublicInstanceMethods(
        new DestinationPaths(3, 2, 10, new int[] {50001, 50002}, new long[][] {{1, 2}, {1, 3}}));
    // The interface's own code: its default methods. The stub's abstract-method bodies are not CLOVE's code.
    LoadBalancer stub = new StubBalancer();
    for (Method method : LoadBalancer.class.getMethods()) {
      if (method.isDefault()) {
        tester.testMethod(stub, method);
      }
    }
  }

  /** The public top-level types of this package in this module's classes, and their public nested types. */
  static Set<Class<?>> publicTypes() throws IOException {
    String classes = LoadBalancer.class.getProtectionDomain().getCodeSource().getLocation().toString();
    Set<Class<?>> types = new java.util.HashSet<>();
    for (ClassPath.ClassInfo info : ClassPath.from(LoadBalancer.class.getClassLoader())
        .getTopLevelClasses(LoadBalancer.class.getPackageName())) {
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

  /** Snapshots that differ in any field are unequal; equal fields, equal snapshots and hash codes. */
  @Test
  void destinationPathsIsAValueType() {
    new EqualsTester()
        .addEqualityGroup(new DestinationPaths(3, 2, 10, new int[] {50001, 50002}, new long[][] {{1, 2}, {1, 3}}),
            new DestinationPaths(3, 2, 10, new int[] {50001, 50002}, new long[][] {{1, 2}, {1, 3}}))
        .addEqualityGroup(new DestinationPaths(4, 2, 10, new int[] {50001, 50002}, new long[][] {{1, 2}, {1, 3}}))
        .addEqualityGroup(new DestinationPaths(3, 5, 10, new int[] {50001, 50002}, new long[][] {{1, 2}, {1, 3}}))
        .addEqualityGroup(new DestinationPaths(3, 2, 11, new int[] {50001, 50002}, new long[][] {{1, 2}, {1, 3}}))
        .addEqualityGroup(new DestinationPaths(3, 2, 10, new int[] {50002, 50001}, new long[][] {{1, 2}, {1, 3}}))
        .addEqualityGroup(new DestinationPaths(3, 2, 10, new int[] {50001, 50002}, new long[][] {{1, 2}, {1, 4}}))
        .addEqualityGroup(new DestinationPaths(3, 2, 10, new int[] {50001, 50002}, new long[0][]))
        .testEquals();
    new ClassSanityTester().testNulls(DestinationPaths.class);
  }

  private static Set<String> names(Set<Class<?>> types) {
    Set<String> names = new TreeSet<>();
    types.forEach(t -> names.add(t.getName()));
    return names;
  }

  /** The smallest balancer: every packet takes port 0, feedback is ignored, and every count is 0. */
  private static final class StubBalancer implements LoadBalancer {
    @Override
    public int selectSourcePort(int destination, long flowKey, int packetLength, long nowNanos) {
      return 0;
    }

    @Override
    public void onCongestion(int destination, int sourcePort, long nowNanos) {}

    @Override
    public void onUtilization(int destination, int sourcePort, double utilization, long nowNanos) {}

    @Override
    public void onProbeReply(int destination, int sourcePort, int ttl, int probeId, long hopId,
        boolean fromDestination, long nowNanos) {}

    @Override
    public void onPathFailure(int destination, int sourcePort, long nowNanos) {}

    @Override
    public void onMalformedFeedback(int destination, int word, long nowNanos) {}

    @Override
    public void onTick(long nowNanos) {}

    @Override
    public LoadBalancer newDataplane() {
      return new StubBalancer();
    }

    @Override
    public long count(Counter counter) {
      return 0;
    }

    @Override
    public DestinationPaths paths(int destination) {
      return new DestinationPaths(destination, 0, Long.MIN_VALUE, new int[0], new long[0][]);
    }

    @Override
    public long pathsVersion(int destination) {
      return 0;
    }

    @Override
    public void close() {}
  }
}
