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
 *   <li>kind 3 is reserved: {@link #kind(int)} returns it and receivers count such words as malformed.</li>
 * </ul>
 *
 * <p>Encoders are named {@code encode...}; {@link #kind}, {@link #sourcePort} and {@link #utilization} read a word's
 * fields.
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
  /** The reserved kind; a word of this kind is malformed for this version. */
  public static final int KIND_RESERVED = 3;
  /** Fraction bits of the fixed-point utilization. */
  public static final int UTILIZATION_FRACTION_BITS = 13;
  /** The largest utilization a word can carry, {@code (2^14 - 1) / 2^13}. */
  public static final double MAX_UTILIZATION = (double) 0x3FFF / (1 << UTILIZATION_FRACTION_BITS);

  private static final int PORT_MASK = 0xFFFF;
  private static final int UTILIZATION_SHIFT = 16;
  private static final int UTILIZATION_MASK = 0x3FFF;
  private static final int KIND_SHIFT = 30;

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
   * utilization bits, or a utilization word.
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
      default:
        return false;
    }
  }
}
