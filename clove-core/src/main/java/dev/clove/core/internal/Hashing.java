// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core.internal;

/**
 * 64-bit mixing functions shared by the flowlet table and the ECMP hashes.
 *
 * <p>{@link #mix64} is the finaliser of {@link java.util.SplittableRandom} (Stafford's "variant 13"): a bijection
 * on {@code long} with full avalanche, a handful of cycles and no allocation. Keying it with a per-instance secret
 * means a tenant who can choose its flows' 5-tuples cannot predict which of them collide in our tables. It is not
 * a cryptographic PRF; it only removes the cheap, offline way of crafting collisions. The flowlet table keys one
 * round ({@code mix64(key ^ secret)}, on every packet); the fallback port hash uses two ({@link #keyed}).
 *
 * <p>Threading: static functions of their arguments.
 */
public final class Hashing {
  private Hashing() {}

  /**
   * A bijective 64-bit mixer with full avalanche.
   *
   * @param z the value to mix
   * @return the mixed value
   */
  public static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /**
   * Two mixing rounds around two secret words: the keyed hash of a flow key.
   *
   * @param key the flow key
   * @param secret0 the secret mixed into the key before the first round
   * @param secret1 the secret added between the two rounds
   * @return the 64-bit keyed hash
   */
  public static long keyed(long key, long secret0, long secret1) {
    return mix64(mix64(key ^ secret0) + secret1);
  }

  /**
   * Maps a uniformly distributed 64-bit hash onto {@code [0, bound)} without division (Lemire's reduction).
   *
   * @param hash the hash; only its upper 32 bits are used
   * @param bound the number of buckets, positive
   * @return a bucket in {@code [0, bound)}
   */
  public static int reduce(long hash, int bound) {
    return (int) (((hash >>> 32) * bound) >>> 32);
  }
}
