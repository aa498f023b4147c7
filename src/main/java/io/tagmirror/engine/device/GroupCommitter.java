package io.tagmirror.engine.device;

import io.tagmirror.engine.TagEntry;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.TagTable;
import io.tagmirror.engine.WriteTransaction;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A device's write pipeline: collects transactions from many writers into batches, records each
 * batch's entries in one tag-table append, and only then writes the batch's data.
 *
 * <p>Whoever commits a batch (the <em>leader</em>) takes everything queued, up to {@link #MAX_BATCH}:
 * so the batch grows with the load, and a write never reaches the device before its entry. Two kinds
 * of writer share the queue:
 * <ul>
 *   <li>{@link #write}: a caller that waits for its write anyway leads when no batch is being
 *   committed, on its own thread, as LevelDB's {@code DBImpl::Write} does; otherwise it waits, and
 *   either its write was in the leader's batch or it leads the next. At depth 1 a write is committed
 *   without waking any thread (a hand-over cost about what the whole log append costs).</li>
 *   <li>{@link #submit}: an asynchronous write (a server keeping many in flight) is committed by the
 *   device's thread, or by a waiting caller that leads before it.</li>
 * </ul>
 * One leader at a time commits batch after batch; an earlier design overlapped batch k's data
 * with batch k+1's commit on a second thread, and handing each batch over cost more than the overlap
 * (docs/performance.md).
 *
 * <p>In power-safe mode a batch's entries are appended without a sync, as in crash-safe mode; what
 * makes that safe across a power cut is the device's {@link IntentSet}: before the batch's data is
 * issued, every extent it writes is in the durable intent set (a sync only when an extent is added).
 * The entries become durable in the background ({@link #SYNC_INTERVAL_NANOS}), at every flush, and
 * when the set must make room. A batch the set cannot cover has its entries synced before its data.
 */
final class GroupCommitter implements AutoCloseable {
    static final int MAX_BATCH = 1024;

    /** Where a transaction's data goes once its entry is recorded. */
    @FunctionalInterface
    interface DataSink {
        void write(WriteTransaction tx) throws IOException;
    }

    /** A transaction waiting for the pipeline. */
    private static final class Pending {
        final WriteTransaction tx;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        /** A caller of {@link #write} waits for it on its own thread, so it can write its own data. */
        final boolean waited;
        /** Its entry is recorded and its caller is to write the data (guarded by the lock). */
        boolean recorded;

        Pending(WriteTransaction tx, boolean waited) {
            this.tx = tx;
            this.waited = waited;
        }

        TagEntry entry() {
            return tx.entry();
        }

        WriteTransaction tx() {
            return tx;
        }

        CompletableFuture<Void> done() {
            return done;
        }
    }

    /** How often entries appended in power-safe mode are made durable in the background, at most. */
    static final long SYNC_INTERVAL_NANOS = 50_000_000;

    private final TagTable table;
    private final IntentSet intents;
    private final DataSink sink;
    private final Thread thread;
    private final Thread syncer;
    private volatile boolean powerSafe = true;
    private volatile boolean closing;
    /** The newest batch appended; an entry sync started after reading it covers it. */
    private final AtomicLong lastAppended = new AtomicLong();
    private final Object syncLock = new Object();
    /** Guarded by syncLock. */
    private long durableUpTo;
    private final AtomicLong entrySyncs = new AtomicLong();
    private final LongAdder batches = new LongAdder();
    private final LongAdder entries = new LongAdder();
    private final AtomicLong handOvers = new AtomicLong();

    /** Guards the queue and the leadership; never held while a batch is committed. */
    private final ReentrantLock lock = new ReentrantLock();
    /** The device thread waits here for asynchronous work no caller leads. */
    private final Condition work = lock.newCondition();
    /** Callers of {@link #write} wait here for their write or for the lead. */
    private final Condition committed = lock.newCondition();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    /** Callers writing their own data after their entries were recorded; close waits for them. */
    private final java.util.concurrent.atomic.AtomicInteger dataWriters = new java.util.concurrent.atomic.AtomicInteger();
    private boolean leading;
    private int waiting;
    private volatile boolean closed;
    private volatile IOException failure;

    GroupCommitter(TagTable table, IntentSet intents, DataSink sink, String name) {
        this.table = table;
        this.intents = intents;
        this.sink = sink;
        this.thread = new Thread(this::run, "tagmirror-device-" + name);
        this.thread.setDaemon(true);
        this.syncer = new Thread(this::syncInBackground, "tagmirror-device-" + name + "-sync");
        this.syncer.setDaemon(true);
        this.thread.start();
        this.syncer.start();
    }

    /** Whether batches are made power-safe (through the intent set) or only ordered in the page cache. */
    void setPowerSafe(boolean powerSafe) {
        this.powerSafe = powerSafe;
    }

    /**
     * Makes every entry appended so far durable and tells the intent set so. Any thread; a call that
     * finds everything durable costs nothing, and one that waited for another thread's sync covering
     * what it needs does not sync again (a flush waits for its position, not for a sync of its own).
     * The log's sync holds no lock appends need: batches go on being appended while it runs.
     */
    void syncEntries() throws IOException {
        long wanted = lastAppended.get();
        long upTo;
        synchronized (syncLock) {
            upTo = lastAppended.get(); // a sync started after reading it covers it
            if (wanted > durableUpTo) {
                table.sync();
                durableUpTo = upTo;
                entrySyncs.incrementAndGet();
            } else {
                upTo = durableUpTo;
            }
        }
        // Outside syncLock: a leader holds the intent set's lock while it waits for syncLock.
        intents.entriesDurable(upTo);
    }

    /** Group commit of the entries in the background, so an extent can leave the set without a sync at the miss. */
    private void syncInBackground() {
        while (!closing) {
            java.util.concurrent.locks.LockSupport.parkNanos(SYNC_INTERVAL_NANOS);
            if (closing || failure != null || !powerSafe) {
                continue;
            }
            try {
                syncEntries();
            } catch (IOException | RuntimeException e) {
                // The next write's commit or the next flush meets the same failure and reports it there.
                failure = failure == null ? new TagMirrorException("making entries durable failed: " + e, e) : failure;
            }
        }
    }

    /**
     * Records the entry, then writes the data, on the device's thread (or a leading caller's);
     * completes when both are done. Returns at once.
     */
    CompletableFuture<Void> submit(WriteTransaction tx) {
        Pending p = new Pending(tx, false);
        lock.lock();
        try {
            if (refused(p.done())) {
                return p.done();
            }
            queue.add(p);
            if (!leading) {
                handOvers.incrementAndGet();
                work.signal();
            }
        } finally {
            lock.unlock();
        }
        return p.done();
    }

    /**
     * Records the entry, then writes the data, and returns when both are done (the future is complete):
     * the entry on this thread when no batch is being committed, with whatever else is queued; the data
     * always on this thread, once its entry is recorded, beside the other writers of its batch.
     */
    CompletableFuture<Void> write(WriteTransaction tx) {
        if (!powerSafe) {
            return writeAlone(tx);
        }
        Pending p = new Pending(tx, true);
        lock.lock();
        try {
            if (refused(p.done())) {
                return p.done();
            }
            queue.add(p);
        } finally {
            lock.unlock();
        }
        boolean recorded;
        while (true) {
            List<Pending> batch;
            lock.lock();
            try {
                while (leading && !p.recorded && !p.done().isDone()) {
                    waiting++;
                    committed.awaitUninterruptibly();
                    waiting--;
                }
                if (p.recorded || p.done().isDone()) {
                    recorded = p.recorded;
                    break;
                }
                batch = lead();
            } finally {
                lock.unlock();
            }
            // Usually this write is in the batch it leads; behind more than a batch of asynchronous
            // writes it is not, and it leads again until its entry is recorded.
            commit(batch);
        }
        if (recorded) {
            writeOwnData(p);
        }
        return p.done();
    }

    /**
     * Crash-safe, a waiting caller appends its own entry and writes its own data, with no leader: what
     * invariant 1 needs (the entry in the log before the data is issued) holds on its own thread, and
     * with no sync to share, a leader only batched appends that are stores into memory, while its
     * followers paid a wait and a wake-up each (two system calls, some 1.2 µs each on a virtual
     * machine). Appends from several writers meet only at the tag table's lock; an asynchronous
     * batch committed by the device thread meanwhile is appended under the same lock.
     */
    private CompletableFuture<Void> writeAlone(WriteTransaction tx) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        dataWriters.incrementAndGet(); // before the check of closed: close then waits for this write
        try {
            if (refused(done)) {
                return done;
            }
            try {
                List<TagEntry> one = List.of(tx.entry());
                long id = table.append(one, List.of(checksumsOf(tx)));
                lastAppended.accumulateAndGet(id, Math::max);
                batches.increment();
                entries.increment();
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(failed(e));
                return done;
            }
            sink.write(tx);
            done.complete(null);
        } catch (IOException | RuntimeException e) {
            done.completeExceptionally(e);
        } finally {
            dataWriterDone();
        }
        return done;
    }

    /** A caller that wrote its own data is done; the last one wakes a close waiting for them. */
    private void dataWriterDone() {
        if (dataWriters.decrementAndGet() == 0 && closed) {
            lock.lock();
            try {
                committed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * A waiting caller writes its own data once the leader recorded its entry: the data of one batch
     * goes to the device from as many threads as wrote it (as the untagged writes it is measured
     * against do), while the next batch's entries are already being appended.
     */
    private void writeOwnData(Pending p) {
        try {
            sink.write(p.tx());
            p.done().complete(null);
        } catch (IOException | RuntimeException e) {
            p.done().completeExceptionally(e);
        } finally {
            dataWriterDone();
        }
    }

    /** Fails a transaction the pipeline cannot take (it failed before, or is closed) through its future. */
    private boolean refused(CompletableFuture<Void> done) {
        IOException failed = failure;
        if (failed != null) {
            done.completeExceptionally(failed);
            return true;
        }
        if (closed) {
            done.completeExceptionally(new TagMirrorException("the device is closed"));
            return true;
        }
        return false;
    }

    /** Takes the lead and the queued transactions; called holding the lock with no leader. */
    private List<Pending> lead() {
        leading = true;
        List<Pending> batch = new ArrayList<>(Math.min(queue.size(), MAX_BATCH));
        while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
            batch.add(queue.poll());
        }
        return batch;
    }

    /**
     * Gives up the lead once a batch's entries are recorded: the callers waiting for their writes
     * write their own data; a waiting caller leads next (it is awake for its own write anyway), else
     * the device thread when asynchronous writes are left. Returns what the leader writes itself: the
     * asynchronous writes and its own.
     */
    private List<Pending> finishLead(List<Pending> batch) {
        List<Pending> leaders = new ArrayList<>();
        lock.lock();
        try {
            leading = false;
            for (Pending p : batch) {
                if (p.waited && !p.done().isDone()) {
                    p.recorded = true;
                    dataWriters.incrementAndGet();
                } else if (!p.done().isDone()) {
                    leaders.add(p);
                }
            }
            if (waiting > 0) {
                committed.signalAll();
            }
            if (!queue.isEmpty()) {
                // A waiting caller whose write is still queued may lead first; the device thread then
                // finds the lead taken and waits again. Only writes left queued cost a wake-up.
                handOvers.incrementAndGet();
                work.signal();
            }
        } finally {
            lock.unlock();
        }
        return leaders;
    }

    /** Gives up the lead after a batch that failed: every writer of it has its answer already. */
    private void finishFailedLead() {
        finishLead(List.of());
    }

    private void run() {
        while (true) {
            List<Pending> batch;
            lock.lock();
            try {
                while ((queue.isEmpty() || leading) && !closed) {
                    work.awaitUninterruptibly();
                }
                if (queue.isEmpty() || leading) {
                    return; // closed, and nothing left that is not being committed
                }
                batch = lead();
            } finally {
                lock.unlock();
            }
            commit(batch);
        }
    }

    private void commit(List<Pending> batch) {
        List<TagEntry> batchEntries = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            batchEntries.add(p.entry());
        }
        try {
            if (failure != null) {
                throw failure;
            }
            boolean powered = powerSafe;
            // Power-safe: the extents the data will reach are in the durable intent set before the data
            // is issued, or else the entries are synced before it (the order invariant 1 needs).
            boolean covered = powered && intents.cover(batchEntries, this::syncEntries);
            long id = table.append(batchEntries, blockChecksums(batch));
            lastAppended.accumulateAndGet(id, Math::max);
            if (powered) {
                intents.appended(batchEntries, id);
                if (!covered) {
                    syncEntries();
                }
            }
            batches.increment();
            entries.add(batchEntries.size());
        } catch (IOException | RuntimeException e) {
            IOException failed = failed(e);
            for (Pending p : batch) {
                p.done().completeExceptionally(failed);
            }
            finishFailedLead();
            return;
        }
        // The batch's entries are recorded as the mode requires: only now may its data reach the device.
        writeData(finishLead(batch));
    }

    /**
     * Records that entries could not be recorded: a failed commit is never retried as if it had worked,
     * so every writer of it and every later one sees the failure, and the mirror takes the device offline.
     */
    private IOException failed(Exception e) {
        failure = e instanceof IOException io ? io : new TagMirrorException("recording entries failed: " + e, e);
        return failure;
    }

    /** The CRC32C of each block of each transaction; one-block writes reuse the entry's checksum. */
    private static List<int[]> blockChecksums(List<Pending> batch) {
        List<int[]> out = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            out.add(checksumsOf(p.tx()));
        }
        return out;
    }

    private static int[] checksumsOf(WriteTransaction tx) {
        TagEntry e = tx.entry();
        if (tx.blockChecksums() != null) {
            return tx.blockChecksums();
        }
        if (e.blockCount() == 1) {
            return new int[] {e.checksum()};
        }
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        java.nio.ByteBuffer data = tx.data();
        int bs = data.remaining() / e.blockCount();
        int[] c = new int[e.blockCount()];
        for (int b = 0; b < c.length; b++) {
            crc.reset();
            crc.update(data.slice(b * bs, bs));
            c[b] = (int) crc.getValue();
        }
        return c;
    }

    private void writeData(List<Pending> batch) {
        for (Pending p : batch) {
            try {
                sink.write(p.tx());
                p.done().complete(null);
            } catch (IOException | RuntimeException e) {
                p.done().completeExceptionally(e);
            }
        }
    }

    long batches() {
        return batches.sum();
    }

    long entries() {
        return entries.sum();
    }

    /** Syncs of the entries made so far (in the background, at flush, at a miss, or for an uncovered batch). */
    long entrySyncs() {
        return entrySyncs.get();
    }

    /** Whether a commit or a background sync of the entries failed: the device takes no more writes. */
    boolean failed() {
        return failure != null;
    }

    /** Transactions waiting for a leader (a test hook: tests wait for a queue to form). */
    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Whether a batch is being committed (a test hook). */
    boolean leading() {
        lock.lock();
        try {
            return leading;
        } finally {
            lock.unlock();
        }
    }

    /** How many times a batch was left to the device thread to commit (a thread woken to do it). */
    long handOvers() {
        return handOvers.get();
    }

    /**
     * Stops taking writes, lets the batch being committed finish, and fails the ones still queued
     * (the device is going away; the mirror has stopped writing to it before in an orderly close).
     */
    @Override
    public void close() {
        closing = true;
        java.util.concurrent.locks.LockSupport.unpark(syncer);
        try {
            syncer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lock.lock();
        try {
            closed = true;
            work.signal();
        } finally {
            lock.unlock();
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lock.lock();
        try {
            while (leading || dataWriters.get() > 0) {
                waiting++;
                committed.awaitUninterruptibly();
                waiting--;
            }
            List<Pending> rest = new ArrayList<>(queue);
            queue.clear();
            // failed while the lock is held, so a waiting caller wakes to a finished write, never to an empty lead
            for (Pending p : rest) {
                p.done().completeExceptionally(new TagMirrorException("the device was closed while writes were pending"));
            }
            committed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
