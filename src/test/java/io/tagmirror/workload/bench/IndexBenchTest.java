package io.tagmirror.workload.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.EntryKind;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.Tag;
import io.tagmirror.engine.TagEntry;
import io.tagmirror.engine.device.DirectoryDevice;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexBenchTest {
    @TempDir
    Path tmp;

    @Test
    void measuresTheIndexOfEveryTagAndReadsFullPagesAndLeavesNoIndexFileBehind() throws IOException {
        List<DirectoryDevice> devices = List.of(DirectoryDevice.format(tmp.resolve("a"), 4096),
                DirectoryDevice.format(tmp.resolve("b"), 4096));
        try (Mirror mirror = Mirror.create("m", 1 << 20, devices, DurabilityMode.CRASH_SAFE)) {
            List<TagEntry> entries = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                entries.add(new TagEntry(new Tag(9, i), mirror.definition().objectId(), EntryKind.BLOCKS, i % 256, 1, i));
            }
            for (DirectoryDevice d : devices) {
                d.tagTable().append(entries);
            }
            Path file = tmp.resolve("index.db");

            Map<String, Object> figures = IndexBench.measure(file, mirror.definition(), devices);

            assertThat(figures.get("rows")).isEqualTo(1000L);
            assertThat(figures.get("pageRows")).isEqualTo(200);
            assertThat((double) figures.get("buildSeconds")).isPositive();
            assertThat(file).doesNotExist();
        } finally {
            for (DirectoryDevice d : devices) {
                d.close();
            }
        }
    }
}
