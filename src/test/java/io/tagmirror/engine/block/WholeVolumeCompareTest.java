package io.tagmirror.engine.block;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.Device;
import io.tagmirror.engine.DiffRange;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.RepairPolicy;
import io.tagmirror.engine.RepairReport;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.engine.Verdict;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compare of the whole volume, made when a member's tag log filled while the other was away (its
 * table is incomplete): its ranges say they come from the whole-volume compare, and where entries still
 * name a block that differs they choose the direction and find writes made on both sides while the
 * members were apart, as the compare of the entries does.
 *
 * <p>The members are split: the mirror is opened with {@code a} alone (its small log fills, later writes
 * leave no entry there), then with {@code b} alone, then with both.
 */
class WholeVolumeCompareTest {
    private static final int BS = 4096;
    private static final int BLOCKS = 4096;
    private static final long IMAGE = 24L << 20;
    /** Written on both before the split (entries kept by a crash), then again on b alone: b's is newer. */
    private static final long X = 10;
    /** Written on a alone (an entry kept) and on b alone by another writer: both sides wrote. */
    private static final long Z = 20;
    /** Written on a alone once its log was full (no entry), and on b alone: both sides wrote. */
    private static final long V = 30;
    /** Written on a alone once its log was full, and nowhere else: a's data is the newest. */
    private static final long U = 40;

    @TempDir
    Path tmp;
    private BlockDevice a;
    private BlockDevice b;

    @BeforeEach
    void images() throws IOException {
        a = BlockDevice.createImage(tmp.resolve("a.img"), IMAGE, BS, BlockLayout.MIN_LOG_HALF_BYTES);
        b = BlockDevice.createImage(tmp.resolve("b.img"), IMAGE, BS, BlockLayout.MIN_LOG_HALF_BYTES);
    }

    @AfterEach
    void close() throws IOException {
        a.close();
        b.close();
    }

    private static ByteBuffer data(long seed) {
        byte[] bytes = new byte[BS];
        new Random(seed).nextBytes(bytes);
        return ByteBuffer.wrap(bytes);
    }

    private static void write(Mirror m, long generator, long block, long seed) throws IOException {
        m.write(m.generator(generator), block * BS, data(seed));
    }

    private static DiffRange rangeOf(CompareReport report, long block) {
        return report.ranges().stream().filter(r -> r.firstBlock() <= block && block < r.endBlock()).findFirst()
                .orElseThrow(() -> new AssertionError("no range holds block " + block + ": " + report.ranges()));
    }

    @Test
    void entriesThatStillNameDifferingBlocksChooseTheDirectionAndFindWritesOnBothSides() throws IOException {
        MirrorDefinition def;
        try (Mirror m = Mirror.create("m", (long) BLOCKS * BS, List.<Device>of(a, b), DurabilityMode.CRASH_SAFE)) {
            write(m, 1, X, 1);
            def = m.definition();
            m.abandon(); // a crash: the entries of X stay on both
        }
        try (Mirror m = Mirror.open(def, List.of(a), DurabilityMode.CRASH_SAFE)) {
            write(m, 1, Z, 2);
            Random r = new Random(3);
            for (int i = 0; i < 2000; i++) {
                write(m, 1, 100 + r.nextInt(BLOCKS - 100), 1000 + i);
            }
            assertThat(a.tagTable().incomplete()).isTrue();
            write(m, 1, V, 4);
            write(m, 1, U, 5);
        }
        try (Mirror m = Mirror.open(def, List.of(b), DurabilityMode.CRASH_SAFE)) {
            write(m, 1, X, 6);
            write(m, 2, Z, 7);
            write(m, 2, V, 8);
        }
        try (Mirror m = Mirror.open(def, List.<Device>of(a, b), DurabilityMode.CRASH_SAFE)) {
            CompareReport report = m.compare(TaskMonitor.NONE);
            assertThat(report.intents().wholeVolume()).isTrue();
            assertThat(report.ranges()).extracting(DiffRange::verdict).doesNotContain(Verdict.INTENT);

            DiffRange x = rangeOf(report, X);
            assertThat(x.verdict()).as("b's write follows the one both had").isEqualTo(Verdict.COPY);
            assertThat(x.source()).isEqualTo(b.uuid());
            assertThat(rangeOf(report, Z).verdict()).as("written on both sides, both named").isEqualTo(Verdict.CONFLICT);
            assertThat(rangeOf(report, V).verdict()).as("written on both sides, a's without an entry")
                    .isEqualTo(Verdict.CONFLICT);
            DiffRange u = rangeOf(report, U);
            assertThat(u.verdict()).isEqualTo(Verdict.WHOLE_VOLUME);
            assertThat(u.source()).isEqualTo(a.uuid());
            assertThat(u.targets()).containsExactly(b.uuid());

            RepairReport repair = m.repair(report, RepairPolicy.NONE, TaskMonitor.NONE);
            assertThat(repair.conflictsLeft()).isEqualTo(2);
            assertThat(m.read(X, 1)).as("b's newer write is kept").isEqualTo(data(6));
            assertThat(m.read(U, 1)).isEqualTo(data(5));
            assertThat(b.object(def.objectId()).read(U, 1)).isEqualTo(data(5));
            assertThat(a.object(def.objectId()).read(Z, 1)).as("a conflict is left as it is").isEqualTo(data(2));
            assertThat(b.object(def.objectId()).read(Z, 1)).isEqualTo(data(7));
        }
    }
}
