package io.tagmirror.engine.device;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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

    /** The live batches with ids up to {@code upTo}, in id order, as a list the index no longer backs. */
    List<Map.Entry<Long, V>> upTo(long upTo) {
        List<Map.Entry<Long, V>> out = new ArrayList<>();
        for (int i = start; i < end && ids[i] <= upTo; i++) {
            add(out, i);
        }
        return out;
    }

    /** Every live batch, newest first, as a list the index no longer backs. */
    List<Map.Entry<Long, V>> descending() {
        List<Map.Entry<Long, V>> out = new ArrayList<>(size);
        for (int i = end - 1; i >= start; i--) {
            add(out, i);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private void add(List<Map.Entry<Long, V>> out, int i) {
        if (values[i] != null) {
            out.add(new AbstractMap.SimpleImmutableEntry<>(ids[i], (V) values[i]));
        }
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
