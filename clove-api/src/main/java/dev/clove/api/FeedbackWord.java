// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.api;

/**
 * The 32-bit word in which a receiving hypervisor relays one path report to the sender, on reverse traffic.
 *
 * <p>It fits the reserved bits that overlay encapsulations offer: a Geneve option's 4-byte data, or half of the
 * 64-bit STT context field (the paper suggests STT's context, section 2.3).
 *
 * <h2>Bit layout</h2>
 * <pre>
 *  31 30 29                            16 15                             0
 * +-----+--------------------------------+--------------------------------+
 * |kind |  utilization (14 bits) or 0    |   outer source port (16 bits)  |
 * +-----+--------------------------------+--------------------------------+
 * </pre>
 * <ul>
 *   <li>kind {@value #KIND_NONE}: no report; the whole word is 0 ({@link #NONE}).</li>
 *   <li>kind {@value #KIND_CONGESTION}: packets the sender sent with this source port arrived CE-marked.
 *       The utilization bits are zero.</li>
 *   <li>kind {@value #KIND_UTILIZATION}: the path of this source port has the given utilization, an unsigned
 *       fixed-point number with {@value #UTILIZATION_FRACTION_BITS} fraction bits, so it spans [0, 2) in steps
 *       of 1/8192; larger values saturate at the top.</li>
 *   <li>kind {@value #KIND_EXTENDED}: an extended word, whose meaning is given by a 4-bit sub-kind; see below.
 *       (Before version 1.1 this kind was reserved, and receivers of that version count every such word as
 *       malformed, as they count every word they cannot decode.)</li>
 * </ul>
 *
 * <h2>Extended words (kind 3)</h2>
 * <pre>
 *  31 30 29       26 25                  16 15                             0
 * +-----+-----------+----------------------+--------------------------------+
 * |  3  | sub-kind  | sub-kind value (10)  |   outer source port (16 bits)  |
 * +-----+-----------+----------------------+--------------------------------+
 * </pre>
 * <ul>
 *   <li>sub-kind {@value #SUBKIND_HEARD}: a liveness report, "packets the sender sent with this source port are
 *       arriving" ({@link #encodeHeard}). Its value bits are zero. A receiving relay sends one, at most once per
 *       16 relay intervals per port, while it hears the port and has no congestion or utilization report about it;
 *       the sender uses it to notice a path that still gets traffic but has gone silent (a gray failure).</li>
 *   <li>sub-kind {@value #SUBKIND_CE_FRACTION}: a graded congestion report, "of the packets the sender sent with
 *       this source port that arrived in the last report interval, this fraction was CE-marked"
 *       ({@link #encodeCongestionFraction}). The 10 value bits carry the fraction in steps of 1/1023, rounded to
 *       the nearest step, except that a fraction above 0 never rounds to 0 (a port with any mark is reported as
 *       marked), so 0 means "heard, no mark". Added in version 0.2; a receiver of an older version counts such
 *       a word as malformed and drops it, which is safe.</li>
 *   <li>sub-kind {@value #SUBKIND_PATH_DELAY}: a path-delay report ({@link #encodePathDelay}): "among the ports
 *       this relay heard from the sender lately, one-way delays differed by up to this much". The 10 value bits are
 *       a code {@code c} on a logarithmic scale: the spread is at most {@code 1 us x 2^(c / 64)}
 *       ({@link #pathDelayNanos}), so codes 0 to 1023 span 1 us (code 0: 1 us or less) to about 64.8 ms (code
 *       1023: that much or more) in steps of 1.09%, and the encoder rounds up, so the decoded value is never below
 *       the spread it encodes (up to the top). In this sub-kind the low 16 bits are not a port: they count the
 *       ports (paths) the spread was measured over ({@link #pathDelayPorts}), so that a sender can tell whether
 *       every path it uses was compared. The receiver measures each delay as its arrival time minus a send time the
 *       packet carries (an encapsulation option), so the hosts' clock offset cancels in the difference. A relay sends it
 *       only when its builder enabled delay reports; a sender that does not adapt its flowlet gap ignores it, and
 *       a receiver of a version without this sub-kind counts it as malformed and drops it, which is safe.</li>
 *   <li>sub-kind 0 and sub-kinds 4 to 15 are reserved for future reports: this version counts a word of one of
 *       them as malformed ({@link #isWellFormed} is false), as it would any word it cannot decode, and never
 *       throws. A future sub-kind must be one that an older receiver may safely drop.</li>
 * </ul>
 *
 * <p>Encoders are named {@code encode...}; {@link #kind}, {@link #subKind}, {@link #sourcePort} and
 * {@link #utilization} read a word's fields. Words of kinds 0 to 2 decode exactly as they did before extended words
 * were defined.
 *
 * <p>Threading: static methods on values; safe everywhere.
 */
public final class FeedbackWord {

  /** The word that carries no report. */
  public static final int NONE = 0;
  /** Kind of {@link #NONE}. */
  public static final int KIND_NONE = 0;
  /** Kind of a relayed congestion (ECN CE) report. */
  public static final int KIND_CONGESTION = 1;
  /** Kind of a relayed path-utilization (INT) report. */
  public static final int KIND_UTILIZATION = 2;
  /** Kind of an extended word, whose meaning is given by its {@linkplain #subKind sub-kind}. */
  public static final int KIND_EXTENDED = 3;
  /**
   * The former name of {@link #KIND_EXTENDED}, from when kind 3 was reserved; kept so that code written against it
   * still compiles.
   */
  public static final int KIND_RESERVED = KIND_EXTENDED;
  /** Sub-kind of an extended word that reports a port as heard (a liveness report). */
  public static final int SUBKIND_HEARD = 1;
  /** Sub-kind of an extended word that reports the fraction of a port's packets that arrived CE-marked. */
  public static final int SUBKIND_CE_FRACTION = 2;
  /** The largest value of an extended word's value bits, which is also the denominator of a CE fraction. */
  public static final int SUBKIND_VALUE_MAX = 0x3FF;
  /** Sub-kind of an extended word that reports the spread of one-way delays among a sender's paths. */
  public static final int SUBKIND_PATH_DELAY = 3;
  /** The largest code of a path-delay word; it means "this spread or more" ({@link #pathDelayNanos}). */
  public static final int MAX_PATH_DELAY_CODE = 0x3FF;
  /** Codes per doubling of a path-delay word's spread: 64, so one code is a factor of 2^(1/64), 1.09%. */
  public static final int PATH_DELAY_CODES_PER_DOUBLING = 64;
  /** Fraction bits of the fixed-point utilization. */
  public static final int UTILIZATION_FRACTION_BITS = 13;
  /** The largest utilization a word can carry, {@code (2^14 - 1) / 2^13}. */
  public static final double MAX_UTILIZATION = (double) 0x3FFF / (1 << UTILIZATION_FRACTION_BITS);

  private static final int PORT_MASK = 0xFFFF;
  private static final int UTILIZATION_SHIFT = 16;
  private static final int UTILIZATION_MASK = 0x3FFF;
  private static final int KIND_SHIFT = 30;
  private static final int SUBKIND_SHIFT = 26;
  private static final int SUBKIND_MASK = 0xF;
  private static final int SUBKIND_VALUE_MASK = 0x3FF;

  /** The decoded spread of each path-delay code, in nanoseconds: {@code round(1000 x 2^(code / 64))}. */
  private static final long[] PATH_DELAY_NANOS = new long[MAX_PATH_DELAY_CODE + 1];

  static {
    for (int code = 0; code <= MAX_PATH_DELAY_CODE; code++) {
      // StrictMath: the same table on every JVM, so a word decodes to the same nanoseconds everywhere.
      PATH_DELAY_NANOS[code] =
          Math.round(1000 * StrictMath.pow(2, (double) code / PATH_DELAY_CODES_PER_DOUBLING));
    }
  }

  private FeedbackWord() {}

  /**
   * Encodes "packets on {@code sourcePort} met congestion". Only the low 16 bits of the port are kept.
   *
   * @param sourcePort the outer source port of the CE-marked packets
   * @return a {@link #KIND_CONGESTION} word
   */
  public static int encodeCongestion(int sourcePort) {
    return (KIND_CONGESTION << KIND_SHIFT) | (sourcePort & PORT_MASK);
  }

  /**
   * Encodes "the path of {@code sourcePort} has this utilization". The value is rounded to the nearest step of
   * 1/8192; values above {@link #MAX_UTILIZATION} saturate; NaN and negative values encode as 0 (a receiver
   * should have rejected them before encoding).
   *
   * @param sourcePort the outer source port whose path was measured; only the low 16 bits are kept
   * @param utilization the path's utilization as a fraction of capacity
   * @return a {@link #KIND_UTILIZATION} word
   */
  public static int encodeUtilization(int sourcePort, double utilization) {
    int quantized;
    if (!(utilization > 0)) {
      quantized = 0;
    } else if (utilization >= MAX_UTILIZATION) {
      quantized = UTILIZATION_MASK;
    } else {
      quantized = (int) Math.round(utilization * (1 << UTILIZATION_FRACTION_BITS));
    }
    return (KIND_UTILIZATION << KIND_SHIFT) | (quantized << UTILIZATION_SHIFT) | (sourcePort & PORT_MASK);
  }

  /**
   * Encodes "packets on {@code sourcePort} are arriving": an extended word of sub-kind {@link #SUBKIND_HEARD}.
   * Only the low 16 bits of the port are kept.
   *
   * @param sourcePort the outer source port the relay heard
   * @return a heard word
   */
  public static int encodeHeard(int sourcePort) {
    return (KIND_EXTENDED << KIND_SHIFT) | (SUBKIND_HEARD << SUBKIND_SHIFT) | (sourcePort & PORT_MASK);
  }

  /**
   * Encodes "this fraction of the packets on {@code sourcePort} arrived CE-marked": an extended word of sub-kind
   * {@link #SUBKIND_CE_FRACTION}. The fraction is rounded to the nearest step of 1/1023; a fraction above 0 encodes
   * as at least one step, so that any mark is reported; values above 1 saturate at 1; NaN and values at or below 0
   * encode as 0. Only the low 16 bits of the port are kept.
   *
   * @param sourcePort the outer source port the fraction is about
   * @param fraction the share of that port's packets that arrived CE-marked, in [0, 1]
   * @return a CE-fraction word
   */
  public static int encodeCongestionFraction(int sourcePort, double fraction) {
    int quantized;
    if (!(fraction > 0)) {
      quantized = 0;
    } else if (fraction >= 1) {
      quantized = SUBKIND_VALUE_MAX;
    } else {
      quantized = Math.max(1, (int) Math.round(fraction * SUBKIND_VALUE_MAX));
    }
    return (KIND_EXTENDED << KIND_SHIFT) | (SUBKIND_CE_FRACTION << SUBKIND_SHIFT) | (quantized << UTILIZATION_SHIFT)
        | (sourcePort & PORT_MASK);
  }

  /**
   * The CE fraction carried by a {@link #SUBKIND_CE_FRACTION} word.
   *
   * @param word an extended word of sub-kind {@link #SUBKIND_CE_FRACTION}
   * @return the decoded fraction, in [0, 1], in steps of 1/1023
   */
  public static double congestionFraction(int word) {
    return (double) subKindValue(word) / SUBKIND_VALUE_MAX;
  }

  /**
   * The 10 value bits of an {@link #KIND_EXTENDED extended} word (bits 25 to 16); meaningless for other kinds.
   *
   * @param word a feedback word
   * @return its sub-kind value, 0 to {@link #SUBKIND_VALUE_MAX}
   */
  public static int subKindValue(int word) {
    return (word >>> UTILIZATION_SHIFT) & SUBKIND_VALUE_MASK;
  }

  /**
   * Encodes "one-way delays among the {@code portsMeasured} ports I heard from you lately differed by up to
   * {@code spreadNanos}": an
   * extended word of sub-kind {@link #SUBKIND_PATH_DELAY}. The spread is rounded up to the next code of the
   * logarithmic scale (so {@link #pathDelayNanos} of the word is at least {@code spreadNanos}, unless the spread
   * exceeds the top code, which then stands for it); a spread of 1 us or less, zero or negative encodes as code 0.
   *
   * @param portsMeasured how many ports the spread was measured over; saturates at 65535
   * @param spreadNanos the delay spread in nanoseconds
   * @return a path-delay word
   */
  public static int encodePathDelay(int portsMeasured, long spreadNanos) {
    int code = 0;
    if (spreadNanos > PATH_DELAY_NANOS[0]) {
      double exact = PATH_DELAY_CODES_PER_DOUBLING * (Math.log(spreadNanos / 1000.0) / Math.log(2));
      code = (int) Math.min(MAX_PATH_DELAY_CODE, Math.max(0, Math.floor(exact) - 1));
      while (code < MAX_PATH_DELAY_CODE && PATH_DELAY_NANOS[code] < spreadNanos) {
        code++; // the first code whose decoded value covers the spread; the floating-point guess is a start only
      }
    }
    return (KIND_EXTENDED << KIND_SHIFT) | (SUBKIND_PATH_DELAY << SUBKIND_SHIFT) | (code << UTILIZATION_SHIFT)
        | Math.max(0, Math.min(PORT_MASK, portsMeasured));
  }

  /**
   * The number of ports a {@link #SUBKIND_PATH_DELAY path-delay} word's spread was measured over (its low 16
   * bits, which in other words are a port).
   *
   * @param word an extended word of sub-kind {@link #SUBKIND_PATH_DELAY}
   * @return the number of ports, 0 to 65535
   */
  public static int pathDelayPorts(int word) {
    return word & PORT_MASK;
  }

  /**
   * The delay spread a {@link #SUBKIND_PATH_DELAY path-delay} word carries: {@code round(1000 x 2^(code / 64))}
   * nanoseconds, from 1,000 (code 0: at most that) to 64,830,047 (code 1023: at least that).
   *
   * @param word an extended word of sub-kind {@link #SUBKIND_PATH_DELAY}
   * @return the spread in nanoseconds, 1,000 or more
   */
  public static long pathDelayNanos(int word) {
    return PATH_DELAY_NANOS[(word >>> UTILIZATION_SHIFT) & SUBKIND_VALUE_MASK];
  }

  /**
   * The sub-kind of an {@link #KIND_EXTENDED extended} word (bits 29 to 26), for example {@link #SUBKIND_HEARD};
   * meaningless for words of other kinds.
   *
   * @param word a feedback word
   * @return its sub-kind, 0 to 15
   */
  public static int subKind(int word) {
    return (word >>> SUBKIND_SHIFT) & SUBKIND_MASK;
  }

  /**
   * The kind of {@code word}: one of the {@code KIND_} constants.
   *
   * @param word a feedback word
   * @return its top two bits, {@link #KIND_NONE} to {@link #KIND_RESERVED}
   */
  public static int kind(int word) {
    return word >>> KIND_SHIFT;
  }

  /**
   * The source port a report is about.
   *
   * @param word a feedback word
   * @return its low 16 bits
   */
  public static int sourcePort(int word) {
    return word & PORT_MASK;
  }

  /**
   * The utilization carried by a {@link #KIND_UTILIZATION} word.
   *
   * @param word a feedback word of kind {@link #KIND_UTILIZATION}
   * @return the decoded utilization, in [0, {@link #MAX_UTILIZATION}]
   */
  public static double utilization(int word) {
    return (double) ((word >>> UTILIZATION_SHIFT) & UTILIZATION_MASK) / (1 << UTILIZATION_FRACTION_BITS);
  }

  /**
   * True when {@code word} is one this version produces: {@link #NONE}, a congestion word with zero
   * utilization bits, a utilization word, a heard word with zero value bits, a CE-fraction word, or a path-delay
   * word. Extended words
   * of any other sub-kind are not: receivers count them as malformed.
   *
   * @param word a feedback word as read from a packet
   * @return whether a receiver of this version may decode it
   */
  public static boolean isWellFormed(int word) {
    switch (kind(word)) {
      case KIND_NONE:
        return word == NONE;
      case KIND_CONGESTION:
        return ((word >>> UTILIZATION_SHIFT) & UTILIZATION_MASK) == 0;
      case KIND_UTILIZATION:
        return true;
      case KIND_EXTENDED:
        switch (subKind(word)) {
          case SUBKIND_HEARD:
            return subKindValue(word) == 0;
          case SUBKIND_CE_FRACTION:
            return true;
          case SUBKIND_PATH_DELAY:
            return true; // every code is a spread
          default:
            return false;
        }
      default:
        return false;
    }
  }
}
