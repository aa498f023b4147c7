package io.tagmirror.console.task;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;

/**
 * A {@link TaskRunner} that runs each job at once on the calling thread, for tests of view models.
 *
 * <p>Everything happens before {@link #submit} returns, so a test can assert on the view model
 * straight after triggering it, without a toolkit, a stage or any waiting.
 */
public final class DirectTaskRunner implements TaskRunner {

    @Override
    public <T> Future<T> submit(BackgroundJob<T> job) {
        T value;
        try {
            value = job.run(JobProgress.NONE);
        } catch (Exception | LinkageError failure) {
            try {
                job.failed(failure);
            } finally {
                job.finished();
            }
            return CompletableFuture.failedFuture(failure);
        }
        // Outside the try above: an exception thrown by the success handler is a bug in the
        // caller and must reach the test, not be reported as a failure of the work.
        try {
            job.succeeded(value);
        } finally {
            job.finished();
        }
        return CompletableFuture.completedFuture(value);
    }

    @Override
    public Executor executor() {
        return Runnable::run;
    }

    @Override
    public void close() {
    }
}
