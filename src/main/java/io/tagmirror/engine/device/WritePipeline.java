package io.tagmirror.engine.device;

import io.tagmirror.engine.BlockRange;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.IntentExtents;
import io.tagmirror.engine.IntentStatus;
import io.tagmirror.engine.TagTable;
import io.tagmirror.engine.WriteTransaction;
import io.tagmirror.engine.device.io.ObjectChannel;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The write path of a device: its group commit and its intent set (in a directory device's file or a
 * block device's region), the same for every device kind ({@link PipelinedDevice}). Thread contract
 * as {@link GroupCommitter}'s and {@link IntentSet}'s.
 */
public final class WritePipeline implements AutoCloseable {
    /** Where a transaction's data goes once its entry is recorded. */
    @FunctionalInterface
    public interface Sink {
        void write(WriteTransaction tx) throws IOException;
    }

    private final TagTable table;
    private final IntentSet intents;
    private final Function<String, IntentExtents> settings;
    private final GroupCommitter committer;
    private final long openedNanos = System.nanoTime();
    private volatile DurabilityMode durability = DurabilityMode.POWER_SAFE;

    private WritePipeline(TagTable table, IntentSet intents, Function<String, IntentExtents> settings,
                          GroupCommitter committer) {
        this.table = table;
        this.intents = intents;
        this.settings = settings;
        this.committer = committer;
    }

    /**
     * The pipeline over {@code table} with its intent set in {@code intentRing} ({@code name} in
     * messages); {@code freshRing} writes an empty set into a ring just zeroed. A read-only pipeline
     * reads the set and writes nothing.
     */
    public static WritePipeline open(TagTable table, ObjectChannel intentRing, String name, boolean freshRing,
                                     Function<String, IntentExtents> settings, int blockSize, boolean readOnly,
                                     Sink sink, String threadName) throws IOException {
        IntentSet intents = IntentSet.open(IntentSlots.inRegion(intentRing, name, freshRing && !readOnly), settings,
                blockSize);
        GroupCommitter committer = readOnly ? null : new GroupCommitter(table, intents, sink::write, threadName);
        return new WritePipeline(table, intents, settings, committer);
    }

    /** The pipeline over {@code table} with its intent set in {@code slots} (a directory device's file). */
    public static WritePipeline open(TagTable table, IntentSlots slots, Function<String, IntentExtents> settings,
                                     int blockSize, boolean readOnly, Sink sink, String threadName) throws IOException {
        IntentSet intents = IntentSet.open(slots, settings, blockSize);
        GroupCommitter committer = readOnly ? null : new GroupCommitter(table, intents, sink::write, threadName);
        return new WritePipeline(table, intents, settings, committer);
    }

    public CompletableFuture<Void> submit(WriteTransaction tx) {
        return committer.submit(tx);
    }

    public CompletableFuture<Void> submitAndWait(WriteTransaction tx) {
        return committer.write(tx);
    }

    /** As a directory device: power-safe appends entries without a sync, the intent set covering their data. */
    public void setDurability(DurabilityMode mode) throws IOException {
        table.setDurability(DurabilityMode.CRASH_SAFE);
        if (committer != null) {
            committer.setPowerSafe(mode == DurabilityMode.POWER_SAFE);
        }
        durability = mode;
    }

    public DurabilityMode durability() {
        return durability;
    }

    public void syncEntries() throws IOException {
        if (committer != null) {
            committer.syncEntries();
        }
    }

    public List<BlockRange> intentExtentsToCompare(String objectId) {
        return intents.pinned(objectId);
    }

    public void settleIntentExtents(String objectId, List<BlockRange> ranges) throws IOException {
        intents.settle(objectId, ranges);
    }

    public void setMissedWrites(String objectId, boolean missed) throws IOException {
        intents.setMissedWrites(objectId, missed);
    }

    public boolean missedWrites(String objectId) {
        return intents.missedWrites(objectId);
    }

    public IntentStatus intentStatus(String objectId) {
        return new IntentStatus(intents.size(objectId), settings.apply(objectId).count(),
                intents.pinned(objectId).size(), intents.misses(), (System.nanoTime() - openedNanos) / 1e9);
    }

    public long[] commitStatistics() {
        return committer == null ? new long[] {0, 0, 0, 0, 0}
                : new long[] {committer.batches(), committer.entries(), committer.handOvers(), committer.entrySyncs(),
                        intents.records()};
    }

    /** Stops the pipeline; an orderly close leaves every entry durable, so this run's extents may leave the set. */
    @Override
    public void close() throws IOException {
        if (committer != null) {
            committer.close();
            if (durability == DurabilityMode.POWER_SAFE && !committer.failed()) {
                try {
                    committer.syncEntries();
                    intents.retireSettled();
                } catch (IOException e) {
                    // a drive that fails here keeps the extents in its set: the next compare reads more
                }
            }
        }
        intents.close();
    }
}
