package io.tagmirror.engine.device;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A tag log's live batches by id, in id order. Ids only grow as batches are appended, so an append
 * is a store at the end of two arrays and a lookup a binary search; a removed batch leaves a hole
 * that the next compaction closes. It replaced a {@code TreeMap}, whose {@code put} was the largest
 * single cost of the engine on the write path (4 % of a tagged run's samples at depth 16, with tens of
 * thousands of batches live between flushes; docs/performance.md). An id that is not the largest is
 * still taken, by moving the ones after it (replay and rewrites give ids in order; nothing on the
 * write path does otherwise).
 *
 * <p>Not thread-safe: its tag table's monitor guards it.
 */
final class BatchIndex<V> {
    private long[] ids = new long[64];
    private Object[] values = new Object[64];
    /** Slots {@code [start, end)} are in use; removed ones among them hold null. */
    private int start;
    private int end;
    private int size;

    int size() {
        return size;
    }

    void clear() {
        Arrays.fill(values, start, end, null);
        start = 0;
        end = 0;
        size = 0;
    }

    void put(long id, V value) {
        if (end > start && id <= ids[end - 1]) {
            int i = lowerBound(id);
            if (i < end && ids[i] == id) {
                if (values[i] == null) {
                    size++;
                }
                values[i] = value;
                return;
            }
            makeRoom();
            i = lowerBound(id);
            System.arraycopy(ids, i, ids, i + 1, end - i);
            System.arraycopy(values, i, values, i + 1, end - i);
            ids[i] = id;
            values[i] = value;
            end++;
            size++;
            return;
        }
        makeRoom();
        ids[end] = id;
        values[end] = value;
        end++;
        size++;
    }

    @SuppressWarnings("unchecked")
    V get(long id) {
        int i = lowerBound(id);
        return i < end && ids[i] == id ? (V) values[i] : null;
    }

    @SuppressWarnings("unchecked")
    V remove(long id) {
        int i = lowerBound(id);
        if (i >= end || ids[i] != id || values[i] == null) {
            return null;
        }
        V v = (V) values[i];
        values[i] = null;
        size--;
        skipHoles();
        return v;
    }

    /** Removes the batches with ids in {@code (after, upTo]}, giving each to {@code removed} first. */
    @SuppressWarnings("unchecked")
    void removeRange(long after, long upTo, Consumer<V> removed) {
        if (after == Long.MAX_VALUE) {
            return;
        }
        for (int i = lowerBound(after + 1); i < end && ids[i] <= upTo; i++) {
            if (values[i] != null) {
                removed.accept((V) values[i]);
                values[i] = null;
                size--;
            }
        }
        skipHoles();
    }

    /** Whether a batch with an id in {@code (after, upTo]} is live. */
    boolean anyIn(long after, long upTo) {
        if (after == Long.MAX_VALUE) {
            return false;
        }
        for (int i = lowerBound(after + 1); i < end && ids[i] <= upTo; i++) {
            if (values[i] != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Live batches copied out of the index, so it may change while they are visited: two arrays, no
     * object per batch (a compare reads every batch of a table once, a million of them after as many
     * waiting writes).
     */
    static final class Live<V> {
        private final long[] ids;
        private final Object[] values;
        private final int size;

        private Live(long[] ids, Object[] values, int size) {
            this.ids = ids;
            this.values = values;
            this.size = size;
        }

        int size() {
            return size;
        }

        long id(int k) {
            return ids[k];
        }

        @SuppressWarnings("unchecked")
        V value(int k) {
            return (V) values[k];
        }
    }

    /** The live batches with ids up to {@code upTo}, in id order. */
    Live<V> upTo(long upTo) {
        return copy(start, upTo == Long.MAX_VALUE ? end : lowerBound(upTo + 1), false);
    }

    /** Every live batch, newest first. */
    Live<V> descending() {
        return copy(start, end, true);
    }

    private Live<V> copy(int from, int to, boolean reversed) {
        long[] outIds = new long[Math.max(0, to - from)];
        Object[] outValues = new Object[outIds.length];
        int n = 0;
        for (int k = 0; k < to - from; k++) {
            int i = reversed ? to - 1 - k : from + k;
            if (values[i] != null) {
                outIds[n] = ids[i];
                outValues[n] = values[i];
                n++;
            }
        }
        return new Live<>(outIds, outValues, n);
    }

    /** The first slot in use whose id is {@code id} or more, or {@code end}. */
    private int lowerBound(long id) {
        int lo = start;
        int hi = end;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ids[mid] < id) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private void skipHoles() {
        while (start < end && values[start] == null) {
            start++;
        }
        if (start == end) {
            start = 0;
            end = 0;
        }
    }

    /** Makes room for one more slot at the end: closes the holes when they are half the arrays or more, else grows them. */
    private void makeRoom() {
        if (end < ids.length) {
            return;
        }
        if (size * 2 > ids.length) {
            ids = Arrays.copyOf(ids, ids.length * 2);
            values = Arrays.copyOf(values, values.length * 2);
        }
        int to = 0;
        for (int i = start; i < end; i++) {
            if (values[i] != null) {
                ids[to] = ids[i];
                values[to] = values[i];
                to++;
            }
        }
        Arrays.fill(values, to, end, null);
        start = 0;
        end = to;
    }
}
