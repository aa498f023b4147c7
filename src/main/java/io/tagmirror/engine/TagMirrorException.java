package io.tagmirror.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A failure an administrator can cause or must act on, with a message written for them.
 *
 * <p>It is an {@link IOException} because nearly every such failure is met while touching a drive;
 * the command line and the console show {@link #getMessage()} and never a stack trace. Subclasses name
 * the failures a caller decides on ({@link DeviceInUseException}, {@link NotADeviceException}, ...):
 * callers decide by type, never by searching the message.
 */
public class TagMirrorException extends IOException {
    private static final long serialVersionUID = 1L;

    public TagMirrorException(String message) {
        super(message);
    }

    public TagMirrorException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The failure that matters inside the wrappers futures and streams put around it
     * ({@link CompletionException}, {@link ExecutionException}, {@link UncheckedIOException}): the one
     * place that unwraps, so every caller sees the same cause.
     */
    public static Throwable causeOf(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException
                || cause instanceof UncheckedIOException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** The first line of a message from below (SQLite's run on for lines), or "unknown error" for none. */
    public static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
