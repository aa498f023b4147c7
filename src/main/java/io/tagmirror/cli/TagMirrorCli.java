package io.tagmirror.cli;

import io.tagmirror.engine.TagMirrorException;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line: the console's operations, scriptable, with {@code --json} output. */
@Command(name = "tagmirror", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Keeps mirrored drives consistent by tagged writes.",
        subcommands = {DeviceCommand.class, MirrorCommand.class, WriteCommand.class, TagsCommand.class,
                CompareCommand.class, RepairCommand.class, VerifyCommand.class, HistoryCommand.class, BenchCommand.class, ReplayCommand.class})
public final class TagMirrorCli {

    private TagMirrorCli() {
    }

    /** The command line alone, without the console. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code: 0 done, 1 refused or failed, 2 bad usage. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new TagMirrorCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("tagmirror: " + message(e));
            if (Boolean.getBoolean("tagmirror.debug")) {
                e.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        cli.setParameterExceptionHandler((e, args1) -> {
            e.getCommandLine().getErr().println("tagmirror: " + e.getMessage());
            e.getCommandLine().getErr().println("try: " + e.getCommandLine().getCommandSpec().qualifiedName() + " --help");
            return 2;
        });
        return cli.execute(args);
    }

    /** One line for the administrator: our own messages as they are, anything else named plainly. */
    static String message(Throwable e) {
        if (e instanceof TagMirrorException) {
            return e.getMessage();
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory: " + e.getMessage();
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied: " + e.getMessage();
        }
        if (e instanceof IOException) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        if (e instanceof IllegalArgumentException) {
            return e.getMessage();
        }
        return "internal error (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                + "); run with -Dtagmirror.debug=true for details";
    }
}
