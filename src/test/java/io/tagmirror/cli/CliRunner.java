package io.tagmirror.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tagmirror.workspace.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/** Runs the command line in-process against a test workspace and keeps what it printed. */
final class CliRunner {
    final Path workspace;
    /** What Ctrl-C would request: a test requests it to stop the next operation at its first step. */
    final StopRequest stop = new StopRequest();
    String out;
    String err;

    CliRunner(Path workspace) {
        this.workspace = workspace;
    }

    int run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--workspace";
        all[args.length + 1] = workspace.toString();
        int code = TagMirrorCli.run(new PrintWriter(o, true), new PrintWriter(e, true), stop, all);
        out = o.toString();
        err = e.toString();
        return code;
    }

    JsonNode json(String... args) throws IOException {
        return json(ExitCode.OK, args);
    }

    /** Runs a command that must end with {@code expected} and returns the JSON it printed. */
    JsonNode json(ExitCode expected, String... args) throws IOException {
        int code = run(args);
        if (code != expected.code()) {
            throw new AssertionError("exit " + code + " where " + expected.code() + " was expected: " + err);
        }
        return Json.MAPPER.readTree(out);
    }
}
