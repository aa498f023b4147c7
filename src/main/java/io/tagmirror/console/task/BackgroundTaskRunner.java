package io.tagmirror.console.task;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.concurrent.Task;

/**
 * The console's real {@link TaskRunner}: wraps each job in a {@link Task}, shows it in
 * {@link BackgroundTasks} and runs it on a small pool of named daemon threads.
 */
public final class BackgroundTaskRunner implements TaskRunner {

    /** Enough for a few slow drive queries at once without flooding a two-core machine. */
    private static final int WORKERS = 4;

    private final BackgroundTasks backgroundTasks;
    private final ExecutorService pool;

    public BackgroundTaskRunner(BackgroundTasks backgroundTasks) {
        this.backgroundTasks = Objects.requireNonNull(backgroundTasks, "backgroundTasks");
        ThreadPoolExecutor executor = new ThreadPoolExecutor(WORKERS, WORKERS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new NamedThreadFactory("tagmirror-worker"));
        // Idle workers go away, so an idle console holds no threads.
        executor.allowCoreThreadTimeOut(true);
        this.pool = executor;
    }

    @Override
    public <T> Future<T> submit(BackgroundJob<T> job) {
        JobTask<T> task = new JobTask<>(job);
        // Tracked before it starts so the status bar never misses a short task's states.
        runOnFxThread(() -> backgroundTasks.track(task));
        pool.execute(task);
        return task;
    }

    @Override
    public Executor executor() {
        return pool;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    /** True once {@link #close()} ran. */
    public boolean isClosed() {
        return pool.isShutdown();
    }

    private static void runOnFxThread(Runnable action) {
        if (Platform.isFxApplicationThread()) {
            action.run();
        } else {
            Platform.runLater(action);
        }
    }

    /** Adapts a {@link BackgroundJob} to a JavaFX task so the toolkit reports its state and progress. */
    private static final class JobTask<T> extends Task<T> implements JobProgress {

        private final BackgroundJob<T> job;

        JobTask(BackgroundJob<T> job) {
            this.job = job;
            updateTitle(job.title());
            setOnSucceeded(event -> {
                try {
                    job.succeeded(getValue());
                } finally {
                    job.finished();
                }
            });
            setOnFailed(event -> {
                try {
                    job.failed(getException());
                } finally {
                    job.finished();
                }
            });
            setOnCancelled(event -> job.finished());
        }

        @Override
        protected T call() throws Exception {
            return job.run(this);
        }

        @Override
        public void message(String message) {
            updateMessage(message);
        }

        @Override
        public void progress(double done, double total) {
            updateProgress(done, total);
        }
    }
}
