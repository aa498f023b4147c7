package io.tagmirror.engine;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A device's durable record of the write transactions it received and has not been told are durable
 * on every mirror.
 *
 * <p>Entries are appended in batches (group commit); each batch has an increasing id, which is what
 * trimming uses to tell the entries of completed, flushed writes from newer ones.
 */
public interface TagTable extends Closeable {

    /** Receives entries in arrival order; returning false stops the scan. */
    @FunctionalInterface
    interface EntryVisitor {
        boolean visit(long batchId, TagEntry entry) throws IOException;
    }

    /** Records a batch of entries in one durable transaction and returns its batch id. */
    long append(List<TagEntry> entries) throws IOException;

    /**
     * Records a batch with, for each entry, the CRC32C of each of its blocks (null where unknown);
     * tables that cannot keep them record the entries alone.
     */
    default long append(List<TagEntry> entries, List<int[]> blockChecksums) throws IOException {
        return append(entries);
    }

    /** Visits every entry in arrival order (batch by batch), without loading the table into memory. */
    void scan(EntryVisitor visitor) throws IOException;

    /**
     * Receives the entries of one object as plain numbers, so a compare can gather millions of them
     * without an object per entry.
     */
    interface PackedEntryVisitor {
        /**
         * One entry; {@code arrival} is its position among all the table's entries (from 1), and when
         * {@code blockChecksums} is not null it holds the CRC32C of each of the entry's blocks as
         * little-endian ints from {@code checksumsAt}.
         */
        void entry(long generatorId, long sequence, byte kindCode, long firstBlock, int blockCount, int checksum,
                   int arrival, ByteBuffer blockChecksums, int checksumsAt) throws IOException;

        /** Called after every {@code entries} entries read (of any object); returning false stops the scan. */
        boolean read(int entries) throws IOException;
    }

    /**
     * Visits, in arrival order, the entries of {@code objectId} in batches up to {@code upToBatch} that
     * overlap blocks {@code [fromBlock, toBlock)}. Tables that keep entries packed override this to
     * decode them without making a {@link TagEntry} each; this default goes through {@link #scan}.
     */
    default void scanPacked(String objectId, long upToBatch, long fromBlock, long toBlock, PackedEntryVisitor visitor)
            throws IOException {
        int[] arrival = {0};
        scan((batch, e) -> {
            arrival[0]++;
            if (batch <= upToBatch && e.objectId().equals(objectId) && e.firstBlock() < toBlock
                    && e.endBlock() > fromBlock) {
                visitor.entry(e.tag().generatorId(), e.tag().sequence(), e.kind().code(), e.firstBlock(),
                        e.blockCount(), e.checksum(), arrival[0], null, 0);
            }
            return visitor.read(1);
        });
    }

    /**
     * Bytes one entry of {@code blockCount} blocks takes in this table, its block checksums included, as
     * the benchmark reports it; -1 when the table does not say.
     */
    default int entryBytes(int blockCount) {
        return -1;
    }

    /**
     * Bytes this table has appended to its log since it was opened, records and their framing, as the
     * benchmark reports them; -1 when the table does not say. Appends that are stores into a mapping
     * make no write system call, so a process's write counter no longer sees them.
     */
    default long bytesAppended() {
        return -1;
    }

    /** Every entry of {@code objectId} that overlaps {@code range}; this default goes through {@link #scan}. */
    default List<TagEntry> lookup(String objectId, BlockRange range) throws IOException {
        List<TagEntry> found = new ArrayList<>();
        scan((batch, e) -> {
            if (e.objectId().equals(objectId) && e.range().overlaps(range)) {
                found.add(e);
            }
            return true;
        });
        return found;
    }

    /**
     * Deletes the entries that match those given (same tag and contents); returns how many were deleted.
     * Goes through {@link #deleteUpTo}, to the last batch recorded.
     */
    default int delete(Collection<TagEntry> entries) throws IOException {
        if (entries.isEmpty()) {
            return 0;
        }
        Map<Tag, TagEntry> wanted = new HashMap<>();
        for (TagEntry e : entries) {
            wanted.put(e.tag(), e);
        }
        // only an entry with the same tag and the same contents is deleted (claims 9-10 of the method)
        return (int) deleteUpTo(lastBatchId(), e -> {
            TagEntry match = wanted.get(e.tag());
            return match == null || !match.matches(e);
        });
    }

    /**
     * Deletes the entries of batches up to {@code upToBatch} that {@code keep} does not keep, in one
     * transaction; returns how many were deleted. This is how a repair settles what its compare saw.
     */
    long deleteUpTo(long upToBatch, java.util.function.Predicate<TagEntry> keep) throws IOException;

    /** Deletes whole batches with ids in {@code (afterBatch, upToBatch]}; returns the number of entries deleted. */
    long trim(long afterBatch, long upToBatch) throws IOException;

    /** Number of entries in the table. */
    long count() throws IOException;

    /** Id of the newest batch, 0 for an empty table that never held one. */
    long lastBatchId() throws IOException;

    /** The sequence up to which a generator has reserved tags on this device (exclusive), if it ever did. */
    OptionalLong reservedSequence(long generatorId) throws IOException;

    /** Durably records that {@code generatorId} may use sequences below {@code until}. */
    void reserveSequence(long generatorId, long until) throws IOException;

    /**
     * Whether this device's data cannot be judged by its entries (its table was lost and recreated, or
     * it replaced a member): only a scrub settles it.
     */
    default boolean needsScrub() throws IOException {
        return false;
    }

    /** Records durably whether the device needs a scrub. */
    default void setNeedsScrub(boolean needed) throws IOException {
        if (needed) {
            throw new TagMirrorException("this tag table cannot record that its device needs a scrub");
        }
    }

    /**
     * Whether the table stopped keeping entries at some point because its log was full and could not
     * be trimmed (a member was away): its entries no longer name every block that may differ from
     * another member's, so only a compare of the whole volume can say the mirror is in sync.
     */
    default boolean incomplete() {
        return false;
    }

    /**
     * Records durably that the table names every block that may differ again: called once every
     * member holds the same data (a flush with every member in sync, or a repair after a whole-volume
     * compare).
     */
    default void clearIncomplete() throws IOException {
    }

    /**
     * Whether the table's log is filling up its fixed room (three quarters or more), so the mirror
     * should flush and trim before writes find it full.
     */
    default boolean nearlyFull() {
        return false;
    }

    /**
     * Whether the table's log has used half its fixed room: the mirror then trims it without stopping
     * the writes, so the room is back before {@link #nearlyFull} makes them wait.
     */
    default boolean halfFull() {
        return false;
    }

    /**
     * Deletes the write entries whose every block a later write entry of the same object and the same
     * generator names, in a batch after {@code newerThanBatch}: what a member away missed is still named
     * by each block's newest entry, while a log of fixed room stops filling with entries of blocks
     * written again and again. Only called with the writes of those later entries on the media (the
     * mirror drains and syncs them first). Across generators writes have no order, so an entry of one
     * is never taken as superseded by another's. Returns the entries deleted; a table that cannot do
     * this cheaply deletes none.
     */
    default long compactSuperseded(long newerThanBatch) throws IOException {
        return 0;
    }

    /**
     * Makes everything recorded so far durable (what a crash-safe append left in the page cache); in
     * power-safe mode, where every record is synced as it is made, there is nothing left to do.
     */
    void sync() throws IOException;

    /** Switches how an append is made durable before it returns. */
    void setDurability(DurabilityMode mode) throws IOException;
}
