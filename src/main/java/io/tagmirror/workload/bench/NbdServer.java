package io.tagmirror.workload.bench;

import io.tagmirror.engine.TagMirrorException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * An NBD server the benchmark started, and will stop, by its own process handle: the URI a client
 * connects to, and the CPU time the server's process has used so far (Linux's /proc/PID/stat).
 */
final class NbdServer implements AutoCloseable {
    private static final long START_TIMEOUT_MILLIS = 120_000;

    private final String id;
    private final Process process;
    private final String uri;

    private NbdServer(String id, Process process, String uri) {
        this.id = id;
        this.process = process;
        this.uri = uri;
    }

    /**
     * Starts {@code command}, its output to {@code log}, and waits until it listens on
     * {@code socket}; the URI is {@code nbd+unix:///EXPORT?socket=SOCKET}.
     */
    static NbdServer startListening(String id, List<String> command, Path socket, String export, Path log)
            throws IOException {
        Process p = start(command, log);
        awaitReady(id, p, log, () -> Files.exists(socket) ? Optional.of("") : Optional.empty());
        return new NbdServer(id, p, "nbd+unix:///" + export + "?socket=" + socket);
    }

    /**
     * Starts {@code tagmirror serve}, its output to {@code log}, and waits for its line 'ready';
     * the URI is the {@code nbd+unix://} one it printed.
     */
    static NbdServer startTagMirror(String id, List<String> command, Path log) throws IOException {
        Process p = start(command, log);
        String uri = awaitReady(id, p, log, () -> {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            Optional<String> printed = lines.stream().filter(l -> l.startsWith("nbd+unix://")).findFirst();
            return lines.stream().anyMatch(l -> l.startsWith("ready")) ? printed : Optional.empty();
        });
        return new NbdServer(id, p, uri);
    }

    private static Process start(List<String> command, Path log) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
    }

    private interface Readiness {
        Optional<String> check() throws IOException;
    }

    private static String awaitReady(String id, Process process, Path log, Readiness ready) throws IOException {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        try {
            Optional<String> found;
            while ((found = ready.check()).isEmpty()) {
                if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                    String why = process.isAlive() ? "did not get ready in " + START_TIMEOUT_MILLIS / 1000 + " s"
                            : "exited with " + process.exitValue();
                    stop(process);
                    throw new TagMirrorException("benchmark: the " + id + " server " + why + ": " + lastLine(log));
                }
                // a bench waits for a server it started; polling its log is enough here
                Thread.sleep(50);
            }
            return found.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(process);
            throw new TagMirrorException("benchmark interrupted");
        }
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
        } catch (IOException e) {
            return "(no output)";
        }
    }

    String id() {
        return id;
    }

    String uri() {
        return uri;
    }

    /** User and system CPU seconds the server's process (all its threads) has used since it started. */
    double cpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
        // the command name in parentheses may hold spaces: count fields after its closing ')'
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields 14 and 15 of proc(5), utime and stime, are the 12th and 13th after the name
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) ClockTicks.PER_SECOND;
    }

    /** Asks the server to stop (SIGTERM: each finishes its requests and exits), then insists. */
    @Override
    public void close() {
        stop(process);
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The kernel's clock ticks per second, the unit of /proc/PID/stat's CPU times. */
    private static final class ClockTicks {
        static final long PER_SECOND = read();

        private static long read() {
            try {
                Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
                return p.waitFor() == 0 ? Long.parseLong(out) : 100;
            } catch (IOException | NumberFormatException e) {
                return 100;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 100;
            }
        }
    }
}
