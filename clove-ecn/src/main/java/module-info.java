// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

/**
 * CLOVE-ECN: {@link dev.clove.ecn.CloveEcn#policy()} for the sending hypervisor (weighted round robin steered by
 * relayed ECN marks) and {@link dev.clove.ecn.CloveEcn#relay()} for the receiving one.
 */
module dev.clove.ecn {
  requires transitive dev.clove.core;

  exports dev.clove.ecn;
  exports dev.clove.ecn.repath;
}
