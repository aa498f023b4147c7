package io.tagmirror.operations;

import io.tagmirror.engine.TagMirrorException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;

/**
 * The administrator's sentence for a failure, the same on the command line and in the console: our
 * own failures say what happened and the way out; a file-system failure is named plainly; anything
 * else is an internal error, named by its kind and never shown as a stack trace.
 */
public final class Failures {

    private Failures() {
    }

    /** One line for the administrator, whatever wrappers (futures, streams) the failure came in. */
    public static String describe(Throwable failure) {
        Throwable shown = TagMirrorException.causeOf(failure);
        if (shown instanceof TagMirrorException) {
            return TagMirrorException.firstLine(shown.getMessage());
        }
        if (shown instanceof NoSuchFileException) {
            return "no such file or directory: " + shown.getMessage();
        }
        if (shown instanceof AccessDeniedException) {
            return "permission denied: " + shown.getMessage();
        }
        if (shown instanceof FileAlreadyExistsException) {
            return "already exists: " + shown.getMessage();
        }
        if (shown instanceof java.io.IOException || shown instanceof IllegalArgumentException) {
            return shown.getMessage() == null || shown.getMessage().isBlank()
                    ? shown.getClass().getSimpleName() : TagMirrorException.firstLine(shown.getMessage());
        }
        return "internal error (" + shown.getClass().getSimpleName()
                + (shown.getMessage() == null ? "" : ": " + TagMirrorException.firstLine(shown.getMessage())) + ")";
    }

    /** Whether {@link #describe} calls {@code failure} an internal error: a fault of ours, not the administrator's. */
    public static boolean isInternal(Throwable failure) {
        Throwable shown = TagMirrorException.causeOf(failure);
        return !(shown instanceof java.io.IOException || shown instanceof IllegalArgumentException);
    }

    /** The failure that matters inside a future's or a stream's wrapper. */
    public static Throwable cause(Throwable failure) {
        return TagMirrorException.causeOf(failure);
    }
}
