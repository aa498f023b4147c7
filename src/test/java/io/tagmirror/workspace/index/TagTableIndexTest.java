package io.tagmirror.workspace.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.engine.BlockRange;
import io.tagmirror.engine.CancelledException;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.EntryKind;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.Tag;
import io.tagmirror.engine.TagEntry;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.engine.device.DirectoryDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tag table index: one row per tag, matched / only on some / conflict, filters and paging. */
class TagTableIndexTest {

    @TempDir
    Path dir;

    private DirectoryDevice a;
    private DirectoryDevice b;
    private MirrorDefinition mirror;
    private String object;

    @BeforeEach
    void twoDevicesInAMirror() throws Exception {
        a = DirectoryDevice.format(dir.resolve("a"), 4096);
        b = DirectoryDevice.format(dir.resolve("b"), 4096);
        try (Mirror m = Mirror.create("m", 64L << 20, List.of(a, b), DurabilityMode.CRASH_SAFE)) {
            mirror = m.definition();
        }
        object = mirror.objectId();
    }

    @AfterEach
    void close() throws Exception {
        a.close();
        b.close();
    }

    private TagEntry entry(long gen, long seq, long first, int count, int checksum) {
        return new TagEntry(new Tag(gen, seq), object, EntryKind.BLOCKS, first, count, checksum);
    }

    private TagTableIndex build() throws Exception {
        return TagTableIndex.build(dir.resolve("index-" + System.nanoTime() + ".db"), mirror,
                List.of(IndexSource.of(a.uuid(), "a", a.tagTable()), IndexSource.of(b.uuid(), "b", b.tagTable())),
                TaskMonitor.NONE);
    }

    @Test
    void tagsOnBothDevicesAreMatchedAndTagsOnOneAreOnlyThere() throws Exception {
        a.tagTable().append(List.of(entry(1, 1, 10, 2, 11), entry(1, 2, 20, 1, 12), entry(1, 3, 30, 4, 13)));
        b.tagTable().append(List.of(entry(1, 1, 10, 2, 11), entry(1, 3, 30, 4, 13)));

        try (TagTableIndex index = build()) {
            List<IndexRow> rows = index.page(TagFilter.ALL, null, false, 0, 10);

            assertThat(rows).extracting(r -> r.tag().toString()).containsExactly("1:1", "1:2", "1:3");
            assertThat(rows).extracting(IndexRow::state)
                    .containsExactly(MatchState.MATCHED, MatchState.ONLY_SOME, MatchState.MATCHED);
            assertThat(rows.get(1).isOn(0)).isTrue();
            assertThat(rows.get(1).isOn(1)).isFalse();
            assertThat(index.summary().matched()).isEqualTo(2);
            assertThat(index.summary().onlySome()).isEqualTo(1);
            assertThat(index.summary().devices()).extracting(IndexedDevice::entries).containsExactly(3L, 2L);
        }
    }

    @Test
    void theSameTagWithOtherContentsIsAConflictAndKeepsEachDevicesEntry() throws Exception {
        a.tagTable().append(List.of(entry(1, 5, 100, 2, 0xAAAA)));
        b.tagTable().append(List.of(entry(1, 5, 100, 2, 0xBBBB)));

        try (TagTableIndex index = build()) {
            IndexRow row = index.row(new Tag(1, 5)).orElseThrow();

            assertThat(row.state()).isEqualTo(MatchState.CONFLICT);
            assertThat(row.entryOrNull(0).checksum()).isEqualTo(0xAAAA);
            assertThat(row.entryOrNull(1).checksum()).isEqualTo(0xBBBB);
            assertThat(index.summary().conflicts()).isEqualTo(1);
        }
    }

    @Test
    void unmatchedWritesOfTwoGeneratorsToTheSameBlocksOnDifferentDevicesConflict() throws Exception {
        // A crash left generator 1's write on a only and generator 2's on b only, over block 41.
        a.tagTable().append(List.of(entry(1, 7, 40, 2, 1), entry(1, 8, 500, 1, 2)));
        b.tagTable().append(List.of(entry(2, 3, 41, 3, 3)));

        try (TagTableIndex index = build()) {
            assertThat(index.row(new Tag(1, 7)).orElseThrow().state()).isEqualTo(MatchState.CONFLICT);
            assertThat(index.row(new Tag(2, 3)).orElseThrow().state()).isEqualTo(MatchState.CONFLICT);
            assertThat(index.row(new Tag(1, 8)).orElseThrow().state()).isEqualTo(MatchState.ONLY_SOME);
        }
    }

    @Test
    void writesOfTwoGeneratorsHeldByTheSameDeviceAreNoConflict() throws Exception {
        // Device a holds both writes and b neither: copying a's blocks to b settles it.
        a.tagTable().append(List.of(entry(1, 7, 40, 2, 1), entry(2, 3, 41, 3, 3)));

        try (TagTableIndex index = build()) {
            assertThat(index.summary().conflicts()).isZero();
            assertThat(index.summary().onlySome()).isEqualTo(2);
        }
    }

    @Test
    void filtersByUnmatchedGeneratorAndBlocks() throws Exception {
        List<TagEntry> onA = new ArrayList<>();
        List<TagEntry> onB = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            TagEntry e = entry(1 + i % 2, i, i * 10L, 4, i);
            onA.add(e);
            if (i % 10 != 0) {
                onB.add(e);
            }
        }
        a.tagTable().append(onA);
        b.tagTable().append(onB);

        try (TagTableIndex index = build()) {
            assertThat(index.count(TagFilter.ALL)).isEqualTo(100);
            assertThat(index.count(TagFilter.ALL.withUnmatchedOnly(true))).isEqualTo(10);
            assertThat(index.count(TagFilter.ALL.withGenerator(2))).isEqualTo(50);
            // Entries cover 90-93 and 100-103: blocks 95-104 meet only the second, block 92 only the first.
            assertThat(index.page(TagFilter.ALL.withBlocks(new BlockRange(95, 10)), null, false, 0, 10))
                    .extracting(r -> r.anyEntry().firstBlock()).containsExactly(100L);
            assertThat(index.page(TagFilter.ALL.withBlocks(new BlockRange(92, 1)), null, false, 0, 10))
                    .extracting(r -> r.anyEntry().firstBlock()).containsExactly(90L);
            assertThat(index.count(TagFilter.ALL.withObject("another-object"))).isZero();
            assertThat(index.generators()).containsExactly(1L, 2L);
        }
    }

    @Test
    void pagesFromAnchorsMatchPagesFromTheStart() throws Exception {
        List<TagEntry> entries = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            entries.add(entry(1, i, i % 1000, 1, i));
        }
        a.tagTable().append(entries);
        b.tagTable().append(entries.subList(0, 4000));

        try (TagTableIndex index = build()) {
            for (TagFilter filter : List.of(TagFilter.ALL, TagFilter.ALL.withUnmatchedOnly(true))) {
                Positions positions = index.positions(filter, 300);
                assertThat(positions.count()).isEqualTo(index.count(filter));
                for (long at : new long[] {0, 299, 300, 777, positions.count() - 1}) {
                    List<IndexRow> viaAnchor = index.page(filter, positions.anchorFor(at), true,
                            positions.offsetFromAnchor(at), 1);
                    List<IndexRow> viaOffset = index.page(filter, null, false, (int) at, 1);
                    assertThat(viaAnchor).isEqualTo(viaOffset);
                    assertThat(index.position(filter, viaAnchor.get(0).tag())).hasValue(at);
                }
            }
        }
    }

    @Test
    void findsTheRowAtABlockOrTheNextOne() throws Exception {
        a.tagTable().append(List.of(entry(1, 1, 100, 8, 1), entry(1, 2, 300, 1, 2)));
        b.tagTable().append(List.of(entry(1, 1, 100, 8, 1), entry(1, 2, 300, 1, 2)));

        try (TagTableIndex index = build()) {
            assertThat(index.rowAtBlock(TagFilter.ALL, 105).orElseThrow().tag()).isEqualTo(new Tag(1, 1));
            assertThat(index.rowAtBlock(TagFilter.ALL, 200).orElseThrow().tag()).isEqualTo(new Tag(1, 2));
            assertThat(index.rowAtBlock(TagFilter.ALL, 301)).isEmpty();
            assertThat(index.position(TagFilter.ALL.withUnmatchedOnly(true), new Tag(1, 1))).isEmpty();
        }
    }

    @Test
    void anUnreachableDeviceLeavesEveryTagOnlyOnTheOthers() throws Exception {
        a.tagTable().append(List.of(entry(1, 1, 10, 1, 1)));
        Path file = dir.resolve("unreachable.db");
        try (TagTableIndex index = TagTableIndex.build(file, mirror,
                List.of(IndexSource.of(a.uuid(), "a", a.tagTable()), IndexSource.unreachable(b.uuid(), "b", "unplugged")),
                TaskMonitor.NONE)) {
            assertThat(index.summary().onlySome()).isEqualTo(1);
            assertThat(index.summary().devices().get(1).scanned()).isFalse();
            assertThat(index.summary().devices().get(1).reason()).isEqualTo("unplugged");
        }
    }

    @Test
    void theStampChangesWithAppendsAndTrims() throws Exception {
        a.tagTable().append(List.of(entry(1, 1, 10, 1, 1)));
        List<IndexSource> sources = List.of(IndexSource.of(a.uuid(), "a", a.tagTable()),
                IndexSource.of(b.uuid(), "b", b.tagTable()));
        IndexStamp before = IndexStamp.of(object, sources);
        try (TagTableIndex index = build()) {
            assertThat(index.summary().stamp()).isEqualTo(before);
            assertThat(IndexStamp.decode(before.encode())).isEqualTo(before);
        }

        long batch = a.tagTable().append(List.of(entry(1, 2, 11, 1, 2)));
        assertThat(IndexStamp.of(object, sources)).isNotEqualTo(before);
        IndexStamp appended = IndexStamp.of(object, sources);
        a.tagTable().trim(0, batch);
        assertThat(IndexStamp.of(object, sources)).isNotEqualTo(appended);
    }

    @Test
    void aCancelledBuildLeavesNoFile() {
        Path file = dir.resolve("cancelled.db");
        TaskMonitor cancelled = new TaskMonitor() {
            @Override
            public boolean isCancelled() {
                return true;
            }
        };
        assertThatThrownBy(() -> {
            List<TagEntry> many = new ArrayList<>();
            for (int i = 0; i < 40_000; i++) {
                many.add(entry(1, i, i, 1, i));
            }
            a.tagTable().append(many);
            TagTableIndex.build(file, mirror, List.of(IndexSource.of(a.uuid(), "a", a.tagTable()),
                    IndexSource.of(b.uuid(), "b", b.tagTable())), cancelled);
        }).isInstanceOf(CancelledException.class);
        assertThat(Files.exists(file)).isFalse();
    }

    @Test
    void anIncompleteFileIsRefused() throws Exception {
        Path file = dir.resolve("junk.db");
        Files.writeString(file, "not an index");
        assertThatThrownBy(() -> TagTableIndex.open(file)).hasMessageContaining("not a usable tag table index");
    }
}
