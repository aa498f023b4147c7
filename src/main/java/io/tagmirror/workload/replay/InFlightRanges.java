package io.tagmirror.workload.replay;

import java.util.Map;
import java.util.TreeMap;

/**
 * The block ranges of the writes in flight, which never overlap one another (a write overlapping one
 * in flight is held back until it finished), so a sorted map of starts answers an overlap query in
 * O(log n) whatever the size of the volume. Not thread-safe: the replay guards it with its lock.
 */
final class InFlightRanges {
    private final TreeMap<Long, Long> endByStart = new TreeMap<>();

    /** Whether blocks {@code [first, end)} meet any range in flight. */
    boolean overlaps(long first, long end) {
        // Ranges are disjoint, so ends rise with starts: the last range starting before {@code end}
        // is the only one that can reach past {@code first}.
        Map.Entry<Long, Long> before = endByStart.lowerEntry(end);
        return before != null && before.getValue() > first;
    }

    void add(long first, long end) {
        if (overlaps(first, end)) {
            throw new IllegalStateException("blocks " + first + ".." + end + " overlap a write in flight");
        }
        endByStart.put(first, end);
    }

    void remove(long first) {
        endByStart.remove(first);
    }

    int size() {
        return endByStart.size();
    }
}
