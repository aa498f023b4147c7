package io.tagmirror;

import io.tagmirror.cli.TagMirrorCli;
import io.tagmirror.console.ConsoleArguments;
import io.tagmirror.console.ConsoleLauncher;
import io.tagmirror.workspace.SqliteNativeLibrary;

/** Starts the console with no arguments (or only {@code --workspace DIR}) and the command line with any other. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        SqliteNativeLibrary.useCache();
        if (ConsoleArguments.parse(args).isPresent()) {
            ConsoleLauncher.main(args);
        } else {
            System.exit(TagMirrorCli.run(args));
        }
    }
}
