package io.tagmirror.console;

import io.tagmirror.workspace.SqliteNativeLibrary;
import java.io.PrintStream;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * A plain main class that starts the console, for running it straight from the shaded jar; without a
 * display it says so in one line, and that the command line needs none, instead of starting JavaFX.
 */
public final class ConsoleLauncher {

    /** Exit code when the console cannot start: the command line's "refused or failed". */
    static final int NO_DISPLAY = 1;

    /** JavaFX's logger; kept strongly here, as the logging framework holds loggers weakly. */
    private static final Logger JAVAFX = Logger.getLogger("javafx");

    private ConsoleLauncher() {
    }

    public static void main(String[] args) {
        SqliteNativeLibrary.useCache();
        int code = launch(args, Display.missingHere(), System.err, ConsoleApp::launchConsole);
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * Starts the console through {@code start} unless {@code missingDisplay} says why there is no
     * display; returns 0 once the console has closed, else {@link #NO_DISPLAY} after one line on
     * {@code err}.
     */
    static int launch(String[] args, Optional<String> missingDisplay, PrintStream err, Consumer<String[]> start) {
        if (missingDisplay.isPresent()) {
            err.println(noDisplay(missingDisplay.get()));
            return NO_DISPLAY;
        }
        JAVAFX.setFilter(ConsoleLauncher::notTheClassPathWarning);
        try {
            start.accept(args);
            return 0;
        } catch (UnsupportedOperationException e) {
            // What JavaFX throws when DISPLAY names a display it cannot open (an ssh session without X forwarding).
            err.println(noDisplay("the display " + System.getenv("DISPLAY") + " cannot be opened"));
            return NO_DISPLAY;
        }
    }

    /**
     * JavaFX warns at every start that it was loaded from the class path, which the shaded jar does on
     * purpose ({@link ConsoleApp}); the warning is known by where it is raised, its other ones still show.
     */
    private static boolean notTheClassPathWarning(LogRecord record) {
        return !(record.getLevel() == Level.WARNING
                && "com.sun.javafx.application.PlatformImpl".equals(record.getSourceClassName())
                && "startup".equals(record.getSourceMethodName()));
    }

    static String noDisplay(String reason) {
        return "tagmirror: the console needs a display (" + reason + "); the command line works without one:"
                + " tagmirror --help";
    }
}
