package io.tagmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.Mirror;
import io.tagmirror.operations.ControlClient;
import io.tagmirror.operations.ResyncOperation;
import io.tagmirror.operations.ServeOperation;
import io.tagmirror.serve.ControlSocket;
import io.tagmirror.serve.ServeSettings;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands that manage a mirror, typed in another terminal while the mirror is served: they run in
 * the serving process through its control socket and print and exit as they would without a server.
 */
class ServedMirrorCommandsTest {
    @TempDir
    Path tmp;
    private CliRunner cli;
    private String a;
    private String b;
    private Workspace workspace;
    private ServeOperation.Serving serving;
    private ControlSocket control;

    @BeforeEach
    void mirror() throws IOException {
        cli = new CliRunner(tmp.resolve("ws"));
        a = tmp.resolve("a").toString();
        b = tmp.resolve("b").toString();
        cli.json("device", "create", a, "--json");
        cli.json("device", "create", b, "--json");
        cli.json("mirror", "create", "vol1", "--size", "8MiB", a, b, "--json");
    }

    /** Serves vol1 in this process as 'tagmirror serve' does, control socket and all. */
    private void serve() throws IOException {
        serve(false);
    }

    private void serve(boolean readOnly) throws IOException {
        workspace = Workspace.open(tmp.resolve("ws"));
        serving = ServeOperation.start(workspace, "vol1", DurabilityMode.CRASH_SAFE,
                new ServeSettings(ServeOperation.defaultSocket(workspace, "vol1"), null, null, readOnly, false),
                ResyncOperation.DEFAULT_RATE);
        control = ControlSocket.start(ControlClient.socketOf(workspace, "vol1"),
                new ServedCommandLine(new HeldMirror(serving, workspace.directory())));
    }

    @AfterEach
    void stop() throws IOException {
        if (control != null) {
            control.close();
        }
        if (serving != null) {
            serving.close();
        }
        if (workspace != null) {
            workspace.close();
        }
    }

    private Mirror served() {
        return serving.mirror().mirror();
    }

    /** What a client of the served mirror writes meanwhile. */
    private void clientWrites(int count, long seed) throws IOException {
        Random random = new Random(seed);
        Mirror m = served();
        for (int i = 0; i < count; i++) {
            byte[] data = new byte[4096 * (1 + random.nextInt(4))];
            random.nextBytes(data);
            m.write(m.generator(Mirror.DEFAULT_GENERATOR), 4096L * random.nextInt(2040), ByteBuffer.wrap(data));
        }
    }

    private UUID uuidOf(String device) throws IOException {
        for (JsonNode d : cli.json("mirror", "status", "vol1", "--json").get("devices")) {
            if (d.get("path").asText().equals(device)) {
                return UUID.fromString(d.get("uuid").asText());
            }
        }
        throw new AssertionError(device);
    }

    @Test
    void statusCompareAndVerifyOfAServedMirrorPrintWhatTheyPrintWithoutAServer() throws Exception {
        cli.run("mirror", "status", "vol1");
        String statusBefore = cli.out;
        cli.run("compare", "vol1");
        String compareBefore = cli.out;
        cli.run("verify", "vol1");
        String verifyBefore = cli.out.replaceAll("\\d+ blocks compared", "");

        serve();
        assertThat(cli.run("mirror", "status", "vol1")).isZero();
        assertThat(cli.err).isEmpty();
        assertThat(cli.out).startsWith(statusBefore.stripTrailing())
                .contains("served by process " + ProcessHandle.current().pid() + " at nbd+unix:///vol1?socket=")
                .contains("0 clients connected");
        assertThat(cli.run("compare", "vol1")).isZero();
        assertThat(cli.out).isEqualTo(compareBefore);
        assertThat(cli.run("verify", "vol1")).isZero();
        assertThat(cli.out.replaceAll("\\d+ blocks compared", "")).isEqualTo(verifyBefore);
        assertThat(cli.json("mirror", "status", "vol1", "--json").path("served").path("clients").size()).isZero();
    }

    @Test
    void aSecondServeOfAServedMirrorIsRefusedNamingTheProcessAndWhereItIsServed() throws Exception {
        serve();
        Path socket = ServeOperation.defaultSocket(workspace, "vol1");
        long entries = served().status().get(0).entries();

        assertThat(cli.run("serve", "vol1")).isEqualTo(ExitCode.FAILED.code());
        assertThat(cli.out).isEmpty();
        assertThat(cli.err.strip()).isEqualTo("tagmirror: mirror vol1 is already served by process "
                + ProcessHandle.current().pid() + " at nbd+unix:///vol1?socket=" + socket.toAbsolutePath()
                + " (control socket " + ControlClient.socketOf(workspace, "vol1") + "): connect clients there, or stop"
                + " that server first (kill -TERM " + ProcessHandle.current().pid() + ")");
        // also on a socket of its own: the mirror is what is served, wherever the second would listen
        assertThat(cli.run("serve", "vol1", "--socket", tmp.resolve("other.sock").toString(), "--read-only"))
                .isEqualTo(ExitCode.FAILED.code());
        assertThat(cli.err).contains("mirror vol1 is already served by process").doesNotContain("in use");
        assertThat(tmp.resolve("other.sock")).doesNotExist();

        // the first server goes on as before
        assertThat(socket).exists();
        assertThat(cli.run("mirror", "status", "vol1")).isZero();
        assertThat(served().status().get(0).entries()).isEqualTo(entries);
    }

    @Test
    void aMemberTakenOfflineAndBroughtBackThroughTheControlSocketIsResynchronisedWhileClientsWrite() throws Exception {
        serve();
        UUID bUuid = uuidOf(b);
        clientWrites(20, 1);
        assertThat(cli.run("mirror", "offline", "vol1", b)).as(cli.err).isZero();
        assertThat(cli.out).contains("took " + b + " offline in mirror vol1");
        clientWrites(200, 2);
        JsonNode status = cli.json("mirror", "status", "vol1", "--json");
        assertThat(status.get("state").asText()).isEqualTo("degraded");
        assertThat(cli.run("mirror", "status", "vol1")).isZero();
        assertThat(cli.out).contains(b + "  offline (taken offline by the administrator)");

        assertThat(cli.run("mirror", "online", "vol1", b)).as(cli.err).isZero();
        assertThat(cli.out).contains("is back online; it is resynchronised in the background at most 100 MiB/s");
        clientWrites(100, 3);
        ResyncOperation.Resynced resynced = serving.resyncs().start(bUuid).join();
        assertThat(resynced.report().completed()).as(resynced.report().why()).isTrue();

        assertThat(cli.run("verify", "vol1")).as(cli.err).isEqualTo(ExitCode.OK.code());
        assertThat(cli.out).contains("identical");
        status = cli.json("mirror", "status", "vol1", "--json");
        assertThat(status.get("state").asText()).isEqualTo("in-sync");
        assertThat(cli.json("compare", "vol1", "--json").get("inSync").asBoolean()).isTrue();
        assertThat(cli.json("repair", "vol1", "--yes", "--json").get("bytesCopied").asLong()).isZero();
    }

    @Test
    void withoutAServerOfflineHoldsForTheNextCommandsAndOnlineResynchronisesInTheForeground() throws Exception {
        assertThat(cli.run("mirror", "offline", "vol1", b)).as(cli.err).isZero();
        assertThat(cli.run("write", "vol1", "--offset", "0", "--length", "64k")).as(cli.err).isZero();
        assertThat(cli.run("write", "vol1", "--offset", "1MiB", "--length", "12k")).as(cli.err).isZero();
        assertThat(cli.run("mirror", "status", "vol1")).isZero();
        assertThat(cli.out).contains(b + "  offline (taken offline by the administrator at ")
                .contains("'tagmirror mirror online vol1 " + b + "' brings it back");

        assertThat(cli.run("mirror", "online", "vol1", b, "--resync-rate", "50MiB/s")).as(cli.err).isZero();
        assertThat(cli.out).contains(b + " of mirror vol1 is back online and in sync: 76 KiB copied onto it");
        assertThat(cli.run("verify", "vol1")).isEqualTo(ExitCode.OK.code());
        assertThat(cli.json("mirror", "status", "vol1", "--json").get("state").asText()).isEqualTo("in-sync");
    }

    @Test
    void aMemberLeftOfflineIsOfflineWhenServingStartsAndComesBackThroughTheControlSocket() throws Exception {
        assertThat(cli.run("mirror", "offline", "vol1", a)).as(cli.err).isZero();
        serve();
        assertThat(cli.json("mirror", "status", "vol1", "--json").get("state").asText()).isEqualTo("degraded");
        clientWrites(100, 4);
        assertThat(cli.run("mirror", "online", "vol1", a)).as(cli.err).isZero();
        serving.resyncs().start(uuidOf(a)).join();
        assertThat(cli.run("verify", "vol1")).isEqualTo(ExitCode.OK.code());
    }

    @Test
    void aMemberCannotComeBackWhileTheMirrorIsServedReadOnly() throws Exception {
        assertThat(cli.run("mirror", "offline", "vol1", b)).as(cli.err).isZero();
        serve(true);
        assertThat(cli.run("mirror", "online", "vol1", b)).isEqualTo(ExitCode.FAILED.code());
        assertThat(cli.err).isEqualTo("tagmirror: mirror vol1 is served read-only, so nothing can be copied onto " + b
                + ": stop serving it and run 'tagmirror mirror online vol1 " + b + "', or serve it writable\n");
        assertThat(cli.json("mirror", "status", "vol1", "--json").get("state").asText()).isEqualTo("degraded");
    }

    @Test
    void onlyTheCommandsThatManageAMirrorReachItAndTheSocketIsTheOwnersOnly() throws Exception {
        serve();
        assertThat(Files.getPosixFilePermissions(control.path())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        ControlClient client = ControlClient.find(workspace, "vol1").orElseThrow();
        var reply = client.run(java.util.List.of("write", "vol1", "--offset", "0", "--length", "4k"),
                io.tagmirror.engine.TaskMonitor.NONE);
        assertThat(reply.exitCode()).isEqualTo(ExitCode.FAILED.code());
        assertThat(reply.err()).contains("clients read and write through its NBD socket");
        // the local command meets the devices held: its own refusal, not a hang or a crash
        assertThat(cli.run("write", "vol1", "--offset", "0", "--length", "4k")).isEqualTo(ExitCode.FAILED.code());
        assertThat(cli.err).startsWith("tagmirror: ").contains(a);
    }
}
