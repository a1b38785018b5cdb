// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clove.api.Counter;
import dev.clove.api.LoadBalancer;
import dev.clove.api.TimeSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The embedding example of the top-level README compiles, runs, and is the code in README.md, line for line. */
class ReadmeExampleTest {

  /** A stand-in for the embedder's packet type. */
  record Packet(int destination, long flowHash, int length) {}

  int lastPort;

  void sendEncapsulated(Packet packet, int outerSourcePort) {
    lastPort = outerSourcePort;
  }

  // readme-example-begin
  LoadBalancer balancer = Clove.builder()
      .maxDestinations(1024)                      // tunnel endpoints get dense ids 0..1023
      .baseRttNanos(50_000)                       // flowlet gap = 2 x RTT = 100 us
      .policy(Policies.edgeFlowlet())             // or Policies.ecmp()
      .staticPaths(7, 49152, 49153, 49154, 49155) // or .pathDiscovery(config, probeSender)
      .seed(42)                                   // same seed, same decisions
      .build();
  TimeSource clock = TimeSource.system();

  void forward(List<Packet> batch) {
    long now = clock.nanoTime();                  // one clock read per batch
    for (Packet p : batch) {
      int port = balancer.selectSourcePort(p.destination(), p.flowHash(), p.length(), now);
      sendEncapsulated(p, port);                  // port = outer UDP source port
    }
  }
  // readme-example-end

  @Test
  void theExampleForwardsPackets() {
    forward(List.of(new Packet(7, 1234, 1500), new Packet(7, 1234, 1500)));
    assertTrue(lastPort >= 49152 && lastPort <= 49155, "one of the static paths: " + lastPort);
    assertEquals(2, balancer.count(Counter.PACKETS));
    assertEquals(1, balancer.count(Counter.NEW_FLOWLETS));
  }

  @Test
  void theReadmeShowsThisVeryCode() throws IOException {
    String source = Files.readString(Path.of("src/test/java/dev/clove/core/ReadmeExampleTest.java"));
    String example = source.substring(source.indexOf("// readme-example-begin") + 24,
        source.indexOf("  // readme-example-end"));
    String readme = Files.readString(Path.of("../README.md"));
    String unindented = example.lines().map(l -> l.length() >= 2 ? l.substring(2) : l)
        .collect(Collectors.joining("\n"));
    assertTrue(readme.contains(unindented.strip()),
        "README.md must contain the example exactly as in this test:\n" + unindented);
  }
}
