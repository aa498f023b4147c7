package io.tagmirror.console.replay;

/** The replay form's places a problem is shown beside: each input, and the fault rows as one. */
public enum FormField {
    MIRROR, PATTERN, COUNT, SIZES, TRACE, SEED, WRITERS, QUEUE_DEPTH, RATE, LIMIT, CRASH_AFTER, FAULTS
}
