package io.tagmirror.engine.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.engine.EntryKind;
import io.tagmirror.engine.Tag;
import io.tagmirror.engine.TagEntry;
import io.tagmirror.engine.TagTable;
import io.tagmirror.engine.WriteTransaction;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Group commit with a leader: what arrives while a batch is committed is committed together next,
 * whether its writers wait or not, and a writer alone commits at once on its own thread.
 */
class GroupCommitterTest {
    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dir;
    private final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
    private final List<String> appendThreads = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean holdFirst;
    private final java.util.concurrent.atomic.AtomicBoolean heldOnce = new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicInteger syncs = new java.util.concurrent.atomic.AtomicInteger();
    private final CountDownLatch syncing = new CountDownLatch(1);
    private final CountDownLatch syncGate = new CountDownLatch(1);
    private volatile boolean holdFirstSync;
    private final java.util.Set<Tag> appended = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** A table that records each append's size and thread, and holds the first one until released. */
    private TagTable table() {
        return (TagTable) Proxy.newProxyInstance(TagTable.class.getClassLoader(), new Class<?>[] {TagTable.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("append")) {
                        for (Object e : (List<?>) args[0]) {
                            appended.add(((TagEntry) e).tag());
                        }
                        if (holdFirst && heldOnce.compareAndSet(false, true)) {
                            release.await();
                        }
                        batchSizes.add(((List<?>) args[0]).size());
                        appendThreads.add(Thread.currentThread().getName());
                        return (long) batchSizes.size();
                    }
                    if (method.getName().equals("sync") && syncs.incrementAndGet() == 1 && holdFirstSync) {
                        syncing.countDown();
                        syncGate.await();
                    }
                    return null;
                });
    }

    /** A pipeline in crash-safe mode (its intent set, which power-safe batches go through, stays empty). */
    private GroupCommitter committer(GroupCommitter.DataSink sink) throws java.io.IOException {
        return committer(sink, false);
    }

    /**
     * A pipeline in either mode; power-safe with no intent extents, each batch's entries are synced
     * before its data (the table here syncs nothing), and waiting writers are batched by a leader.
     */
    private GroupCommitter committer(GroupCommitter.DataSink sink, boolean powerSafe) throws java.io.IOException {
        IntentSet intents = IntentSet.open(IntentSlots.open(io.tagmirror.engine.device.io.ObjectIo.SYSTEM, dir, false),
                id -> io.tagmirror.engine.IntentExtents.OFF, 4096);
        GroupCommitter c = new GroupCommitter(table(), intents, sink, "t");
        c.setPowerSafe(powerSafe);
        return c;
    }

    private static WriteTransaction tx(int i) {
        return new WriteTransaction(new TagEntry(new Tag(1, i), "obj", EntryKind.BLOCKS, i, 1, i), ByteBuffer.allocate(8));
    }

    @Test
    void aWriterAloneCommitsOnItsOwnThreadWithoutWakingTheDevice() throws Exception {
        List<Integer> written = Collections.synchronizedList(new ArrayList<>());
        try (GroupCommitter c = committer(t -> written.add((int) t.entry().firstBlock()))) {
            for (int i = 0; i < 50; i++) {
                assertThat(c.write(tx(i))).isCompleted();
            }
            assertThat(c.handOvers()).isZero();
            assertThat(written).hasSize(50);
        }
        assertThat(batchSizes).hasSize(50).containsOnly(1);
        assertThat(appendThreads).containsOnly(Thread.currentThread().getName());
    }

    @Test
    @org.junit.jupiter.api.Timeout(60) // before the change, the write waited for the held batch for ever
    void crashSafeAWaitingWriterAppendsItsOwnEntryWhileABatchIsBeingCommitted() throws Exception {
        holdFirst = true;
        List<Integer> written = Collections.synchronizedList(new ArrayList<>());
        try (GroupCommitter c = committer(t -> written.add((int) t.entry().firstBlock()))) {
            CompletableFuture<Void> held = c.submit(tx(0)); // the device thread commits it, held in the append
            while (!heldOnce.get()) {
                Thread.onSpinWait(); // the device thread is held inside the append (this table lets a second one in)
            }
            assertThat(c.write(tx(1))).as("not queued behind the batch being committed").isCompleted();
            assertThat(written).containsExactly(1);
            assertThat(held).isNotDone();
            release.countDown();
            held.join();
            assertThat(written).containsExactly(1, 0);
        }
        assertThat(batchSizes).containsExactly(1, 1);
        assertThat(appendThreads).containsExactly(Thread.currentThread().getName(), "tagmirror-device-t");
    }

    @Test
    void writesThatArriveWhileABatchIsCommittedAreCommittedTogetherInTheNext() throws Exception {
        holdFirst = true;
        List<Integer> written = Collections.synchronizedList(new ArrayList<>());
        try (GroupCommitter c = committer(t -> written.add((int) t.entry().firstBlock()), true)) {
            Thread first = new Thread(() -> c.write(tx(0)), "leader");
            first.start();
            while (c.batches() == 0 && !c.leading()) {
                Thread.onSpinWait();
            }
            List<Thread> waiting = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                int n = i;
                Thread w = new Thread(() -> c.write(tx(n)), "waiter-" + i);
                waiting.add(w);
                w.start();
            }
            List<CompletableFuture<Void>> async = new ArrayList<>();
            for (int i = 6; i <= 8; i++) {
                async.add(c.submit(tx(i)));
            }
            while (c.queued() < 8) {
                Thread.onSpinWait(); // every one is queued behind the held leader
            }
            release.countDown();
            first.join();
            for (Thread w : waiting) {
                w.join();
            }
            async.forEach(CompletableFuture::join);
            assertThat(written).hasSize(9);
        }
        assertThat(batchSizes).containsExactly(1, 8);
        assertThat(appendThreads.get(0)).isEqualTo("leader");
    }

    /**
     * A waiting writer behind more than a batch of asynchronous writes leads a batch without its own
     * write in it: it must lead again until its entry is recorded, and write its data only then.
     */
    @Test
    void aWriterBehindMoreThanABatchWritesItsDataOnlyAfterItsEntry() throws Exception {
        CountDownLatch inSink = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        List<Tag> beforeEntry = Collections.synchronizedList(new ArrayList<>());
        int behind = GroupCommitter.MAX_BATCH + 10;
        try (GroupCommitter c = committer(t -> {
            if (!appended.contains(t.entry().tag())) {
                beforeEntry.add(t.entry().tag());
            }
            if (t.entry().firstBlock() == 0) {
                inSink.countDown();
                try {
                    letGo.await(); // the device thread stays here, not leading
                } catch (InterruptedException e) {
                    throw new java.io.IOException(e);
                }
            }
        })) {
            CompletableFuture<Void> first = c.submit(tx(0));
            inSink.await();
            List<CompletableFuture<Void>> async = new ArrayList<>();
            for (int i = 1; i <= behind; i++) {
                async.add(c.submit(tx(i)));
            }
            assertThat(c.write(tx(behind + 1))).isCompleted();
            letGo.countDown();
            first.join();
            async.forEach(CompletableFuture::join);
        }
        assertThat(beforeEntry).as("data written before its entry was recorded").isEmpty();
        assertThat(appended).hasSize(behind + 2);
    }

    @Test
    void aFlushThatWaitedForASyncCoveringItsWritesDoesNotSyncAgain() throws Exception {
        holdFirstSync = true;
        try (GroupCommitter c = committer(t -> { })) {
            c.write(tx(0)).join();
            Thread background = new Thread(() -> sync(c), "background-sync");
            background.start();
            syncing.await();
            Thread flush = new Thread(() -> sync(c), "flush");
            flush.start();
            while (flush.getState() != Thread.State.BLOCKED) {
                Thread.onSpinWait(); // the flush wants batch 1 durable and waits for the sync covering it
            }
            // appended while the sync runs: not the flush's to wait for
            assertThat(c.write(tx(1))).isCompleted();
            syncGate.countDown();
            background.join();
            flush.join();
            assertThat(syncs).hasValue(1);
            assertThat(c.entrySyncs()).isEqualTo(1);
            c.syncEntries();
            assertThat(syncs).as("batch 2 was never synced: the next call syncs it").hasValue(2);
        }
    }

    private static void sync(GroupCommitter c) {
        try {
            c.syncEntries();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
