package io.tagmirror.engine.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.engine.BlockRange;
import io.tagmirror.engine.DeviceDamagedException;
import io.tagmirror.engine.EntryKind;
import io.tagmirror.engine.IntentExtents;
import io.tagmirror.engine.Tag;
import io.tagmirror.engine.TagEntry;
import io.tagmirror.engine.device.io.FileObjectChannel;
import io.tagmirror.engine.device.io.ForwardingObjectChannel;
import io.tagmirror.engine.device.io.ObjectChannel;
import io.tagmirror.engine.device.io.ObjectIo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The durable intent set: what costs a sync, when an extent may leave, and what a torn slot leaves. */
class IntentSetTest {
    private static final int BS = 4096;
    private static final String OBJECT = "mirror-x";
    /** Extents of 8 blocks, at most 3 in the set. */
    private static final IntentExtents SMALL = new IntentExtents(8L * BS, 3);

    @TempDir
    Path dir;

    /** The order in which the set's records and the entries' syncs reached the disk. */
    private final List<String> events = new ArrayList<>();
    private long sequence;

    private final ObjectIo recording = (file, mode) -> new ForwardingObjectChannel(FileObjectChannel.open(file, mode)) {
        @Override
        public void force() throws IOException {
            events.add("intent record");
            super.force();
        }
    };

    private IntentSet open() throws IOException {
        return IntentSet.open(IntentSlots.open(recording, dir, false), id -> SMALL, BS);
    }

    private TagEntry write(long firstBlock, int blocks) {
        return new TagEntry(new Tag(1, ++sequence), OBJECT, EntryKind.BLOCKS, firstBlock, blocks, 0);
    }

    private void batch(IntentSet set, long batchId, TagEntry... entries) throws IOException {
        assertThat(set.cover(List.of(entries), () -> {
            events.add("entries synced");
            set.entriesDurable(batchId - 1);
        })).isTrue();
        set.appended(List.of(entries), batchId);
    }

    @Test
    void aHotWorkingSetCostsOneRecordForAllItsWrites() throws IOException {
        try (IntentSet set = open()) {
            events.clear();
            batch(set, 1, write(0, 1), write(9, 2), write(20, 1)); // extents 0, 1 and 2: one record
            for (long b = 2; b < 50; b++) {
                batch(set, b, write(b % 24, 1));
            }
            assertThat(events).containsExactly("intent record");
            assertThat(set.misses()).isEqualTo(3);
            assertThat(set.size(OBJECT)).isEqualTo(3);
        }
    }

    @Test
    void anExtentLeavesOnlyOnceTheEntriesOfItsWritesAreDurable() throws IOException {
        try (IntentSet set = open()) {
            batch(set, 1, write(0, 1), write(8, 1), write(16, 1)); // the set is full
            events.clear();
            batch(set, 2, write(24, 1)); // a fourth extent: one must go, and none has durable entries
            assertThat(events).containsExactly("entries synced", "intent record");
            events.clear();
            set.entriesDurable(2);
            batch(set, 3, write(32, 1)); // now one may go without a sync
            assertThat(events).containsExactly("intent record");
            assertThat(set.size(OBJECT)).isEqualTo(3);
        }
    }

    @Test
    void anExtentWrittenByTheBatchBeingCoveredNeverLeavesForIt() throws IOException {
        try (IntentSet set = open()) {
            batch(set, 1, write(0, 1), write(8, 1));
            set.entriesDurable(1);
            batch(set, 2, write(0, 1), write(16, 1), write(24, 1)); // extent 0 is in use by this batch
            assertThat(set.cover(List.of(write(0, 1)), () -> { })).isTrue();
            assertThat(set.misses()).isEqualTo(4);
        }
    }

    @Test
    void extentsReadBackAtOpenStayUntilARepairSettlesThem() throws IOException {
        try (IntentSet set = open()) {
            batch(set, 1, write(0, 1), write(8, 1));
            set.entriesDurable(1);
        }
        try (IntentSet set = open()) {
            assertThat(set.pinned(OBJECT)).containsExactly(new BlockRange(0, 8), new BlockRange(8, 8));
            set.entriesDurable(100);
            set.retireSettled();
            assertThat(set.size(OBJECT)).isEqualTo(2);
            set.settle(OBJECT, List.of(new BlockRange(0, 8)));
            assertThat(set.pinned(OBJECT)).containsExactly(new BlockRange(8, 8));
        }
        try (IntentSet set = open()) {
            assertThat(set.pinned(OBJECT)).containsExactly(new BlockRange(8, 8));
        }
    }

    @Test
    void aBatchTheSetCannotHoldIsLeftToASyncOfItsEntries() throws IOException {
        try (IntentSet set = open()) {
            assertThat(set.cover(List.of(write(0, 64)), () -> { })).isFalse(); // 8 extents, the set holds 3
            assertThat(set.size(OBJECT)).isZero();
        }
        try (IntentSet off = IntentSet.open(IntentSlots.open(recording, dir, false), id -> IntentExtents.OFF, BS)) {
            assertThat(off.cover(List.of(write(0, 1)), () -> { })).isFalse();
        }
    }

    @Test
    void aTornRecordLeavesTheSetBeforeIt() throws IOException {
        try (IntentSet set = open()) {
            batch(set, 1, write(0, 1));
            batch(set, 2, write(8, 1)); // written to the other slot
        }
        // tear the newer record (sequence 2, slot 0): its CRC no longer matches
        try (ObjectChannel c = ObjectIo.SYSTEM.open(dir.resolve(IntentSlots.FILE_NAME), ObjectIo.OpenMode.READ_WRITE)) {
            c.write(ByteBuffer.wrap(new byte[] {0x55}), IntentSlots.HEADER_BYTES + 3);
        }
        try (IntentSet set = open()) {
            assertThat(set.pinned(OBJECT)).containsExactly(new BlockRange(0, 8));
        }
        try (ObjectChannel c = ObjectIo.SYSTEM.open(dir.resolve(IntentSlots.FILE_NAME), ObjectIo.OpenMode.READ_WRITE)) {
            c.write(ByteBuffer.wrap(new byte[] {0x55}), IntentSlots.SLOT_BYTES + IntentSlots.HEADER_BYTES + 3);
        }
        assertThatThrownBy(() -> IntentSlots.open(recording, dir, false).read())
                .isInstanceOf(DeviceDamagedException.class)
                .hasMessageContaining(dir.resolve(IntentSlots.FILE_NAME).toString())
                .hasMessageContaining("neither copy");
    }
}
