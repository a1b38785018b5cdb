// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * An empirical flow-size distribution given as points of its CDF, sampled by inverting the CDF with linear
 * interpolation between consecutive points (the convention of the ns-2/ns-3 load-balancing simulators that
 * published the web-search CDF, see {@link #webSearch()}).
 *
 * <p>File format: one point per line, {@code bytes cumulative_probability}, sizes and probabilities
 * non-decreasing, the last probability 1; blank lines and lines starting with {@code #} are ignored.
 *
 * <p>Threading: immutable, safe to share.
 */
public final class FlowSizeDistribution {

  /** The classpath resource that holds the bundled web-search CDF. */
  public static final String WEBSEARCH_RESOURCE = "/dev/clove/testkit/sim/websearch_cdf.txt";
  /** The classpath resource that holds the bundled data-mining CDF. */
  public static final String DATAMINING_RESOURCE = "/dev/clove/testkit/sim/datamining_cdf.txt";

  private final String name;
  private final double[] bytes;
  private final double[] cdf;
  private final double mean;

  private FlowSizeDistribution(String name, double[] bytes, double[] cdf) {
    this.name = name;
    this.bytes = bytes;
    this.cdf = cdf;
    double m = 0;
    for (int i = 1; i < bytes.length; i++) {
      m += (cdf[i] - cdf[i - 1]) * (bytes[i] + bytes[i - 1]) / 2;
    }
    // Sampling rounds up to whole bytes with a minimum of 1; the mean is of the continuous distribution.
    this.mean = m;
  }

  /**
   * The web-search workload (DCTCP paper, Alizadeh et al., SIGCOMM 2010), the flow sizes of the CLOVE paper's
   * evaluation, read from the copy bundled in this jar ({@value #WEBSEARCH_RESOURCE}, whose header cites its
   * source). Needs no file beside the jar and no working directory.
   *
   * @return the web-search distribution
   */
  public static FlowSizeDistribution webSearch() {
    return bundled(WEBSEARCH_RESOURCE, "websearch_cdf.txt");
  }

  /**
   * The data-mining workload (VL2 paper, Greenberg et al., SIGCOMM 2009), the second workload of CONGA's
   * evaluation (Alizadeh et al., SIGCOMM 2014) and of the load-balancing papers after it, read from the copy bundled
   * in this jar ({@value #DATAMINING_RESOURCE}, whose header cites its source). Much more skewed than
   * {@link #webSearch()}: half of the flows are under 1.1 KB while the largest reach 1 GB, so that a few elephants
   * carry most of the bytes; runs need many flows for their averages to settle.
   *
   * @return the data-mining distribution
   */
  public static FlowSizeDistribution dataMining() {
    return bundled(DATAMINING_RESOURCE, "datamining_cdf.txt");
  }

  private static FlowSizeDistribution bundled(String resource, String name) {
    try (InputStream in = FlowSizeDistribution.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("resource " + resource + " is missing from clove-testkit's jar");
      }
      return parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + resource, e);
    }
  }

  /**
   * Reads a CDF file; see the class comment for the format.
   *
   * @param path a text file of {@code bytes probability} lines
   * @return the distribution, named by the file's path
   * @throws IllegalArgumentException if {@code path} is a directory, a line is not two numbers, or the points are
   *     not a CDF
   * @throws UncheckedIOException if the file cannot be read
   */
  public static FlowSizeDistribution fromFile(Path path) {
    Objects.requireNonNull(path, "path");
    if (Files.isDirectory(path)) {
      throw new IllegalArgumentException("flow-size CDF " + path + " is a directory; name a CDF file in it");
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read flow-size CDF " + path, e);
    }
    return parse(path.toString(), lines);
  }

  private static FlowSizeDistribution parse(String source, List<String> lines) {
    List<double[]> points = new ArrayList<>();
    int lineNo = 0;
    for (String raw : lines) {
      lineNo++;
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\\s+");
      if (parts.length < 2) {
        throw new IllegalArgumentException(source + ":" + lineNo + ": expected 'bytes probability': " + raw);
      }
      try {
        points.add(new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1])});
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(source + ":" + lineNo + ": not a number: " + raw, e);
      }
    }
    double[] b = new double[points.size()];
    double[] c = new double[points.size()];
    for (int i = 0; i < b.length; i++) {
      b[i] = points.get(i)[0];
      c[i] = points.get(i)[1];
    }
    String name = source.substring(Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\')) + 1);
    return of(name, b, c);
  }

  /**
   * A distribution from CDF points.
   *
   * @param name the distribution's name, for reports
   * @param bytes the flow sizes of the CDF points, in bytes
   * @param cdf the cumulative probability at each size
   * @return the distribution
   * @throws IllegalArgumentException if the points are not non-decreasing, a size is negative, a probability is
   *     outside [0, 1], or the last probability is not 1
   */
  public static FlowSizeDistribution of(String name, double[] bytes, double[] cdf) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(cdf, "cdf");
    if (bytes.length != cdf.length || bytes.length < 1) {
      throw new IllegalArgumentException("CDF " + name + ": need equal, non-zero numbers of sizes and "
          + "probabilities, got " + bytes.length + " and " + cdf.length);
    }
    for (int i = 0; i < bytes.length; i++) {
      if (!(bytes[i] >= 0) || !(cdf[i] >= 0 && cdf[i] <= 1)) {
        throw new IllegalArgumentException("CDF " + name + ": bad point " + i + ": (" + bytes[i] + ", "
            + cdf[i] + ")");
      }
      if (i > 0 && (bytes[i] < bytes[i - 1] || cdf[i] < cdf[i - 1])) {
        throw new IllegalArgumentException("CDF " + name + ": points must be non-decreasing at point " + i);
      }
    }
    if (cdf[cdf.length - 1] != 1.0) {
      throw new IllegalArgumentException("CDF " + name + ": last probability must be 1: " + cdf[cdf.length - 1]);
    }
    if (cdf.length == 1 || cdf[0] > 0) {
      // Mass at or below the first size: prepend the first size at probability 0 to make it a step.
      double[] nb = new double[bytes.length + 1];
      double[] nc = new double[cdf.length + 1];
      nb[0] = bytes[0];
      System.arraycopy(bytes, 0, nb, 1, bytes.length);
      System.arraycopy(cdf, 0, nc, 1, cdf.length);
      return new FlowSizeDistribution(name, nb, nc);
    }
    return new FlowSizeDistribution(name, bytes.clone(), cdf.clone());
  }

  /**
   * Every flow has exactly {@code bytes} bytes.
   *
   * @param bytes the size of every flow, at least 1
   * @return the distribution
   * @throws IllegalArgumentException if {@code bytes} is below 1
   */
  public static FlowSizeDistribution fixed(long bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("fixed flow size must be >= 1: " + bytes);
    }
    return of("fixed-" + bytes, new double[] {bytes}, new double[] {1});
  }

  /**
   * Draws one flow size in bytes, at least 1.
   *
   * @param random the source of the one uniform draw this takes
   * @return the flow size in bytes
   */
  public long sample(SplittableRandom random) {
    double u = random.nextDouble();
    int i = Arrays.binarySearch(cdf, u);
    if (i < 0) {
      i = -i - 1;
    }
    if (i <= 0) {
      return Math.max(1, (long) Math.ceil(bytes[0]));
    }
    if (i >= cdf.length) {
      i = cdf.length - 1;
    }
    double c0 = cdf[i - 1];
    double c1 = cdf[i];
    double x = c1 > c0 ? bytes[i - 1] + (bytes[i] - bytes[i - 1]) * (u - c0) / (c1 - c0) : bytes[i];
    return Math.max(1, (long) Math.ceil(x));
  }

  /**
   * The mean flow size in bytes under linear interpolation.
   *
   * @return the mean in bytes
   */
  public double meanBytes() {
    return mean;
  }

  /**
   * The mean number of segments a flow is sent in, {@code E[ceil(S / mss)]}, exact under the linear
   * interpolation that {@link #sample} uses (a drawn size is rounded up to whole bytes, which leaves its segment
   * count unchanged; a size of 0 is drawn as 1 byte, one segment). The wire-bytes load definition needs it:
   * every segment, full or not, carries the same headers ({@link LoadDefinition#WIRE}).
   *
   * @param mss the segment size in bytes, positive
   * @return the mean segment count
   */
  double meanSegments(int mss) {
    double m = 0;
    for (int i = 1; i < bytes.length; i++) {
      double p = cdf[i] - cdf[i - 1];
      if (p <= 0) {
        continue;
      }
      double a = bytes[i - 1];
      double b = bytes[i];
      // On (a, b) the size is uniform: the mean of ceil(x / mss) there is the integral of it over (a, b)
      // divided by b - a; a point mass (a == b) counts its own segments.
      m += b > a ? p * (segmentIntegral(b, mss) - segmentIntegral(a, mss)) / (b - a)
          : p * Math.max(1, Math.ceil(b / mss));
    }
    return m;
  }

  /**
   * The integral of {@code ceil(t / mss)} over {@code t} in [0, x]: with {@code k = floor(x / mss)}, the k full
   * steps contribute {@code mss x (1 + 2 + ... + k)} and the partial one {@code (k + 1) x (x - k x mss)}.
   */
  private static double segmentIntegral(double x, int mss) {
    double k = Math.floor(x / mss);
    return mss * k * (k + 1) / 2 + (k + 1) * (x - k * mss);
  }

  /**
   * The distribution's name, for reports.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return "FlowSizeDistribution[" + name + ", mean=" + Math.round(mean) + " B]";
  }
}
