// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * {@link Hashing} against what its description promises: {@code mix64} is {@link SplittableRandom}'s finaliser,
 * {@code keyed} two rounds of it around two secrets, both with full avalanche. Threading: single-threaded.
 */
class HashingTest {
  /** SplittableRandom's increment for a generator made from a seed alone (its GOLDEN_GAMMA). */
  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  /**
   * A SplittableRandom made from seed s returns, first, its finaliser applied to s + GOLDEN_GAMMA: so the JDK's
   * own generator is an independent oracle for mix64.
   */
  @Property(tries = 300)
  void mix64IsTheFinaliserOfSplittableRandom(@ForAll long seed) {
    assertEquals(new SplittableRandom(seed).nextLong(), Hashing.mix64(seed + GOLDEN_GAMMA));
  }

  @Test
  void mix64MatchesSplittableRandomAtTheEdgesOfLong() {
    for (long z : new long[] {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 32, 0xFFFF_FFFFL}) {
      assertEquals(new SplittableRandom(z - GOLDEN_GAMMA).nextLong(), Hashing.mix64(z), "z = " + z);
    }
  }

  /** keyed is documented as two rounds: the key XOR secret0, mixed; secret1 added; mixed again. */
  @Property(tries = 300)
  void keyedIsTwoRoundsWithTheSecondSecretAddedBetween(@ForAll long key, @ForAll long secret0,
      @ForAll long secret1) {
    long firstRound = new SplittableRandom((key ^ secret0) - GOLDEN_GAMMA).nextLong();
    long expected = new SplittableRandom(firstRound + secret1 - GOLDEN_GAMMA).nextLong();
    assertEquals(expected, Hashing.keyed(key, secret0, secret1));
  }

  /**
   * Avalanche: flipping any one input bit flips each output bit with probability 1/2. Over n = 2,000 random keys
   * per input bit, a flip count per (input bit, output bit) pair is binomial(n, 1/2): mean 1000, standard
   * deviation sqrt(n)/2 = 22.4. Over the 4,096 pairs, 6 standard deviations (134) is exceeded by chance with
   * probability below 4,096 x 2e-9; a mixer that leaves one bit pair untouched (or always flipped) is off by 1000.
   */
  @Test
  void flippingOneKeyBitFlipsEachOutputBitAboutHalfTheTime() {
    SplittableRandom random = new SplittableRandom(20261130);
    long secret0 = random.nextLong();
    long secret1 = random.nextLong();
    assertAvalanche("mix64", random, key -> Hashing.mix64(key));
    assertAvalanche("keyed", random, key -> Hashing.keyed(key, secret0, secret1));
    // A secret with few bits set must not let key bits past unmixed.
    assertAvalanche("keyed, sparse secret", random, key -> Hashing.keyed(key, 1L << 17, 0));
  }

  private static void assertAvalanche(String what, SplittableRandom random,
      java.util.function.LongUnaryOperator hash) {
    int n = 2_000;
    int[][] flips = new int[64][64];
    for (int k = 0; k < n; k++) {
      long key = random.nextLong();
      long h = hash.applyAsLong(key);
      for (int in = 0; in < 64; in++) {
        long diff = h ^ hash.applyAsLong(key ^ (1L << in));
        for (int out = 0; out < 64; out++) {
          flips[in][out] += (int) ((diff >>> out) & 1);
        }
      }
    }
    double mean = n / 2.0;
    double tolerance = 6 * Math.sqrt(n) / 2;
    for (int in = 0; in < 64; in++) {
      for (int out = 0; out < 64; out++) {
        int f = flips[in][out];
        int inBit = in;
        int outBit = out;
        assertTrue(Math.abs(f - mean) <= tolerance,
            () -> what + ": input bit " + inBit + " flipped output bit " + outBit + " " + f + " times of " + n);
      }
    }
  }
}
