package io.tagmirror.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.cli.TagMirrorCli;
import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.DeviceInUseException;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.MirrorState;
import io.tagmirror.engine.RepairPolicy;
import io.tagmirror.engine.RepairReport;
import io.tagmirror.engine.TagGenerator;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.engine.VerifyReport;
import io.tagmirror.engine.device.DirectoryDevice;
import io.tagmirror.workload.WorkloadOp;
import io.tagmirror.workload.replay.Replayer;
import io.tagmirror.workload.replay.RunSummary;
import io.tagmirror.workload.replay.WorkloadSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault class 5, concurrency: two processes on one device (the lock), repair while writes continue
 * (the engine allows it, and a repair never overwrites a newer write), compare and verify while a
 * replay with several writers runs (they see the devices as they are: in sync).
 */
class ConcurrencyTest {
    private static final int BS = CrashChild.BS;

    @TempDir
    Path tmp;

    @Test
    void aDeviceHeldByAnotherProcessIsRefusedNamingTheHolderAndKillNineReleasesIt() throws Exception {
        Path root = tmp.resolve("held");
        ProcessCrashTest.makeMirror(root, 2, 64, DurabilityMode.POWER_SAFE);
        Path dev0 = root.resolve("dev0");
        long entriesBefore;
        try (DirectoryDevice d = DirectoryDevice.open(dev0, true)) {
            entriesBefore = d.tagTable().count();
        }
        for (boolean kill : new boolean[] {false, true}) {
            Process holder = ChildJvm.start(CrashChild.class, List.of("hold", dev0.toString()), tmp.resolve("hold.err"));
            BufferedReader lines = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(lines.readLine()).as("the holder opened the device").startsWith("HELD");
            String before = Reliability.digest(root);
            assertThatThrownBy(() -> DirectoryDevice.open(dev0, false)).isInstanceOf(DeviceInUseException.class)
                    .hasMessageContaining("is in use by process " + holder.pid())
                    .satisfies(e -> assertThat(((DeviceInUseException) e).holder()).startsWith("process " + holder.pid()));
            StringWriter err = new StringWriter();
            int code = TagMirrorCli.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "device", "info",
                    dev0.toString());
            assertThat(code).as("inspection without the lock still works: %s", err).isZero();
            assertThat(Reliability.digest(root)).as("the refused open changed nothing, not even the holder's name")
                    .isEqualTo(before);
            if (kill) {
                holder.toHandle().destroyForcibly();
            } else {
                holder.getOutputStream().close();
                assertThat(lines.readLine()).isEqualTo("RELEASED");
            }
            assertThat(holder.waitFor(60, TimeUnit.SECONDS)).isTrue();
            try (DirectoryDevice d = DirectoryDevice.open(dev0, false)) {
                assertThat(Files.readString(dev0.resolve("lock")).strip())
                        .as("the lock passed to this process once the holder %s", kill ? "was killed" : "let go")
                        .startsWith("process " + ProcessHandle.current().pid() + " on ");
                assertThat(d.tagTable().count()).as("the holder's going left the tag table as it was")
                        .isEqualTo(entriesBefore);
            }
        }
    }

    @Test
    void repairWhileWritesContinueNeverOverwritesANewerWrite() throws Exception {
        long seed = Reliability.baseSeed(91_000);
        for (int round = 0; round < Reliability.cases(4, 40); round++) {
            long s = seed + round;
            try {
                repairDuringWrites(tmp.resolve("repair-" + round), s);
            } catch (AssertionError | Exception e) {
                throw new AssertionError("repair during writes failed; replay with -Dtagmirror.reliability.seed=" + s
                        + " -Dtagmirror.reliability.cases=1: " + e.getMessage(), e);
            }
        }
    }

    private void repairDuringWrites(Path root, long seed) throws Exception {
        int threads = 3;
        int region = 64;
        ProcessCrashTest.makeMirror(root, 2, threads * region, DurabilityMode.POWER_SAFE);
        List<DirectoryDevice> devices = List.of(DirectoryDevice.open(root.resolve("dev0"), false),
                DirectoryDevice.open(root.resolve("dev1"), false));
        WriteLog log = new WriteLog();
        try {
            MirrorDefinition def = devices.get(0).descriptor().mirror(CrashChild.MIRROR).orElseThrow();
            Mirror mirror = Mirror.open(def, devices, DurabilityMode.POWER_SAFE);
            long[] next = new long[threads];
            Random[] random = new Random[threads];
            for (int t = 0; t < threads; t++) {
                random[t] = Reliability.random(seed * 7 + t);
            }
            // A window the second device misses: the repair has real copying to do.
            mirror.takeOffline(devices.get(1).uuid(), "test window");
            for (int i = 0; i < 40; i++) {
                int t = i % threads;
                write(mirror, log, seed, t, next[t]++, random[t], region);
            }
            mirror.flush();
            mirror.bringOnline(devices.get(1).uuid());

            // Compare before the writers start, so the repair has copying to do whatever the timing;
            // the repair itself runs among the writes.
            CompareReport report = mirror.compare(TaskMonitor.NONE);
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch started = new CountDownLatch(threads);
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                writers.add(CompletableFuture.runAsync(() -> {
                    try {
                        started.countDown();
                        while (!stop.get()) {
                            write(mirror, log, seed, thread, next[thread]++, random[thread], region);
                        }
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }));
            }
            started.await();
            RepairReport repair = mirror.repair(report, RepairPolicy.NEWEST_SEQUENCE, TaskMonitor.NONE);
            stop.set(true);
            for (CompletableFuture<Void> w : writers) {
                w.get(60, TimeUnit.SECONDS);
            }
            mirror.flush();
            for (int t = 0; t < threads; t++) {
                log.flushed(t, next[t] - 1);
            }
            assertThat(repair.bytesCopied()).isPositive();
            VerifyReport verify = mirror.verify(TaskMonitor.NONE);
            assertThat(verify.identical()).as("identical right after a repair that ran among writes: %s",
                    verify.differingRanges()).isTrue();
            byte[] image = Recovery.image(devices.get(0).object(def.objectId()));
            log.checkNoFlushedWriteLost(image, w -> CrashChild.data(seed, w.stream(), w.index(), w.length()).array(),
                    "repair during writes, seed " + seed);
            mirror.close();
            Recovery.checkOpen(devices, CrashChild.MIRROR, DurabilityMode.POWER_SAFE, img -> log.checkNoFlushedWriteLost(img,
                    w -> CrashChild.data(seed, w.stream(), w.index(), w.length()).array(), "after reopening"));
        } finally {
            for (DirectoryDevice d : devices) {
                d.close();
            }
        }
    }

    private static void write(Mirror mirror, WriteLog log, long seed, int thread, long i, Random r, int region)
            throws IOException {
        long[] p = CrashChild.placement(r, (long) thread * region * BS, region);
        log.issued(new WriteLog.Write(thread, i, p[0], (int) p[1]));
        TagGenerator g = mirror.generator(1 + thread % 2);
        mirror.write(g, p[0], CrashChild.data(seed, thread, i, (int) p[1]));
    }

    @Test
    void compareAndVerifyWhileAReplayRunsSeeTheDevicesInSync() throws Exception {
        Path root = tmp.resolve("replay");
        ProcessCrashTest.makeMirror(root, 3, 512, DurabilityMode.POWER_SAFE);
        List<DirectoryDevice> devices = new ArrayList<>();
        for (Path p : CrashChild.deviceDirs(root)) {
            devices.add(DirectoryDevice.open(p, false));
        }
        try {
            MirrorDefinition def = devices.get(0).descriptor().mirror(CrashChild.MIRROR).orElseThrow();
            Mirror mirror = Mirror.open(def, devices, DurabilityMode.POWER_SAFE);
            long seed = Reliability.baseSeed(92_000);
            Random r = Reliability.random(seed);
            List<WorkloadOp> ops = new ArrayList<>();
            for (int i = 0; i < Reliability.cases(3000, 30_000); i++) {
                long[] p = CrashChild.placement(r, 0, 512);
                ops.add(WorkloadOp.write("", p[0], p[1], -1, i));
                if (r.nextInt(50) == 0) {
                    ops.add(WorkloadOp.flush("", -1, i));
                }
            }
            Replayer replayer = Replayer.builder(mirror, WorkloadSource.of(ops.iterator(), "concurrency test"))
                    .writers(4).queueDepth(16).seed(seed).devices(devices).build();
            CompletableFuture<RunSummary> replay = CompletableFuture.supplyAsync(() -> {
                try {
                    return replayer.run();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            int compares = 0;
            int verifies = 0;
            while (!replay.isDone()) {
                CompareReport report = mirror.compare(TaskMonitor.NONE);
                assertThat(report.inSync()).as("compare %d during the replay: %s", compares, report.divergent()).isTrue();
                compares++;
                if (compares % 4 == 0) {
                    VerifyReport v = mirror.verify(TaskMonitor.NONE);
                    assertThat(v.identical()).as("verify during the replay: %s", v.differingRanges()).isTrue();
                    verifies++;
                }
            }
            RunSummary summary = replay.get(120, TimeUnit.SECONDS);
            assertThat(compares).as("compares overlapped the replay").isPositive();
            System.out.printf("compare while replay runs: %d writes by 4 writers, %d compares and %d verifies during it,"
                    + " all in sync%n", summary.writes(), compares, verifies);
            assertThat(mirror.state()).isEqualTo(MirrorState.IN_SYNC);
            mirror.close();
            byte[] expected = new byte[512 * BS];
            long number = 0;
            for (WorkloadOp op : ops) {
                if (op.kind() == WorkloadOp.Kind.WRITE) {
                    byte[] data = ReplayData.of(seed, number++, (int) op.length());
                    System.arraycopy(data, 0, expected, (int) op.offset(), data.length);
                }
            }
            Recovery.checkOpen(devices, CrashChild.MIRROR, DurabilityMode.POWER_SAFE,
                    image -> assertThat(image).as("the replay's image").isEqualTo(expected));
        } finally {
            for (DirectoryDevice d : devices) {
                d.close();
            }
        }
    }
}
