package io.tagmirror.engine;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The per-writer counter that hands out tags. Sequences are reserved durably in ranges on the
 * devices, so a restart (even after kill -9) skips the unused rest and a tag is never reused.
 */
public final class TagGenerator {
    static final long RESERVATION = 1 << 16;

    /** Where reservations are made durable. */
    interface Reservations {
        long reserved(long generatorId) throws IOException;

        void reserve(long generatorId, long until) throws IOException;
    }

    private final long id;
    private final Reservations reservations;
    private final AtomicLong next;
    /** Sequences below this are durably reserved; raised only under the monitor, read without it. */
    private volatile long reservedUntil;

    TagGenerator(long id, Reservations reservations) throws IOException {
        if (id <= 0) {
            throw new TagMirrorException("generator id must be a positive number, not " + id);
        }
        this.id = id;
        this.reservations = reservations;
        long first = reservations.reserved(id);
        this.next = new AtomicLong(first);
        this.reservedUntil = first;
    }

    public long id() {
        return id;
    }

    /**
     * The next tag; called under the block locks of the write, so sequence order is data order per
     * block. Taking a sequence is one atomic increment: the monitor it took before was one more that
     * every writer of a mirror met (sixteen at depth 16). Only a writer whose sequence is past the
     * reservation takes the monitor, and makes the next reservation durable before its tag is used.
     */
    public Tag next() throws IOException {
        long sequence = next.getAndIncrement();
        if (sequence >= reservedUntil) {
            reserveThrough(sequence);
        }
        return new Tag(id, sequence);
    }

    private synchronized void reserveThrough(long sequence) throws IOException {
        while (sequence >= reservedUntil) {
            long until = sequence + RESERVATION;
            reservations.reserve(id, until);
            reservedUntil = until;
        }
    }

    /** The sequence the next tag will carry. */
    public long peek() {
        return next.get();
    }
}
