package io.tagmirror.console.task;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Reads for a screen where only the latest request counts (the rows of a filter, the entries under a
 * hovered cell): each read runs on one reader thread, and its result reaches the FX thread only while
 * no newer request has started. A request still queued when a newer one starts is skipped unread, so a
 * pointer sweeping a map or keys typed into a filter queue no work.
 *
 * <p>Requests are started on the FX thread; the reader thread only looks at whether its request is
 * still the latest.
 */
public final class LatestRequest implements AutoCloseable {

    /** How long the screen's own reader thread stays when idle: an idle screen holds no thread. */
    private static final long IDLE_SECONDS = 30;

    /** A read that may fail with an I/O error. */
    @FunctionalInterface
    public interface Read<T> {
        T read() throws IOException;
    }

    private final Executor reader;
    private final ThreadPoolExecutor ownReader;
    private final UiThread ui;
    private final AtomicLong latest = new AtomicLong();

    /**
     * @param threadName the name of the reader thread this object starts when {@code reader} is null
     * @param reader where reads run; null for a thread of this object's own (tests pass a direct one)
     * @param ui where results are delivered
     */
    public LatestRequest(String threadName, Executor reader, UiThread ui) {
        this.ui = Objects.requireNonNull(ui, "ui");
        if (reader == null) {
            ownReader = new ThreadPoolExecutor(1, 1, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                    new NamedThreadFactory(Objects.requireNonNull(threadName, "threadName")));
            ownReader.allowCoreThreadTimeOut(true);
            this.reader = ownReader;
        } else {
            ownReader = null;
            this.reader = reader;
        }
    }

    /** Starts a request that makes every earlier one stale. */
    public Request next() {
        return new Request(latest.incrementAndGet());
    }

    /**
     * Joins the latest request: stale as soon as a newer one starts, but it makes nothing stale itself
     * (a search within the rows shown must not drop the reading of those rows).
     */
    public Request joinLatest() {
        return new Request(latest.get());
    }

    /** Makes every request so far stale, e.g. when the screen shows another mirror. */
    public void dropAll() {
        latest.incrementAndGet();
    }

    /**
     * The reader thread, for work that must run in order with the reads (closing an index after the
     * reads from it); a single thread unless the constructor was given another executor.
     */
    public Executor reader() {
        return reader;
    }

    @Override
    public void close() {
        if (ownReader != null) {
            ownReader.shutdown();
        }
    }

    /** One request: its reads deliver while it is the latest. */
    public final class Request {

        private final long serial;

        private Request(long serial) {
            this.serial = serial;
        }

        /** Whether no newer request has started. */
        public boolean isLatest() {
            return serial == latest.get();
        }

        /**
         * Runs {@code read} on the reader; {@code done} gets its result, or {@code failed} its error, on
         * the UI thread, and neither runs once a newer request has started.
         */
        public <T> void read(Read<T> read, Consumer<? super T> done, Consumer<? super IOException> failed) {
            read(read, done, failed, value -> { });
        }

        /**
         * As {@link #read(Read, Consumer, Consumer)}; a result that came too late goes to
         * {@code discarded} instead, for results that hold something to close.
         */
        public <T> void read(Read<T> read, Consumer<? super T> done, Consumer<? super IOException> failed,
                             Consumer<? super T> discarded) {
            Objects.requireNonNull(read, "read");
            Objects.requireNonNull(done, "done");
            Objects.requireNonNull(failed, "failed");
            Objects.requireNonNull(discarded, "discarded");
            reader.execute(() -> {
                if (!isLatest()) {
                    return;
                }
                T value;
                try {
                    value = read.read();
                } catch (IOException e) {
                    ui.execute(() -> {
                        if (isLatest()) {
                            failed.accept(e);
                        }
                    });
                    return;
                }
                ui.execute(() -> {
                    if (isLatest()) {
                        done.accept(value);
                    } else {
                        discarded.accept(value);
                    }
                });
            });
        }
    }
}
