// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
