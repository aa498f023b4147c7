package io.tagmirror.engine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Collects entries from many writers into batches, one tag-table transaction per batch.
 *
 * <p>One thread commits while writers keep queueing, so the next batch fills during the current
 * batch's commit (and its fsync in power-safe mode): the batch grows with the load and a writer waits
 * at most one commit behind the one in progress.
 */
final class GroupCommitter implements AutoCloseable {
    static final int MAX_BATCH = 1024;

    private record Pending(TagEntry entry, CompletableFuture<Void> done) {
    }

    private static final Pending STOP = new Pending(null, null);

    private final TagTable table;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong entries = new AtomicLong();
    private volatile IOException failure;

    GroupCommitter(TagTable table, String name) {
        this.table = table;
        this.thread = new Thread(this::run, "tagmirror-commit-" + name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    CompletableFuture<Void> submit(TagEntry entry) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        IOException failed = failure;
        if (failed != null) {
            done.completeExceptionally(failed);
            return done;
        }
        if (!thread.isAlive()) {
            done.completeExceptionally(new TagMirrorException("the device is closed"));
            return done;
        }
        queue.add(new Pending(entry, done));
        return done;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        List<TagEntry> batchEntries = new ArrayList<>(MAX_BATCH);
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                failAll(queue, new TagMirrorException("the device was closed while writes were pending"));
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
                try {
                    if (failure != null) {
                        throw failure;
                    }
                    table.append(batchEntries);
                    batches.incrementAndGet();
                    entries.addAndGet(batchEntries.size());
                    for (Pending p : batch) {
                        if (p != STOP) {
                            p.done().complete(null);
                        }
                    }
                } catch (IOException e) {
                    // A failed commit is never retried as if it had worked: every writer of the batch
                    // and every later one sees the failure, and the mirror takes the device offline.
                    failure = e;
                    for (Pending p : batch) {
                        if (p != STOP) {
                            p.done().completeExceptionally(e);
                        }
                    }
                } catch (RuntimeException e) {
                    failure = new TagMirrorException("recording entries failed: " + e, e);
                    for (Pending p : batch) {
                        if (p != STOP) {
                            p.done().completeExceptionally(failure);
                        }
                    }
                }
            }
            batch.clear();
            if (stop) {
                failAll(queue, new TagMirrorException("the device was closed while writes were pending"));
                return;
            }
        }
    }

    private static void failAll(BlockingQueue<Pending> queue, IOException e) {
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
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
