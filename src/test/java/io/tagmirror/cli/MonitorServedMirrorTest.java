package io.tagmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tagmirror monitor} on a mirror another process serves: it asks that process through the
 * control socket, so what happens only there (a member failing under a client's writes, a member taken
 * offline there) is told as an event. The mirror is served in this process, as {@code tagmirror serve}
 * serves it; member b lives on a small tmpfs that a test fills, so its writes fail as on a full disk.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MonitorServedMirrorTest {

    @TempDir
    Path tmp;
    private CliRunner cli;
    private Path small;
    private Path a;
    private Path b;
    private final StopRequest stop = new StopRequest();
    private Thread serve;
    private final StringWriter serveErr = new StringWriter();

    @BeforeEach
    void aServedMirrorWithAMemberOnASmallTmpfs() throws Exception {
        assumeTrue(ManPageTest.onPath("mount") && "root".equals(System.getProperty("user.name")),
                "mounting a tmpfs needs root (and mount, package mount)");
        small = Files.createDirectories(tmp.resolve("small"));
        assertThat(command("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", small.toString())).isZero();
        cli = new CliRunner(tmp.resolve("ws"));
        a = tmp.resolve("a");
        b = small.resolve("b");
        assertThat(cli.run("device", "create", a.toString())).as(cli.err).isZero();
        assertThat(cli.run("device", "create", b.toString())).as(cli.err).isZero();
        assertThat(cli.run("mirror", "create", "home", "--size", "1MiB", a.toString(), b.toString())).as(cli.err).isZero();

        StringWriter out = new StringWriter();
        serve = new Thread(() -> TagMirrorCli.run(new PrintWriter(out, true), new PrintWriter(serveErr, true), stop,
                "serve", "home", "--workspace", tmp.resolve("ws").toString()), "test-serve");
        serve.start();
        await().atMost(Duration.ofMinutes(1)).until(() -> out.toString().contains("ready"));
    }

    @AfterEach
    void stopServingAndUnmount() throws Exception {
        if (serve != null) {
            stop.request();
            serve.join();
        }
        if (small != null && command("mountpoint", "-q", small.toString()) == 0) {
            assertThat(command("umount", small.toString())).as("umount %s", small).isZero();
        }
    }

    @Test
    void aMemberThatFailsUnderAClientsWritesInTheServingProcessIsToldAsFailed() throws Exception {
        assumeTrue(ManPageTest.onPath("qemu-io"), "qemu-io is not installed (apt-get install qemu-utils)");
        assertThat(cli.run("monitor", "--oneshot")).as(cli.err).isZero();
        assertThat(cli.out).isEmpty();

        fill(small);
        String uri = "nbd+unix:///home?socket=" + tmp.resolve("ws/run/home.sock");
        Process io = new ProcessBuilder("qemu-io", "-f", "raw", uri, "-c", "write -P 0xab 0 256k", "-c", "flush")
                .redirectErrorStream(true).start();
        String ioOut = new String(io.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(io.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(io.exitValue()).as("the client's writes go on, on member a; %s", ioOut).isZero();

        assertThat(cli.run("monitor", "--oneshot")).as(cli.err).isZero();
        assertThat(cli.out.lines().toList()).singleElement().asString()
                .contains(" member-failed home: member " + b + " of mirror home failed: ")
                .contains("No space left on device");
        // its device is still there, so read from the devices alone it would look whole
        assertThat(b.resolve("device.json")).exists();
    }

    @Test
    void aMemberTakenOfflineAndBroughtBackThroughTheControlSocketIsToldFromTheServingProcess() throws Exception {
        assertThat(cli.run("mirror", "offline", "home", a.toString())).as(cli.err).isZero();
        assertThat(cli.run("monitor", "--oneshot", "--json")).as(cli.err).isZero();
        List<String> events = cli.out.lines().toList();
        assertThat(events).singleElement().asString().contains("\"event\":\"member-offline\"")
                .contains("\"location\":\"" + a + "\"").contains("taken offline by the administrator");

        assertThat(cli.run("mirror", "online", "home", a.toString())).as(cli.err).isZero();
        // the serving process resynchronises it in the background; in sync again, nothing is left to tell
        await().atMost(Duration.ofMinutes(1)).until(() -> cli.run("monitor", "--oneshot") == 0 && cli.out.isEmpty());
    }

    /** Fills the file system at {@code dir} to its last byte, as a disk that is full. */
    private static void fill(Path dir) throws IOException {
        byte[] chunk = new byte[64 << 10];
        try (OutputStream out = Files.newOutputStream(dir.resolve("filler"))) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException full) {
            // "No space left on device": full, as wanted
        }
        assertThat(Files.getFileStore(dir).getUsableSpace()).isLessThan(chunk.length);
    }

    private static int command(String... args) throws Exception {
        Process p = new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }
}
