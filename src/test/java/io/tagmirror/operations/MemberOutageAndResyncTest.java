package io.tagmirror.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.engine.MemberStatus;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorState;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.workspace.HistoryKind;
import io.tagmirror.workspace.MemberOutages;
import io.tagmirror.workspace.Outcome;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Offline and online that hold across assemblies, and the resync that brings a member back, in the foreground and the background. */
class MemberOutageAndResyncTest {
    @TempDir
    Path tmp;
    private OperationsFixture fx;

    @BeforeEach
    void open() throws IOException {
        fx = new OperationsFixture(tmp);
    }

    @AfterEach
    void close() throws IOException {
        fx.close();
    }

    private MemberStatus statusOf(UUID device) throws IOException {
        return fx.on.mirror().status().stream().filter(s -> s.device().equals(device)).findFirst().orElseThrow();
    }

    private void writes(int count, long seed) throws IOException {
        Mirror m = fx.on.mirror();
        Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
            byte[] data = new byte[(1 + random.nextInt(4)) * OperationsFixture.BLOCK_SIZE];
            random.nextBytes(data);
            long block = random.nextInt((int) (OperationsFixture.SIZE_BYTES / OperationsFixture.BLOCK_SIZE) - 4);
            m.write(m.generator(Mirror.DEFAULT_GENERATOR), block * OperationsFixture.BLOCK_SIZE, ByteBuffer.wrap(data));
        }
    }

    @Test
    void aMemberTakenOfflineStaysOfflineInTheNextAssemblyUntilBroughtBack() throws Exception {
        MemberOutageOperation.takeOffline(fx.on, fx.uuidB);
        writes(50, 1);
        fx.reopen();

        MemberStatus b = statusOf(fx.uuidB);
        assertThat(b.online()).isFalse();
        assertThat(b.offlineReason()).contains("taken offline by the administrator")
                .contains("'tagmirror mirror online " + OperationsFixture.MIRROR + " " + fx.b + "'");
        assertThat(fx.on.mirror().state()).isEqualTo(MirrorState.DEGRADED);
    }

    @Test
    void aMemberBroughtBackIsStaleInEveryAssemblyUntilItsResyncEnds() throws Exception {
        MemberOutageOperation.takeOffline(fx.on, fx.uuidB);
        writes(50, 2);
        fx.reopen();
        MemberOutageOperation.bringOnline(fx.on, fx.uuidB);
        fx.reopen(); // as if the resync never ran: the process ended first

        assertThat(statusOf(fx.uuidB).online()).isTrue();
        assertThat(statusOf(fx.uuidB).stale()).as("no read may come from it").isTrue();
        assertThat(fx.workspace.outages().of(fx.on.mirror().definition().uuid()).get(fx.uuidB).state())
                .isEqualTo(MemberOutages.State.RETURNING);

        ResyncOperation.Resynced r = ResyncOperation.run(fx.on, fx.uuidB, ResyncOperation.DEFAULT_RATE, TaskMonitor.NONE);

        assertThat(r.report().completed()).isTrue();
        assertThat(r.report().blocksCopied()).isPositive();
        assertThat(fx.on.mirror().verify(TaskMonitor.NONE).identical()).isTrue();
        assertThat(fx.on.mirror().state()).isEqualTo(MirrorState.IN_SYNC);
        assertThat(fx.workspace.outages().of(fx.on.mirror().definition().uuid())).isEmpty();
        assertThat(fx.history().get(0).kind()).isEqualTo(HistoryKind.RESYNC.code());
        assertThat(fx.history().get(0).result()).isEqualTo(Outcome.RESYNCED.code());
        fx.reopen();
        assertThat(statusOf(fx.uuidB).stale()).isFalse();
    }

    @Test
    void aRepairThatSettlesWhatAReturningMemberMissedEndsItsMarkToo() throws Exception {
        MemberOutageOperation.takeOffline(fx.on, fx.uuidB);
        writes(30, 6);
        MemberOutageOperation.bringOnline(fx.on, fx.uuidB);
        fx.reopen();
        assertThat(statusOf(fx.uuidB).stale()).isTrue();

        CompareOperation.Compared compared = CompareOperation.unrecorded(fx.on, TaskMonitor.NONE);
        RepairOperation.run(fx.on, compared, io.tagmirror.engine.RepairPolicy.NONE, TaskMonitor.NONE);

        assertThat(fx.workspace.outages().of(fx.on.mirror().definition().uuid())).isEmpty();
        fx.reopen();
        assertThat(statusOf(fx.uuidB).stale()).isFalse();
        assertThat(fx.on.mirror().state()).isEqualTo(MirrorState.IN_SYNC);
    }

    @Test
    void aBackgroundResyncRunsWhileWritesGoOnAndEndsInSync() throws Exception {
        fx.offlineWindow(200, 3); // b missed 200 writes and is back, stale
        try (BackgroundResync resyncs = new BackgroundResync(fx.on, ResyncOperation.DEFAULT_RATE)) {
            var done = resyncs.start(fx.uuidB);
            writes(100, 4);
            ResyncOperation.Resynced r = done.join();
            assertThat(r.report().completed()).isTrue();
            assertThat(resyncs.lastEnd(fx.uuidB)).contains("in sync");
        }
        assertThat(fx.on.mirror().verify(TaskMonitor.NONE).identical()).isTrue();
        assertThat(statusOf(fx.uuidB).stale()).isFalse();
    }

    @Test
    void closingTheBackgroundResyncStopsItAndTheMemberStaysStale() throws Exception {
        fx.offlineWindow(200, 5);
        BackgroundResync resyncs = new BackgroundResync(fx.on, 1); // one byte a second: it never gets far
        var done = resyncs.start(fx.uuidB);
        resyncs.close();

        assertThat(done.join().report().completed()).isFalse();
        assertThat(done.join().report().cancelled()).isTrue();
        assertThat(statusOf(fx.uuidB).stale()).isTrue();
        assertThat(statusOf(fx.uuidB).resync()).isNull();
    }
}
