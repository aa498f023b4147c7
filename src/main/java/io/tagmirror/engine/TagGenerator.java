package io.tagmirror.engine;

import java.io.IOException;

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
    private long next;
    private long reservedUntil;

    TagGenerator(long id, Reservations reservations) throws IOException {
        if (id <= 0) {
            throw new TagMirrorException("generator id must be a positive number, not " + id);
        }
        this.id = id;
        this.reservations = reservations;
        this.next = reservations.reserved(id);
        this.reservedUntil = next;
    }

    public long id() {
        return id;
    }

    /** The next tag; called under the block locks of the write, so sequence order is data order per block. */
    public synchronized Tag next() throws IOException {
        if (next >= reservedUntil) {
            long until = next + RESERVATION;
            reservations.reserve(id, until);
            reservedUntil = until;
        }
        return new Tag(id, next++);
    }

    /** The sequence the next tag will carry. */
    public synchronized long peek() {
        return next;
    }
}
