package io.tagmirror.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.EntryKind;
import io.tagmirror.engine.Tag;
import io.tagmirror.engine.TagEntry;
import io.tagmirror.engine.device.DirectoryDevice;
import io.tagmirror.engine.device.FirstEngineDevices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Devices made by the first engine ({@code tags.db}): read-only they are read as they are; opened for
 * writing their table is carried into a log once, and a kill -9 during that leaves a device that opens
 * and compares correctly.
 */
class UpgradeTest {
    private static final int BLOCKS = 256;

    @TempDir
    Path tmp;

    /** A mirror whose second device missed flushed writes, both devices turned back into the first engine's. */
    private byte[] firstEngineMirror(Path root, long seed, int extraEntries) throws IOException {
        byte[] image = ProcessCrashTest.divergedMirror(root, 2, BLOCKS, DurabilityMode.POWER_SAFE, seed, 30);
        for (Path dir : CrashChild.deviceDirs(root)) {
            java.util.UUID uuid;
            try (DirectoryDevice d = DirectoryDevice.open(dir, true)) {
                uuid = d.uuid();
            }
            FirstEngineDevices.toFirstEngine(dir, uuid, t -> {
                // entries of another object, so the carry-over has a table of some size to copy
                for (int b = 0; b < extraEntries / 1000; b++) {
                    List<TagEntry> batch = new ArrayList<>();
                    for (int i = 0; i < 1000; i++) {
                        batch.add(new TagEntry(new Tag(5, b * 1000L + i), "elsewhere", EntryKind.BLOCKS, i, 1, i));
                    }
                    t.append(batch);
                }
            });
        }
        return image;
    }

    private static List<TagEntry> entriesOf(Path dir) throws IOException {
        try (DirectoryDevice d = DirectoryDevice.open(dir, true)) {
            List<TagEntry> all = new ArrayList<>();
            d.tagTable().scan((batch, e) -> all.add(e));
            return all;
        }
    }

    @Test
    void aFirstEngineDeviceWithLiveEntriesOpensReadOnlyUnchangedAndRepairsAfterItsTableIsCarriedIntoALog()
            throws IOException {
        Path root = tmp.resolve("m");
        byte[] image = firstEngineMirror(root, 401, 0);
        List<Path> dirs = CrashChild.deviceDirs(root);
        Path dev0 = dirs.get(0);
        String before = Reliability.digest(root, true);
        List<TagEntry> entries = entriesOf(dev0);
        assertThat(entries).as("the first device's entries name what the second missed").hasSizeGreaterThan(10);
        assertThat(dev0.resolve("tags.log")).doesNotExist();
        assertThat(Reliability.digest(root, true)).as("a read-only open changes nothing").isEqualTo(before);

        try (DirectoryDevice d = DirectoryDevice.open(dev0, false)) {
            assertThat(d.tagTable().count()).isEqualTo(entries.size());
            assertThat(d.tagTable().reservedSequence(1)).isPresent();
        }
        assertThat(dev0.resolve("tags.log")).isRegularFile();
        assertThat(dev0.resolve("tags.db")).as("kept beside the log until the next repair").isRegularFile();
        assertThat(entriesOf(dev0)).containsExactlyElementsOf(entries);

        Recovery.Outcome o = Recovery.check(dirs, CrashChild.MIRROR, DurabilityMode.POWER_SAFE,
                repaired -> assertThat(repaired).isEqualTo(image));
        assertThat(o.copiedBlocks()).isPositive();
        for (Path dir : dirs) {
            assertThat(dir.resolve("tags.db")).as("removed by the repair").doesNotExist();
            assertThat(dir.resolve("tags.db-wal")).doesNotExist();
        }
    }

    @Test
    void aKillDuringTheCarryOverLeavesADeviceThatOpensAndComparesCorrectly() throws Exception {
        long seed = Reliability.baseSeed(402);
        Random r = Reliability.random(seed);
        Path template = tmp.resolve("template");
        byte[] image = firstEngineMirror(template, seed, 200_000);
        List<TagEntry> entries = entriesOf(CrashChild.deviceDirs(template).get(0));
        // how long a whole carry-over takes here, from the child's first line to its end: the kills
        // are spread over that time, so some land inside it and some after it
        Path timing = tmp.resolve("timing");
        Reliability.copyTree(template, timing);
        long started = System.nanoTime();
        ChildJvm.Result untouched = ChildJvm.runAndKill(UpgradeChild.class,
                List.of(CrashChild.deviceDirs(timing).get(0).toString()), "opening"::equals, Integer.MAX_VALUE,
                tmp.resolve("timing.err"));
        long span = System.nanoTime() - started;
        assertThat(untouched.lines()).as(untouched.stderrTail()).contains("opened " + entries.size());
        Reliability.deleteTree(timing);
        int whole = 0;
        int none = 0;
        for (int k = 0; k < 6; k++) {
            Path root = tmp.resolve("run-" + k);
            Reliability.deleteTree(root);
            Reliability.copyTree(template, root);
            Path dev0 = CrashChild.deviceDirs(root).get(0);
            long delay = k == 0 ? 0 : (long) (r.nextDouble() * span);
            ChildJvm.Result result = ChildJvm.runAndKill(UpgradeChild.class, List.of(dev0.toString()),
                    "opening"::equals, 1, delay, tmp.resolve("child-" + k + ".err"));
            String context = "seed " + seed + ", run " + k + ", kill " + delay / 1_000_000 + " ms after the open began"
                    + (result.killed() ? "" : " (the child ended first: " + result.lines() + ")");
            if (Files.exists(dev0.resolve("tags.log"))) {
                whole++;
            } else {
                none++;
            }
            assertThat(entriesOf(dev0)).as(context).containsExactlyElementsOf(entries);
            try {
                Recovery.check(CrashChild.deviceDirs(root), CrashChild.MIRROR, DurabilityMode.POWER_SAFE,
                        repaired -> assertThat(repaired).as(context).isEqualTo(image));
            } catch (AssertionError | IOException e) {
                throw new AssertionError(context + ": " + e.getMessage(), e);
            }
            assertThat(dev0.resolve("tags.log.new")).as(context).doesNotExist();
            Reliability.deleteTree(root);
        }
        System.out.printf("kill -9 during the carry-over from tags.db: %d runs found the log whole, %d found none yet%n",
                whole, none);
    }
}
