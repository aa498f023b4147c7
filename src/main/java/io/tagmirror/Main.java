package io.tagmirror;

import io.tagmirror.cli.TagMirrorCli;
import io.tagmirror.console.ConsoleApp;

/** Starts the console with no arguments and the command line with any. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            ConsoleApp.launchConsole(args);
        } else {
            System.exit(TagMirrorCli.run(args));
        }
    }
}
