// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

/**
 * The CLOVE service-provider interface: the balancer contract, feedback words and relays, packet metadata, probe
 * sending and time. No dependencies; see the {@link dev.clove.api} package.
 */
module dev.clove.api {
  exports dev.clove.api;
}
