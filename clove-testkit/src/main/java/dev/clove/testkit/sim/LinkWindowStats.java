// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.testkit.sim;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Statistics of every directed link per window of simulated time: the bytes that entered its queue, the packets
 * it dropped, the packets it marked CE, and the largest queue (bytes) an arriving packet found, window by window
 * from time 0 to the end of the run. Turned on with {@link Simulation.Builder#linkStatsWindowNanos}; read from
 * {@link RunSummary#linkWindows()}. They show what totals hide: when a failure moved traffic, how long a queue
 * stayed full, how fast a restored link filled again.
 *
 * <p>The recorder has a fixed number of windows ({@link Simulation.Builder#linkStatsMaxWindows}); when a run
 * outlasts them, neighbouring windows are merged in pairs and the window length doubles, so that memory stays
 * bounded whatever the run's length. Every window has length {@link #windowNanos()}, the last one possibly cut
 * short by the end of the run. Per link, the windows' bytes, drops and CE marks sum to the link's totals in
 * {@link RunSummary#links()}, and the largest of its maximum queues is the link's
 * {@link RunSummary.LinkStats#maxBacklogBytes()}.
 *
 * <p>Threading: immutable, safe to share.
 */
public final class LinkWindowStats {
  private final long windowNanos;
  private final List<String> links;
  private final long[][] bytes;
  private final long[][] drops;
  private final long[][] ceMarks;
  private final long[][] maxQueue;

  LinkWindowStats(long windowNanos, List<String> links, long[][] bytes, long[][] drops, long[][] ceMarks,
      long[][] maxQueue) {
    this.windowNanos = windowNanos;
    this.links = List.copyOf(links);
    this.bytes = bytes;
    this.drops = drops;
    this.ceMarks = ceMarks;
    this.maxQueue = maxQueue;
  }

  static LinkWindowStats of(WindowRecorder r, List<String> links) {
    return new LinkWindowStats(r.windowNanos, links, r.byPort(r.bytes), r.byPort(r.drops), r.byPort(r.ceMarks),
        r.byPort(r.maxQueue));
  }

  /**
   * The length of every window: the configured length, doubled once for every time the windows were merged.
   *
   * @return the window length in nanoseconds of simulated time
   */
  public long windowNanos() {
    return windowNanos;
  }

  /**
   * The number of windows, from time 0 up to the window that holds the end of the run.
   *
   * @return the window count, at least 1
   */
  public int windowCount() {
    return bytes.length == 0 ? 0 : bytes[0].length;
  }

  /**
   * The links' names, in the order of {@link RunSummary#links()}, e.g. {@code "L0->S1#0"}.
   *
   * @return the names, unmodifiable
   */
  public List<String> links() {
    return links;
  }

  /**
   * Bytes (on the wire) that entered the named link's queue, per window.
   *
   * @param link the link's name, as in {@link #links()}
   * @return one count per window, oldest first (a copy)
   * @throws IllegalArgumentException if there is no link of that name
   */
  public long[] bytes(String link) {
    return bytes[index(link)].clone();
  }

  /**
   * Packets the named link dropped (full queue, failure or gray), per window.
   *
   * @param link the link's name, as in {@link #links()}
   * @return one count per window, oldest first (a copy)
   * @throws IllegalArgumentException if there is no link of that name
   */
  public long[] drops(String link) {
    return drops[index(link)].clone();
  }

  /**
   * Packets the named link marked CE, per window.
   *
   * @param link the link's name, as in {@link #links()}
   * @return one count per window, oldest first (a copy)
   * @throws IllegalArgumentException if there is no link of that name
   */
  public long[] ceMarks(String link) {
    return ceMarks[index(link)].clone();
  }

  /**
   * The largest queue, in bytes, that a packet entering the named link found, per window; 0 in a window without
   * entering packets.
   *
   * @param link the link's name, as in {@link #links()}
   * @return one maximum per window, oldest first (a copy)
   * @throws IllegalArgumentException if there is no link of that name
   */
  public long[] maxQueueBytes(String link) {
    return maxQueue[index(link)].clone();
  }

  /**
   * Writes one CSV row per link and window: link, window_start_ns, window_ns (the length of every window, which
   * says whether they were merged), bytes, drops, ce_marks, max_queue_bytes.
   * Windows in which a link saw nothing (no bytes, drops or marks) are left out, to keep the file small.
   *
   * @param out where the rows go, after a header row
   * @throws IOException if {@code out} throws it
   */
  public void writeCsv(Appendable out) throws IOException {
    Objects.requireNonNull(out, "out");
    try (CSVPrinter printer = CSVFormat.DEFAULT.builder()
        .setHeader("link", "window_start_ns", "window_ns", "bytes", "drops", "ce_marks", "max_queue_bytes").get().print(out)) {
      for (int l = 0; l < links.size(); l++) {
        for (int w = 0; w < bytes[l].length; w++) {
          if (bytes[l][w] != 0 || drops[l][w] != 0 || ceMarks[l][w] != 0) {
            printer.printRecord(links.get(l), w * windowNanos, windowNanos, bytes[l][w], drops[l][w], ceMarks[l][w],
                maxQueue[l][w]);
          }
        }
      }
    }
  }

  private int index(String link) {
    Objects.requireNonNull(link, "link");
    int i = links.indexOf(link);
    if (i < 0) {
      throw new IllegalArgumentException("link: no link named " + link);
    }
    return i;
  }

  @Override
  public String toString() {
    return "LinkWindowStats[" + links.size() + " links, " + windowCount() + " windows of " + windowNanos + " ns]";
  }
}
