package io.tagmirror.engine.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tagmirror.engine.Device;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.MirrorEvent;
import io.tagmirror.engine.TagGenerator;
import io.tagmirror.engine.TestMirrors;
import io.tagmirror.engine.TagTable;
import io.tagmirror.engine.TaskMonitor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Making room in a block device's tag log of fixed room (two halves of 64 KiB here, about 800
 * single-block entries) while the writes go on. Power-safe, the data must be synced before entries
 * may be trimmed, and on a large device that sync takes seconds: writes go on beside it and wait only
 * when a log is nearly full. Crash-safe, nothing needs syncing for the trim at all.
 */
class LogRoomBesideWritesTest {
    private static final int BS = 4096;
    private static final int BLOCKS = 2048;
    private static final long IMAGE = 24L << 20;
    private static final String ROOM_THREAD = "tagmirror-log-room-";

    @TempDir
    Path tmp;

    private MirrorDefinition twoImages(DurabilityMode mode) throws IOException {
        List<Device> devices = new ArrayList<>();
        for (String name : List.of("a.img", "b.img")) {
            devices.add(BlockDevice.createImage(tmp.resolve(name), IMAGE, BS, BlockLayout.MIN_LOG_HALF_BYTES));
        }
        try (Mirror m = Mirror.create("m", (long) BLOCKS * BS, devices, mode)) {
            return m.definition();
        } finally {
            TestMirrors.closeAll(devices);
        }
    }

    private List<Device> open(List<DetachableChannel> channels) throws IOException {
        List<Device> devices = new ArrayList<>();
        for (String name : List.of("a.img", "b.img")) {
            devices.add(BlockDevice.open(tmp.resolve(name), false, ch -> {
                DetachableChannel c = new DetachableChannel(ch);
                channels.add(c);
                return c;
            }));
        }
        return devices;
    }

    private static boolean anySyncHeld(List<DetachableChannel> channels) throws InterruptedException {
        for (DetachableChannel c : channels) {
            if (c.heldSyncs.awaitHeld(0)) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyNearlyFull(List<Device> devices) {
        return devices.stream().anyMatch(d -> d.tagTable().nearlyFull());
    }

    @Test
    void powerSafeWritesGoOnWhileTheDataIsSyncedForLogRoomAndWaitOnlyWhenALogIsNearlyFull() throws Exception {
        MirrorDefinition def = twoImages(DurabilityMode.POWER_SAFE);
        List<DetachableChannel> channels = new ArrayList<>();
        List<Device> devices = open(channels);
        ExecutorService writer = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-writer"));
        try (Mirror m = Mirror.open(def, devices, DurabilityMode.POWER_SAFE)) {
            CountDownLatch trimmedForRoom = new CountDownLatch(1);
            m.addListener(e -> {
                if (e.kind() == MirrorEvent.Kind.TRIMMED && e.message().contains("room")) {
                    trimmedForRoom.countDown();
                }
            });
            channels.forEach(c -> c.heldSyncs.holdThreadsOf(ROOM_THREAD));
            TagGenerator g = m.generator(1);
            Random r = new Random(5);
            AtomicInteger seed = new AtomicInteger();
            TagTable table = devices.get(0).tagTable();
            while (!table.halfFull()) {
                m.write(g, (long) r.nextInt(BLOCKS) * BS, TestMirrors.randomData(seed.incrementAndGet(), BS));
            }
            // this write finds the log half full
            m.write(g, (long) r.nextInt(BLOCKS) * BS, TestMirrors.randomData(seed.incrementAndGet(), BS));
            await().atMost(Duration.ofSeconds(30)).until(() -> anySyncHeld(channels));

            // the room's sync is held as a large device's takes seconds: the writes go on beside it
            Future<Integer> beside = writer.submit(() -> {
                int n = 0;
                while (!anyNearlyFull(devices)) {
                    m.write(g, (long) r.nextInt(BLOCKS) * BS, TestMirrors.randomData(seed.incrementAndGet(), BS));
                    n++;
                }
                return n;
            });
            int writtenBeside = beside.get(60, TimeUnit.SECONDS);
            assertThat(writtenBeside).isGreaterThan(50);
            long beforeTrim = table.count();
            assertThat(beforeTrim).isGreaterThanOrEqualTo(seed.get());

            // a log nearly full: the next writer waits for the room rather than filling it
            Thread late = new Thread(() -> {
                try {
                    m.write(g, (long) r.nextInt(BLOCKS) * BS, TestMirrors.randomData(seed.incrementAndGet(), BS));
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }, "test-late-writer");
            late.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> waitsInMirror(late, "awaitRoomWhileNearlyFull"));
            assertThat(table.incomplete()).isFalse();

            channels.forEach(c -> c.heldSyncs.release());
            late.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(late.isAlive()).isFalse();
            assertThat(trimmedForRoom.await(60, TimeUnit.SECONDS)).isTrue();
            // up to the cut taken before the sync: what was written beside it stays named
            assertThat(table.count()).isLessThan(beforeTrim).isGreaterThanOrEqualTo(writtenBeside);
            for (DetachableChannel c : channels) {
                assertThat(c.dataSyncedBy(ROOM_THREAD)).as("the data synced before its entries went").isTrue();
            }
            for (Device d : devices) {
                assertThat(d.tagTable().incomplete()).isFalse();
            }
            assertThat(m.onlineCount()).isEqualTo(2);
            assertThat(m.verify(TaskMonitor.NONE).identical()).isTrue();
        } finally {
            channels.forEach(c -> c.heldSyncs.release());
            writer.shutdownNow();
            TestMirrors.closeAll(devices);
        }
    }

    /** Whether {@code t} is waiting inside the named method of {@link Mirror}. */
    private static boolean waitsInMirror(Thread t, String method) {
        if (t.getState() != Thread.State.WAITING) {
            return false;
        }
        for (StackTraceElement f : t.getStackTrace()) {
            if (f.getClassName().equals(Mirror.class.getName()) && f.getMethodName().equals(method)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A write in flight that fails on a member while the trim drains the writes for its cut takes that
     * member out of the mirror: the other member's entry of that write is now what it missed, and the
     * trim must leave it (and every other entry) alone.
     */
    @Test
    void aWriteThatFailsOnAMemberWhileTheTrimDrainsLeavesEveryEntryTheOtherKeeps() throws Exception {
        MirrorDefinition def = twoImages(DurabilityMode.CRASH_SAFE);
        List<DetachableChannel> channels = new ArrayList<>();
        List<Device> devices = open(channels);
        DetachableChannel b = channels.get(1);
        try (Mirror m = Mirror.open(def, devices, DurabilityMode.CRASH_SAFE)) {
            AtomicInteger trims = new AtomicInteger();
            m.addListener(e -> {
                if (e.kind() == MirrorEvent.Kind.TRIMMED) {
                    trims.incrementAndGet();
                }
            });
            TagGenerator g = m.generator(1);
            TagTable a = devices.get(0).tagTable();
            // the first asynchronous write stops in b's device thread, and every later one queues behind it
            b.heldWrite.holdThreadsOf("tagmirror-device-");
            m.writeAsync(g, 7L * BS, TestMirrors.randomData(7, BS));
            assertThat(b.heldWrite.awaitHeld(30)).isTrue();
            AtomicInteger submitted = new AtomicInteger(1);
            Thread filler = new Thread(() -> {
                try {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (!a.halfFull()) {
                        // blocks of their own: a write overlapping one in flight would wait for it
                        int n = submitted.incrementAndGet();
                        m.writeAsync(g, (long) (8 + n) * BS, TestMirrors.randomData(n, BS));
                        // one at a time on a, so its log passes half by one entry, not by hundreds
                        while (a.count() < submitted.get() && System.nanoTime() < deadline) {
                            Thread.onSpinWait();
                        }
                    }
                    // finds a's log half full, and drains the writes for a cut: b's held write among them
                    m.writeAsync(g, 0, TestMirrors.randomData(0, BS));
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }, "test-filler");
            filler.start();
            long named;
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> waitsInMirror(filler, "awaitWritesInFlight"));
                named = a.count();
                assertThat(named).isGreaterThan(300);
            } finally {
                // the held write fails as on a pulled disk, before anything else (closing the mirror) waits for it
                b.detach();
                b.heldWrite.release();
            }
            filler.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(filler.isAlive()).isFalse();
            assertThat(m.onlineCount()).isEqualTo(1);
            assertThat(trims.get()).isZero();
            assertThat(a.count()).isGreaterThanOrEqualTo(named);
        } finally {
            for (Device d : devices) {
                try {
                    d.close();
                } catch (IOException e) {
                    // the detached one answers its last sync with EIO
                }
            }
        }
    }

    @Test
    void crashSafeTrimsForLogRoomWithoutSyncingTheData() throws IOException {
        MirrorDefinition def = twoImages(DurabilityMode.CRASH_SAFE);
        List<DetachableChannel> channels = new ArrayList<>();
        List<Device> devices = open(channels);
        try (Mirror m = Mirror.open(def, devices, DurabilityMode.CRASH_SAFE)) {
            AtomicInteger trims = new AtomicInteger();
            AtomicInteger flushes = new AtomicInteger();
            m.addListener(e -> {
                if (e.kind() == MirrorEvent.Kind.TRIMMED) {
                    trims.incrementAndGet();
                } else if (e.kind() == MirrorEvent.Kind.FLUSHED) {
                    flushes.incrementAndGet();
                }
            });
            int syncsBefore = channels.get(0).syncs() + channels.get(1).syncs();
            TagGenerator g = m.generator(1);
            Random r = new Random(8);
            for (int i = 0; i < 10_000; i++) { // some twelve times what a log half holds
                m.write(g, (long) r.nextInt(BLOCKS) * BS, TestMirrors.randomData(i, BS));
            }
            int syncs = channels.get(0).syncs() + channels.get(1).syncs() - syncsBefore;
            assertThat(trims.get()).isGreaterThan(10);
            assertThat(flushes.get()).isZero();
            // a trim may rewrite each log into its other half, synced before it becomes the current one:
            // one sync a device; a sync of the data for each trim would be one more on each device
            assertThat(syncs).isLessThanOrEqualTo(devices.size() * trims.get());
            for (Device d : devices) {
                assertThat(d.tagTable().incomplete()).isFalse();
                assertThat(d.tagTable().count()).isLessThan(800);
            }
            assertThat(m.verify(TaskMonitor.NONE).identical()).isTrue();
        } finally {
            TestMirrors.closeAll(devices);
        }
    }
}
