package io.tagmirror.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.TagEntry;
import io.tagmirror.engine.TagGenerator;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.device.DirectoryDevice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault class 1, process crash: a child JVM is killed with SIGKILL during a replay with several
 * writers, during flushes and trims, during compare and repair, during verify, during device creation
 * and during mirror creation. After each kill the next open succeeds (or refuses clearly and a retry
 * mends it), compare + repair + verify make the devices identical, and no write acknowledged by a
 * returned {@code flush()} is lost ({@link Recovery}).
 *
 * <p>The default run makes 100 kills; {@code -Dtagmirror.reliability.long=true} makes 2,000.
 */
class ProcessCrashTest {
    private static final int PARALLEL = 2;

    @TempDir
    Path tmp;

    @Test
    void killDuringReplayWithSeveralWritersLosesNoFlushedWrite() throws Exception {
        Points.run("kill during replay", Reliability.cases(36, 720), Reliability.baseSeed(61_000), PARALLEL, (k, seed) -> {
            Random r = Reliability.random(seed);
            Path root = Files.createDirectories(tmp.resolve("replay-" + k));
            DurabilityMode mode = k % 2 == 0 ? DurabilityMode.POWER_SAFE : DurabilityMode.CRASH_SAFE;
            int devices = k % 3 == 0 ? 3 : 2;
            makeMirror(root, devices, 256, mode);
            int killAt = 5 + r.nextInt(300);
            ChildJvm.Result run = ChildJvm.runAndKill(CrashChild.class,
                    List.of("replay", root.toString(), Long.toString(seed), mode.label(), "4"),
                    l -> l.startsWith("W "), killAt, root.resolve("child.err"));
            checkKilled(run);
            WriteLog log = new WriteLog();
            for (String l : run.lines()) {
                String[] f = l.split(" ");
                if (f[0].equals("W") && f.length == 4) {
                    log.issued(new WriteLog.Write(0, Long.parseLong(f[1]), Long.parseLong(f[2]), Integer.parseInt(f[3])));
                } else if (f[0].equals("F") && f.length == 2) {
                    log.flushed(0, Long.parseLong(f[1]) - 1);
                }
            }
            Recovery.Outcome o = Recovery.check(CrashChild.deviceDirs(root), CrashChild.MIRROR, mode,
                    image -> log.checkNoFlushedWriteLost(image, w -> ReplayData.of(seed, w.index(), w.length()),
                            "replay seed " + seed));
            return summary(mode, devices, log, o);
        });
    }

    @Test
    void killDuringFlushAndTrimLosesNoFlushedWrite() throws Exception {
        Points.run("kill during flush and trim", Reliability.cases(16, 320), Reliability.baseSeed(62_000), PARALLEL,
                (k, seed) -> {
                    Random r = Reliability.random(seed);
                    Path root = Files.createDirectories(tmp.resolve("trim-" + k));
                    DurabilityMode mode = k % 2 == 0 ? DurabilityMode.POWER_SAFE : DurabilityMode.CRASH_SAFE;
                    makeMirror(root, 2, 3 * 64, mode);
                    ChildJvm.Result run = ChildJvm.runAndKill(CrashChild.class,
                            List.of("writers", root.toString(), Long.toString(seed), mode.label()),
                            l -> l.startsWith("S "), 1 + r.nextInt(40), root.resolve("child.err"));
                    checkKilled(run);
                    WriteLog log = new WriteLog();
                    for (String l : run.lines()) {
                        String[] f = l.split(" ");
                        if (f[0].equals("W") && f.length == 5) {
                            log.issued(new WriteLog.Write(Integer.parseInt(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                                    Integer.parseInt(f[4])));
                        } else if (f[0].equals("F") && f.length == 3) {
                            log.flushed(Integer.parseInt(f[1]), Long.parseLong(f[2]));
                        }
                    }
                    Recovery.Outcome o = Recovery.check(CrashChild.deviceDirs(root), CrashChild.MIRROR, mode,
                            image -> log.checkNoFlushedWriteLost(image,
                                    w -> CrashChild.data(seed, w.stream(), w.index(), w.length()).array(),
                                    "writers seed " + seed));
                    return summary(mode, 2, log, o);
                });
    }

    @Test
    void killDuringCompareAndRepairLeavesWhatTheNextRepairFinishes() throws Exception {
        Points.run("kill during compare and repair", Reliability.cases(16, 320), Reliability.baseSeed(63_000), PARALLEL,
                (k, seed) -> {
                    Random r = Reliability.random(seed);
                    Path root = Files.createDirectories(tmp.resolve("repair-" + k));
                    DurabilityMode mode = k % 2 == 0 ? DurabilityMode.POWER_SAFE : DurabilityMode.CRASH_SAFE;
                    int devices = k % 4 == 3 ? 3 : 2;
                    int windowWrites = 20 + r.nextInt(40);
                    byte[] expected = divergedMirror(root, devices, 512, mode, seed, windowWrites);
                    ChildJvm.Result run = ChildJvm.runAndKill(CrashChild.class, List.of("repair", root.toString(), mode.label()),
                            l -> l.startsWith("r") || l.startsWith("c") || l.startsWith("R"), 1 + r.nextInt(3 * windowWrites),
                            root.resolve("child.err"));
                    checkKilled(run);
                    Recovery.Outcome o = Recovery.check(CrashChild.deviceDirs(root), CrashChild.MIRROR, mode,
                            image -> assertThat(image).as("repair keeps every flushed write (seed %d)", seed).isEqualTo(expected));
                    return mode.label() + ", " + devices + " devices, killed after " + run.lines().size() + " lines; "
                            + o.entries() + " entries left, " + o.divergentBlocks() + " blocks still divergent, "
                            + o.copiedBlocks() + " blocks copied by the next repair";
                });
    }

    @Test
    void killDuringVerifyChangesNothing() throws Exception {
        Points.run("kill during verify", Reliability.cases(8, 160), Reliability.baseSeed(64_000), PARALLEL, (k, seed) -> {
            Random r = Reliability.random(seed);
            Path root = Files.createDirectories(tmp.resolve("verify-" + k));
            DurabilityMode mode = k % 2 == 0 ? DurabilityMode.POWER_SAFE : DurabilityMode.CRASH_SAFE;
            byte[] expected = divergedMirror(root, 2, 2048, mode, seed, 10);
            List<String> objects = new ArrayList<>();
            List<List<TagEntry>> tables = new ArrayList<>();
            for (Path d : CrashChild.deviceDirs(root)) {
                objects.add(objectDigest(d));
                tables.add(entriesOf(d));
            }
            ChildJvm.Result run = ChildJvm.runAndKill(CrashChild.class, List.of("verify", root.toString(), mode.label()),
                    l -> l.startsWith("v "), 1 + r.nextInt(8), root.resolve("child.err"));
            checkKilled(run);
            List<Path> dirs = CrashChild.deviceDirs(root);
            for (int d = 0; d < dirs.size(); d++) {
                assertThat(objectDigest(dirs.get(d))).as("verify wrote no data on %s", dirs.get(d)).isEqualTo(objects.get(d));
                assertThat(entriesOf(dirs.get(d))).as("verify changed no entry on %s", dirs.get(d)).isEqualTo(tables.get(d));
            }
            Recovery.Outcome o = Recovery.check(dirs, CrashChild.MIRROR, mode,
                    image -> assertThat(image).as("seed %d", seed).isEqualTo(expected));
            return mode.label() + ", killed after " + run.lines().size() + " lines; " + o.divergentBlocks()
                    + " divergent blocks repaired afterwards";
        });
    }

    @Test
    void killDuringDeviceCreationLeavesADeviceOrAFormatThatCanBeRetried() throws Exception {
        Points.run("kill during device creation", Reliability.cases(12, 240), Reliability.baseSeed(65_000), PARALLEL,
                (k, seed) -> {
                    Random r = Reliability.random(seed);
                    Path root = Files.createDirectories(tmp.resolve("format-" + k));
                    ChildJvm.Result run = ChildJvm.runAndKill(CrashChild.class, List.of("create-devices", root.toString()),
                            l -> l.startsWith("D "), 1 + r.nextInt(20), r.nextInt(40_000_000), root.resolve("child.err"));
                    checkKilled(run);
                    List<String> outcomes = new ArrayList<>();
                    for (int i = 0; Files.exists(root.resolve("dev-" + i)); i++) {
                        boolean completed = run.lines().contains("d " + i);
                        outcomes.add(reopenOrRetryFormat(root.resolve("dev-" + i), completed));
                    }
                    return "killed after " + run.lines().size() + " lines: " + String.join(", ", outcomes);
                });
    }

    @Test
    void killDuringMirrorCreationLeavesAMirrorThatOpensOrCanBeMadeAgain() throws Exception {
        Points.run("kill during mirror creation", Reliability.cases(12, 240), Reliability.baseSeed(66_000), PARALLEL,
                (k, seed) -> {
                    Random r = Reliability.random(seed);
                    Path root = Files.createDirectories(tmp.resolve("mirror-" + k));
                    DurabilityMode mode = k % 2 == 0 ? DurabilityMode.POWER_SAFE : DurabilityMode.CRASH_SAFE;
                    ChildJvm.Result run = ChildJvm.runAndKill(CrashChild.class,
                            List.of("create-mirrors", root.toString(), mode.label()),
                            l -> l.startsWith("M "), 1 + r.nextInt(8), r.nextInt(40_000_000), root.resolve("child.err"));
                    checkKilled(run);
                    List<String> outcomes = new ArrayList<>();
                    for (int i = 0; Files.exists(root.resolve("a-" + i)); i++) {
                        outcomes.add(reopenMirror(root, i, mode, run.lines().contains("m " + i)));
                    }
                    return "killed after " + run.lines().size() + " lines: " + String.join(", ", outcomes);
                });
    }

    private static void checkKilled(ChildJvm.Result run) {
        if (!run.killed()) {
            throw new AssertionError("the child ended by itself (exit " + run.exitCode() + ") before the kill; last lines "
                    + run.lines().subList(Math.max(0, run.lines().size() - 5), run.lines().size()) + "\n" + run.stderrTail());
        }
        List<String> errors = run.lines().stream().filter(l -> l.startsWith("E ")).toList();
        assertThat(errors).as("writers failed before the kill\n%s", run.stderrTail()).isEmpty();
        assertThat(run.lines()).as("the child started\n%s", run.stderrTail()).contains("READY");
    }

    private static String summary(DurabilityMode mode, int devices, WriteLog log, Recovery.Outcome o) {
        return mode.label() + ", " + devices + " devices: " + log.writes().size() + " writes issued, " + log.flushedCount()
                + " flushed; " + o.entries() + " entries, " + o.divergentBlocks() + " divergent blocks, " + o.copiedBlocks()
                + " blocks copied";
    }

    /** Formats {@code dev0..} under {@code root} and makes mirror {@code m} of {@code blocks} on them, closed. */
    static void makeMirror(Path root, int deviceCount, int blocks, DurabilityMode mode) throws IOException {
        Files.createDirectories(root);
        List<DirectoryDevice> devices = new ArrayList<>();
        try {
            for (int i = 0; i < deviceCount; i++) {
                devices.add(DirectoryDevice.format(root.resolve("dev" + i), CrashChild.BS));
            }
            Mirror.create(CrashChild.MIRROR, (long) blocks * CrashChild.BS, devices, mode).close();
        } finally {
            for (DirectoryDevice d : devices) {
                d.close();
            }
        }
    }

    /**
     * A mirror whose later devices missed a window of flushed writes (they were offline): the first
     * device's entries name what they miss. Returns the image every device must end with.
     */
    static byte[] divergedMirror(Path root, int deviceCount, int blocks, DurabilityMode mode, long seed, int windowWrites)
            throws IOException {
        makeMirror(root, deviceCount, blocks, mode);
        List<DirectoryDevice> devices = new ArrayList<>();
        try {
            for (Path p : CrashChild.deviceDirs(root)) {
                devices.add(DirectoryDevice.open(p, false));
            }
            MirrorDefinition def = devices.get(0).descriptor().mirror(CrashChild.MIRROR).orElseThrow();
            Random r = Reliability.random(seed);
            try (Mirror m = Mirror.open(def, devices, mode)) {
                TagGenerator g = m.generator(1);
                for (int i = 0; i < 10; i++) {
                    long[] p = CrashChild.placement(r, 0, blocks);
                    m.write(g, p[0], CrashChild.data(seed, 9, i, (int) p[1]));
                }
                m.flush();
                for (int d = 1; d < deviceCount; d++) {
                    m.takeOffline(devices.get(d).uuid(), "crash test window");
                }
                TagGenerator g2 = m.generator(2);
                for (int i = 0; i < windowWrites; i++) {
                    long[] p = CrashChild.placement(r, 0, blocks);
                    m.write(i % 2 == 0 ? g : g2, p[0], CrashChild.data(seed, 8, i, (int) p[1]));
                }
                m.flush();
            }
            return Recovery.image(devices.get(0).object(def.objectId()));
        } finally {
            for (DirectoryDevice d : devices) {
                d.close();
            }
        }
    }

    private static String objectDigest(Path device) throws IOException {
        return Reliability.digest(device.resolve("objects"));
    }

    private static List<TagEntry> entriesOf(Path device) throws IOException {
        try (DirectoryDevice d = DirectoryDevice.open(device, true)) {
            List<TagEntry> all = new ArrayList<>();
            d.tagTable().scan((batch, e) -> all.add(e));
            return all;
        }
    }

    /**
     * A device dir after a kill during its format: a finished device opens; an unfinished one is refused
     * with a message that says so, and formatting it again works.
     */
    private static String reopenOrRetryFormat(Path dir, boolean completed) throws IOException {
        try (DirectoryDevice d = DirectoryDevice.open(dir, false)) {
            return "opened";
        } catch (TagMirrorException e) {
            if (completed) {
                throw new AssertionError("device " + dir + " was created before the kill but does not open: " + e.getMessage(), e);
            }
            String before = Reliability.digest(dir);
            try (DirectoryDevice again = DirectoryDevice.format(dir, CrashChild.BS)) {
                assertThat(again.tagTable().count()).isZero();
            } catch (TagMirrorException refused) {
                throw new AssertionError("device " + dir + " is refused (" + e.getMessage() + ") and formatting it again is"
                        + " refused too (" + refused.getMessage() + "): the administrator is stuck; contents "
                        + Reliability.listing(dir) + (before.equals(Reliability.digest(dir)) ? "" : " (changed)"), refused);
            }
            return "retried (" + e.getMessage().replace(dir.toString(), "DIR") + ")";
        }
    }

    /** Mirror {@code i} after a kill during its creation: it opens and repairs, or it can be made again. */
    private static String reopenMirror(Path root, int i, DurabilityMode mode, boolean completed) throws IOException {
        Path a = root.resolve("a-" + i);
        Path b = root.resolve("b-" + i);
        if (!Files.exists(b) || !DirectoryDevice.isDevice(a) || !DirectoryDevice.isDevice(b)) {
            assertThat(completed).as("mirror %d was created but a device is missing", i).isFalse();
            reopenOrRetryFormat(a, false);
            if (Files.exists(b)) {
                reopenOrRetryFormat(b, false);
            }
            return "devices unfinished";
        }
        List<DirectoryDevice> devices = List.of(DirectoryDevice.open(a, false), DirectoryDevice.open(b, false));
        try {
            Optional<MirrorDefinition> def = devices.get(0).descriptor().mirror(CrashChild.MIRROR)
                    .or(() -> devices.get(1).descriptor().mirror(CrashChild.MIRROR));
            if (def.isEmpty()) {
                assertThat(completed).as("mirror %d was created but no device records it", i).isFalse();
                Mirror.create(CrashChild.MIRROR, 32L * CrashChild.BS, devices, mode).close();
                return "made again";
            }
            int recordedOn = (devices.get(0).descriptor().mirror(CrashChild.MIRROR).isPresent() ? 1 : 0)
                    + (devices.get(1).descriptor().mirror(CrashChild.MIRROR).isPresent() ? 1 : 0);
            try (Mirror m = Mirror.open(def.get(), devices, mode)) {
                m.write(5, new byte[] {1, 2, 3});
                m.flush();
            }
            byte[] expected = new byte[32 * CrashChild.BS];
            expected[5] = 1;
            expected[6] = 2;
            expected[7] = 3;
            Recovery.checkOpen(devices, CrashChild.MIRROR, mode, image -> assertThat(Arrays.equals(image, expected))
                    .as("mirror %d holds the write made after the crash", i).isTrue());
            return recordedOn == 1 ? "recorded on one device only, opened (creation finished)"
                    : completed ? "opened" : "opened (killed after creation)";
        } finally {
            for (DirectoryDevice d : devices) {
                d.close();
            }
        }
    }
}
