// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

/**
 * The CLOVE data path: {@link dev.clove.core.Clove#builder()} assembles a balancer from flowlet detection, path
 * sets (static or discovered) and a placement policy ({@link dev.clove.core.Policies}, or CLOVE-ECN and CLOVE-INT
 * from their modules).
 *
 * <p>Only {@code dev.clove.core} is API. {@code dev.clove.core.internal} holds the implementation's building blocks
 * (the flowlet table, published weights, smooth weighted round robin, the relay table); it is exported only to the
 * two policy modules of this project, which are built from them, and may change in any release.
 */
// "module": the qualified export names modules compiled after this one; "requires-automatic": fastutil-core is
// an automatic module (it has an Automatic-Module-Name, a stable name, but no descriptor).
@SuppressWarnings({"module", "requires-automatic"})
module dev.clove.core {
  requires transitive dev.clove.api;
  requires it.unimi.dsi.fastutil.core;

  exports dev.clove.core;
  exports dev.clove.core.internal to dev.clove.ecn, dev.clove.telemetry;
}
