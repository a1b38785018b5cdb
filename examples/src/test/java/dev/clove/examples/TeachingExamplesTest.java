// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Each teaching example runs and shows what its header promises. */
class TeachingExamplesTest {

  interface Main {
    void run(String[] args) throws Exception;
  }

  static String output(Main main) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      main.run(new String[0]);
    } finally {
      System.setOut(original);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  static long number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertTrue(m.find(), "no match for " + regex + " in:\n" + text);
    return Long.parseLong(m.group(1));
  }

  @Test
  void forwardingLoopShowsFlowletsFormingAtPauses() throws Exception {
    String out = output(ForwardingLoop::main);
    long packets = number(out, "(\\d+) packets");
    long flowlets = number(out, "(\\d+) flowlets");
    assertTrue(packets == 32, out);
    assertTrue(flowlets == 16, "4 flows x 4 bursts, each burst after a pause is a new flowlet:\n" + out);
  }

  @Test
  void discoveryWalkthroughFindsTheFourPaths() throws Exception {
    String out = output(DiscoveryWalkthrough::main);
    assertTrue(number(out, "paths added (\\d+)") == 4, out);
    assertTrue(out.lines().filter(l -> l.contains("-> hypervisor-B")).count() == 4, out);
  }

  @Test
  void ecnWeightsShowTheCutAndTheRecovery() throws Exception {
    String out = output(EcnWeightsStepByStep::main);
    assertTrue(out.contains("[0.278 0.278 0.167 0.278]"), "one cut takes a third of 1/4:\n" + out);
    long onCongestedPath = number(out, "paths 0\\.\\.3: \\d+, \\d+, (\\d+), \\d+");
    assertTrue(onCongestedPath < 50, "the congested path gets few of 1000 flowlets:\n" + out);

    // The recovery, against the rule Recovery.decayToEqual documents: with no report, every weight moves toward
    // 1/4 as w(t) = 1/4 + (w0 - 1/4) exp(-t / tau), here tau = 2 ms, from w0 the path's weight after the last cut
    // (printed at 300 us with three decimals, so w0 is known to 0.0005). The paper rule (no recovery) keeps the
    // weight six cuts left: 1/4 (2/3)^6 = 0.022.
    Matcher last = Pattern.compile("300 us  mark again, same interval\\s+\\[[\\d. ]+\\]\\s+\\[([\\d. ]+)\\]")
        .matcher(out);
    assertTrue(last.find(), out);
    double w0 = weights(last.group(1))[2];
    Matcher later = Pattern.compile("(\\d) ms later\\s+\\[([\\d. ]+)\\]\\s+\\[([\\d. ]+)\\]").matcher(out);
    int lines = 0;
    while (later.find()) {
      lines++;
      double ms = Double.parseDouble(later.group(1));
      double[] paper = weights(later.group(2));
      double[] recovering = weights(later.group(3));
      assertEquals(0.25 * Math.pow(2.0 / 3, 6), paper[2], 0.0005, "the paper rule never recovers:\n" + out);
      double expected = 0.25 + (w0 - 0.25) * Math.exp(-ms / 2);
      assertEquals(expected, recovering[2], 0.0015, "path 2 " + ms + " ms after the congestion:\n" + out);
      assertEquals(1.0, Arrays.stream(recovering).sum(), 0.003, "the weights still sum to 1:\n" + out);
    }
    assertEquals(4, lines, "the example prints the weights at 2, 4, 6 and 8 ms:\n" + out);
  }

  private static double[] weights(String printed) {
    return Arrays.stream(printed.trim().split(" +")).mapToDouble(Double::parseDouble).toArray();
  }

  @Test
  void schemeCountersPrintsTheLibrarysCounters() throws Exception {
    String out = output(a -> SchemeCounters.main(new String[] {"clove-ecn", "asymmetric", "0.5", "60", "1"}));
    assertTrue(out.contains("60/60 flows"), "every flow finished:\n" + out);
    assertTrue(out.contains("PACKETS") && out.contains("NEW_FLOWLETS") && out.contains("RELAY_ARRIVALS"), out);
  }

  @Test
  void receiveSideRelaysEachCongestedPortOnce() throws Exception {
    String out = output(ReceiveSideFeedback::main);
    assertTrue(out.contains("congestion on port 50002") && out.contains("congestion on port 50003"), out);
    assertTrue(!out.contains("congestion on port 50001"), "an unmarked path is never reported:\n" + out);
    assertTrue(number(out, "(\\d+) reports sent") == 2, out);
  }
}
