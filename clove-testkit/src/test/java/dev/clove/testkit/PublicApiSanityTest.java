// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.reflect.ClassPath;
import com.google.common.testing.ClassSanityTester;
import com.google.common.testing.EqualsTester;
import com.google.common.testing.NullPointerTester;
import dev.clove.api.ProbeSender;
import dev.clove.testkit.sim.FlowSizeDistribution;
import dev.clove.testkit.sim.LinkWindowStats;
import dev.clove.testkit.sim.LoadDefinition;
import dev.clove.testkit.sim.RunSummary;
import dev.clove.testkit.sim.Scheme;
import dev.clove.testkit.sim.Schemes;
import dev.clove.testkit.sim.Simulation;
import dev.clove.testkit.sim.SimulatorSpeed;
import dev.clove.testkit.sim.Topologies;
import dev.clove.testkit.sim.Topology;
import dev.clove.testkit.sim.Workload;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Null handling of every public type of {@code dev.clove.testkit} and {@code dev.clove.testkit.sim}, and equals of
 * its value types (the records), checked by guava-testlib's NullPointerTester and ClassSanityTester rather than by
 * hand.
 *
 * <p>The set of public types is read from the compiled classes (Guava's {@link ClassPath}) and must equal
 * {@link #COVERED}, so a new public type fails {@link #everyPublicTypeIsCovered()} until it is exercised here.
 *
 * <p>The records ({@link RunSummary.FctStats}, {@link RunSummary.LinkStats}, {@link Scheme}, {@link Scheme.Context},
 * {@link Workload.Flow}) are the value types: their {@code equals} is checked as well. The other types are
 * compared by identity ({@link Topology}, {@link Workload} and {@link FlowSizeDistribution} are immutable but
 * define no {@code equals}; builders, the simulation and its summary have identity by nature), so only their null
 * handling and their factories' results are checked.
 */
class PublicApiSanityTest {

  /** The public types this test exercises; must be every public type of the two packages. */
  private static final Set<Class<?>> COVERED = Set.of(VirtualClock.class, FlowSizeDistribution.class,
      LoadDefinition.class, RunSummary.class, RunSummary.FctStats.class, RunSummary.LinkStats.class, Scheme.class, Scheme.Context.class,
      Schemes.class, Simulation.class, Simulation.Builder.class, SimulatorSpeed.class, Topologies.class,
      Topology.class, Topology.Builder.class, Workload.class, Workload.Flow.class, LinkWindowStats.class);

  private static final ProbeSender NO_PROBES = (destination, sourcePort, ttl, probeId) -> { };
  private static final IntFunction<int[]> ONE_PATH = destination -> new int[] {50001};

  @TempDir
  Path temp;

  /** One short flow between two hosts under different leaves of the paper's fabric: a run of milliseconds. */
  private static RunSummary smallRun() {
    return Simulation.builder()
        .scheme(Schemes.ECMP)
        .workload(Workload.explicit(List.of(new Workload.Flow(0, 0, 16, 20_000))))
        .seed(1)
        .build()
        .run();
  }

  private static Scheme.Context context() {
    return new Scheme.Context(0, 2, 10_000, 1, NO_PROBES, false, ONE_PATH, 0);
  }

  private NullPointerTester nullTester() throws IOException {
    return new NullPointerTester()
        .setDefault(Topology.class, Topologies.paperSymmetric())
        .setDefault(Scheme.class, Schemes.get(Schemes.ECMP))
        .setDefault(Workload.class, Workload.clientServer(FlowSizeDistribution.fixed(10_000)))
        .setDefault(FlowSizeDistribution.class, FlowSizeDistribution.fixed(10_000))
        .setDefault(ProbeSender.class, NO_PROBES)
        .setDefault(IntFunction.class, ONE_PATH)
        .setDefault(SplittableRandom.class, new SplittableRandom(1))
        .setDefault(Appendable.class, new StringBuilder())
        .setDefault(Path.class, cdfFile());
  }

  /** A one-point CDF file, so that a tester's {@code fromFile(path)} reads a valid distribution. */
  private Path cdfFile() throws IOException {
    return Files.writeString(temp.resolve("one-size.cdf"), "1000 1.0\n");
  }

  /** A representative instance of each instantiable public type. */
  private static List<Object> instances() {
    RunSummary run = smallRun();
    return List.of(
        new VirtualClock(5),
        FlowSizeDistribution.webSearch(),
        FlowSizeDistribution.fixed(10_000),
        FlowSizeDistribution.dataMining(),
        Simulation.builder().scheme(Schemes.ECMP)
            .workload(Workload.explicit(List.of(new Workload.Flow(0, 0, 16, 20_000)))).linkStatsWindowNanos(100_000)
            .build().run().linkWindows().orElseThrow(),
        run,
        run.all(),
        run.links().get(0),
        Schemes.get(Schemes.CLOVE_ECN),
        context(),
        Simulation.builder(),
        Simulation.builder().scheme(Schemes.ECMP).build(),
        Topologies.paperAsymmetric(),
        Topology.leafSpine(),
        Workload.clientServer(FlowSizeDistribution.webSearch()),
        Workload.explicit(List.of(new Workload.Flow(0, 0, 1, 1000))),
        new Workload.Flow(0, 0, 1, 1000));
  }

  @Test
  void everyPublicTypeIsCovered() throws IOException {
    Set<Class<?>> found = publicTypes(VirtualClock.class, VirtualClock.class.getPackageName());
    found.addAll(publicTypes(Simulation.class, Simulation.class.getPackageName()));
    assertEquals(names(COVERED), names(found));
  }

  @Test
  void publicStaticMethodsAndConstructorsRejectNull() throws IOException {
    NullPointerTester tester = nullTester();
    for (Class<?> type : COVERED) {
      tester.testAllPublicStaticMethods(type);
      tester.testAllPublicConstructors(type);
    }
  }

  @Test
  void publicInstanceMethodsRejectNull() throws IOException {
    NullPointerTester tester = nullTester();
    for (Object instance : instances()) {
      tester.testAllPublicInstanceMethods(instance);
    }
  }

  @Test
  void recordsAreValuesThatRejectNull() throws Exception {
    ClassSanityTester tester = new ClassSanityTester()
        .setDefault(ProbeSender.class, NO_PROBES)
        .setDefault(IntFunction.class, ONE_PATH);
    for (Class<?> record : List.of(RunSummary.LinkStats.class, Scheme.class, Scheme.Context.class)) {
      tester.testNulls(record);
      tester.testEquals(record);
    }
    // FctStats: testNulls would also call the package-private factory that the summary computes it with, which is
    // not API; its public constructor takes primitives only.
    tester.testEquals(RunSummary.FctStats.class);
    // Workload.Flow checks its arguments (distinct hosts, at least one byte), which the tester's invented values
    // do not meet; its equality is checked by hand, one group per component.
    tester.testNulls(Workload.Flow.class);
    new EqualsTester()
        .addEqualityGroup(new Workload.Flow(0, 1, 2, 1000), new Workload.Flow(0, 1, 2, 1000))
        .addEqualityGroup(new Workload.Flow(5, 1, 2, 1000))
        .addEqualityGroup(new Workload.Flow(0, 3, 2, 1000))
        .addEqualityGroup(new Workload.Flow(0, 1, 3, 1000))
        .addEqualityGroup(new Workload.Flow(0, 1, 2, 1001))
        .testEquals();
  }

  @Test
  void staticFactoriesReturnInstancesThatRejectNull() throws Exception {
    ClassSanityTester tester = new ClassSanityTester()
        .setDefault(FlowSizeDistribution.class, FlowSizeDistribution.fixed(10_000))
        .setDefault(Path.class, cdfFile())
        .setDefault(double[].class, new double[] {1.0}) // a one-point CDF: size 1 byte with probability 1
        .setDefault(List.class, List.of(new Workload.Flow(0, 0, 1, 1000)))
        .setDefault(String.class, Schemes.ECMP);
    tester.forAllPublicStaticMethods(FlowSizeDistribution.class).thatReturn(FlowSizeDistribution.class).testNulls();
    tester.forAllPublicStaticMethods(Workload.class).thatReturn(Workload.class).testNulls();
    tester.forAllPublicStaticMethods(Topologies.class).thatReturn(Topology.class).testNulls();
    tester.forAllPublicStaticMethods(Topology.class).thatReturn(Topology.Builder.class).testNulls();
    tester.forAllPublicStaticMethods(Simulation.class).thatReturn(Simulation.Builder.class).testNulls();
    tester.forAllPublicStaticMethods(Schemes.class).thatReturn(Scheme.class).testNulls();
  }

  @Test
  void valueTypesDescribeTheirValueInToString() {
    Workload.Flow flow = new Workload.Flow(123, 4, 5, 6789);
    assertTrue(flow.toString().contains("6789"), flow.toString());
    String clock = new VirtualClock(4242).toString();
    assertTrue(clock.contains("4242"), clock);
    String sizes = FlowSizeDistribution.fixed(31_337).toString();
    assertTrue(sizes.contains("31337"), sizes);
  }

  /** The public top-level types of {@code pkg} in the classes of {@code anchor}, and their public nested types. */
  private static Set<Class<?>> publicTypes(Class<?> anchor, String pkg) throws IOException {
    String classes = anchor.getProtectionDomain().getCodeSource().getLocation().toString();
    Set<Class<?>> types = new HashSet<>();
    for (ClassPath.ClassInfo info : ClassPath.from(anchor.getClassLoader()).getTopLevelClasses(pkg)) {
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
