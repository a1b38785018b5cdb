// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The clove authors

package dev.clove.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The index behind {@link BalancerBuilder#sharePathFeedback}: groups by id, entries replaced per destination, empty
 * groups dropped (memory stays bounded by the pairs in use), and hop lists' identities. Threading: single-threaded.
 */
class PathSharingTest {
  private static final long NONE = PathSharing.NO_IDENTITY;

  private static String members(PathSharing.Group g) {
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < g.pairs; k++) {
      sb.append(g.members[2 * k]).append(':').append(g.members[2 * k + 1]).append(' ');
    }
    return sb.toString().trim();
  }

  @Test
  void pathsWithTheSameIdFormOneGroupAndUnknownIdsNone() {
    PathSharing index = new PathSharing(4);
    index.update(0, new long[] {7, 8, NONE});
    index.update(2, new long[] {8, 7});
    assertSame(index.group(0, 0), index.group(2, 1));
    assertEquals("0:1 2:0", members(index.group(2, 0)));
    assertNull(index.group(0, 2), "no identity: shares with nothing");
    assertNull(index.group(1, 0), "a destination without paths");
    assertNull(index.group(0, 5), "an index past the destination's paths");
    assertEquals(2, index.groupCount());
  }

  @Test
  void anUpdateReplacesTheDestinationsEntriesAndDropsEmptyGroups() {
    PathSharing index = new PathSharing(3);
    index.update(0, new long[] {1, 2});
    index.update(1, new long[] {2, 3});
    index.update(1, new long[] {4});
    assertEquals("0:1", members(index.group(0, 1)), "destination 1's old entry for id 2 is gone");
    assertEquals(3, index.groupCount(), "ids 1, 2 and 4; id 3 had no member left");
    index.update(0, new long[0]);
    index.update(1, new long[0]);
    assertEquals(0, index.groupCount());
    for (int round = 0; round < 1000; round++) { // churn keeps no garbage: one group per id in use
      index.update(round % 3, new long[] {round % 5, 10 + round % 7});
    }
    assertTrue(index.groupCount() <= 6, "groups: " + index.groupCount());
  }

  @Test
  void hopListsGiveAnIdentityOnlyWhenCompleteAndDistinctListsDiffer() {
    assertEquals(PathSharing.idOfHops(new long[] {100, 211, 311}), PathSharing.idOfHops(new long[] {100, 211, 311}));
    assertNotEquals(PathSharing.idOfHops(new long[] {100, 211, 311}),
        PathSharing.idOfHops(new long[] {100, 211, 312}));
    assertNotEquals(PathSharing.idOfHops(new long[] {100, 211}), PathSharing.idOfHops(new long[] {100, 211, 0}));
    assertEquals(NONE, PathSharing.idOfHops(new long[] {100, PathSelection.UNKNOWN_HOP, 311}));
    assertEquals(NONE, PathSharing.idOfHops(new long[0]));
    assertEquals(NONE, PathSharing.idOfHops(null));
  }
}
