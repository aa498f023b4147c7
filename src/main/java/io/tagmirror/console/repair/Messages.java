package io.tagmirror.console.repair;

import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The administrator's words for a failure: the engine's own message, never a stack trace. */
public final class Messages {

    private Messages() {
    }

    /** The first line of the message that matters, or the kind of failure when it has none. */
    public static String of(Throwable failure) {
        Throwable shown = failure;
        while ((shown instanceof CompletionException || shown instanceof ExecutionException
                || shown instanceof UncheckedIOException) && shown.getCause() != null) {
            shown = shown.getCause();
        }
        String message = shown.getMessage();
        if (message == null || message.isBlank()) {
            return shown.getClass().getSimpleName();
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
