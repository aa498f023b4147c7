package io.tagmirror.engine.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.engine.EntryKind;
import io.tagmirror.engine.TagMirrorException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EntrySorterTest {
    @TempDir
    Path tmp;

    /** What the sweep needs of an entry, to compare what went in with what came out. */
    private record Row(long first, int count, long generator, long sequence, int checksum, byte kind, byte device,
                       int arrival, List<Integer> blockChecksums) {
        static Row of(EntryStore s, int i) {
            List<Integer> checks = null;
            if (s.hasBlockChecksums(i)) {
                checks = new ArrayList<>();
                for (long b = s.first[i]; b < s.end(i); b++) {
                    checks.add(s.blockChecksum(i, b));
                }
            }
            return new Row(s.first[i], s.count[i], s.generator[i], s.sequence[i], s.checksum[i], s.kind[i], s.device[i],
                    s.arrival[i], checks);
        }
    }

    private static List<Row> gather(EntrySorter sorter, int entries, long seed) throws IOException {
        Random random = new Random(seed);
        List<Row> added = new ArrayList<>();
        for (int i = 0; i < entries; i++) {
            EntryStore chunk = sorter.chunk();
            // few distinct first blocks, so ties (kept in the order they came) are common
            long first = random.nextInt(50);
            int count = 1 + random.nextInt(random.nextInt(10) == 0 ? 3000 : 4);
            if (i % 500 == 250) {
                // larger than a run's read buffer (64 KiB) and than the write buffer (1 MiB) with its checksums
                count = i % 1000 == 250 ? 20_000 : 300_000;
            }
            chunk.add(random.nextInt(3), i, (byte) random.nextInt(EntryKind.values().length), first, count,
                    random.nextInt(), i % 3, i + 1);
            if (random.nextBoolean() || count > 10_000) {
                ByteBuffer checks = ByteBuffer.allocate(4 * count).order(ByteOrder.LITTLE_ENDIAN);
                for (int b = 0; b < count; b++) {
                    checks.putInt(random.nextInt());
                }
                chunk.setBlockChecksums(chunk.size - 1, checks, 0, count);
            }
            added.add(Row.of(chunk, chunk.size - 1));
            sorter.added();
        }
        return added;
    }

    private static List<Row> drain(SortedEntries sorted) throws IOException {
        List<Row> out = new ArrayList<>();
        EntryStore to = new EntryStore();
        while (sorted.hasNext()) {
            long first = sorted.nextFirst();
            int i = sorted.moveNextInto(to);
            assertThat(to.first[i]).isEqualTo(first);
            out.add(Row.of(to, i));
        }
        return out;
    }

    @Test
    void runsOnDiskMergeIntoBlockOrderKeepingTheGatheringOrderOnTies() throws IOException {
        try (EntrySorter sorter = new EntrySorter(tmp, 7)) {
            List<Row> added = gather(sorter, 2000, 1);
            assertThat(sorter.spilled()).isTrue();
            List<Row> expected = new ArrayList<>(added);
            expected.sort(Comparator.comparingLong(Row::first)); // a stable sort: ties keep their order
            try (SortedEntries sorted = sorter.sorted()) {
                assertThat(sorted.size()).isEqualTo(2000);
                assertThat(drain(sorted)).containsExactlyElementsOf(expected);
            }
        }
        assertThat(Files.list(tmp)).as("the temporary file is gone").isEmpty();
    }

    @Test
    void entriesThatFitOneChunkAreSortedInMemoryWithTheSameOrder() throws IOException {
        try (EntrySorter sorter = new EntrySorter(tmp, 5000)) {
            List<Row> added = gather(sorter, 2000, 2);
            assertThat(sorter.spilled()).isFalse();
            List<Row> expected = new ArrayList<>(added);
            expected.sort(Comparator.comparingLong(Row::first));
            assertThat(drain(sorter.sorted())).containsExactlyElementsOf(expected);
        }
        assertThat(Files.list(tmp)).isEmpty();
    }

    @Test
    void aTemporaryDirectoryThatCannotTakeTheRunsIsNamedInTheError() throws IOException {
        Path missing = tmp.resolve("no-such-dir");
        try (EntrySorter sorter = new EntrySorter(missing, 3)) {
            assertThatThrownBy(() -> gather(sorter, 10, 3))
                    .isInstanceOf(TagMirrorException.class)
                    .hasMessageContaining("temporary directory " + missing)
                    .hasMessageContaining("java.io.tmpdir");
        }
    }
}
