package io.tagmirror.engine.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.engine.DeviceDamagedException;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.EntryKind;
import io.tagmirror.engine.Tag;
import io.tagmirror.engine.TagEntry;
import io.tagmirror.engine.TagTable;
import io.tagmirror.engine.device.io.MappedLogChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTagTableTest {
    @TempDir
    Path tmp;

    private static TagEntry entry(long gen, long seq, long first, int count) {
        return new TagEntry(new Tag(gen, seq), "obj", EntryKind.BLOCKS, first, count, (int) (seq * 31 + first));
    }

    private static List<TagEntry> all(TagTable t) throws IOException {
        List<TagEntry> out = new ArrayList<>();
        t.scan((b, e) -> out.add(e));
        return out;
    }

    /** Entries as a compare gathers them: packed, with the first block's checksum when there is one. */
    private static List<String> packed(TagTable t, String object) throws IOException {
        List<String> out = new ArrayList<>();
        t.scanPacked(object, Long.MAX_VALUE, 0, Long.MAX_VALUE, new TagTable.PackedEntryVisitor() {
            @Override
            public void entry(long generatorId, long sequence, byte kindCode, long firstBlock, int blockCount, int checksum,
                              int arrival, ByteBuffer blockChecksums, int checksumsAt) {
                out.add(generatorId + ":" + sequence + "@" + firstBlock + "+" + blockCount + "#" + arrival
                        + (blockChecksums == null ? "" : " crc " + blockChecksums.getInt(checksumsAt + 4 * (blockCount - 1))));
            }

            @Override
            public boolean read(int entries) {
                return true;
            }
        });
        return out;
    }

    private Path newLog(UUID uuid) throws IOException {
        Path file = tmp.resolve("tags.log");
        LogTagTable.create(file, uuid);
        return file;
    }

    @Test
    void everythingATableRecordsIsRebuiltFromTheLogOnOpen() throws IOException {
        UUID uuid = UUID.randomUUID();
        Path file = newLog(uuid);
        TagEntry other = new TagEntry(new Tag(7, 42), "other", EntryKind.EXTEND, 100, 2, -123456);
        long b3;
        try (LogTagTable t = LogTagTable.open(file, uuid, false)) {
            long b1 = t.append(List.of(entry(1, 0, 0, 1)), List.of(new int[] {11}));
            t.append(List.of(entry(1, 1, 4, 2), other, entry(1, 2, 9, 1)),
                    List.of(new int[] {21, 22}, new int[] {31, 32}, new int[] {41}));
            b3 = t.append(List.of(entry(2, 0, 5, 1)));
            t.trim(0, b1);
            assertThat(t.delete(List.of(entry(1, 2, 9, 1)))).isEqualTo(1);
            t.reserveSequence(1, 1000);
            t.setNeedsScrub(true);
            assertThat(t.count()).isEqualTo(3);
        }
        try (LogTagTable t = LogTagTable.open(file, uuid, true)) {
            assertThat(all(t)).containsExactly(entry(1, 1, 4, 2), other, entry(2, 0, 5, 1));
            assertThat(packed(t, "obj")).containsExactly("1:1@4+2#1 crc 22", "2:0@5+1#3");
            assertThat(packed(t, "other")).containsExactly("7:42@100+2#2 crc 32");
            assertThat(t.count()).isEqualTo(3);
            assertThat(t.lastBatchId()).isEqualTo(b3);
            assertThat(t.reservedSequence(1)).hasValue(1000);
            assertThat(t.needsScrub()).isTrue();
        }
    }

    @Test
    void compactionDeletesOnlyEntriesWhoseEveryBlockALaterEntryOfTheSameGeneratorNames() throws IOException {
        UUID uuid = UUID.randomUUID();
        Path file = newLog(uuid);
        TagEntry extend = new TagEntry(new Tag(1, 9), "obj", EntryKind.EXTEND, 50, 1, 7);
        TagEntry otherObject = new TagEntry(new Tag(1, 3), "other", EntryKind.BLOCKS, 0, 1, 7);
        try (LogTagTable t = LogTagTable.open(file, uuid, false)) {
            long old = t.append(List.of(entry(1, 0, 20, 1), entry(1, 1, 30, 4)));   // from before: never a cover
            t.append(List.of(entry(1, 2, 0, 2), entry(2, 0, 10, 1), otherObject, extend));
            t.append(List.of(entry(1, 4, 1, 1), entry(1, 5, 0, 1)));                 // 0+2 covered by 0 and 1
            t.append(List.of(entry(2, 1, 10, 1), entry(1, 6, 10, 1)));               // 2:0 covered; 1:6 another generator
            t.append(List.of(entry(1, 7, 20, 1), entry(1, 8, 30, 2)));               // 1:0 covered; 1:1 only half
            t.append(List.of(entry(1, 10, 0, 1), entry(1, 11, 0, 1)));

            assertThat(t.compactSuperseded(old)).isEqualTo(5);

            assertThat(all(t)).containsExactlyInAnyOrder(entry(1, 1, 30, 4), otherObject, extend, entry(1, 4, 1, 1),
                    entry(2, 1, 10, 1), entry(1, 6, 10, 1), entry(1, 7, 20, 1), entry(1, 8, 30, 2), entry(1, 11, 0, 1));
            assertThat(t.compactSuperseded(old)).as("the newest entry of every block stays").isZero();
        }
        try (LogTagTable t = LogTagTable.open(file, uuid, true)) {
            assertThat(t.count()).as("the deletions are in the log").isEqualTo(9);
        }
    }

    @Test
    void trimmedBatchIdsAreNeverGivenAgainAfterAReopen() throws IOException {
        UUID uuid = UUID.randomUUID();
        Path file = newLog(uuid);
        long last;
        try (LogTagTable t = LogTagTable.open(file, uuid, false)) {
            t.append(List.of(entry(1, 0, 0, 1)));
            last = t.append(List.of(entry(1, 1, 0, 1)));
            assertThat(t.trim(0, last)).isEqualTo(2);
        }
        try (LogTagTable t = LogTagTable.open(file, uuid, false)) {
            assertThat(t.count()).isZero();
            assertThat(t.append(List.of(entry(1, 2, 0, 1)))).isGreaterThan(last);
        }
    }

    @Test
    void aTornTailAtEveryByteOfTheLastBatchLeavesEveryEarlierBatchAndNothingOfIt() throws IOException {
        UUID uuid = UUID.randomUUID();
        Path file = newLog(uuid);
        List<TagEntry> earlier = new ArrayList<>();
        long before;
        long after;
        try (LogTagTable t = LogTagTable.open(file, uuid, false)) {
            for (int i = 0; i < 5; i++) {
                earlier.add(entry(1, i, i, 1));
                t.append(List.of(earlier.get(i)));
            }
            before = t.fileBytes();
            t.append(List.of(entry(1, 5, 50, 3), entry(1, 6, 60, 1)), List.of(new int[] {1, 2, 3}, new int[] {4}));
            after = t.fileBytes(); // a clean close adds a SYNCED record after it
        }
        byte[] whole = Files.readAllBytes(file);
        Path torn = tmp.resolve("torn");
        Files.createDirectories(torn);
        for (long cut = before; cut < after; cut++) {
            Path f = torn.resolve("tags.log");
            Files.write(f, Arrays.copyOf(whole, (int) cut));
            try (LogTagTable t = LogTagTable.open(f, uuid, true)) {
                assertThat(all(t)).as("cut at byte %d", cut).containsExactlyElementsOf(earlier);
            }
            assertThat(Files.size(f)).as("a read-only open changes nothing").isEqualTo(cut);
            try (LogTagTable t = LogTagTable.open(f, uuid, false)) {
                t.append(List.of(entry(9, 0, 0, 1)));
            }
            try (LogTagTable t = LogTagTable.open(f, uuid, true)) {
                assertThat(all(t)).as("appended after a cut at byte %d", cut).hasSize(6).endsWith(entry(9, 0, 0, 1));
            }
        }
    }

    /**
     * A power cut keeps the pages written since the last sync in any subset: here the page holding
     * the batch after the sync is lost and a later batch's survives. What no sync covered ends the log
     * there, as a torn tail; what a sync covered and a later mark names is damage when it is lost.
     */
    @Test
    void aPageLostAfterTheLastSyncWithALaterOneKeptIsATornTailButOneASyncCoveredIsDamage() throws IOException {
        UUID uuid = UUID.randomUUID();
        Path file = newLog(uuid);
        List<TagEntry> synced = new ArrayList<>();
        long syncedEnd;
        long lostFrom;
        long lostTo;
        byte[] pageCache;
        try (LogTagTable t = LogTagTable.open(file, uuid, false)) {
            t.setDurability(DurabilityMode.CRASH_SAFE);
            for (int i = 0; i < 3; i++) {
                synced.add(entry(1, i, i, 1));
                t.append(List.of(synced.get(i)));
            }
            t.sync();
            syncedEnd = t.fileBytes();
            t.append(List.of(entry(1, 3, 3, 1))); // a SYNCED record naming syncedEnd goes before it
            lostFrom = syncedEnd;
            lostTo = t.fileBytes();
            for (int i = 4; i < 40; i++) {
                t.append(List.of(entry(1, i, i, 1)));
            }
            pageCache = Files.readAllBytes(file);
        }
        Path cut = tmp.resolve("cut");
        Files.createDirectories(cut);
        Path f = cut.resolve("tags.log");

        byte[] lostUnsynced = pageCache.clone();
        Arrays.fill(lostUnsynced, (int) lostFrom, (int) lostTo, (byte) 0);
        Files.write(f, lostUnsynced);
        try (LogTagTable t = LogTagTable.open(f, uuid, false)) {
            assertThat(all(t)).as("the batches the sync covered, and nothing after the lost bytes").isEqualTo(synced);
            t.append(List.of(entry(9, 0, 0, 1)));
        }
        try (LogTagTable t = LogTagTable.open(f, uuid, true)) {
            assertThat(all(t)).as("appended where the log was cut").hasSize(4).endsWith(entry(9, 0, 0, 1));
        }

        byte[] damaged = pageCache.clone();
        for (int i = 0; i < 8; i++) {
            damaged[(int) (syncedEnd / 3) + i] ^= (byte) 0xa5; // inside what the sync covered
        }
        Files.write(f, damaged);
        assertThatThrownBy(() -> LogTagTable.open(f, uuid, true)).isInstanceOf(DeviceDamagedException.class)
                .hasMessageContaining("says the log was synced past it");
    }

    @Test
    void aBadChecksumInTheMiddleRefusesTheDeviceNamingTheLogAndChangesNothing() throws IOException {
        Path dir = tmp.resolve("dev");
        long middle;
        try (DirectoryDevice d = DirectoryDevice.format(dir, 4096)) {
            TagTable t = d.tagTable();
            t.append(List.of(entry(1, 0, 0, 1)));
            middle = ((LogTagTable) t).fileBytes();
            t.append(List.of(entry(1, 1, 1, 1)));
            t.append(List.of(entry(1, 2, 2, 1)));
        }
        Path log = dir.resolve("tags.log");
        byte[] bytes = Files.readAllBytes(log);
        bytes[(int) middle + 20] ^= 1;
        Files.write(log, bytes);
        for (boolean readOnly : new boolean[] {true, false}) {
            // the damaged record starts at the first batch's end, or after a SYNCED record written there
            assertThatThrownBy(() -> DirectoryDevice.open(dir, readOnly)).isInstanceOf(DeviceDamagedException.class)
                    .hasMessageContaining(log.toString()).hasMessageContaining("checksum mismatch")
                    .message().satisfies(m -> assertThat(damagedAt(m)).isBetween(middle, middle + 20));
        }
        assertThat(Files.readAllBytes(log)).isEqualTo(bytes);
        assertThat(DirectoryDevice.readableEntries(dir)).isEmpty();
    }

    @Test
    void aLogLeftByACrashWithItsGrownZerosOpensWholeAndCarriesOn() throws IOException {
        UUID uuid = UUID.randomUUID();
        Path file = newLog(uuid);
        Path crashed = tmp.resolve("crashed").resolve("tags.log");
        Files.createDirectories(crashed.getParent());
        long written;
        try (LogTagTable t = LogTagTable.open(file, uuid, false)) {
            t.setDurability(DurabilityMode.CRASH_SAFE);
            for (int i = 0; i < 500; i++) {
                t.append(List.of(entry(1, i, i, 1)), List.of(new int[] {i}));
            }
            // what a crash leaves: the records, then the zeros the file was grown by ahead of them
            Files.copy(file, crashed);
            written = t.fileBytes();
            assertThat(Files.size(crashed)).isGreaterThan(written);
        }
        // a clean close cuts the grown zeros off (what it writes on closing, if anything, stays)
        assertThat(Files.size(file)).isGreaterThanOrEqualTo(written).isLessThan(written + 64);
        assertThat(Files.size(file) % MappedLogChannel.SEGMENT).isNotZero();
        try (LogTagTable t = LogTagTable.open(crashed, uuid, false)) {
            assertThat(all(t)).hasSize(500);
            t.append(List.of(entry(1, 500, 500, 1)), List.of(new int[] {500}));
        }
        try (LogTagTable t = LogTagTable.open(crashed, uuid, true)) {
            assertThat(all(t)).hasSize(501).last().isEqualTo(entry(1, 500, 500, 1));
        }
    }

    @Test
    void steadyStateTrimmingKeepsTheLogBounded() throws IOException {
        UUID uuid = UUID.randomUUID();
        Path file = newLog(uuid);
        long bound = 64 * 1024;
        long largest = 0;
        try (LogTagTable t = LogTagTable.open(file, uuid, false, bound)) {
            t.setDurability(DurabilityMode.CRASH_SAFE);
            long trimmedUpTo = 0;
            for (int i = 0; i < 20_000; i++) {
                long id = t.append(List.of(entry(1, i, i % 1000, 1)), List.of(new int[] {i}));
                if (i % 50 == 49) {
                    // a flush: everything but the last batch is durable everywhere
                    t.trim(trimmedUpTo, id - 1);
                    trimmedUpTo = id - 1;
                }
                largest = Math.max(largest, Files.size(file));
            }
            assertThat(t.count()).isEqualTo(1);
        }
        assertThat(largest).as("20,000 appends of some 60 bytes each, trimmed every 50").isLessThan(2 * bound);
        try (LogTagTable t = LogTagTable.open(file, uuid, true)) {
            assertThat(all(t)).containsExactly(entry(1, 19_999, 999, 1));
            assertThat(t.lastBatchId()).isEqualTo(20_000);
        }
    }

    @Test
    void aRewriteKeepsTheUnsettledEntriesOfAPartlySettledBatchWithTheirBlockChecksums() throws IOException {
        UUID uuid = UUID.randomUUID();
        Path file = newLog(uuid);
        try (LogTagTable t = LogTagTable.open(file, uuid, false, 4096)) {
            t.setDurability(DurabilityMode.CRASH_SAFE);
            t.append(List.of(entry(1, 0, 0, 2), entry(1, 1, 10, 3), entry(1, 2, 20, 1)),
                    List.of(new int[] {1, 2}, new int[] {3, 4, 5}, new int[] {6}));
            t.reserveSequence(1, 77);
            long filler = 0;
            for (int i = 0; i < 200; i++) {
                filler = t.append(List.of(entry(2, i, 100, 1)));
            }
            t.delete(List.of(entry(1, 1, 10, 3)));
            t.trim(1, filler);
            assertThat(t.fileBytes()).as("rewritten").isLessThan(1000);
            assertThat(packed(t, "obj")).containsExactly("1:0@0+2#1 crc 2", "1:2@20+1#2 crc 6");
        }
        try (LogTagTable t = LogTagTable.open(file, uuid, false)) {
            assertThat(packed(t, "obj")).containsExactly("1:0@0+2#1 crc 2", "1:2@20+1#2 crc 6");
            assertThat(t.reservedSequence(1)).hasValue(77);
            assertThat(t.append(List.of(entry(1, 3, 0, 1)))).isEqualTo(202);
        }
    }

    @Test
    void aLogOfAnotherDeviceOrAnotherFormatIsRefused() throws IOException {
        Path file = newLog(UUID.randomUUID());
        assertThatThrownBy(() -> LogTagTable.open(file, UUID.randomUUID(), true))
                .isInstanceOf(DeviceDamagedException.class).hasMessageContaining("belongs to device");
        Files.write(file, "TMTAGLOG but not framed".getBytes());
        assertThatThrownBy(() -> LogTagTable.open(file, UUID.randomUUID(), true))
                .isInstanceOf(DeviceDamagedException.class).hasMessageContaining("corrupt");
    }

    /** The offset a refusal names as the damaged record's. */
    private static long damagedAt(String message) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("the record at byte (\\d+)").matcher(message);
        assertThat(m.find()).as(message).isTrue();
        return Long.parseLong(m.group(1));
    }
}
