package io.tagmirror.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device whose object file is missing or shorter than the mirror: its data is lost, so it leaves
 * the mirror with the reason while the others go on, and a rebuild copies the whole volume onto it.
 */
class LostObjectTest {
    private static final int BS = 4096;

    @TempDir
    Path tmp;

    /** Writes blocks 0-2 and 40-41 with seeded data, flushed (the tables are trimmed to nothing). */
    private static void writeSome(TestMirrors t) throws IOException {
        t.mirror.write(0, TestMirrors.randomData(1, 3 * BS).array());
        t.mirror.write(40L * BS, TestMirrors.randomData(2, 2 * BS).array());
        t.mirror.flush();
    }

    private Path objectFile(TestMirrors t, int device) {
        return t.device(device).directory().resolve("objects").resolve(t.mirror.definition().objectId());
    }

    private static MemberStatus status(TestMirrors t, int device) throws IOException {
        UUID uuid = t.device(device).uuid();
        return t.mirror.status().stream().filter(s -> s.device().equals(uuid)).findFirst().orElseThrow();
    }

    @Test
    void aMissingObjectPutsItsDeviceOfflineWithTheReasonAndTheOthersGoOn() throws IOException {
        try (TestMirrors t = TestMirrors.create(tmp, 3, 64 * BS, DurabilityMode.POWER_SAFE)) {
            writeSome(t);
            t.reopen(DurabilityMode.POWER_SAFE);
            Files.delete(objectFile(t, 0));
            t.reopen(DurabilityMode.POWER_SAFE);

            assertThat(t.mirror.state()).isEqualTo(MirrorState.DEGRADED);
            MemberStatus lost = status(t, 0);
            assertThat(lost.online()).isFalse();
            assertThat(lost.needsRebuild()).isTrue();
            assertThat(lost.offlineReason()).contains(t.mirror.definition().objectId(), "is missing on device",
                    t.device(0).directory().toString(), "repair rebuilds it");
            assertThat(lost.entries()).as("its tag table stays readable").isZero();

            t.mirror.write(10L * BS, TestMirrors.randomData(3, BS).array());
            assertThat(t.object(1).read(10, 1)).isEqualTo(TestMirrors.randomData(3, BS));
            assertThat(t.device(1).tagTable().count()).as("the others keep the entries it misses").isEqualTo(1);

            CompareReport report = t.mirror.compare(TaskMonitor.NONE);
            assertThat(report.devices()).containsExactly(t.device(1).uuid(), t.device(2).uuid());
            assertThat(report.inSync()).isTrue();
            assertThat(t.mirror.verify(TaskMonitor.NONE).identical()).isTrue();
            assertThatThrownBy(() -> t.mirror.bringOnline(t.device(0).uuid()))
                    .hasMessageContaining("cannot come back online").hasMessageContaining("is missing");
            assertThat(objectFile(t, 0)).as("nothing is made on the device before a rebuild").doesNotExist();
        }
    }

    @Test
    void aTruncatedObjectIsAFaultTooAndItsHeadIsLeftAsItIs() throws IOException {
        try (TestMirrors t = TestMirrors.create(tmp, 2, 64 * BS, DurabilityMode.POWER_SAFE)) {
            writeSome(t);
            t.reopen(DurabilityMode.POWER_SAFE);
            try (FileChannel ch = FileChannel.open(objectFile(t, 1), StandardOpenOption.WRITE)) {
                ch.truncate(2L * BS);
            }
            t.reopen(DurabilityMode.POWER_SAFE);

            assertThat(t.mirror.state()).isEqualTo(MirrorState.DEGRADED);
            MemberStatus shortOne = status(t, 1);
            assertThat(shortOne.online()).isFalse();
            assertThat(shortOne.needsRebuild()).isTrue();
            assertThat(shortOne.offlineReason()).contains("2 blocks long, shorter than mirror m (64 blocks)");
            assertThat(Files.size(objectFile(t, 1))).isEqualTo(2L * BS);
        }
    }

    @Test
    void withOneDeviceLeftCompareAndVerifyRefuseNamingTheOfflineDeviceAndWhy() throws IOException {
        try (TestMirrors t = TestMirrors.create(tmp, 2, 64 * BS, DurabilityMode.POWER_SAFE)) {
            writeSome(t);
            t.reopen(DurabilityMode.POWER_SAFE);
            Files.delete(objectFile(t, 0));
            t.reopen(DurabilityMode.POWER_SAFE);
            String where = t.device(0).directory() + " is offline (object ";
            assertThatThrownBy(() -> t.mirror.compare(TaskMonitor.NONE)).isInstanceOf(TagMirrorException.class)
                    .hasMessageContaining("compare needs at least two").hasMessageContaining(where)
                    .hasMessageContaining("is missing");
            assertThatThrownBy(() -> t.mirror.verify(TaskMonitor.NONE))
                    .hasMessageContaining("verify needs at least two").hasMessageContaining(where);
            // the write goes on to the device that is left
            t.mirror.write(5L * BS, TestMirrors.randomData(4, BS).array());
        }
    }

    @Test
    void anAbsentDeviceIsNamedWithTheReasonItCouldNotBeOpened() throws IOException {
        try (TestMirrors t = TestMirrors.create(tmp, 2, 64 * BS, DurabilityMode.POWER_SAFE)) {
            MirrorDefinition def = t.mirror.definition();
            UUID gone = t.device(0).uuid();
            Mirror degraded = Mirror.open(def, List.of(t.device(1)),
                    Map.of(gone, new UnavailableDevice("/mnt/a/tm", "/mnt/a/tm/tags.db is corrupt (truncated to 8 bytes)")),
                    DurabilityMode.POWER_SAFE);
            assertThatThrownBy(() -> degraded.compare(TaskMonitor.NONE)).hasMessage("mirror m has 1 device online;"
                    + " compare needs at least two: /mnt/a/tm is offline (/mnt/a/tm/tags.db is corrupt (truncated to 8 bytes))");
            assertThat(degraded.status().get(0).offlineReason()).isEqualTo("/mnt/a/tm/tags.db is corrupt (truncated to 8 bytes)");
            assertThat(degraded.status().get(0).location()).isEqualTo("/mnt/a/tm");
        }
    }

    @Test
    void aRebuildRestoresALostObjectAndCopiesWhatTheHealthyDeviceHolds() throws IOException {
        try (TestMirrors t = TestMirrors.create(tmp, 2, 64 * BS, DurabilityMode.POWER_SAFE)) {
            writeSome(t);
            t.reopen(DurabilityMode.POWER_SAFE);
            Files.delete(objectFile(t, 0));
            t.reopen(DurabilityMode.POWER_SAFE);
            t.mirror.write(20L * BS, TestMirrors.randomData(5, BS).array()); // made while it is offline

            ScrubReport rebuilt = t.mirror.rebuild(t.device(0).uuid(), t.device(1).uuid(), TaskMonitor.NONE);
            assertThat(rebuilt.blocksCompared()).isEqualTo(64);
            assertThat(rebuilt.blocksCopied()).as("every block that is not a hole on the source").isEqualTo(6);
            assertThat(t.objectBytes(0)).isEqualTo(t.objectBytes(1));
            assertThat(t.device(0).tagTable().needsScrub()).isFalse();
            assertThat(status(t, 0).online()).isTrue();

            t.mirror.repair(t.mirror.compare(TaskMonitor.NONE), RepairPolicy.NONE, TaskMonitor.NONE);
            assertThat(t.mirror.state()).isEqualTo(MirrorState.IN_SYNC);
            assertThat(t.mirror.verify(TaskMonitor.NONE).identical()).isTrue();
        }
    }

    @Test
    void aRebuildFillsTheTailOfATruncatedObject() throws IOException {
        try (TestMirrors t = TestMirrors.create(tmp, 2, 64 * BS, DurabilityMode.POWER_SAFE)) {
            writeSome(t);
            t.reopen(DurabilityMode.POWER_SAFE);
            try (FileChannel ch = FileChannel.open(objectFile(t, 1), StandardOpenOption.WRITE)) {
                ch.truncate(2L * BS);
            }
            t.reopen(DurabilityMode.POWER_SAFE);

            ScrubReport rebuilt = t.mirror.rebuild(t.device(1).uuid(), t.device(0).uuid(), TaskMonitor.NONE);
            assertThat(rebuilt.blocksCopied()).as("block 2 and blocks 40-41; blocks 0-1 survived").isEqualTo(3);
            assertThat(Files.size(objectFile(t, 1))).isEqualTo(64L * BS);
            assertThat(t.objectBytes(1)).isEqualTo(t.objectBytes(0));
        }
    }

    @Test
    void aRestoredObjectIsNeverCalledInSyncOnTheTablesAloneEvenAfterACrash() throws IOException {
        try (TestMirrors t = TestMirrors.create(tmp, 2, 64 * BS, DurabilityMode.POWER_SAFE)) {
            writeSome(t);
            t.reopen(DurabilityMode.POWER_SAFE);
            Files.delete(objectFile(t, 0));
            t.reopen(DurabilityMode.POWER_SAFE);
            UUID lost = t.device(0).uuid();

            // the object is back, empty, and the copy has not run: the tables (trimmed, empty) agree
            t.mirror.restoreObject(lost);
            CompareReport report = t.mirror.compare(TaskMonitor.NONE);
            assertThat(report.divergent()).isEmpty();
            assertThat(report.unscrubbed()).containsExactly(lost);
            assertThat(report.inSync()).isFalse();
            t.mirror.repair(report, RepairPolicy.NONE, TaskMonitor.NONE);
            assertThat(t.mirror.state()).as("a repair of the entries cannot make it whole").isEqualTo(MirrorState.DIVERGED);

            // as after a crash right after the restore: the mark is on disk
            t.reopen(DurabilityMode.POWER_SAFE);
            assertThat(status(t, 0).needsRebuild()).isTrue();
            assertThat(t.mirror.state()).isEqualTo(MirrorState.DIVERGED);
            assertThat(t.mirror.compare(TaskMonitor.NONE).inSync()).isFalse();

            t.mirror.rebuild(lost, t.device(1).uuid(), TaskMonitor.NONE);
            CompareReport after = t.mirror.compare(TaskMonitor.NONE);
            assertThat(after.inSync()).isTrue();
            t.mirror.repair(after, RepairPolicy.NONE, TaskMonitor.NONE);
            assertThat(t.mirror.state()).isEqualTo(MirrorState.IN_SYNC);
            assertThat(t.objectBytes(0)).isEqualTo(t.objectBytes(1));
        }
    }

    @Test
    void aRebuildRefusesASourceWhoseDataNoEntryDescribes() throws IOException {
        try (TestMirrors t = TestMirrors.create(tmp, 2, 64 * BS, DurabilityMode.POWER_SAFE)) {
            writeSome(t);
            t.device(1).tagTable().setNeedsScrub(true);
            assertThatThrownBy(() -> t.mirror.rebuild(t.device(0).uuid(), t.device(1).uuid(), TaskMonitor.NONE))
                    .hasMessageContaining("needs a scrub itself");
        }
    }
}
