package io.tagmirror.console.mirrors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tagmirror.console.QueuedUi;
import io.tagmirror.console.TestWorkspaces;
import io.tagmirror.console.session.MirrorFocus;
import io.tagmirror.console.session.Notices;
import io.tagmirror.console.session.SessionViewModel;
import io.tagmirror.console.task.DirectTaskRunner;
import io.tagmirror.serve.ServedClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
