// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.ecn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import dev.clove.api.FeedbackRelay;
import dev.clove.api.LoadBalancer;
import dev.clove.core.Clove;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The CLOVE-ECN example of the top-level README compiles, runs, and is the code in README.md. */
class ReadmeEcnExampleTest {
  int destination = 7;
  int source = 3;
  long now = 1_000_000;
  int outerSourcePort = 49153;
  boolean outerCeMark = true;
  int word;

  void clearCeBeforeDecapsulation() {
    outerCeMark = false;
  }

  void piggyback(int feedbackWord) {
    word = feedbackWord;
  }

  // readme-example-begin
  // Sending hypervisor: weighted round robin, steered by relayed ECN marks.
  LoadBalancer sender = Clove.builder()
      .baseRttNanos(100_000)                      // set once: flowlet gap 200 us, relay interval 50 us
      .policy(CloveEcn.policy().build())          // the policy takes the balancer's base RTT
      .staticPaths(7, 49152, 49153, 49154, 49155)
      .build();
  // Receiving hypervisor (another host): note CE marks per (source, port), hide them from VMs, relay them back.
  FeedbackRelay relay = CloveEcn.relay().baseRttNanos(100_000).build();

  void onTunnelPacketReceived() {
    relay.onArrival(source, outerSourcePort, outerCeMark, now);
    clearCeBeforeDecapsulation();                 // tenant VMs never see CLOVE's marks
  }

  void onSendingTo(int source) {
    piggyback(relay.pollFeedback(source, now));   // 32-bit word in an STT context or Geneve option
  }

  void onFeedbackFrom(int destination, int word) {
    sender.onFeedbackWord(destination, word, now); // cuts that path's weight by a third
  }
  // readme-example-end

  @Test
  void aMarkTravelsFromReceiverToSender() {
    onTunnelPacketReceived();
    assertTrue(!outerCeMark);
    onSendingTo(source);
    onFeedbackFrom(destination, word);
    assertEquals(1, sender.count(Counter.CONGESTION_CUTS));
  }

  @Test
  void theReadmeShowsThisVeryCode() throws IOException {
    String source = Files.readString(Path.of("src/test/java/dev/clove/ecn/ReadmeEcnExampleTest.java"));
    String example = source.substring(source.indexOf("// readme-example-begin") + 24,
        source.indexOf("  // readme-example-end"));
    String unindented = example.lines().map(l -> l.length() >= 2 ? l.substring(2) : l)
        .collect(Collectors.joining("\n"));
    String readme = Files.readString(Path.of("../README.md"));
    assertTrue(readme.contains(unindented.strip()),
        "README.md must contain the example exactly as in this test:\n" + unindented);
  }
}
