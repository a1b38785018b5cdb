// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.examples.evaluation;

import dev.clove.testkit.sim.Simulation;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The evaluation's guest TCP options (issue 14 item 3), a picocli mixin: each is off or the simulator's default
 * unless given, so a run without them simulates exactly what it did before they existed.
 *
 * <p>Threading: filled by picocli on the main thread before the sweep starts, then only read.
 */
final class TcpOptions {

  @Option(names = "--sack", description = "Guest TCP with selective acknowledgements and RFC 6675 loss recovery "
      + "(default: NewReno).")
  boolean sack;

  @Option(names = "--min-rto-us", paramLabel = "US", description = "Guest TCP minimum (and initial) retransmission "
      + "timeout in microseconds, at least 1 (default: the simulator's, 10000; the ns-2 scripts of CONGA's lineage "
      + "use 200 to 250, the Hermes simulator 5000).")
  Double minRtoMicros;

  @Option(names = "--connection-per-flow", description = "Open a connection with a handshake for every flow "
      + "(default: persistent connections per host pair, taken as established).")
  boolean connectionPerFlow;

  @Option(names = "--dctcp-guests", description = "Sensitivity run, not the paper's setting: DCTCP guests that "
      + "see the fabric's CE marks (default: ECN-blind NewReno guests, as in the paper).")
  boolean dctcpGuests;

  /**
   * Throws naming the option and value if a value is out of range. {@code --resume} checks the options against
   * those recorded in sweep.properties (see {@link Sweep.GuestTcp}).
   */
  void validate(CommandLine cl) {
    if (minRtoMicros != null && !(minRtoMicros >= 1 && minRtoMicros <= 1e7)) {
      throw new CommandLine.ParameterException(cl, "--min-rto-us must be in 1..10000000, was " + minRtoMicros);
    }
  }

  /** The options as a sweep records them. */
  Sweep.GuestTcp settings() {
    return new Sweep.GuestTcp(sack, minRtoMicros, connectionPerFlow, dctcpGuests);
  }

  /** Sets the given options on {@code builder}; leaves the simulator's defaults otherwise. */
  void applyTo(Simulation.Builder builder) {
    builder.sack(sack).connectionPerFlow(connectionPerFlow).dctcpGuests(dctcpGuests);
    if (minRtoMicros != null) {
      builder.minRtoNanos(Math.round(minRtoMicros * 1000));
    }
  }
}
