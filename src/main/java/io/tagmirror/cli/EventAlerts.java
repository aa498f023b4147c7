package io.tagmirror.cli;

import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.operations.MirrorEvent;
import io.tagmirror.workspace.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where the monitor sends an event besides its own output: a program an administrator names
 * ({@code --program}, as mdadm's {@code PROGRAM}) and the system log ({@code --syslog}).
 *
 * <p>The log is written by {@code logger(1)} (util-linux, in every Debian and Ubuntu system): the
 * system log's socket {@code /dev/log} is a Unix datagram socket, and Java 17 opens Unix sockets of
 * the stream kind only. {@code logger --rfc5424} frames the message as RFC 5424 asks.
 */
final class EventAlerts {

    /** How long a program may take for one event before it is stopped: the next check must not wait for ever. */
    static final long PROGRAM_TIMEOUT_SECONDS = 60;

    private final Path program;
    private final Path syslogSocket;
    private final PrintWriter err;

    /**
     * @param program the program run for each event, or null
     * @param syslogSocket the system log's socket, or null for no log
     */
    EventAlerts(Path program, Path syslogSocket, PrintWriter err) {
        this.program = program;
        this.syslogSocket = syslogSocket;
        this.err = err;
    }

    /** Refuses, before the watch starts, a program that cannot run or a log that is not there. */
    static Path checkProgram(String given) throws TagMirrorException {
        Path path = given.contains("/") ? Paths.get(given) : onPath(given);
        if (path == null || !Files.isRegularFile(path) || !Files.isExecutable(path)) {
            throw new TagMirrorException("--program " + given + ": no executable file " + (path == null ? "of that name on the PATH" : "at " + path)
                    + "; give the path of a program (it gets the event and the mirror as arguments, the event as JSON on standard input)");
        }
        return path.toAbsolutePath();
    }

    static void checkSyslog(Path socket) throws TagMirrorException {
        if (!Files.exists(socket)) {
            throw new TagMirrorException("--syslog: " + socket + " does not exist (no syslog daemon or journald on this"
                    + " machine); start one, or watch without --syslog");
        }
        if (onPath("logger") == null) {
            throw new TagMirrorException("--syslog: logger(1) is not on the PATH (package bsdutils or util-linux);"
                    + " install it, or watch without --syslog");
        }
    }

    /** Sends one event to the program and the log; a failure of either is said on standard error and the watch goes on. */
    void send(MirrorEvent event) {
        if (program != null) {
            List<String> command = new ArrayList<>(List.of(program.toString(), event.kind().word(), event.mirror()));
            if (event.location() != null) {
                command.add(event.location());
            }
            byte[] json = (Json.MAPPER.valueToTree(event.fields()).toString() + "\n").getBytes(StandardCharsets.UTF_8);
            run(command, json, "--program " + program);
        }
        if (syslogSocket != null) {
            String priority = "daemon." + (event.kind().needsAction() ? "warning" : "info");
            run(List.of("logger", "--rfc5424", "--socket-errors=on", "--socket", syslogSocket.toString(), "--tag", "tagmirror",
                    "--priority", priority, "--msgid", event.kind().word(), "--", event.detail()), new byte[0], "--syslog");
        }
    }

    private void run(List<String> command, byte[] input, String what) {
        try {
            Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(input);
            } catch (IOException closedEarly) {
                // a program that does not read its input is not wrong
            }
            if (!p.waitFor(PROGRAM_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                warn(what + " did not finish in " + PROGRAM_TIMEOUT_SECONDS + " s and was stopped");
            } else if (p.exitValue() != 0) {
                warn(what + " exited " + p.exitValue() + " for " + String.join(" ", command.subList(1, command.size())));
            }
        } catch (IOException e) {
            warn(what + " could not be started: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void warn(String message) {
        err.println("tagmirror: monitor: " + message);
        err.flush();
    }

    private static Path onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Paths.get(dir, name))) {
                return Paths.get(dir, name);
            }
        }
        return null;
    }
}
