package dev.clove.core;

import dev.clove.api.Counter;
import java.util.Objects;

/**
 * The per-dataplane half of a {@link PathPolicy}: picks the path of each new flowlet.
 *
 * <p>Threading: each chooser belongs to one dataplane thread and is called only by it; it may read state its
 * policy publishes from other threads (with acquire semantics) but never writes shared state. Called once per
 * new flowlet, so it must not allocate.
 */
public interface PathChooser {

  /**
   * Returns the index, in {@code [0, paths.size())}, of the path for a new flowlet of {@code flowKey}.
   * {@code paths} is never empty.
   */
  int choose(int destination, PathSet paths, long flowKey, long nowNanos);

  /** This chooser's own count of {@code counter} (for example telemetry fallbacks), or 0. */
  default long count(Counter counter) {
    Objects.requireNonNull(counter, "counter");
    return 0;
  }
}
