package io.tagmirror.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A degraded mirror announces the members it misses once, before the first write that goes on
 * without them; after that its writers take no shared monitor to find out it was announced.
 */
class MissedWritesAnnouncementTest {
    private static final int BS = 4096;

    @TempDir
    Path tmp;

    @Test
    void writesOfAnAnnouncedDegradedMirrorTakeNoSharedMonitor() throws Exception {
        try (TestMirrors t = TestMirrors.create(tmp, 3, 64L * BS, DurabilityMode.CRASH_SAFE)) {
            Mirror m = t.mirror;
            m.takeOffline(t.device(2).uuid(), "test");
            m.write(0, new byte[BS]); // the announcement
            Object lock = announcementLock(m);
            Thread writer = new Thread(() -> {
                try {
                    m.write(BS, new byte[BS]);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, "announced-writer");
            synchronized (lock) {
                writer.start();
                // either the write finishes while the lock is held elsewhere, or it queues on that lock
                assertThat(finishesOrBlocksOn(writer, lock)).as("the write waited for the announcement's lock").isTrue();
            }
            writer.join();
            assertThat(m.writesDone()).isEqualTo(2);
        }
    }

    @Test
    void writersWaitForTheListenersBeforeTheFirstWriteWithoutAMemberIsIssued() throws Exception {
        try (TestMirrors t = TestMirrors.create(tmp, 3, 64L * BS, DurabilityMode.CRASH_SAFE)) {
            Mirror m = t.mirror;
            CountDownLatch announcing = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            List<ByteBuffer> seenByListener = new ArrayList<>();
            m.addListener(e -> {
                if (e.kind() == MirrorEvent.Kind.MISSED_WRITES) {
                    try {
                        seenByListener.add(t.object(0).read(0, 2));
                        announcing.countDown();
                        release.await();
                    } catch (Exception ex) {
                        throw new IllegalStateException(ex);
                    }
                }
            });
            m.takeOffline(t.device(2).uuid(), "test");
            byte[] ones = new byte[BS];
            java.util.Arrays.fill(ones, (byte) 1);
            CompletableFuture<Void> first = CompletableFuture.runAsync(() -> write(m, 0, ones));
            assertThat(announcing.await(60, TimeUnit.SECONDS)).isTrue();
            Thread second = new Thread(() -> write(m, BS, ones), "second-writer");
            second.start();
            // the second writer comes while the listener runs: it must wait for it, as the first does
            assertThat(blockedOn(second, announcementLock(m))).isTrue();
            assertThat(first).isNotDone();
            release.countDown();
            first.get(60, TimeUnit.SECONDS);
            second.join();
            // the listener ran before either write's data reached the members that took it
            assertThat(seenByListener).hasSize(1);
            assertThat(seenByListener.get(0)).isEqualTo(ByteBuffer.allocate(2 * BS));
            assertThat(t.object(0).read(0, 2)).isEqualTo(ByteBuffer.wrap(concat(ones, ones)));
        }
    }

    private static void write(Mirror m, long offset, byte[] data) {
        try {
            m.write(offset, data);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The monitor the announcement is made under: what the write path must not take once it is made. */
    private static Object announcementLock(Mirror m) throws ReflectiveOperationException {
        var field = Mirror.class.getDeclaredField("missedWritesLock");
        field.setAccessible(true);
        return field.get(m);
    }

    /** True once {@code thread} has ended, false once it waits to enter {@code lock}'s monitor. */
    private static boolean finishesOrBlocksOn(Thread thread, Object lock) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!thread.isAlive()) {
                return true;
            }
            if (waitsFor(thread, lock)) {
                return false;
            }
            thread.join(10);
        }
        throw new AssertionError("the writer neither finished nor queued on the lock in 120 s");
    }

    /** Waits until {@code thread} queues to enter {@code lock}'s monitor; false if it ends first. */
    private static boolean blockedOn(Thread thread, Object lock) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && thread.isAlive()) {
            if (waitsFor(thread, lock)) {
                return true;
            }
            thread.join(10);
        }
        return false;
    }

    private static boolean waitsFor(Thread thread, Object lock) {
        ThreadInfo info = ManagementFactory.getThreadMXBean().getThreadInfo(thread.getId());
        return info != null && info.getThreadState() == Thread.State.BLOCKED && info.getLockInfo() != null
                && info.getLockInfo().getIdentityHashCode() == System.identityHashCode(lock);
    }
}
