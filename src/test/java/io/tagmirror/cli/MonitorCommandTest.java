package io.tagmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tagmirror.operations.MirrorEvent;
import io.tagmirror.operations.MirrorWatch;
import io.tagmirror.workspace.Json;
import io.tagmirror.workspace.Workspace;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tagmirror monitor}: what it tells, through which channels, on a real workspace. */
class MonitorCommandTest {

    @TempDir
    Path tmp;
    private CliRunner cli;
    private Path a;
    private Path b;

    @BeforeEach
    void aMirrorOfTwoDevices() {
        cli = new CliRunner(tmp.resolve("ws"));
        a = tmp.resolve("a");
        b = tmp.resolve("b");
        assertThat(cli.run("device", "create", a.toString())).as(cli.err).isZero();
        assertThat(cli.run("device", "create", b.toString())).as(cli.err).isZero();
        assertThat(cli.run("mirror", "create", "home", "--size", "1MiB", a.toString(), b.toString())).as(cli.err).isZero();
    }

    @Test
    void oneCheckOfAHealthyWorkspaceTellsNothingAndExitsZero() {
        assertThat(cli.run("monitor", "--oneshot")).as(cli.err).isZero();
        assertThat(cli.out).isEmpty();
        assertThat(cli.err).isEmpty();
    }

    @Test
    void aMemberThatGoesAwayMissesWritesComesBackAndIsRepairedIsToldAtEachStep() throws Exception {
        try (Workspace ws = Workspace.open(tmp.resolve("ws"))) {
            MirrorWatch watch = new MirrorWatch(Clock.systemUTC());
            assertThat(watch.check(ws, List.of()).events()).isEmpty();

            Path away = tmp.resolve("b-away");
            Files.move(b, away);
            assertThat(kinds(watch.check(ws, List.of()))).containsExactly("member-offline");
            assertThat(cli.run("write", "home", "--offset", "0", "--length", "8192")).as(cli.err).isZero();
            assertThat(kinds(watch.check(ws, List.of()))).isEmpty();

            Files.move(away, b);
            assertThat(kinds(watch.check(ws, List.of()))).containsExactly("member-back-stale");
            assertThat(cli.run("repair", "home", "--yes")).as(cli.err).isZero();
            assertThat(kinds(watch.check(ws, List.of()))).containsExactly("resync-finished");
            assertThat(kinds(watch.check(ws, List.of()))).isEmpty();
        }
    }

    @Test
    void aBlockDeviceLogThatFillsWhileAMemberIsOfflineIsToldWithTheMemberThatWillNeedAWholeVolumeCompare()
            throws Exception {
        Path ia = tmp.resolve("a.img");
        Path ib = tmp.resolve("b.img");
        for (Path image : List.of(ia, ib)) {
            // the smallest log: about 800 entries of single-block writes
            assertThat(cli.run("device", "create", "--image", image.toString(), "--size", "24MiB", "--log-size", "128KiB"))
                    .as(cli.err).isZero();
        }
        assertThat(cli.run("mirror", "create", "disk", "--size", "16MiB", ia.toString(), ib.toString())).as(cli.err).isZero();
        assertThat(cli.run("mirror", "offline", "disk", ib.toString())).as(cli.err).isZero();
        try (Workspace ws = Workspace.open(tmp.resolve("ws"))) {
            MirrorWatch watch = new MirrorWatch(Clock.systemUTC());
            assertThat(kinds(watch.check(ws, List.of("disk")))).containsExactly("member-offline");

            assertThat(cli.run("replay", "disk", "--pattern", "random", "--count", "3000", "--bs", "4KiB", "--seed", "5"))
                    .as(cli.err).isZero();
            MirrorWatch.Check check = watch.check(ws, List.of("disk"));
            assertThat(kinds(check)).containsExactly("log-incomplete");
            MirrorEvent full = check.events().get(0);
            assertThat(full.location()).isEqualTo(ia.toString());
            assertThat(full.detail()).contains("tag log of member " + ia + " of mirror disk filled while " + ib
                    + " missed writes").contains("whole-volume compare");
            assertThat(kinds(watch.check(ws, List.of("disk")))).as("told once").isEmpty();
        }
        assertThat(cli.run("monitor", "--oneshot", "--json", "--mirror", "disk")).as(cli.err).isZero();
        assertThat(cli.out.lines().map(l -> {
            try {
                return Json.MAPPER.readTree(l).path("event").asText();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList()).containsExactly("member-offline", "log-incomplete");
    }

    @Test
    void aMemberWhoseObjectIsLostHasFailed() throws Exception {
        try (Stream<Path> objects = Files.list(b.resolve("objects"))) {
            for (Path o : objects.toList()) {
                Files.delete(o);
            }
        }

        assertThat(cli.run("monitor", "--oneshot", "--json")).as(cli.err).isZero();

        JsonNode event = Json.MAPPER.readTree(cli.out.lines().findFirst().orElseThrow());
        assertThat(event.path("event").asText()).isEqualTo("member-failed");
        assertThat(event.path("mirror").asText()).isEqualTo("home");
        assertThat(event.path("location").asText()).isEqualTo(b.toString());
        assertThat(cli.out.lines()).hasSize(1);
    }

    @Test
    void theProgramGetsTheEventTheMirrorAndTheMemberAsArgumentsAndTheEventAsJsonOnItsInput() throws Exception {
        Path log = tmp.resolve("program.log");
        Path program = script(tmp.resolve("alert.sh"), "#!/bin/sh\n{ echo \"args: $*\"; cat; } >> '" + log + "'\n");
        Files.move(b, tmp.resolve("b-away"));

        assertThat(cli.run("monitor", "--oneshot", "--program", program.toString())).as(cli.err).isZero();

        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo("args: member-offline home " + b);
        JsonNode json = Json.MAPPER.readTree(lines.get(1));
        assertThat(json.path("event").asText()).isEqualTo("member-offline");
        assertThat(json.path("mirror").asText()).isEqualTo("home");
        assertThat(json.path("location").asText()).isEqualTo(b.toString());
        assertThat(json.path("detail").asText()).contains("is offline");
        assertThat(json.path("time").asText()).isNotEmpty();
        assertThat(cli.out).contains(" member-offline home: member " + b + " of mirror home is offline");
    }

    @Test
    void aProgramThatFailsIsSaidOnStandardErrorAndTheCheckGoesOn() throws Exception {
        Path program = script(tmp.resolve("fails.sh"), "#!/bin/sh\nexit 3\n");
        Files.move(b, tmp.resolve("b-away"));

        assertThat(cli.run("monitor", "--oneshot", "--program", program.toString())).isZero();

        assertThat(cli.err.strip()).isEqualTo("tagmirror: monitor: --program " + program + " exited 3 for member-offline home " + b);
        assertThat(cli.out).contains("member-offline");
    }

    @Test
    void refusesAProgramThatCannotRunAndALogThatIsNotThereBeforeWatching() {
        assertThat(cli.run("monitor", "--oneshot", "--program", tmp.resolve("nosuch").toString())).isEqualTo(1);
        assertThat(cli.err).startsWith("tagmirror: --program " + tmp.resolve("nosuch") + ": no executable file at");
        assertThat(cli.err.lines()).hasSize(1);

        assertThat(cli.run("monitor", "--oneshot", "--syslog", "--syslog-socket", tmp.resolve("nolog").toString())).isEqualTo(1);
        assertThat(cli.err).startsWith("tagmirror: --syslog: " + tmp.resolve("nolog") + " does not exist");

        assertThat(cli.run("monitor", "--oneshot", "--mirror", "nosuch")).isEqualTo(1);
        assertThat(cli.err).contains("no mirror named 'nosuch'");
        assertThat(cli.run("monitor", "--interval", "0")).isEqualTo(2);
    }

    @Test
    void writesEachEventToTheSystemLogInRfc5424() throws Exception {
        assumeTrue(ManPageTest.onPath("logger"), "logger not installed (package bsdutils)");
        assumeTrue(ManPageTest.onPath("python3"), "python3 not installed: it stands in for the log daemon's datagram socket");
        Path socket = tmp.resolve("log.sock");
        // Java 17 has no Unix datagram socket to listen on: a few lines of Python receive the message.
        Process daemon = new ProcessBuilder("python3", "-c", "import socket, sys\n"
                + "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\n"
                + "s.bind(sys.argv[1])\n"
                + "print('ready', flush=True)\n"
                + "s.settimeout(60)\n"
                + "sys.stdout.write(s.recv(65536).decode() + '\\n')\n", socket.toString()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(daemon.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("ready");
            Files.move(b, tmp.resolve("b-away"));

            assertThat(cli.run("monitor", "--oneshot", "--syslog", "--syslog-socket", socket.toString())).as(cli.err).isZero();

            String message = out.readLine();
            // <PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG: daemon (3) * 8 + warning (4) = 28
            assertThat(message).matches("<28>1 \\S+ \\S+ tagmirror \\S+ member-offline .*")
                    .contains("member " + b + " of mirror home is offline");
        } finally {
            daemon.destroy();
            daemon.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static List<String> kinds(MirrorWatch.Check check) {
        assertThat(check.unreadable()).isEmpty();
        return check.events().stream().map(MirrorEvent::kind).map(MirrorEvent.Kind::word).toList();
    }

    private static Path script(Path file, String text) throws Exception {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
