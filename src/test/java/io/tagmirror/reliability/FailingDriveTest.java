package io.tagmirror.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.MemberStatus;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.MirrorEvent;
import io.tagmirror.engine.MirrorState;
import io.tagmirror.engine.RepairPolicy;
import io.tagmirror.engine.TagGenerator;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.engine.device.DirectoryDevice;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault class 3, failing drives: I/O errors on read, write and fsync, a full disk, a drive that goes
 * read-only, a device directory removed while open. The mirror degrades to the healthy devices with a
 * clear event, nothing reports success that is not, and afterwards compare + repair bring the device
 * back with every flushed write.
 */
class FailingDriveTest {
    private static final int BS = CrashChild.BS;
    private static final int BLOCKS = 128;

    @TempDir
    Path tmp;

    /** A mirror over devices whose drives can fail, with a writer whose writes are logged. */
    private final class Rig implements AutoCloseable {
        final Path root;
        final List<FaultyIo> io = new ArrayList<>();
        final List<DirectoryDevice> devices = new ArrayList<>();
        final List<MirrorEvent> events = new CopyOnWriteArrayList<>();
        final WriteLog log = new WriteLog();
        final long seed;
        final Random random;
        final Mirror mirror;
        final TagGenerator generator;
        long next;
        boolean closed;

        Rig(String name, int deviceCount, long seed) throws IOException {
            this.root = tmp.resolve(name);
            this.seed = seed;
            this.random = Reliability.random(seed);
            ProcessCrashTest.makeMirror(root, deviceCount, BLOCKS, DurabilityMode.POWER_SAFE);
            for (Path p : CrashChild.deviceDirs(root)) {
                FaultyIo f = new FaultyIo();
                io.add(f);
                devices.add(DirectoryDevice.open(p, false, f, f.table(p)));
            }
            MirrorDefinition def = devices.get(0).descriptor().mirror(CrashChild.MIRROR).orElseThrow();
            mirror = Mirror.open(def, devices, DurabilityMode.POWER_SAFE);
            mirror.addListener(events::add);
            generator = mirror.generator(1);
        }

        UUID uuid(int device) {
            return devices.get(device).uuid();
        }

        /** One seeded write; some are not block-aligned (a read-modify-write). */
        void write() throws IOException {
            long[] p = CrashChild.placement(random, 0, BLOCKS);
            WriteLog.Write w = new WriteLog.Write(0, next++, p[0], (int) p[1]);
            log.issued(w);
            mirror.write(generator, w.offset(), CrashChild.data(seed, 0, w.index(), w.length()));
        }

        void writes(int n) throws IOException {
            for (int i = 0; i < n; i++) {
                write();
            }
        }

        void flush() throws IOException {
            mirror.flush();
            log.flushed(0, next - 1);
        }

        List<MirrorEvent> failures(int device) {
            return events.stream().filter(e -> e.kind() == MirrorEvent.Kind.DEVICE_FAILED && uuid(device).equals(e.device()))
                    .toList();
        }

        MemberStatus status(int device) throws IOException {
            return mirror.status().stream().filter(s -> s.device().equals(uuid(device))).findFirst().orElseThrow();
        }

        /** Closes everything, reopens on healthy drives, and checks compare + repair + verify mend it all. */
        Recovery.Outcome recover() throws IOException {
            close();
            return Recovery.check(CrashChild.deviceDirs(root), CrashChild.MIRROR, DurabilityMode.POWER_SAFE,
                    image -> log.checkNoFlushedWriteLost(image, w -> CrashChild.data(seed, 0, w.index(), w.length()).array(),
                            "after the drive failed"));
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                mirror.close();
            } catch (IOException e) {
                // a mirror whose every device failed cannot flush; the devices still close
            }
            for (DirectoryDevice d : devices) {
                d.close();
            }
        }
    }

    @Test
    void writeErrorsOnOneDriveTakeItOutWithAClearEventAndTheMirrorGoesOnDegraded() throws IOException {
        try (Rig rig = new Rig("write-eio", 2, 81_001)) {
            rig.writes(10);
            rig.flush();
            rig.io.get(1).failWritesFrom(4);
            rig.writes(30);
            rig.flush();
            assertThat(rig.failures(1)).hasSize(1);
            assertThat(rig.failures(1).get(0).message()).contains(rig.devices.get(1).location()).contains("Input/output error");
            assertThat(rig.failures(0)).isEmpty();
            assertThat(rig.mirror.state()).isEqualTo(MirrorState.DEGRADED);
            assertThat(rig.status(1).online()).isFalse();
            assertThat(rig.status(1).offlineReason()).contains("Input/output error");
            assertThat(rig.devices.get(0).tagTable().count()).as("the healthy device keeps what the failed one missed")
                    .isPositive();
            Recovery.Outcome o = rig.recover();
            assertThat(o.copiedBlocks()).isPositive();
        }
    }

    @Test
    void aWriteThatFailsOnEveryDriveIsReportedAsFailed() throws IOException {
        try (Rig rig = new Rig("all-eio", 2, 81_002)) {
            rig.writes(5);
            rig.flush();
            long done = rig.mirror.writesDone();
            rig.io.get(0).inject(FaultyIo.Fault.WRITE_EIO);
            rig.io.get(1).inject(FaultyIo.Fault.WRITE_EIO);
            assertThatThrownBy(rig::write).isInstanceOf(TagMirrorException.class).hasMessageContaining("every device");
            assertThat(rig.mirror.writesDone()).isEqualTo(done);
            assertThatThrownBy(rig::write).isInstanceOf(TagMirrorException.class).hasMessageContaining("no device");
            assertThatThrownBy(rig.mirror::flush).isInstanceOf(TagMirrorException.class);
            rig.recover();
        }
    }

    @Test
    void readErrorsAreServedFromAnotherDriveAndTakeTheFailingOneOut() throws IOException {
        try (Rig rig = new Rig("read-eio", 3, 81_003)) {
            rig.writes(20);
            rig.flush();
            rig.io.get(0).inject(FaultyIo.Fault.READ_EIO);
            // An unaligned write reads its covering blocks first; a read of the volume does too.
            rig.mirror.write(rig.generator, 10, java.nio.ByteBuffer.wrap(new byte[] {7, 7, 7}));
            rig.log.issued(new WriteLog.Write(0, rig.next++, 10, 3));
            byte[] head = rig.mirror.read(0, 1).array();
            assertThat(head[10]).isEqualTo((byte) 7);
            assertThat(rig.failures(0)).hasSize(1);
            assertThat(rig.failures(0).get(0).message()).contains("cannot read").contains("Input/output error");
            assertThat(rig.mirror.state()).isEqualTo(MirrorState.DEGRADED);
            rig.writes(10);
            rig.flush();
            rig.io.get(0).clear(FaultyIo.Fault.READ_EIO);
            rig.close();
            // The extra write is not in the seeded data: check the rest, then that byte.
            List<DirectoryDevice> devices = new ArrayList<>();
            try {
                for (Path p : CrashChild.deviceDirs(rig.root)) {
                    devices.add(DirectoryDevice.open(p, false));
                }
                Recovery.checkOpen(devices, CrashChild.MIRROR, DurabilityMode.POWER_SAFE, image -> {
                    assertThat(image[10]).isEqualTo((byte) 7);
                });
            } finally {
                for (DirectoryDevice d : devices) {
                    d.close();
                }
            }
        }
    }

    @Test
    void anFsyncErrorIsNeverRetriedAsIfTheDataWereSafe() throws IOException {
        try (Rig rig = new Rig("fsync-eio", 2, 81_004)) {
            rig.writes(10);
            rig.flush();
            rig.writes(10);
            rig.io.get(1).failNextFsyncs(1);
            rig.flush();
            assertThat(rig.failures(1)).hasSize(1);
            assertThat(rig.failures(1).get(0).message()).contains("fsync").contains("Input/output error");
            long entries = rig.devices.get(0).tagTable().count();
            assertThat(entries).as("nothing is trimmed while a device may have lost writes").isPositive();

            // The drive's next fsync would succeed (the kernel reported the error once): it must not count.
            rig.mirror.bringOnline(rig.uuid(1));
            rig.writes(5);
            rig.flush();
            assertThat(rig.failures(1)).as("the second flush fails the device again").hasSize(2);
            assertThat(rig.failures(1).get(1).message()).contains("earlier fsync");
            assertThat(rig.devices.get(0).tagTable().count()).isGreaterThanOrEqualTo(entries);
            rig.recover();
        }
    }

    @Test
    void anFsyncErrorOnEveryDriveFailsTheFlush() throws IOException {
        try (Rig rig = new Rig("fsync-all", 2, 81_005)) {
            rig.writes(10);
            rig.io.get(0).failNextFsyncs(1);
            rig.io.get(1).failNextFsyncs(1);
            assertThatThrownBy(rig.mirror::flush).isInstanceOf(TagMirrorException.class).hasMessageContaining("flush failed");
            rig.recover();
        }
    }

    @Test
    void aFullDiskTakesTheDeviceOutWithAClearEvent() throws IOException {
        try (Rig rig = new Rig("enospc", 2, 81_006)) {
            rig.writes(10);
            rig.io.get(1).inject(FaultyIo.Fault.DISK_FULL);
            rig.writes(10);
            rig.flush();
            assertThat(rig.failures(1)).hasSize(1);
            assertThat(rig.failures(1).get(0).message()).containsAnyOf("No space left on device", "disk is full");
            assertThat(rig.mirror.state()).isEqualTo(MirrorState.DEGRADED);
            rig.io.get(1).clear(FaultyIo.Fault.DISK_FULL);
            rig.recover();
        }
    }

    @Test
    void aDriveThatGoesReadOnlyTakesTheDeviceOutWithAClearEvent() throws IOException {
        try (Rig rig = new Rig("erofs", 3, 81_007)) {
            rig.writes(10);
            rig.flush();
            rig.io.get(2).inject(FaultyIo.Fault.READ_ONLY);
            rig.writes(10);
            rig.flush();
            assertThat(rig.failures(2)).hasSize(1);
            assertThat(rig.failures(2).get(0).message()).containsAnyOf("Read-only file system", "readonly database");
            assertThat(rig.mirror.state()).isEqualTo(MirrorState.DEGRADED);
            rig.io.get(2).clear(FaultyIo.Fault.READ_ONLY);
            rig.recover();
        }
    }

    @Test
    void aTagTableThatCannotCommitTakesTheDeviceOutBeforeAnyOfItsDataIsWritten() throws IOException {
        try (Rig rig = new Rig("commit-eio", 2, 81_008)) {
            rig.writes(10);
            rig.flush();
            byte[] before = Recovery.image(rig.devices.get(1).object(rig.mirror.definition().objectId()));
            rig.io.get(1).inject(FaultyIo.Fault.COMMIT_EIO);
            rig.writes(10);
            rig.flush();
            assertThat(rig.failures(1)).hasSize(1);
            assertThat(rig.failures(1).get(0).message()).contains("cannot record entries");
            assertThat(Recovery.image(rig.devices.get(1).object(rig.mirror.definition().objectId())))
                    .as("no data without its entry (invariant 1)").isEqualTo(before);
            rig.io.get(1).clear(FaultyIo.Fault.COMMIT_EIO);
            rig.recover();
        }
    }

    @Test
    void aDeviceDirectoryRemovedWhileOpenIsNoticedAtTheNextFlush() throws IOException {
        try (Rig rig = new Rig("removed", 2, 81_009)) {
            rig.writes(10);
            rig.flush();
            Reliability.deleteTree(rig.root.resolve("dev1"));
            rig.writes(10);
            rig.flush();
            assertThat(rig.failures(1)).as("a flush into a removed directory is not a flush").hasSize(1);
            assertThat(rig.failures(1).get(0).message()).contains("removed");
            assertThat(rig.mirror.state()).isEqualTo(MirrorState.DEGRADED);
            rig.writes(5);
            rig.flush();
            assertThat(rig.mirror.read(0, BLOCKS).array()).isEqualTo(Recovery.image(rig.devices.get(0).object(
                    rig.mirror.definition().objectId())));
            rig.close();
            assertThatThrownBy(() -> DirectoryDevice.open(rig.root.resolve("dev1"), false))
                    .isInstanceOf(TagMirrorException.class).hasMessageContaining("does not exist");
        }
    }

    @Test
    void readErrorsDuringCompareRepairAndVerifyAreReportedNotPassedOffAsSuccess() throws IOException {
        try (Rig rig = new Rig("compare-eio", 2, 81_010)) {
            rig.writes(5);
            rig.flush();
            rig.mirror.takeOffline(rig.uuid(1), "test");
            rig.writes(20);
            rig.flush();
            rig.mirror.bringOnline(rig.uuid(1));
            long entries = rig.devices.get(0).tagTable().count();

            rig.io.get(1).inject(FaultyIo.Fault.READ_EIO);
            assertThatThrownBy(() -> rig.mirror.compare(TaskMonitor.NONE)).isInstanceOf(IOException.class)
                    .hasMessageContaining("Input/output error");
            assertThatThrownBy(() -> rig.mirror.verify(TaskMonitor.NONE)).isInstanceOf(IOException.class)
                    .hasMessageContaining("Input/output error");
            rig.io.get(1).clear(FaultyIo.Fault.READ_EIO);

            CompareReport report = rig.mirror.compare(TaskMonitor.NONE);
            assertThat(report.inSync()).isFalse();
            rig.io.get(0).inject(FaultyIo.Fault.READ_EIO);
            assertThatThrownBy(() -> rig.mirror.repair(report, RepairPolicy.NEWEST_SEQUENCE, TaskMonitor.NONE))
                    .isInstanceOf(IOException.class).hasMessageContaining("Input/output error");
            assertThat(rig.devices.get(0).tagTable().count()).as("a failed repair deletes no entry").isEqualTo(entries);
            rig.io.get(0).clear(FaultyIo.Fault.READ_EIO);
            rig.recover();
        }
    }
}
