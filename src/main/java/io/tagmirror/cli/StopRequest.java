package io.tagmirror.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * An administrator's request to stop the running compare, repair, verify or scrub at its next
 * consistent step (a repair then keeps every entry it did not settle), so the command still records
 * and prints what it did and exits {@link ExitCode#CANCELLED}.
 *
 * <p>On the command line the request is Ctrl-C: while an operation runs, the first SIGINT asks it
 * to stop and a second one ends the process at once, as Ctrl-C always does. Outside an operation
 * Ctrl-C keeps its usual meaning.
 */
class StopRequest {
    private static final Signal INTERRUPT = new Signal("INT");

    private final CountDownLatch requested = new CountDownLatch(1);
    private final boolean fromInterrupt;

    /** A request only asked for by {@link #request()}: for tests and callers inside the process. */
    StopRequest() {
        this(false);
    }

    private StopRequest(boolean fromInterrupt) {
        this.fromInterrupt = fromInterrupt;
    }

    /** A request that Ctrl-C makes while an operation {@linkplain #listen() listens}. */
    static StopRequest onInterrupt() {
        return new StopRequest(true);
    }

    void request() {
        requested.countDown();
    }

    boolean requested() {
        return requested.getCount() == 0;
    }

    /** Waits up to {@code timeout} for the request; whether it came. */
    boolean await(Duration timeout) throws InterruptedException {
        return requested.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Lets Ctrl-C ask for the stop until the returned handle is closed, when the handler that was
     * there before is put back.
     */
    Listening listen(PrintStream err) {
        if (!fromInterrupt) {
            return () -> { };
        }
        SignalHandler[] before = {SignalHandler.SIG_DFL};
        try {
            before[0] = Signal.handle(INTERRUPT, signal -> {
                // The next Ctrl-C gets the handler from before: the process ends at once.
                Signal.handle(INTERRUPT, before[0]);
                err.println("\ntagmirror: stopping at the next consistent step (Ctrl-C again to end at once)");
                err.flush();
                // Last, so the line is out before the operation stops and prints its own.
                request();
            });
        } catch (IllegalArgumentException | UnsupportedOperationException unavailable) {
            // The platform keeps SIGINT to itself: Ctrl-C then ends the process, as before.
            return () -> { };
        }
        return () -> Signal.handle(INTERRUPT, before[0]);
    }

    /**
     * Lets Ctrl-C and SIGTERM ask for the stop until the returned handle is closed: for a command that
     * runs until it is told to end (serve), which then finishes its work cleanly.
     */
    Listening listenForTermination() {
        if (!fromInterrupt) {
            return () -> { };
        }
        List<Signal> signals = List.of(INTERRUPT, new Signal("TERM"));
        List<SignalHandler> before = new ArrayList<>();
        try {
            for (Signal s : signals) {
                before.add(Signal.handle(s, signal -> request()));
            }
        } catch (IllegalArgumentException | UnsupportedOperationException unavailable) {
            // the platform keeps the signal to itself: it then ends the process, as before
        }
        return () -> {
            for (int i = 0; i < before.size(); i++) {
                Signal.handle(signals.get(i), before.get(i));
            }
        };
    }

    /** The time during which Ctrl-C asks for the stop. */
    interface Listening extends AutoCloseable {
        @Override
        void close();
    }
}
