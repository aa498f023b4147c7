package io.tagmirror.console;

/** A plain main class that starts the console, for running it straight from the shaded jar. */
public final class ConsoleLauncher {

    private ConsoleLauncher() {
    }

    public static void main(String[] args) {
        ConsoleApp.launchConsole(args);
    }
}
