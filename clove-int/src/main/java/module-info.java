// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

/**
 * CLOVE-INT: {@link dev.clove.telemetry.CloveInt#policy()} places each new flowlet on the least-utilized path by
 * in-band telemetry, and {@link dev.clove.telemetry.CloveInt#relay()} relays the readings. The module is named
 * {@code dev.clove.telemetry} because {@code int} is a Java keyword.
 */
module dev.clove.telemetry {
  requires transitive dev.clove.core;

  exports dev.clove.telemetry;
}
