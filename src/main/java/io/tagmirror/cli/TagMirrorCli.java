package io.tagmirror.cli;

import io.tagmirror.engine.CancelledException;
import io.tagmirror.operations.Failures;
import io.tagmirror.serve.ControlSocket;
import io.tagmirror.workspace.Json;
import io.tagmirror.workspace.SqliteNativeLibrary;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/** The command line: the console's operations, scriptable, with {@code --json} output. */
@Command(name = "tagmirror", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Keeps mirrored drives consistent by tagged writes.",
        subcommands = {DeviceCommand.class, MirrorCommand.class, WriteCommand.class, ReadCommand.class, AppendCommand.class, TagsCommand.class,
                CompareCommand.class, RepairCommand.class, VerifyCommand.class, HistoryCommand.class, BenchCommand.class, ReplayCommand.class,
                ServeCommand.class, MonitorCommand.class, CompletionNamesCommand.class})
public final class TagMirrorCli {

    private TagMirrorCli() {
    }

    /** The command line alone, without the console. */
    public static void main(String[] args) {
        SqliteNativeLibrary.useCache();
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code, one of {@link ExitCode}; Ctrl-C stops an operation. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), StopRequest.onInterrupt(), args);
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(out, err, new StopRequest(), args);
    }

    static int run(PrintWriter out, PrintWriter err, StopRequest stop, String... args) {
        return run(out, err, stop, null, null, args);
    }

    /**
     * Runs a command line that reached this process through the control socket of the mirror it serves
     * ({@code held}): the command works on that mirror instead of opening it, and its progress and the
     * client's cancel travel through {@code session}.
     */
    static int run(PrintWriter out, PrintWriter err, StopRequest stop, HeldMirror held, ControlSocket.Session session,
                   String... args) {
        CommandLine cli = commandLine(stop, held, session);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            ExitCode code = e instanceof CancelledException ? ExitCode.CANCELLED : ExitCode.FAILED;
            fail(commandLine, message(e), code, asksForJson(commandLine));
            if (Boolean.getBoolean("tagmirror.debug")) {
                e.printStackTrace(commandLine.getErr());
            }
            return code.code();
        });
        cli.setParameterExceptionHandler((e, args1) -> {
            CommandLine where = e.getCommandLine();
            // The parse may have stopped before it reached --json: the words given say whether it was asked for.
            fail(where, e.getMessage(), ExitCode.USAGE, asksForJson(where) || List.of(args1).contains("--json"));
            where.getErr().println("try: " + where.getCommandSpec().qualifiedName() + " --help");
            return ExitCode.USAGE.code();
        });
        return cli.execute(args);
    }

    /**
     * The whole command tree, every command given the exit-code table: set here, on each command
     * picocli built, so a sub-command added later shows it too.
     */
    static CommandLine commandLine(StopRequest stop) {
        return commandLine(stop, null, null);
    }

    private static CommandLine commandLine(StopRequest stop, HeldMirror held, ControlSocket.Session session) {
        CommandLine cli = new CommandLine(new TagMirrorCli(), new Factory(stop, held, session));
        setExitCodeList(cli);
        return cli;
    }

    /**
     * Gives every command's options the one stop request of this run, and, for a run that came through
     * the control socket, the mirror this process serves and the request's session.
     */
    private record Factory(StopRequest stop, HeldMirror held, ControlSocket.Session session)
            implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == CommonOptions.class) {
                return type.cast(new CommonOptions(stop, held, session));
            }
            return CommandLine.defaultFactory().create(type);
        }
    }

    private static void setExitCodeList(CommandLine command) {
        command.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCode.helpSection());
        for (CommandLine sub : command.getSubcommands().values()) {
            setExitCodeList(sub);
        }
    }

    /**
     * Says why a command failed: one line on standard error, and with {@code --json} also one object
     * on standard output, so a script reading the output always gets JSON.
     */
    private static void fail(CommandLine command, String message, ExitCode code, boolean json) {
        command.getErr().println("tagmirror: " + message);
        command.getErr().flush();
        if (json) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("error", message);
            error.put("exitCode", code.code());
            try {
                command.getOut().println(Json.MAPPER.writeValueAsString(error));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            command.getOut().flush();
        }
    }

    /** Whether the failed command was given {@code --json}. */
    private static boolean asksForJson(CommandLine command) {
        CommandLine.Model.OptionSpec json = command.getCommandSpec().findOption("--json");
        return json != null && Boolean.TRUE.equals(json.getValue());
    }

    /** The administrator's line for a failure; an internal error also says how to see more. */
    static String message(Throwable e) {
        String sentence = Failures.describe(e);
        return Failures.isInternal(e) ? sentence + "; run with -Dtagmirror.debug=true for details" : sentence;
    }
}
