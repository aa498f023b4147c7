package io.tagmirror.cli;

import io.tagmirror.engine.TaskMonitor;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress display on the terminal's error stream, redrawn at most five times a second;
 * silent when the output is not a terminal, so scripts and {@code --json} stay clean.
 */
final class TerminalProgress implements TaskMonitor {
    private final PrintStream err = System.err;
    private final boolean enabled;
    private final long started = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    TerminalProgress(boolean quiet) {
        this.enabled = !quiet && System.console() != null;
    }

    @Override
    public void progress(String phase, long done, long total) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDraw < 200_000_000L && done < total) {
            return;
        }
        lastDraw = now;
        double seconds = (now - started) / 1e9;
        String pct = total > 0 ? String.format(Locale.ROOT, "%3d%%", done * 100 / total) : "";
        String eta = "";
        if (total > 0 && done > 0 && done < total) {
            eta = String.format(Locale.ROOT, ", ETA %.0fs", seconds * (total - done) / done);
        }
        err.print(String.format(Locale.ROOT, "\r%s %s (%d/%d%s)   ", phase, pct, done, total, eta));
        drawn = true;
    }

    void finish() {
        if (drawn) {
            err.print("\r\033[K");
            err.flush();
        }
    }
}
