package io.tagmirror.console.mirrors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tagmirror.console.QueuedUi;
import io.tagmirror.console.TestWorkspaces;
import io.tagmirror.console.session.MirrorFocus;
import io.tagmirror.console.session.Notices;
import io.tagmirror.console.session.SessionViewModel;
import io.tagmirror.cli.ServedCommandLine;
import io.tagmirror.console.task.DirectTaskRunner;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.MemberStatus;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.operations.ControlClient;
import io.tagmirror.operations.MirrorAlreadyServedException;
import io.tagmirror.operations.ResyncOperation;
import io.tagmirror.operations.ServeOperation;
import io.tagmirror.serve.ControlProtocol;
import io.tagmirror.serve.ServeSettings;
import io.tagmirror.serve.ServedClient;
import io.tagmirror.workspace.Workspace;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Serving from the mirrors screen's model, without a stage, with a real NBD client (qemu-io). */
class ServeViewModelTest {

    @TempDir
    Path dir;

    private final Notices notices = new Notices();
    private final QueuedUi ui = new QueuedUi();
    private SessionViewModel sessions;
    private MirrorsViewModel model;
    private ServeViewModel serve;

    @BeforeEach
    void open() throws Exception {
        TestWorkspaces.Lab lab = TestWorkspaces.lab(dir, (a, b, object) -> { });
        sessions = new SessionViewModel(new DirectTaskRunner(), ui, notices);
        sessions.open(lab.workspace(), false, path -> { });
        ui.drain();
        model = new MirrorsViewModel(sessions, new DirectTaskRunner(), ui, notices, new MirrorFocus(), s -> { });
        model.refresh();
        model.selectedProperty().set(model.mirrors().get(0));
        serve = model.serve();
    }

    @AfterEach
    void close() {
        model.close();
        sessions.close();
    }

    @Test
    void servesTheSelectedMirrorOnItsSocketWithReadyMadeCommandsAndStops() throws Exception {
        assertThat(serve.statusProperty().get()).isEqualTo("Not served");

        serve.serve();

        Path socket = dir.resolve("workspace").resolve("run").resolve("lab.sock");
        String uri = "nbd+unix:///lab?socket=" + socket.toAbsolutePath();
        assertThat(serve.servedProperty().get()).isTrue();
        assertThat(Files.exists(socket)).isTrue();
        assertThat(serve.addressProperty().get()).isEqualTo(uri);
        assertThat(serve.commandsProperty().get()).contains("-drive file=" + uri + ",format=raw")
                .contains("nbdfuse /tmp/lab-nbd '" + uri + "'").contains("mount -o loop /tmp/lab-nbd/nbd /mnt/lab");
        assertThat(notices.getText()).isEqualTo("Serving lab at " + uri);
        model.planDeletion(model.mirrors().get(0), plan -> { });
        assertThat(notices.getText()).isEqualTo("lab is being served; stop serving it before deleting it.");

        serve.stop();

        assertThat(serve.servedProperty().get()).isFalse();
        assertThat(Files.exists(socket)).isFalse();
        assertThat(serve.statusProperty().get()).isEqualTo("Not served");
        assertThat(notices.getText()).isEqualTo("Stopped serving lab.");
    }

    @Test
    void aMirrorServedHereIsManagedFromAShellThroughItsControlSocketAsTagmirrorServeWouldBe() throws Exception {
        serve.serve();
        UUID lab = model.mirrors().get(0).definition().uuid();
        UUID second = model.mirrors().get(0).definition().devices().get(1);
        ServeOperation.Serving serving = serve.serving(lab).orElseThrow();
        Workspace ws = sessions.getSession().workspace();
        // what 'tagmirror mirror status lab' in a shell finds, and sends its command line to
        ControlClient shell = ControlClient.find(ws, "lab").orElseThrow();
        assertThat(serving.controlSocket()).contains(ControlClient.socketOf(ws, "lab"));

        ControlProtocol.Reply status = shell.run(List.of("mirror", "status", "lab"), TaskMonitor.NONE);
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).contains("mirror lab: in-sync")
                .contains("served by process " + ProcessHandle.current().pid() + " at " + serve.addressProperty().get());
        ControlProtocol.Reply offline = shell.run(List.of("mirror", "offline", "lab", second.toString()), TaskMonitor.NONE);
        assertThat(offline.exitCode()).as(offline.err()).isZero();
        assertThat(member(serving, second).online()).as("the member of the mirror the console serves").isFalse();
        ControlProtocol.Reply online = shell.run(List.of("mirror", "online", "lab", second.toString()), TaskMonitor.NONE);
        assertThat(online.exitCode()).as(online.err()).isZero();
        assertThat(online.out()).contains("resynchronised in the background");
        assertThat(serving.resyncs().start(second).join().report().completed()).isTrue();
        assertThat(member(serving, second).online()).isTrue();
        // a 'tagmirror serve lab' of its own is told where the mirror is served, not that its devices are in use
        try (Workspace another = Workspace.open(dir.resolve("workspace"))) {
            assertThatThrownBy(() -> ServeOperation.start(another, "lab", DurabilityMode.CRASH_SAFE,
                    new ServeSettings(dir.resolve("other.sock"), null, null, false, false)))
                    .isInstanceOf(MirrorAlreadyServedException.class)
                    .hasMessageContaining("mirror lab is already served by process " + ProcessHandle.current().pid());
        }
        ControlProtocol.Reply verify = shell.run(List.of("verify", "lab"), TaskMonitor.NONE);
        assertThat(verify.exitCode()).as(verify.err()).isZero();
        assertThat(verify.out()).contains("identical");

        serve.stop();
        assertThat(ControlClient.find(ws, "lab")).isEmpty();
        assertThat(ControlClient.socketOf(ws, "lab")).doesNotExist();
    }

    private static MemberStatus member(ServeOperation.Serving serving, UUID device) throws Exception {
        return serving.mirror().mirror().status().stream().filter(s -> s.device().equals(device)).findFirst().orElseThrow();
    }

    @Test
    void theResyncRateFieldReachesAMirrorAnotherProcessServes() throws Exception {
        UUID lab = model.mirrors().get(0).definition().uuid();
        sessions.getSession().release(lab);
        // 'tagmirror serve lab' elsewhere, as the command line starts it
        try (Workspace other = Workspace.open(dir.resolve("workspace"));
             ServeOperation.Serving elsewhere = ServeOperation.start(other, "lab", DurabilityMode.CRASH_SAFE,
                     new ServeSettings(ServeOperation.defaultSocket(other, "lab"), null, null, false, false),
                     ResyncOperation.DEFAULT_RATE, ServedCommandLine.forServing(other.directory()))) {
            serve.show();
            assertThat(serve.servedElsewhereProperty().get()).isTrue();

            serve.resyncRateProperty().set(7L << 20);

            assertThat(elsewhere.resyncs().bytesPerSecond()).isEqualTo(7L << 20);
            assertThat(notices.getText()).isEqualTo("mirror lab is resynchronised at most 7 MiB/s from now on (it was"
                    + " 100 MiB/s); no resync runs now");
            // the console could not serve it too
            serve.serve();
            assertThat(serve.servedProperty().get()).isFalse();
        }
    }

    @Test
    void theResyncRateFieldHoldsTheResyncsOfAMirrorServedHereAtOnce() throws Exception {
        serve.resyncRateProperty().set(40L << 20);
        serve.serve();
        var serving = serve.serving(model.mirrors().get(0).definition().uuid()).orElseThrow();
        assertThat(serving.resyncs().bytesPerSecond()).isEqualTo(40L << 20);

        serve.resyncRateProperty().set(5L << 20);

        assertThat(serving.resyncs().bytesPerSecond()).isEqualTo(5L << 20);
        serve.stop();
        // the next serving starts with the rate last set
        serve.serve();
        assertThat(serve.serving(model.mirrors().get(0).definition().uuid()).orElseThrow().resyncs().bytesPerSecond())
                .isEqualTo(5L << 20);
        serve.stop();
    }

    @Test
    void showsAConnectedClientAndItsWriteRate() throws Exception {
        assumeTrue(onPath("qemu-io"), "qemu-io is not installed (apt-get install qemu-utils)");
        serve.serve();
        Process qemu = new ProcessBuilder("qemu-io", "-f", "raw", serve.addressProperty().get())
                .redirectErrorStream(true).start();
        try (Writer in = new OutputStreamWriter(qemu.getOutputStream(), StandardCharsets.US_ASCII);
             BufferedReader out = new BufferedReader(new InputStreamReader(qemu.getInputStream(), StandardCharsets.US_ASCII))) {
            // the client is connected once qemu-io has answered a first command
            in.write("read 0 4k\n");
            in.flush();
            waitFor(out, "read 4096/4096 bytes");
            serve.sample(1_000_000_000L);
            assertThat(serve.clients()).hasSize(1);
            long before = serve.clients().get(0).bytesWritten();

            in.write("write -P 0xab 0 64k\n");
            in.flush();
            waitFor(out, "wrote 65536/65536 bytes");
            serve.sample(3_000_000_000L);

            ServedClient client = serve.clients().get(0);
            assertThat(client.writes()).isEqualTo(1);
            assertThat(client.bytesWritten() - before).isEqualTo(65536);
            assertThat(serve.ratesProperty().get().writeBytesPerSecond()).isEqualTo(65536 / 2.0);
            assertThat(serve.ratesProperty().get().meanLatencyMicros()).isPositive();
            assertThat(serve.rateTextProperty().get()).startsWith("1 client · read 0 B/s · write 32");
            in.write("quit\n");
            in.flush();
        } finally {
            if (!qemu.waitFor(30, TimeUnit.SECONDS)) {
                qemu.destroyForcibly();
            }
        }
        serve.stop();
        assertThat(serve.clients()).isEmpty();
    }

    private static void waitFor(BufferedReader out, String text) throws Exception {
        String line;
        while ((line = out.readLine()) != null) {
            if (line.contains(text)) {
                return;
            }
        }
        throw new AssertionError("qemu-io ended before printing " + text);
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
