package io.tagmirror.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlternativesTest {
    @TempDir
    Path tmp;

    @Test
    void oneMissedBlockCostsTagsOneBlockAndCoarseMethodsTheirWholeUnits() throws IOException {
        try (TestMirrors t = TestMirrors.create(tmp, 2, 1L << 30, DurabilityMode.CRASH_SAFE)) {
            t.mirror.takeOffline(t.device(1).uuid(), "x");
            t.mirror.write(t.mirror.generator(1), 100L * (1 << 20), TestMirrors.randomData(1, 4096));
            t.mirror.bringOnline(t.device(1).uuid());
            CompareReport report = t.mirror.compare(TaskMonitor.NONE);
            Map<String, Long> bytes = Alternatives.of(report, 1L << 30).stream()
                    .collect(Collectors.toMap(Alternatives.Estimate::method, Alternatives.Estimate::bytesToCopy));
            assertThat(bytes).containsEntry("tags", 4096L)
                    .containsEntry("bitmap-4KiB", 4096L)
                    .containsEntry("bitmap-64MiB", 64L << 20)
                    .containsEntry("activity-log-4MiB", 1L << 30); // 1237 extents exceed a 1 GiB volume
        }
    }

    @Test
    void anInSyncMirrorWithNothingNamedCostsEveryMethodNothing() throws IOException {
        try (TestMirrors t = TestMirrors.create(tmp, 2, 1L << 30, DurabilityMode.CRASH_SAFE)) {
            t.mirror.write(t.mirror.generator(1), 0, TestMirrors.randomData(1, 4096));
            t.mirror.flush();
            CompareReport report = t.mirror.compare(TaskMonitor.NONE);
            assertThat(report.ranges()).isEmpty();
            assertThat(Alternatives.of(report, 1L << 30)).allSatisfy(e -> assertThat(e.bytesToCopy())
                    .as(e.method() + ": " + e.assumption()).isZero());
        }
    }

    @Test
    void aFineBitmapAlsoCopiesNamedBlocksThatTurnedOutInSync() {
        List<BlockRange> ranges = List.of(new BlockRange(0, 3), new BlockRange(2, 4), new BlockRange(10000, 1));
        assertThat(Alternatives.distinctUnits(ranges, 4096, 4096)).isEqualTo(7);
        assertThat(Alternatives.distinctUnits(ranges, 4096, 64L << 20)).isEqualTo(1);
        assertThat(Alternatives.distinctUnits(ranges, 4096, 4L << 20)).isEqualTo(2);
    }
}
