package io.tagmirror.engine;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * A storage device TagMirror writes to: its storage objects and its tag table.
 *
 * <p>Nothing here assumes the device is local: a remote or raw-block device can implement it.
 */
public interface Device extends Closeable {

    UUID uuid();

    int blockSize();

    /** Where the device is, in words an administrator recognises (a path, a URL). */
    String location();

    DeviceDescriptor descriptor();

    /** Replaces the device's descriptor durably (used to record mirror membership). */
    void updateDescriptor(DeviceDescriptor descriptor) throws IOException;

    TagTable tagTable();

    boolean hasObject(String objectId);

    List<String> objectIds() throws IOException;

    StorageObject createObject(String objectId, long lengthBlocks) throws IOException;

    /**
     * The object; an {@link ObjectDamagedException} when it is missing or shorter than its mirror
     * (its data was lost outside TagMirror).
     */
    StorageObject object(String objectId) throws IOException;

    /**
     * Makes a missing or truncated object whole in length again: a missing one is made anew (sparse,
     * all zeros), a short one is extended with zeros to {@code lengthBlocks}. Its content is not
     * restored: the caller copies it from a healthy member.
     */
    StorageObject restoreObject(String objectId, long lengthBlocks) throws IOException;

    void deleteObject(String objectId) throws IOException;

    /**
     * The one way a write transaction enters the device: its entry joins the next entry batch, and its
     * data is written once that batch is committed as far as the durability mode requires (the ordering
     * that gives invariant 1). Completes when both are done, or exceptionally with the I/O failure.
     */
    CompletableFuture<Void> submit(WriteTransaction tx);

    /**
     * As {@link #submit}, for a caller that waits for the write anyway: returns once it is done (the
     * future is complete). A device may commit the batch on the calling thread when it is idle instead
     * of waking a thread of its own (LevelDB's {@code DBImpl::Write}), which is what a write at queue
     * depth 1 costs most.
     */
    default CompletableFuture<Void> submitAndWait(WriteTransaction tx) {
        CompletableFuture<Void> done = submit(tx);
        try {
            done.join();
        } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
            // the caller reads the failure from the future, as from submit's
        }
        return done;
    }

    void setDurability(DurabilityMode mode) throws IOException;

    DurabilityMode durability();

    /** Free bytes where the device stores its objects, or -1 when unknown. */
    /**
     * The room a block device's data region has for its mirror's data, fixed when it was formatted;
     * empty for a directory device, whose objects grow in its filesystem.
     */
    default java.util.OptionalLong dataRegionBytes() {
        return java.util.OptionalLong.empty();
    }

    long freeBytes();

    boolean isReadOnly();

    /**
     * What an administrator should know about the device as it was opened, each in one sentence (a
     * damaged superblock copy that was skipped); empty when all is well.
     */
    default List<String> notices() {
        return List.of();
    }

    /**
     * Statistics of the group commit: batches committed, entries in them, (where the device has a
     * thread of its own) how many batches were handed to that thread to commit, and (where it keeps an
     * intent set) the syncs of its entries and the intent records it wrote (one sync each).
     */
    long[] commitStatistics();

    /**
     * Makes every entry recorded so far durable (a flush in power-safe mode, where entries are appended
     * without a sync and the intent set covers their data meanwhile).
     */
    default void syncEntries() throws IOException {
        tagTable().sync();
    }

    /**
     * The extents of {@code objectId} in this device's durable intent set that a power cut may have
     * left different on the members with no durable entry naming the blocks: a compare reads them
     * beside what the entries name (DESIGN §3). A device that syncs entries before data has none.
     */
    default List<BlockRange> intentExtentsToCompare(String objectId) throws IOException {
        return List.of();
    }

    /**
     * A repair of every member made them agree over {@code ranges} of {@code objectId} and synced what
     * it copied: the device's intent extents inside them may leave its set.
     */
    default void settleIntentExtents(String objectId, List<BlockRange> ranges) throws IOException {
    }

    /**
     * Records durably that this device missed writes of {@code objectId}'s mirror (it came back from an
     * outage), or, after a repair of every member, that it no longer does. A device that cannot record
     * it refuses only the mark.
     */
    default void setMissedWrites(String objectId, boolean missed) throws IOException {
    }

    /** Whether {@link #setMissedWrites} recorded that this device missed writes of {@code objectId}'s mirror. */
    default boolean missedWrites(String objectId) throws IOException {
        return false;
    }

    /** The device's intent set for {@code objectId}. */
    default IntentStatus intentStatus(String objectId) {
        return IntentStatus.NONE;
    }

    /** Makes a buffer for {@code count} blocks. */
    default ByteBuffer blocks(int count) {
        return ByteBuffer.allocate(count * blockSize());
    }
}
