// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs jcstress ({@code org.openjdk.jcstress.Main}) and exits with status 1 unless its summary shows that tests
 * ran and every one passed, so that {@code mvn -Pconcurrency verify} fails. jcstress 0.16 already ends with an
 * error when a test has a forbidden outcome; the summary check adds the case it lets pass: a selection
 * ({@code -t}) that matches no test, which would otherwise be a green run that checked nothing.
 *
 * <p>Threading: a program's main thread; jcstress forks its own JVMs.
 */
public final class JcstressGate {
  /** jcstress's progress line; the last one is the run's total. */
  private static final Pattern RESULTS = Pattern.compile(
      "Results: (\\d+) planned; (\\d+) passed, (\\d+) failed, (\\d+) soft errs, (\\d+) hard errs");

  private JcstressGate() {}

  /**
   * Runs jcstress and checks its summary.
   *
   * @param args jcstress's options; a single argument is split at white space (Maven passes them as one)
   * @throws Exception if jcstress fails to run
   */
  public static void main(String[] args) throws Exception {
    String[] options = args.length == 1 ? args[0].trim().split("\\s+") : args;
    PrintStream console = System.out;
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    System.setOut(new PrintStream(new OutputStream() {
      @Override
      public void write(int b) {
        console.write(b);
        copy.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        console.write(b, off, len);
        copy.write(b, off, len);
      }
    }, true, StandardCharsets.UTF_8));
    org.openjdk.jcstress.Main.main(options);
    System.out.flush();
    System.setOut(console);
    String verdict = verdict(copy.toString(StandardCharsets.UTF_8));
    console.println("JcstressGate: " + verdict);
    if (!verdict.startsWith("passed")) {
      System.exit(1);
    }
  }

  /** "passed: ..." when every planned test configuration passed and no test failed or errored; else why not. */
  static String verdict(String output) {
    Matcher m = RESULTS.matcher(output);
    String last = null;
    long planned = -1;
    long passed = -1;
    while (m.find()) {
      last = m.group();
      planned = Long.parseLong(m.group(1));
      passed = Long.parseLong(m.group(2));
    }
    if (last == null) {
      return "no jcstress results in the output (no test selected, or jcstress did not run)";
    }
    if (planned == 0 || passed != planned) {
      return "not every configuration passed: " + last;
    }
    if (!output.contains("Failed tests: No matches.") || !output.contains("Error tests: No matches.")) {
      return "jcstress lists failed or errored tests: " + last;
    }
    return "passed: " + last;
  }
}
