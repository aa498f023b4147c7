package io.tagmirror.engine.device;

import io.tagmirror.engine.BlockRange;
import io.tagmirror.engine.Device;
import io.tagmirror.engine.DeviceDescriptor;
import io.tagmirror.engine.DeviceNotWritableException;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.IntentExtents;
import io.tagmirror.engine.IntentStatus;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.WriteTransaction;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A device whose writes go through a {@link WritePipeline}: what every such device kind does on the
 * write path (submitting, durability, the intent set, the missed-writes mark, the commit figures) is
 * written here once, so a new kind only says where its metadata and its objects live.
 *
 * <p>A subclass opens its pipeline in its constructor, once the state {@link #descriptor()} reads is
 * set, with {@link #intentSettings} and {@link #writeData} as the pipeline's settings and sink.
 */
public abstract class PipelinedDevice implements Device {
    private final boolean readOnly;

    protected PipelinedDevice(boolean readOnly) {
        this.readOnly = readOnly;
    }

    /** The device's write pipeline, opened by the subclass's constructor. */
    protected abstract WritePipeline pipeline();

    /** The name the pipeline's thread carries: the first part of the device's uuid. */
    protected static String threadName(DeviceDescriptor descriptor) {
        return descriptor.uuid().toString().substring(0, 8);
    }

    /** The intent set's sizes for an object: its mirror's, or the defaults for an object of no mirror yet. */
    protected final IntentExtents intentSettings(String objectId) {
        for (MirrorDefinition m : descriptor().mirrors()) {
            if (m.objectId().equals(objectId)) {
                return m.intents();
            }
        }
        return IntentExtents.DEFAULT;
    }

    /** Writes a transaction's data once its entry is committed: the pipeline's sink. */
    protected final void writeData(WriteTransaction tx) throws IOException {
        object(tx.entry().objectId()).write(tx.entry().firstBlock(), tx.data());
    }

    @Override
    public final boolean isReadOnly() {
        return readOnly;
    }

    protected final void checkWritable() throws TagMirrorException {
        if (readOnly) {
            throw notWritable();
        }
    }

    private DeviceNotWritableException notWritable() {
        return new DeviceNotWritableException(location() + " is open read-only");
    }

    @Override
    public final CompletableFuture<Void> submit(WriteTransaction tx) {
        if (readOnly) {
            return CompletableFuture.failedFuture(notWritable());
        }
        return pipeline().submit(tx);
    }

    @Override
    public final CompletableFuture<Void> submitAndWait(WriteTransaction tx) {
        if (readOnly) {
            return CompletableFuture.failedFuture(notWritable());
        }
        return pipeline().submitAndWait(tx);
    }

    @Override
    public final void setDurability(DurabilityMode mode) throws IOException {
        pipeline().setDurability(mode);
    }

    @Override
    public final DurabilityMode durability() {
        return pipeline().durability();
    }

    @Override
    public final void syncEntries() throws IOException {
        pipeline().syncEntries();
    }

    @Override
    public final List<BlockRange> intentExtentsToCompare(String objectId) {
        return pipeline().intentExtentsToCompare(objectId);
    }

    @Override
    public final void settleIntentExtents(String objectId, List<BlockRange> ranges) throws IOException {
        checkWritable();
        pipeline().settleIntentExtents(objectId, ranges);
    }

    @Override
    public final void setMissedWrites(String objectId, boolean missed) throws IOException {
        checkWritable();
        pipeline().setMissedWrites(objectId, missed);
    }

    @Override
    public final boolean missedWrites(String objectId) {
        return pipeline().missedWrites(objectId);
    }

    @Override
    public final IntentStatus intentStatus(String objectId) {
        return pipeline().intentStatus(objectId);
    }

    @Override
    public final long[] commitStatistics() {
        return pipeline().commitStatistics();
    }
}
