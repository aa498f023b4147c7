package io.tagmirror.console.task;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * A piece of work to run off the FX thread, with callbacks that a {@link TaskRunner} delivers on
 * the FX thread (or, for {@link DirectTaskRunner}, on the caller's thread).
 *
 * <p>View models describe their slow work with this instead of subclassing
 * {@link javafx.concurrent.Task}, so that they can be tested with a synchronous runner and no
 * JavaFX toolkit at all.
 *
 * @param <T> what the work produces
 */
public final class BackgroundJob<T> {

    /** The work itself; it runs on a worker thread and must not touch the scene graph. */
    @FunctionalInterface
    public interface Work<T> {
        T run(JobProgress progress) throws Exception;
    }

    private static final Consumer<Object> IGNORE = value -> { };

    private final String title;
    private final Work<T> work;
    private Consumer<? super T> onSuccess = IGNORE;
    private Consumer<? super Throwable> onFailure = IGNORE;
    private Runnable onFinished = () -> { };

    private BackgroundJob(String title, Work<T> work) {
        this.title = Objects.requireNonNull(title, "title");
        this.work = Objects.requireNonNull(work, "work");
    }

    /** A job shown to the administrator as {@code title} while it runs. */
    public static <T> BackgroundJob<T> of(String title, Work<T> work) {
        return new BackgroundJob<>(title, work);
    }

    /** Called with the result when the work completes normally and was not cancelled. */
    public BackgroundJob<T> onSuccess(Consumer<? super T> handler) {
        this.onSuccess = Objects.requireNonNull(handler);
        return this;
    }

    /** Called with the failure when the work throws. */
    public BackgroundJob<T> onFailure(Consumer<? super Throwable> handler) {
        this.onFailure = Objects.requireNonNull(handler);
        return this;
    }

    /** Called last in every case, success, failure or cancellation, e.g. to clear a busy flag. */
    public BackgroundJob<T> onFinished(Runnable handler) {
        this.onFinished = Objects.requireNonNull(handler);
        return this;
    }

    public String title() {
        return title;
    }

    T run(JobProgress progress) throws Exception {
        return work.run(progress);
    }

    void succeeded(T value) {
        onSuccess.accept(value);
    }

    void failed(Throwable failure) {
        onFailure.accept(failure);
    }

    void finished() {
        onFinished.run();
    }
}
