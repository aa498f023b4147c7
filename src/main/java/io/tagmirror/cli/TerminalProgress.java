package io.tagmirror.cli;

import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.serve.ControlSocket;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress display on the terminal's error stream, redrawn at most five times a second;
 * silent when the output is not a terminal, so scripts and {@code --json} stay clean. It also carries
 * the administrator's request to stop (Ctrl-C) to the operation.
 */
final class TerminalProgress implements TaskMonitor {
    private final PrintStream err = System.err;
    private final boolean enabled;
    private final long started = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    private final StopRequest stop;
    private final StopRequest.Listening listening;
    /** The control socket's client this progress goes to, in a serving process; else null. */
    private final ControlSocket.Session remote;

    /** Shows progress unless {@code quiet}; Ctrl-C keeps its usual meaning (for work that cannot stop midway). */
    TerminalProgress(boolean quiet) {
        this(quiet, new StopRequest());
    }

    /** Shows progress unless {@code quiet}; while it runs, Ctrl-C asks {@code stop} for a stop. */
    TerminalProgress(boolean quiet, StopRequest stop) {
        this.enabled = !quiet && System.console() != null;
        this.stop = stop;
        this.listening = stop.listen(err);
        this.remote = null;
    }

    /** Progress of a command run for a control socket's client: it goes to the client, which may cancel. */
    TerminalProgress(ControlSocket.Session remote) {
        this.enabled = false;
        this.stop = new StopRequest();
        this.listening = () -> { };
        this.remote = remote;
    }

    @Override
    public boolean isCancelled() {
        return stop.requested() || remote != null && remote.cancelled();
    }

    @Override
    public void progress(String phase, long done, long total) {
        if (!enabled && remote == null) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDraw < 200_000_000L && done < total) {
            return;
        }
        lastDraw = now;
        if (remote != null) {
            remote.progress(phase, done, total);
            return;
        }
        double seconds = (now - started) / 1e9;
        String pct = total > 0 ? String.format(Locale.ROOT, "%3d%%", done * 100 / total) : "";
        String eta = "";
        if (total > 0 && done > 0 && done < total) {
            eta = String.format(Locale.ROOT, ", ETA %.0fs", seconds * (total - done) / done);
        }
        err.print(String.format(Locale.ROOT, "\r%s %s (%d/%d%s)   ", phase, pct, done, total, eta));
        drawn = true;
    }

    /** Clears the line, and gives Ctrl-C back its usual meaning. */
    void finish() {
        listening.close();
        if (drawn) {
            err.print("\r\033[K");
            err.flush();
        }
    }
}
