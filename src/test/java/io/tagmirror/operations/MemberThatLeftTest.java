package io.tagmirror.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.engine.MemberStatus;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorState;
import io.tagmirror.engine.RepairPolicy;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.workspace.MemberOutages;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member that left the mirror by itself (its drive removed while open, or not reachable when the
 * mirror was opened) and is present again in a later session of the workspace: it is known to have
 * missed writes there, so no read comes from it and its entries are kept, until a resync or a repair.
 */
class MemberThatLeftTest {
    @TempDir
    Path tmp;
    private OperationsFixture fx;
    private Path away;

    @BeforeEach
    void open() throws IOException {
        fx = new OperationsFixture(tmp);
        away = tmp.resolve("device-b.unplugged");
    }

    @AfterEach
    void close() throws IOException {
        fx.close();
    }

    private MemberStatus statusOf(UUID device) throws IOException {
        return fx.on.mirror().status().stream().filter(s -> s.device().equals(device)).findFirst().orElseThrow();
    }

    private MemberOutages.Outage recordedOf(UUID device) throws IOException {
        return fx.workspace.outages().of(fx.on.mirror().definition().uuid()).get(device);
    }

    /** Seeded writes of one block each; returns the blocks written. */
    private List<Long> writes(int count, long seed) throws IOException {
        Mirror m = fx.on.mirror();
        Random random = new Random(seed);
        List<Long> blocks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] data = new byte[OperationsFixture.BLOCK_SIZE];
            random.nextBytes(data);
            long block = random.nextInt((int) (OperationsFixture.SIZE_BYTES / OperationsFixture.BLOCK_SIZE));
            m.write(m.generator(Mirror.DEFAULT_GENERATOR), block * OperationsFixture.BLOCK_SIZE, ByteBuffer.wrap(data));
            blocks.add(block);
        }
        return blocks;
    }

    @Test
    void aMemberWhoseDriveWasRemovedWhileOpenIsStaleInTheNextSessionUntilItsResync() throws Exception {
        writes(20, 11);
        fx.on.mirror().flush();
        Files.move(fx.b, away); // the drive is pulled: the flush notices b's files are gone
        writes(5, 12);
        fx.on.mirror().flush();
        assertThat(statusOf(fx.uuidB).online()).as("b failed and left the mirror").isFalse();
        List<Long> missed = writes(30, 13);
        fx.on.mirror().flush();
        Files.move(away, fx.b); // plugged back in before the next session

        fx.reopenWorkspace();

        MemberStatus b = statusOf(fx.uuidB);
        assertThat(b.online()).isTrue();
        assertThat(b.stale()).as("b missed the writes made while it was out").isTrue();
        assertThat(recordedOf(fx.uuidB).state()).isEqualTo(MemberOutages.State.LEFT);
        assertThat(fx.on.mirror().state()).isNotEqualTo(MirrorState.IN_SYNC);
        long block = missed.get(missed.size() - 1);
        assertThat(fx.block(fx.uuidB, block)).as("b really is behind").isNotEqualTo(fx.block(fx.uuidA, block));
        for (int start = 0; start < 2; start++) {
            ByteBuffer read = ByteBuffer.allocate(OperationsFixture.BLOCK_SIZE);
            fx.on.mirror().readInSync(block, read, start);
            assertThat(read.array()).as("a read never comes from b").isEqualTo(fx.block(fx.uuidA, block));
        }
        fx.on.mirror().flush(); // keeps the entries that name what b missed

        ResyncOperation.Resynced r = ResyncOperation.run(fx.on, fx.uuidB, ResyncOperation.DEFAULT_RATE, TaskMonitor.NONE);

        assertThat(r.report().completed()).isTrue();
        assertThat(r.report().blocksCopied()).isPositive();
        assertThat(fx.on.mirror().verify(TaskMonitor.NONE).identical()).isTrue();
        fx.reopenWorkspace();
        assertThat(statusOf(fx.uuidB).stale()).isFalse();
        assertThat(recordedOf(fx.uuidB)).isNull();
        assertThat(fx.on.mirror().state()).isEqualTo(MirrorState.IN_SYNC);
    }

    @Test
    void aMemberThatLeftIsForgottenWhenAResyncStartedOnTheMirrorItselfFinishes() throws Exception {
        writes(10, 51);
        fx.endSession();
        Files.move(fx.b, away);
        fx.startSession();
        writes(30, 52);
        Files.move(away, fx.b);
        fx.reopenWorkspace();
        assertThat(recordedOf(fx.uuidB).state()).isEqualTo(MemberOutages.State.LEFT);

        // not through ResyncOperation: a program holding the mirror resynchronises it itself
        assertThat(fx.on.mirror().resync(fx.uuidB, ResyncOperation.DEFAULT_RATE, TaskMonitor.NONE).completed()).isTrue();

        assertThat(recordedOf(fx.uuidB)).isNull();
        fx.reopenWorkspace();
        assertThat(statusOf(fx.uuidB).stale()).isFalse();
        assertThat(fx.on.mirror().state()).isEqualTo(MirrorState.IN_SYNC);
    }

    @Test
    void aMemberBroughtBackIsForgottenWhenAResyncStartedOnTheMirrorItselfFinishes() throws Exception {
        MemberOutageOperation.takeOffline(fx.on, fx.uuidB);
        writes(10, 61);
        MemberOutageOperation.bringOnline(fx.on, fx.uuidB);
        assertThat(recordedOf(fx.uuidB).state()).isEqualTo(MemberOutages.State.RETURNING);

        assertThat(fx.on.mirror().resync(fx.uuidB, ResyncOperation.DEFAULT_RATE, TaskMonitor.NONE).completed()).isTrue();

        assertThat(recordedOf(fx.uuidB)).as("returning, resynchronised: nothing left to remember").isNull();
        fx.reopenWorkspace();
        assertThat(statusOf(fx.uuidB).stale()).isFalse();
    }

    @Test
    void aMemberNotReachableWhileWritesWentOnIsStaleWhenItIsBackUntilARepair() throws Exception {
        writes(10, 21);
        fx.endSession();
        Files.move(fx.b, away);
        fx.startSession();
        assertThat(statusOf(fx.uuidB).online()).isFalse();
        writes(30, 22);
        Files.move(away, fx.b);

        fx.reopenWorkspace();

        assertThat(statusOf(fx.uuidB).online()).isTrue();
        assertThat(statusOf(fx.uuidB).stale()).isTrue();
        assertThat(recordedOf(fx.uuidB).state()).isEqualTo(MemberOutages.State.LEFT);

        CompareOperation.Compared compared = CompareOperation.unrecorded(fx.on, TaskMonitor.NONE);
        RepairOperation.run(fx.on, compared, RepairPolicy.NONE, TaskMonitor.NONE);

        assertThat(recordedOf(fx.uuidB)).isNull();
        fx.reopenWorkspace();
        assertThat(statusOf(fx.uuidB).stale()).isFalse();
        assertThat(fx.on.mirror().verify(TaskMonitor.NONE).identical()).isTrue();
    }

    @Test
    void aMemberAwayWhileNothingWasWrittenComesBackInSync() throws Exception {
        writes(10, 31);
        fx.endSession();
        Files.move(fx.b, away);
        fx.startSession();
        fx.on.mirror().flush();
        Files.move(away, fx.b);

        fx.reopenWorkspace();

        assertThat(statusOf(fx.uuidB).stale()).isFalse();
        assertThat(recordedOf(fx.uuidB)).isNull();
        assertThat(fx.on.mirror().state()).isEqualTo(MirrorState.IN_SYNC);
    }

    @Test
    void whatTheAdministratorRecordedIsKeptWhenWritesGoOnWithoutTheMember() throws Exception {
        MemberOutageOperation.takeOffline(fx.on, fx.uuidB);
        writes(10, 41);

        fx.reopenWorkspace();

        assertThat(recordedOf(fx.uuidB).state()).isEqualTo(MemberOutages.State.OFFLINE);
        assertThat(statusOf(fx.uuidB).online()).isFalse();
    }
}
