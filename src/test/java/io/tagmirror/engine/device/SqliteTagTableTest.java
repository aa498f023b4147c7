package io.tagmirror.engine.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.engine.BlockRange;
import io.tagmirror.engine.EntryKind;
import io.tagmirror.engine.Tag;
import io.tagmirror.engine.TagEntry;
import io.tagmirror.engine.TagTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first engine's table, still read by devices that have not been carried into a log. */
class SqliteTagTableTest {
    @TempDir
    Path tmp;

    private SqliteTagTable table() throws IOException {
        return SqliteTagTable.create(tmp.resolve("tags.db"), java.util.UUID.randomUUID());
    }

    private static TagEntry entry(long gen, long seq, long first, int count) {
        return new TagEntry(new Tag(gen, seq), "obj", EntryKind.BLOCKS, first, count, (int) (seq * 31 + first));
    }

    private static List<TagEntry> all(TagTable t) throws IOException {
        List<TagEntry> out = new ArrayList<>();
        t.scan((b, e) -> out.add(e));
        return out;
    }

    @Test
    void aBatchIsOneTransactionAndScansInArrivalOrder() throws IOException {
        try (SqliteTagTable t = table()) {
            long b1 = t.append(List.of(entry(1, 0, 0, 1), entry(2, 0, 9, 3)));
            long b2 = t.append(List.of(entry(1, 1, 4, 2)));
            assertThat(b2).isGreaterThan(b1);
            assertThat(t.count()).isEqualTo(3);
            assertThat(all(t)).extracting(e -> e.tag().toString()).containsExactly("1:0", "2:0", "1:1");
            assertThat(t.lastBatchId()).isEqualTo(b2);
        }
    }

    @Test
    void entriesSurviveReopenWithAllTheirFields() throws IOException {
        TagEntry extend = new TagEntry(new Tag(7, 42), "other", EntryKind.EXTEND, 100, 8, -123456);
        java.util.UUID uuid = java.util.UUID.randomUUID();
        try (SqliteTagTable t = SqliteTagTable.create(tmp.resolve("tags.db"), uuid)) {
            t.append(List.of(entry(1, 5, 3, 1), extend));
        }
        try (SqliteTagTable t = SqliteTagTable.open(tmp.resolve("tags.db"), uuid, false)) {
            assertThat(all(t)).containsExactly(entry(1, 5, 3, 1), extend);
        }
    }

    @Test
    void lookupFindsEntriesOverlappingARange() throws IOException {
        try (SqliteTagTable t = table()) {
            t.append(List.of(entry(1, 0, 0, 4), entry(1, 1, 10, 2), entry(1, 2, 20, 1)));
            assertThat(t.lookup("obj", new BlockRange(3, 8))).extracting(e -> e.tag().sequence())
                    .containsExactly(0L, 1L);
            assertThat(t.lookup("nope", new BlockRange(0, 100))).isEmpty();
        }
    }

    @Test
    void deleteRemovesOnlyMatchingEntriesEvenInsideABatch() throws IOException {
        try (SqliteTagTable t = table()) {
            t.append(List.of(entry(1, 0, 0, 1), entry(1, 1, 1, 1), entry(1, 2, 2, 1)));
            TagEntry differentChecksum = new TagEntry(new Tag(1, 2), "obj", EntryKind.BLOCKS, 2, 1, 999);
            assertThat(t.delete(List.of(entry(1, 1, 1, 1), differentChecksum))).isEqualTo(1);
            assertThat(all(t)).extracting(e -> e.tag().sequence()).containsExactly(0L, 2L);
            assertThat(t.delete(List.of(entry(1, 0, 0, 1), entry(1, 2, 2, 1)))).isEqualTo(2);
            assertThat(t.count()).isZero();
        }
    }

    @Test
    void trimDeletesWholeBatchesInTheRangeAndIdsAreNeverReused() throws IOException {
        try (SqliteTagTable t = table()) {
            long b1 = t.append(List.of(entry(1, 0, 0, 1)));
            long b2 = t.append(List.of(entry(1, 1, 0, 1), entry(1, 2, 0, 1)));
            long b3 = t.append(List.of(entry(1, 3, 0, 1)));
            assertThat(t.trim(b1, b2)).isEqualTo(2);
            assertThat(all(t)).extracting(e -> e.tag().sequence()).containsExactly(0L, 3L);
            t.trim(0, b3);
            assertThat(t.count()).isZero();
            long b4 = t.append(List.of(entry(1, 4, 0, 1)));
            assertThat(b4).isGreaterThan(b3);
        }
    }

    @Test
    void aTableFromBeforeBlockChecksumsIsReadAndCarriedIntoALog() throws Exception {
        Path dir = tmp.resolve("dev");
        FirstEngineDevices.format(dir, t -> t.append(List.of(entry(1, 0, 0, 1))));
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("tags.db"));
             java.sql.Statement s = c.createStatement()) {
            s.execute("ALTER TABLE entry_batch DROP COLUMN block_checksums");
        }
        try (DirectoryDevice readOnly = DirectoryDevice.open(dir, true)) {
            assertThat(all(readOnly.tagTable())).hasSize(1);
        }
        try (DirectoryDevice d = DirectoryDevice.open(dir, false)) {
            d.tagTable().append(List.of(entry(1, 1, 2, 2)), List.of(new int[] {7, 8}));
            assertThat(all(d.tagTable())).hasSize(2);
            assertThat(dir.resolve("tags.log")).isRegularFile();
        }
    }

    @Test
    void reservationsOnlyGrow() throws IOException {
        try (SqliteTagTable t = table()) {
            assertThat(t.reservedSequence(3)).isEmpty();
            t.reserveSequence(3, 100);
            t.reserveSequence(3, 50);
            assertThat(t.reservedSequence(3)).hasValue(100);
        }
    }
}
