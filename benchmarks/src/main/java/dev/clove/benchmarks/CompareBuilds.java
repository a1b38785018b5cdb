// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Not a benchmark: compares the per-packet decision of two or more builds of the library in one JVM, on a machine
 * whose speed changes under it.
 *
 * <p>On the shared VM the benchmarks run on, the same jar can run 2x slower for minutes at a time (other tenants
 * share the L3 and the memory bus), so two JMH runs one after the other compare the machine's moods as much as the
 * code. This tool loads each build (its shaded {@code benchmarks.jar}, built at the commit to compare) into its
 * own class loader, gives each the same trace and balancer setup ({@link BuildProbe}), and then times short
 * windows of packets, taking the builds in turn (rotating which goes first). Neighbouring windows see the same
 * machine, so the ratio of a build's window to the baseline's window in the same round is nearly free of the
 * noise; the tool prints the quartiles of that paired ratio. It also checks that the builds made the same
 * decisions: a change meant only to be faster should leave the checksum of every returned port unchanged.
 *
 * <pre>{@code
 * git worktree add /tmp/base <commit> && (cd /tmp/base && mvn -B -q -pl benchmarks -am package -DskipTests)
 * java -Xmx8g -cp benchmarks/target/benchmarks.jar dev.clove.benchmarks.CompareBuilds \
 *     --scheme CLOVE_ECN --flows 100000 /tmp/base/benchmarks/target/benchmarks.jar benchmarks/target/benchmarks.jar
 * }</pre>
 *
 * <p>The first build is the baseline. A build must contain the benchmark classes {@link BuildProbe} links against
 * (any build since bursts were added to the benchmarks, commit {@code 4e1fc91}). Not a substitute for JMH: use it
 * to decide whether a change helps, then measure the result with the documented JMH command.
 */
@Command(name = "CompareBuilds", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Times builds of the library in turn, in one JVM, and prints their paired speed ratio.")
public final class CompareBuilds implements Callable<Integer> {
  @Parameters(arity = "2..*", paramLabel = "BUILD",
      description = "Each build's benchmarks.jar (or class-path directory); the first is the baseline.")
  List<Path> builds;

  @Option(names = "--scheme", defaultValue = "CLOVE_ECN", description = "Scheme: ${COMPLETION-CANDIDATES}.")
  Scheme scheme;

  @Option(names = "--flows", defaultValue = "100000", description = "Active flows in the trace.")
  int flows;

  @Option(names = "--per-packet", description = "One packet per call instead of bursts of 32.")
  boolean perPacket;

  @Option(names = "--windows", defaultValue = "150", description = "Timed windows per build.")
  int windows;

  @Option(names = "--warmup-windows", defaultValue = "20", description = "Untimed windows per build first.")
  int warmupWindows;

  @Option(names = "--window-packets", defaultValue = "262144",
      description = "Packets per window: a multiple of 32.")
  int windowPackets;

  @Spec
  CommandSpec spec;

  private final PrintStream out;

  CompareBuilds(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new CompareBuilds(System.out)).execute(args));
  }

  @Override
  public Integer call() {
    validate();
    List<LongSupplier> probes = new ArrayList<>();
    for (Path build : builds) {
      try {
        probes.add(probe(new URL[] {build.toUri().toURL()}));
      } catch (MalformedURLException | IllegalStateException e) {
        throw new IllegalStateException("cannot set up build " + build + ": " + e.getMessage()
            + " (is it the benchmarks.jar of a commit since 4e1fc91?)", e);
      }
    }
    double[][] nanosPerPacket = measure(probes);
    out.print(report(nanosPerPacket, checksums(probes)));
    return 0;
  }

  private void validate() {
    if (flows < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--flows must be >= 1, was " + flows);
    }
    if (windows < 4) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--windows must be >= 4, was " + windows);
    }
    if (warmupWindows < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--warmup-windows must be >= 0, was " + warmupWindows);
    }
    if (windowPackets < Burst.SIZE || windowPackets % Burst.SIZE != 0) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--window-packets must be a positive multiple of " + Burst.SIZE + ", was " + windowPackets);
    }
    for (Path build : builds) {
      if (!Files.exists(build)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "BUILD " + build + " does not exist");
      }
    }
  }

  /** A {@link BuildProbe} defined inside a class loader of its own over {@code classPath}: one build. */
  LongSupplier probe(URL[] classPath) {
    try {
      ClassLoader loader = new BuildLoader(classPath, probeBytes());
      Class<?> probe = loader.loadClass(BuildProbe.class.getName());
      return (LongSupplier) probe.getConstructor(String.class, int.class, boolean.class, int.class)
          .newInstance(scheme.name(), flows, !perPacket, windowPackets);
    } catch (ReflectiveOperationException | LinkageError e) {
      Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;
      throw new IllegalStateException(String.valueOf(cause), cause);
    }
  }

  /** Warm-up rounds, then timed rounds; each round runs one window of every build, rotating the first one. */
  double[][] measure(List<LongSupplier> probes) {
    final int k = probes.size();
    double[][] nanosPerPacket = new double[k][windows];
    for (int round = -warmupWindows; round < windows; round++) {
      for (int turn = 0; turn < k; turn++) {
        int b = Math.floorMod(round + turn, k);
        long nanos = probes.get(b).getAsLong();
        if (round >= 0) {
          nanosPerPacket[b][round] = nanos / (double) windowPackets;
        }
      }
    }
    return nanosPerPacket;
  }

  private static long[] checksums(List<LongSupplier> probes) {
    long[] checksums = new long[probes.size()];
    for (int i = 0; i < checksums.length; i++) {
      checksums[i] = checksum(probes.get(i));
    }
    return checksums;
  }

  /** {@link BuildProbe#checksum()} of a probe from a build's loader (its class is not this tool's BuildProbe). */
  static long checksum(LongSupplier probe) {
    try {
      return (long) probe.getClass().getMethod("checksum").invoke(probe);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The printed comparison: each build's quantiles, then each build's paired ratio to the baseline. */
  String report(double[][] nanosPerPacket, long[] checksums) {
    StringBuilder s = new StringBuilder();
    s.append(String.format("%s, %,d flows, %s, %d rounds of %,d packets per build (after %d warm-up rounds)%n",
        scheme, flows, perPacket ? "one packet per call" : "bursts of " + Burst.SIZE, windows, windowPackets,
        warmupWindows));
    s.append(String.format("%-60s %8s %8s %8s   ns per packet%n", "build", "min", "p25", "median"));
    for (int b = 0; b < builds.size(); b++) {
      double[] sorted = sorted(nanosPerPacket[b]);
      s.append(String.format("%-60s %8.1f %8.1f %8.1f%n", label(b), sorted[0], quantile(sorted, 0.25),
          quantile(sorted, 0.5)));
    }
    for (int b = 1; b < builds.size(); b++) {
      double[] ratios = sorted(pairedRatios(nanosPerPacket[b], nanosPerPacket[0]));
      s.append(String.format("%s / baseline, same round: p25 %.3f, median %.3f, p75 %.3f; decisions %s%n",
          "build " + (b + 1), quantile(ratios, 0.25), quantile(ratios, 0.5), quantile(ratios, 0.75),
          checksums[b] == checksums[0] ? "identical" : "DIFFER"));
    }
    return s.toString();
  }

  private String label(int b) {
    String name = (b + 1) + ". " + builds.get(b) + (b == 0 ? " (baseline)" : "");
    return name.length() <= 60 ? name : "..." + name.substring(name.length() - 57);
  }

  /** {@code a[i] / b[i]} for every round {@code i}. */
  static double[] pairedRatios(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("rounds differ: " + a.length + " vs " + b.length);
    }
    double[] ratios = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      ratios[i] = a[i] / b[i];
    }
    return ratios;
  }

  /** The {@code q} quantile of sorted {@code values} by linear interpolation between closest ranks. */
  static double quantile(double[] sorted, double q) {
    if (sorted.length == 0 || !(q >= 0 && q <= 1)) {
      throw new IllegalArgumentException("quantile " + q + " of " + sorted.length + " values");
    }
    double rank = q * (sorted.length - 1);
    int below = (int) Math.floor(rank);
    int above = Math.min(below + 1, sorted.length - 1);
    return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
  }

  private static double[] sorted(double[] values) {
    double[] copy = values.clone();
    Arrays.sort(copy);
    return copy;
  }

  private static byte[] probeBytes() {
    String resource = BuildProbe.class.getSimpleName() + ".class";
    try (InputStream in = BuildProbe.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("resource " + resource + " not found");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A build's classes, isolated from this tool's (its parent is the platform loader), except {@link BuildProbe},
   * which it defines from this tool's bytes so that every build runs the same measuring code.
   */
  static final class BuildLoader extends URLClassLoader {
    private final byte[] probe;

    BuildLoader(URL[] classPath, byte[] probe) {
      super(classPath, ClassLoader.getPlatformClassLoader());
      this.probe = probe;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (name.equals(BuildProbe.class.getName())) {
        synchronized (getClassLoadingLock(name)) {
          Class<?> loaded = findLoadedClass(name);
          if (loaded == null) {
            loaded = defineClass(name, probe, 0, probe.length);
          }
          if (resolve) {
            resolveClass(loaded);
          }
          return loaded;
        }
      }
      return super.loadClass(name, resolve);
    }
  }
}
