// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

/**
 * Test and simulation support: {@link dev.clove.testkit.VirtualClock} and the packet-level leaf-spine simulator
 * ({@link dev.clove.testkit.sim.Simulation}). The simulator's engine classes are package-private.
 */
@SuppressWarnings("requires-automatic") // commons-csv is an automatic module with a stable Automatic-Module-Name
module dev.clove.testkit {
  requires transitive dev.clove.core;
  requires dev.clove.ecn;
  requires dev.clove.telemetry;
  requires org.apache.commons.csv;
  requires java.management;

  exports dev.clove.testkit;
  exports dev.clove.testkit.sim;
}
