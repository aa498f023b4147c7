package io.tagmirror.workload.replay;

/**
 * Ends the process once an injected host crash has happened. The default halts the JVM at once, as a
 * real crash would (no flush, no shutdown hooks); the command line first records the summary, and
 * tests and the console pass their own so they can look at the crash point instead of dying: the
 * replay then returns the same summary, having flushed nothing.
 */
@FunctionalInterface
public interface Halter {

    /** Exit status of a process ended by an injected crash. */
    int CRASH_STATUS = 3;

    /** Called once the crash was applied and the pool stopped, with the run so far; the default never returns. */
    void halt(RunSummary atCrash);

    /** Halts the JVM with {@link #CRASH_STATUS}. */
    static Halter runtime() {
        return atCrash -> Runtime.getRuntime().halt(CRASH_STATUS);
    }
}
