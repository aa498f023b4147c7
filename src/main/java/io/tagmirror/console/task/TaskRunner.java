package io.tagmirror.console.task;

import java.util.concurrent.Executor;
import java.util.concurrent.Future;

/**
 * Runs slow work off the FX thread and hands the results back to the FX thread.
 *
 * <p>View models take one of these instead of starting threads, so tests can pass a
 * {@link DirectTaskRunner} and check the outcome right after the call.
 */
public interface TaskRunner extends AutoCloseable {

    /** Starts the job; its callbacks run on the FX thread (or inline, for a direct runner). */
    <T> Future<T> submit(BackgroundJob<T> job);

    /** The executor behind this runner, for a {@link javafx.concurrent.Service#setExecutor}. */
    Executor executor();

    /** Stops accepting work and interrupts what is running; called when the console exits. */
    @Override
    void close();
}
