package io.tagmirror.engine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A device's write pipeline: collects transactions from many writers into batches, records each
 * batch's entries in one tag-table transaction, and only then writes the batch's data.
 *
 * <p>Two threads per device: one commits entry batches, one writes the data of committed batches.
 * So the commit (and fsync, in power-safe mode) of batch k+1 overlaps the data writes of batch k,
 * the batch grows with the load, and a write still never reaches the device before its entry.
 *
 * <p>In crash-safe mode a commit is a page-cache write of a few microseconds, not worth a second
 * thread: handing each batch over costs a thread wake-up, which on a 2-core machine costs more than
 * the overlap gains, and the batches stay small. There the commit thread writes a batch's data
 * itself, and the next batch gathers while it does (measured: see docs/performance.md).
 */
final class GroupCommitter implements AutoCloseable {
    static final int MAX_BATCH = 1024;

    /** Where a transaction's data goes once its entry is recorded. */
    @FunctionalInterface
    interface DataSink {
        void write(WriteTransaction tx) throws IOException;
    }

    /** A transaction waiting for the pipeline; {@code tx == null} records the entry only. */
    private record Pending(TagEntry entry, WriteTransaction tx, CompletableFuture<Void> done) {
    }

    private static final Pending STOP = new Pending(null, null, null);

    private final TagTable table;
    private final DataSink sink;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final Thread dataThread;
    /** Committed batches waiting for their data writes, in commit order. */
    private final BlockingQueue<List<Pending>> committed = new LinkedBlockingQueue<>();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong entries = new AtomicLong();
    private volatile IOException failure;
    /** Whether the commit thread writes each batch's data itself (crash-safe) or hands it over. */
    private volatile boolean inline;
    /** Batches handed to the data thread and not yet written; inline writing waits for them, to keep order. */
    private final java.util.concurrent.atomic.AtomicInteger handedOver = new java.util.concurrent.atomic.AtomicInteger();

    GroupCommitter(TagTable table, DataSink sink, String name) {
        this.table = table;
        this.sink = sink;
        this.thread = new Thread(this::run, "tagmirror-commit-" + name);
        this.thread.setDaemon(true);
        this.dataThread = new Thread(this::writeCommitted, "tagmirror-data-" + name);
        this.dataThread.setDaemon(true);
        this.thread.start();
        this.dataThread.start();
    }

    /** Crash-safe: write data on the commit thread; power-safe: overlap it with the next commit. */
    void writeDataInline(boolean inline) {
        this.inline = inline;
    }

    /** Records the entry; completes when the batch holding it is committed. */
    CompletableFuture<Void> submit(TagEntry entry) {
        return enqueue(new Pending(entry, null, new CompletableFuture<>()));
    }

    /** Records the entry, then writes the data; completes when both are done. */
    CompletableFuture<Void> submit(WriteTransaction tx) {
        return enqueue(new Pending(tx.entry(), tx, new CompletableFuture<>()));
    }

    private CompletableFuture<Void> enqueue(Pending p) {
        IOException failed = failure;
        if (failed != null) {
            p.done().completeExceptionally(failed);
        } else if (!thread.isAlive()) {
            p.done().completeExceptionally(new TagMirrorException("the device is closed"));
        } else {
            queue.add(p);
        }
        return p.done();
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        List<TagEntry> batchEntries = new ArrayList<>(MAX_BATCH);
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                failAll(new TagMirrorException("the device was closed while writes were pending"));
                return;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            boolean stop = false;
            batchEntries.clear();
            for (Pending p : batch) {
                if (p == STOP) {
                    stop = true;
                } else {
                    batchEntries.add(p.entry());
                }
            }
            if (!batchEntries.isEmpty()) {
                commit(batch, batchEntries);
            }
            batch = new ArrayList<>(MAX_BATCH);
            if (stop) {
                failAll(new TagMirrorException("the device was closed while writes were pending"));
                committed.add(List.of(STOP));
                return;
            }
        }
    }

    private void commit(List<Pending> batch, List<TagEntry> batchEntries) {
        try {
            if (failure != null) {
                throw failure;
            }
            table.append(batchEntries, blockChecksums(batch));
            batches.incrementAndGet();
            entries.addAndGet(batchEntries.size());
        } catch (IOException | RuntimeException e) {
            // A failed commit is never retried as if it had worked: every writer of the batch and
            // every later one sees the failure, and the mirror takes the device offline.
            failure = e instanceof IOException io ? io : new TagMirrorException("recording entries failed: " + e, e);
            for (Pending p : batch) {
                if (p != STOP) {
                    p.done().completeExceptionally(failure);
                }
            }
            return;
        }
        // The batch's entries are durable as the mode requires: only now may its data reach the device.
        if (inline && handedOver.get() == 0) {
            writeData(batch);
        } else {
            handedOver.incrementAndGet();
            committed.add(batch);
        }
    }

    /** The CRC32C of each block of each transaction; one-block writes reuse the entry's checksum. */
    private static List<int[]> blockChecksums(List<Pending> batch) {
        List<int[]> out = new ArrayList<>(batch.size());
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        for (Pending p : batch) {
            if (p == STOP) {
                continue;
            }
            TagEntry e = p.entry();
            if (p.tx() == null) {
                out.add(null);
            } else if (p.tx().blockChecksums() != null) {
                out.add(p.tx().blockChecksums());
            } else if (e.blockCount() == 1) {
                out.add(new int[] {e.checksum()});
            } else {
                java.nio.ByteBuffer data = p.tx().data();
                int bs = data.remaining() / e.blockCount();
                int[] c = new int[e.blockCount()];
                for (int b = 0; b < c.length; b++) {
                    crc.reset();
                    crc.update(data.slice(b * bs, bs));
                    c[b] = (int) crc.getValue();
                }
                out.add(c);
            }
        }
        return out;
    }

    private void writeCommitted() {
        while (true) {
            List<Pending> batch;
            try {
                batch = committed.take();
            } catch (InterruptedException e) {
                return;
            }
            if (batch.size() == 1 && batch.get(0) == STOP) {
                return;
            }
            writeData(batch);
            handedOver.decrementAndGet();
        }
    }

    private void writeData(List<Pending> batch) {
        for (Pending p : batch) {
            if (p == STOP) {
                continue;
            }
            if (p.tx() == null) {
                p.done().complete(null);
                continue;
            }
            try {
                sink.write(p.tx());
                p.done().complete(null);
            } catch (IOException | RuntimeException e) {
                p.done().completeExceptionally(e);
            }
        }
    }

    private void failAll(IOException e) {
        List<Pending> rest = new ArrayList<>();
        queue.drainTo(rest);
        for (Pending p : rest) {
            if (p != STOP) {
                p.done().completeExceptionally(e);
            }
        }
    }

    long batches() {
        return batches.get();
    }

    long entries() {
        return entries.get();
    }

    @Override
    public void close() {
        queue.add(STOP);
        try {
            thread.join();
            dataThread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
