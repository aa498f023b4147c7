package io.tagmirror.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.engine.device.DirectoryDevice;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writer process with SIGKILL at seeded moments, on a mirror of two directory devices, of two
 * image files (block devices) and of one of each, then checks DESIGN §3's invariants:
 * compare + repair + verify give identical devices, repair copied only ranges named by entries,
 * and no write acknowledged by a returned flush() is lost.
 *
 * <p>{@code -Dtagmirror.crash.moments=N} runs more moments (default 30), {@code -Dtagmirror.crash.seed=S}
 * replays one failing seed. The block-device layouts run {@code -Dtagmirror.crash.blockMoments=N} moments each
 * (default 4).
 */
class KillNineCrashTest {
    @TempDir
    Path tmp;

    private record Write(int thread, int index, long offset, int length) {
    }

    /** What the two members are: folders, image files, or one of each. */
    private enum Layout {
        DIRECTORIES(false, false), IMAGES(true, true), MIXED(false, true);

        final boolean[] image;

        Layout(boolean first, boolean second) {
            this.image = new boolean[] {first, second};
        }
    }

    private static final long IMAGE_BYTES = 24L << 20;

    @Test
    void killNineAtSeededMomentsLosesNoFlushedWriteAndRepairMakesDevicesIdentical() throws Exception {
        int moments = Integer.getInteger("tagmirror.crash.moments", 30);
        long baseSeed = Long.getLong("tagmirror.crash.seed", 20261125L);
        for (int k = 0; k < moments; k++) {
            long seed = baseSeed + k;
            try {
                runMoment(tmp.resolve("moment" + k), seed, k % 2 == 0 ? DurabilityMode.POWER_SAFE : DurabilityMode.CRASH_SAFE,
                        Layout.DIRECTORIES);
            } catch (AssertionError | Exception e) {
                throw new AssertionError("crash moment failed; replay with -Dtagmirror.crash.seed=" + seed
                        + " -Dtagmirror.crash.moments=1: " + e.getMessage(), e);
            }
        }
    }

    @Test
    void killNineOnMirrorsOfImageFilesAndOfAnImageAndAFolderLosesNoFlushedWriteEither() throws Exception {
        int moments = Integer.getInteger("tagmirror.crash.blockMoments", 4);
        long baseSeed = Long.getLong("tagmirror.crash.seed", 20261204L);
        for (Layout layout : List.of(Layout.IMAGES, Layout.MIXED)) {
            for (int k = 0; k < moments; k++) {
                long seed = baseSeed + k;
                try {
                    runMoment(tmp.resolve(layout + "-" + k), seed,
                            k % 2 == 0 ? DurabilityMode.POWER_SAFE : DurabilityMode.CRASH_SAFE, layout);
                } catch (AssertionError | Exception e) {
                    throw new AssertionError("crash moment failed on " + layout + "; replay with -Dtagmirror.crash.seed="
                            + seed + " -Dtagmirror.crash.blockMoments=1: " + e.getMessage(), e);
                }
            }
        }
    }

    private static Device formatted(Path root, int i, Layout layout) throws IOException {
        Path at = root.resolve("dev" + i);
        return layout.image[i] ? DeviceAddress.createImage(at, IMAGE_BYTES, CrashWriter.BS)
                : DirectoryDevice.format(at, CrashWriter.BS);
    }

    private void runMoment(Path root, long seed, DurabilityMode mode, Layout layout) throws Exception {
        long volumeBytes = (long) CrashWriter.THREADS * CrashWriter.REGION_BLOCKS * CrashWriter.BS;
        Files.createDirectories(root);
        List<Device> devices = new ArrayList<>(List.of(formatted(root, 0, layout), formatted(root, 1, layout)));
        Mirror.create("m", volumeBytes, devices, mode).close();
        for (Device d : devices) {
            d.close();
        }

        int killAfterLines = 40 + new Random(seed).nextInt(1200);
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(), root.toString(),
                Long.toString(seed), mode.label())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
                if (lines.size() == killAfterLines) {
                    // SIGKILL through the handle: it leaves the pipe open, so lines already written are still read
                    child.toHandle().destroyForcibly();
                }
            }
        }
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(lines).as("the writer started").contains("READY");
        assertThat(lines).noneMatch(l -> l.startsWith("E "));

        List<Write> writes = new ArrayList<>();
        int[] flushedUpTo = new int[CrashWriter.THREADS];
        Arrays.fill(flushedUpTo, -1);
        for (String l : lines) {
            String[] f = l.split(" ");
            if (f[0].equals("W") && f.length == 5) {
                writes.add(new Write(Integer.parseInt(f[1]), Integer.parseInt(f[2]), Long.parseLong(f[3]), Integer.parseInt(f[4])));
            } else if (f[0].equals("F") && f.length == 3) {
                flushedUpTo[Integer.parseInt(f[1])] = Math.max(flushedUpTo[Integer.parseInt(f[1])], Integer.parseInt(f[2]));
            }
        }

        devices = new ArrayList<>(List.of(DeviceAddress.at(root.resolve("dev0")).open(false),
                DeviceAddress.at(root.resolve("dev1")).open(false)));
        try {
            MirrorDefinition def = devices.get(0).descriptor().mirror("m").orElseThrow();
            Mirror mirror = Mirror.open(def, devices, mode);
            List<TagEntry> named = new ArrayList<>();
            for (Device d : devices) {
                d.tagTable().scan((batch, e) -> named.add(e));
            }
            CompareReport report = mirror.compare(TaskMonitor.NONE);
            RepairReport repair = mirror.repair(report, RepairPolicy.NEWEST_SEQUENCE, TaskMonitor.NONE);
            for (CopiedRange c : repair.copied()) {
                assertThat(coveredByEntries(named, c.firstBlock(), c.blockCount()))
                        .as("copied range %d+%d is named by entries", c.firstBlock(), c.blockCount()).isTrue();
            }
            System.out.printf("crash seed %d (%s, " + layout + "): killed after %d lines, %d writes issued, %d entries left,"
                    + " %d bytes divergent, %d bytes copied%n", seed, mode.label(), lines.size(), writes.size(),
                    named.size(), report.divergentBytes(), repair.bytesCopied());
            VerifyReport verify = mirror.verify(TaskMonitor.NONE);
            assertThat(verify.identical()).as("devices identical after repair: %s", verify.differingRanges()).isTrue();
            byte[] image = devices.get(0).object(def.objectId()).read(0, (int) (volumeBytes / CrashWriter.BS)).array();
            checkNoFlushedWriteLost(image, writes, flushedUpTo, seed);
            mirror.close();
        } finally {
            for (Device d : devices) {
                d.close();
            }
        }
    }

    private static boolean coveredByEntries(List<TagEntry> named, long first, long count) {
        for (long b = first; b < first + count; b++) {
            long block = b;
            boolean covered = named.stream().anyMatch(e -> e.covers(block));
            if (!covered) {
                return false;
            }
        }
        return true;
    }

    /**
     * Every byte holds the data of the last write covering it that a flush acknowledged, or of a later
     * write to it; a byte no flushed write covered may also still be zero.
     */
    private static void checkNoFlushedWriteLost(byte[] image, List<Write> writes, int[] flushedUpTo, long seed) {
        int[] lastFlushed = new int[image.length];
        Arrays.fill(lastFlushed, -1);
        for (Write w : writes) {
            if (w.index() <= flushedUpTo[w.thread()]) {
                for (long p = w.offset(); p < w.offset() + w.length(); p++) {
                    lastFlushed[(int) p] = w.index();
                }
            }
        }
        boolean[] ok = new boolean[image.length];
        for (int p = 0; p < image.length; p++) {
            ok[p] = lastFlushed[p] < 0 && image[p] == 0;
        }
        for (Write w : writes) {
            boolean candidate = w.index() > flushedUpTo[w.thread()];
            byte[] data = CrashWriter.data(seed, w.thread(), w.index(), w.length()).array();
            for (int i = 0; i < w.length(); i++) {
                int p = (int) (w.offset() + i);
                if ((candidate || w.index() == lastFlushed[p]) && image[p] == data[i]) {
                    ok[p] = true;
                }
            }
        }
        for (int p = 0; p < image.length; p++) {
            if (!ok[p]) {
                throw new AssertionError("byte " + p + " (block " + p / CrashWriter.BS + ") lost the flushed write "
                        + lastFlushed[p] + " of its thread; it holds " + image[p]);
            }
        }
    }
}
