package io.tagmirror.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.engine.compare.Pacer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The background resync of a member that came back: writes and reads go on meanwhile, and each pause
 * the resync takes to keep its rate is where the test's own writes and reads happen, so the
 * interleaving is the same on every run.
 */
class ResyncTest {
    private static final int BS = 4096;
    private static final int BLOCKS = 2048; // 8 MiB: eight chunks of the resync
    private static final long RATE = 1 << 20; // one chunk per second of the test's clock

    @TempDir
    Path tmp;

    /** A clock that moves only when the resync pauses, and runs the test's work in each pause. */
    private static final class SteppedClock implements Pacer.Clock {
        long now;
        long paused;
        Runnable inPause = () -> { };

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void pause(long nanos) {
            now += nanos;
            paused += nanos;
            inPause.run();
        }
    }

    /** The volume as the acknowledged writes made it, block by block. */
    private static final class Model {
        final byte[] bytes = new byte[BLOCKS * BS];

        void write(Mirror m, long offset, byte[] data) throws IOException {
            m.write(offset, data);
            System.arraycopy(data, 0, bytes, (int) offset, data.length);
        }

        byte[] blocks(long first, int count) {
            return Arrays.copyOfRange(bytes, (int) first * BS, (int) (first + count) * BS);
        }
    }

    private static void randomWrite(Mirror m, Model model, Random random) throws IOException {
        long offset;
        int length;
        if (random.nextInt(4) == 0) {
            // part of a block: the rest comes from the member that missed nothing
            offset = random.nextInt(BLOCKS * BS - 600);
            length = 1 + random.nextInt(512);
        } else {
            offset = (long) random.nextInt(BLOCKS - 8) * BS;
            length = (1 + random.nextInt(8)) * BS;
        }
        byte[] data = new byte[length];
        random.nextBytes(data);
        model.write(m, offset, data);
    }

    private static void assertEveryBlockReadsBack(TestMirrors t, Model model) throws IOException {
        assertThat(t.mirror.read(0, BLOCKS).array()).isEqualTo(model.bytes);
        for (int i = 0; i < 2; i++) {
            assertThat(t.objectBytes(i)).as("device %d holds every acknowledged write", i).isEqualTo(model.bytes);
        }
    }

    @Test
    void writesRacingTheResyncAreNeverUndoneAndTheMirrorEndsInSyncAndTrimmed() throws Exception {
        long seed = 20261204L;
        Random random = new Random(seed);
        try (TestMirrors t = TestMirrors.create(tmp.resolve("race"), 2, (long) BLOCKS * BS, DurabilityMode.CRASH_SAFE)) {
            Mirror m = t.mirror;
            UUID away = t.device(0).uuid();
            Model model = new Model();
            for (int i = 0; i < 200; i++) {
                randomWrite(m, model, random);
            }
            m.flush();
            m.takeOffline(away, "test");
            for (int i = 0; i < 400; i++) {
                randomWrite(m, model, random);
            }
            m.bringOnline(away);
            assertThat(t.objectBytes(0)).as("seed %d: the member that was away is behind", seed).isNotEqualTo(model.bytes);

            SteppedClock clock = new SteppedClock();
            List<String> readsRefused = new ArrayList<>();
            clock.inPause = () -> {
                try {
                    randomWrite(m, model, random);
                    long first = random.nextInt(BLOCKS - 4);
                    assertThat(m.read(first, 4).array()).as("seed %d: a read during the resync", seed)
                            .isEqualTo(model.blocks(first, 4));
                    assertThat(m.state()).isEqualTo(MirrorState.REPAIRING);
                } catch (IOException e) {
                    readsRefused.add(e.getMessage());
                }
            };
            ResyncReport report = m.resync(away, RATE, clock, TaskMonitor.NONE);

            assertThat(readsRefused).isEmpty();
            assertThat(report.completed()).as("seed %d: %s", seed, report.why()).isTrue();
            assertThat(report.blocksCopied()).isPositive();
            assertThat(clock.paused).as("the resync kept to its rate").isGreaterThan(0);
            assertThat(m.verify(TaskMonitor.NONE).identical()).as("seed %d", seed).isTrue();
            assertEveryBlockReadsBack(t, model);
            assertThat(m.state()).isEqualTo(MirrorState.IN_SYNC);
            for (MemberStatus s : m.status()) {
                assertThat(s.stale()).isFalse();
                assertThat(s.resync()).isNull();
                assertThat(s.entries()).as("the entries are trimmed once every member is in sync").isZero();
            }
        }
    }

    @Test
    void aResyncRacingAWriterThreadLeavesEveryAcknowledgedWriteOnBothMembers() throws Exception {
        long seed = 77L;
        try (TestMirrors t = TestMirrors.create(tmp.resolve("threads"), 2, (long) BLOCKS * BS, DurabilityMode.CRASH_SAFE)) {
            Mirror m = t.mirror;
            UUID away = t.device(0).uuid();
            Model model = new Model();
            Random random = new Random(seed);
            m.takeOffline(away, "test");
            for (int i = 0; i < 600; i++) {
                randomWrite(m, model, random);
            }
            m.bringOnline(away);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> failed = new AtomicReference<>();
            // the writer owns the model while it runs; the main thread reads it only after join()
            Thread writer = new Thread(() -> {
                Random w = new Random(seed + 1);
                try {
                    for (int i = 0; i < 300 || !stop.get(); i++) {
                        randomWrite(m, model, w);
                    }
                } catch (Throwable e) {
                    failed.set(e);
                }
            }, "resync-test-writer");
            writer.start();
            ResyncReport report;
            try {
                report = m.resync(away, Long.MAX_VALUE, TaskMonitor.NONE);
            } finally {
                stop.set(true);
                writer.join();
            }
            assertThat(failed.get()).isNull();
            assertThat(report.completed()).as("seed %d: %s", seed, report.why()).isTrue();
            assertThat(m.verify(TaskMonitor.NONE).identical()).as("seed %d", seed).isTrue();
            assertEveryBlockReadsBack(t, model);
            assertThat(m.state()).isEqualTo(MirrorState.IN_SYNC);
        }
    }

    @Test
    void readsUseTheReturningMemberOnlyForBlocksTheResyncHasPassed() throws Exception {
        try (TestMirrors t = TestMirrors.create(tmp.resolve("reads"), 2, (long) BLOCKS * BS, DurabilityMode.CRASH_SAFE)) {
            Mirror m = t.mirror;
            UUID away = t.device(0).uuid();
            UUID stays = t.device(1).uuid();
            Model model = new Model();
            m.takeOffline(away, "test");
            byte[] everywhere = new byte[BLOCKS * BS];
            new Random(5).nextBytes(everywhere);
            model.write(m, 0, everywhere); // the member that is away misses every block
            m.bringOnline(away);

            SteppedClock clock = new SteppedClock();
            List<String> seen = new ArrayList<>();
            clock.inPause = () -> {
                if (!seen.isEmpty()) {
                    return;
                }
                try {
                    // halfway: the first chunks are in sync on the returning member, the rest are not
                    m.takeOffline(stays, "test: only the returning member is left");
                    assertThat(m.read(0, 256).array()).isEqualTo(model.blocks(0, 256));
                    assertThatThrownBy(() -> m.read(BLOCKS - 1, 1)).isInstanceOf(NotInSyncException.class)
                            .hasMessageContaining("missed writes");
                    seen.add("checked");
                } catch (IOException e) {
                    seen.add(e.toString());
                }
            };
            ResyncReport report = m.resync(away, RATE, clock, TaskMonitor.NONE);

            assertThat(seen).containsExactly("checked");
            assertThat(report.completed()).isFalse();
            assertThat(report.why()).contains("holds current data");
            // once it stopped, what it had passed is no longer vouched for: later writes could be missed
            assertThatThrownBy(() -> m.read(0, 1)).isInstanceOf(NotInSyncException.class);
            assertThat(m.status().get(0).stale()).isTrue();
        }
    }

    @Test
    void aMemberTakenOfflineDuringItsResyncStaysStaleAndAResyncAfterItsReturnFinishesTheJob() throws Exception {
        try (TestMirrors t = TestMirrors.create(tmp.resolve("again"), 2, (long) BLOCKS * BS, DurabilityMode.CRASH_SAFE)) {
            Mirror m = t.mirror;
            UUID away = t.device(0).uuid();
            Model model = new Model();
            Random random = new Random(9);
            m.takeOffline(away, "test");
            for (int i = 0; i < 300; i++) {
                randomWrite(m, model, random);
            }
            m.bringOnline(away);
            SteppedClock clock = new SteppedClock();
            clock.inPause = () -> {
                try {
                    if (clock.paused > 2_000_000_000L && m.status().get(0).online()) {
                        m.takeOffline(away, "test: away again");
                        randomWrite(m, model, random); // missed as well
                    }
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            };
            ResyncReport first = m.resync(away, RATE, clock, TaskMonitor.NONE);
            assertThat(first.completed()).isFalse();
            assertThat(first.why()).contains("went offline");
            assertThat(m.status().get(0).online()).isFalse();
            assertThat(m.state()).isEqualTo(MirrorState.DEGRADED);

            m.bringOnline(away);
            assertThat(m.resync(away, Long.MAX_VALUE, TaskMonitor.NONE).completed()).isTrue();
            assertThat(m.verify(TaskMonitor.NONE).identical()).isTrue();
            assertEveryBlockReadsBack(t, model);
            assertThat(m.state()).isEqualTo(MirrorState.IN_SYNC);
        }
    }

    @Test
    void aCancelledResyncLeavesTheMemberStaleAndItsEntriesKept() throws Exception {
        try (TestMirrors t = TestMirrors.create(tmp.resolve("cancel"), 2, (long) BLOCKS * BS, DurabilityMode.CRASH_SAFE)) {
            Mirror m = t.mirror;
            UUID away = t.device(0).uuid();
            m.takeOffline(away, "test");
            m.write(0, new byte[BLOCKS * BS / 2]);
            m.write(0, TestMirrors.randomData(3, BLOCKS * BS).array());
            m.bringOnline(away);
            SteppedClock clock = new SteppedClock();
            AtomicBoolean cancel = new AtomicBoolean();
            clock.inPause = () -> cancel.set(true);
            ResyncReport report = m.resync(away, RATE, clock, new TaskMonitor() {
                @Override
                public boolean isCancelled() {
                    return cancel.get();
                }
            });
            assertThat(report.completed()).isFalse();
            assertThat(report.cancelled()).isTrue();
            assertThat(m.state()).isEqualTo(MirrorState.DIVERGED);
            assertThat(m.status().get(1).entries()).isPositive();
            assertThat(m.compare(TaskMonitor.NONE).inSync()).isFalse();
        }
    }

    @Test
    void aMemberThatMissedNothingHasNothingToResyncAndAnOfflineOneIsRefused() throws Exception {
        try (TestMirrors t = TestMirrors.create(tmp.resolve("nothing"), 2, (long) BLOCKS * BS, DurabilityMode.CRASH_SAFE)) {
            Mirror m = t.mirror;
            ResyncReport report = m.resync(t.device(0).uuid(), RATE, TaskMonitor.NONE);
            assertThat(report.completed()).isTrue();
            assertThat(report.blocksExamined()).isZero();
            m.takeOffline(t.device(0).uuid(), "test");
            assertThatThrownBy(() -> m.resync(t.device(0).uuid(), RATE, TaskMonitor.NONE))
                    .isInstanceOf(TagMirrorException.class).hasMessageContaining("bring it online first");
        }
    }

    @Test
    void thePacerHoldsTheCopyToItsRate() {
        SteppedClock clock = new SteppedClock();
        Pacer pacer = new Pacer(10 << 20, clock);
        for (int i = 0; i < 100; i++) {
            assertThat(pacer.await(1 << 20, TaskMonitor.NONE)).isTrue();
        }
        // 100 MiB at 10 MiB/s: the 100th step may start only after the first 99 took 9.9 s
        assertThat(clock.now).isEqualTo(9_900_000_000L);
    }
}
