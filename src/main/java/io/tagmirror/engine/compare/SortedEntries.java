package io.tagmirror.engine.compare;

import io.tagmirror.engine.TagMirrorException;
import java.io.Closeable;
import java.io.IOException;

/**
 * A compare's entries handed out one at a time in block order: by first block, and entries with the
 * same first block in the order they were gathered (device by device, each in arrival order), which is
 * the order the compare's tie-breaks were written for.
 */
interface SortedEntries extends Closeable {

    boolean hasNext();

    /** First block of the next entry; only when {@link #hasNext()}. */
    long nextFirst();

    /** Moves the next entry into {@code to} and returns its index there. */
    int moveNextInto(EntryStore to) throws IOException;

    /** How many entries there are in all. */
    long size();

    @Override
    default void close() throws IOException {
    }

    /** The entries of one store, sorted in memory. */
    static SortedEntries of(EntryStore store) {
        int[] order = store.orderByFirstBlock();
        return new SortedEntries() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < order.length;
            }

            @Override
            public long nextFirst() {
                return store.first[order[next]];
            }

            @Override
            public int moveNextInto(EntryStore to) throws TagMirrorException {
                return to.copy(store, order[next++]);
            }

            @Override
            public long size() {
                return order.length;
            }
        };
    }
}
