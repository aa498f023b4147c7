package io.tagmirror.installer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tagmirror.cli.NotifySocket;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd unit {@code tagmirror-serve@.service}: what it asks of systemd, and its command line run
 * as systemd would run it (no systemd needed), with this build's command line in place of the
 * installed program. {@link DebPackageTest} runs the packaged unit with the unpacked program.
 */
class ServeUnitTest {

    static final Path UNIT = Paths.get("installer", "linux", "systemd", "tagmirror-serve@.service");
    static final String INSTALLED_PROGRAM = "/opt/tagmirror/bin/tagmirror";
    /** How long a line or a notification may take: the state is read every 2 s, a program starts in seconds. */
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void servesFromTheConfigurationFileRestartsOnFailureAndStopsWithSigterm() throws IOException {
        ServeUnit unit = new ServeUnit(UNIT);
        assertThat(unit.one("[Service]", "EnvironmentFile")).isEqualTo("/etc/tagmirror/%i.conf");
        assertThat(unit.one("[Service]", "ExecStart")).startsWith(INSTALLED_PROGRAM + " serve %i ");
        assertThat(unit.one("[Service]", "Restart")).isEqualTo("on-failure");
        assertThat(unit.one("[Service]", "KillSignal")).isEqualTo("SIGTERM");
        assertThat(unit.one("[Service]", "Type")).as("serve says when it is ready, and its state").isEqualTo("notify");
        assertThat(unit.get("[Service]", "StandardOutput")).as("the journal, systemd's default").isEmpty();
        assertThat(unit.one("[Install]", "WantedBy")).isEqualTo("multi-user.target");
    }

    @Test
    void theUnitsCommandLineServesTheMirrorAndSigtermStopsItCleanly() throws Exception {
        serveAsTheUnitWould(UNIT, launcher(tmp.resolve("bin")), tmp);
    }

    @Test
    void aMirrorTheWorkspaceDoesNotKnowEndsTheServiceWithAFailureSystemdRestarts() throws Exception {
        Path program = launcher(tmp.resolve("bin"));
        Path ws = workspaceWithMirror(program, tmp);
        Path conf = tmp.resolve("nosuch.conf");
        Files.writeString(conf, "TAGMIRROR_WORKSPACE=" + ws + "\nTAGMIRROR_SERVE_OPTIONS=\n");
        ServeUnit unit = new ServeUnit(UNIT);
        Map<String, String> env = environment(unit, conf, tmp);
        List<String> command = program(unit.command("nosuch", env), program);

        Path errFile = tmp.resolve("stderr");
        Process p = start(command, env, errFile);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(errFile);
        assertThat(p.exitValue()).as("a failure, which Restart=on-failure restarts").isEqualTo(1);
        assertThat(err.strip().lines().reduce((first, second) -> second).orElse(""))
                .startsWith("tagmirror: no mirror named 'nosuch'");
        assertThat(err).doesNotContain("Exception");
    }

    /**
     * Serves mirror "home" of a new workspace (made by {@code program}) with {@code unitFile}'s command
     * line, {@code program} standing for the installed one, and a notification socket bound as systemd
     * binds it for {@code Type=notify}: waits for its 'ready' and READY=1 with the mirror's state line;
     * asks its size over NBD when nbdinfo is installed, which the log tells as a client connecting and
     * leaving; takes a member offline and brings it back through the control socket as an administrator
     * does, which the log and STATUS= tell; then stops it as systemctl stop does (SIGTERM) and checks it
     * said STOPPING=1 and ended cleanly.
     */
    static void serveAsTheUnitWould(Path unitFile, Path program, Path tmp) throws Exception {
        Path ws = workspaceWithMirror(program, tmp);
        Path socket = tmp.resolve("home.sock");
        Path conf = tmp.resolve("home.conf");
        // As an administrator writes /etc/tagmirror/home.conf: two options, split by systemd into four words.
        Files.writeString(conf, "# serve mirror home\nTAGMIRROR_WORKSPACE=" + ws + "\nTAGMIRROR_SERVE_OPTIONS=--socket "
                + socket + " --durability crash-safe\n");
        ServeUnit unit = new ServeUnit(unitFile);
        Map<String, String> env = environment(unit, conf, tmp);
        List<String> command = program(unit.command("home", env), program);
        assertThat(command.subList(1, command.size()))
                .containsExactly("serve", "home", "--socket", socket.toString(), "--durability", "crash-safe");

        Path errFile = tmp.resolve("stderr");
        try (NotifySocket systemd = NotifySocket.bind(tmp.resolve("notify"))) {
            env.put("NOTIFY_SOCKET", systemd.name());
            Process p = start(command, env, errFile);
            try {
                Journal journal = new Journal(p);
                List<String> before = journal.until("ready");
                assertThat(before).anySatisfy(uri -> assertThat(uri).startsWith("nbd+unix:").contains(socket.toString()));
                assertThat(before.get(before.size() - 1)).startsWith("ready: serving mirror home");
                assertThat(socket).exists();
                assertThat(systemd.awaitContaining("READY=1", WAIT)).isEqualTo("READY=1\nSTATUS=in-sync: members 2 in sync,"
                        + " 0 offline, 0 resyncing; 0 clients; 0 writes/s");
                assertThat(journal.next()).isEqualTo("mirror home is in-sync: members 2 in sync, 0 offline, 0 resyncing");

                if (onPath("nbdinfo")) {
                    Process info = new ProcessBuilder("nbdinfo", "--size", "nbd+unix:///?socket=" + socket).start();
                    assertThat(info.waitFor(60, TimeUnit.SECONDS)).isTrue();
                    assertThat(new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip()).isEqualTo("1048576");
                    assertThat(journal.next()).isEqualTo("client 1 connected (unix socket)");
                    assertThat(journal.next()).matches("client 1 left \\(unix socket\\) after \\d+ s: 0 writes \\(0 B\\), 0 reads"
                            + " \\(0 B\\), 0 flushes");
                }

                String b = tmp.resolve("b").toString();
                run(program, tmp, "mirror", "offline", "home", b, "--workspace", ws.toString());
                assertThat(journal.until("mirror home is degraded")).last().asString()
                        .startsWith("mirror home is degraded: members 1 in sync, 1 offline, 0 resyncing (" + b + " offline");
                assertThat(systemd.awaitContaining("degraded", WAIT))
                        .isEqualTo("STATUS=degraded: members 1 in sync, 1 offline, 0 resyncing; 0 clients; 0 writes/s");
                run(program, tmp, "mirror", "online", "home", b, "--workspace", ws.toString());
                assertThat(journal.until("mirror home is in-sync")).last()
                        .isEqualTo("mirror home is in-sync: members 2 in sync, 0 offline, 0 resyncing");
                systemd.awaitContaining("STATUS=in-sync: members 2 in sync", WAIT);

                p.destroy(); // SIGTERM, systemctl stop's KillSignal
                long timeout = Long.parseLong(unit.one("[Service]", "TimeoutStopSec"));
                assertThat(p.waitFor(timeout, TimeUnit.SECONDS)).as("stopped within TimeoutStopSec").isTrue();
                String err = Files.readString(errFile);
                assertThat(p.exitValue()).as("exit status; stderr: %s", err).isZero();
                assertThat(err).contains("stopping: answering the requests in flight");
                assertThat(systemd.awaitContaining("STOPPING=1", WAIT)).startsWith("STOPPING=1\nSTATUS=stopping: ");
                assertThat(socket).as("the socket is removed").doesNotExist();
            } finally {
                p.destroyForcibly();
            }
        }
    }

    /** The lines a service writes on its standard output (the journal), read as they come. */
    private static final class Journal {
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> seen = new ArrayList<>();

        Journal(Process p) {
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = out.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException ended) {
                    // the process went away: the test's wait for a line says what was missing
                }
            }, "journal-reader");
            reader.setDaemon(true);
            reader.start();
        }

        /** The next line; fails after a while without one. */
        String next() throws InterruptedException {
            String line = lines.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(line).as("a line within %s after %s", WAIT, seen).isNotNull();
            seen.add(line);
            return line;
        }

        /** The lines up to and with the first that starts with {@code prefix}. */
        List<String> until(String prefix) throws InterruptedException {
            List<String> out = new ArrayList<>();
            String line;
            do {
                line = next();
                out.add(line);
            } while (!line.startsWith(prefix));
            return out;
        }
    }

    /** A workspace with mirror "home", made by {@code program}: the same build as the one that serves it. */
    private static Path workspaceWithMirror(Path program, Path tmp) throws Exception {
        Path ws = tmp.resolve("ws");
        for (String d : List.of("a", "b")) {
            run(program, tmp, "device", "create", tmp.resolve(d).toString(), "--workspace", ws.toString());
        }
        run(program, tmp, "mirror", "create", "home", "--size", "1MiB", tmp.resolve("a").toString(), tmp.resolve("b").toString(),
                "--workspace", ws.toString());
        return ws;
    }

    private static void run(Path program, Path tmp, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(program.toString()));
        command.addAll(List.of(args));
        Path err = tmp.resolve("setup.err");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
        pb.environment().put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        Process p = pb.start();
        p.getOutputStream().close();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        assertThat(p.exitValue()).as("%s: %s", command, Files.readString(err)).isZero();
    }

    /** The unit's environment, with the cache systemd would make under /var/cache made in the test's directory. */
    private static Map<String, String> environment(ServeUnit unit, Path conf, Path tmp) throws IOException {
        Map<String, String> env = unit.environment(conf);
        assertThat(env).containsEntry("XDG_CACHE_HOME", "/var/cache");
        env.put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        return env;
    }

    private static List<String> program(List<String> command, Path program) {
        assertThat(command.get(0)).isEqualTo(INSTALLED_PROGRAM);
        List<String> out = new ArrayList<>(command);
        out.set(0, program.toString());
        return out;
    }

    private static Process start(List<String> command, Map<String, String> env, Path errFile) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        // systemd starts a service with an environment of its own, not the caller's
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        pb.environment().putAll(env);
        Process p = pb.redirectError(errFile.toFile()).start();
        p.getOutputStream().close();
        return p;
    }

    /** A stand-in for the installed program: this build's command line. */
    private static Path launcher(Path dir) throws IOException {
        assumeTrue(onPath("sh"), "no sh");
        Files.createDirectories(dir);
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        Path file = dir.resolve("tagmirror");
        Files.writeString(file, "#!/bin/sh\nexec '" + java + "' -cp '" + System.getProperty("java.class.path")
                + "' io.tagmirror.cli.TagMirrorCli \"$@\"\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
