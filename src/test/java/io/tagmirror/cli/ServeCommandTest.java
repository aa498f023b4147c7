package io.tagmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tagmirror.workspace.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code tagmirror serve}: its socket, its ready line, its refusals, and a clean stop on Ctrl-C or SIGTERM. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ServeCommandTest {
    @TempDir
    Path tmp;
    private CliRunner cli;
    private Path ws;

    @BeforeEach
    void mirror() throws IOException {
        ws = tmp.resolve("ws");
        cli = new CliRunner(ws);
        String a = tmp.resolve("a").toString();
        String b = tmp.resolve("b").toString();
        cli.json("device", "create", a, "--json");
        cli.json("device", "create", b, "--json");
        cli.json("mirror", "create", "vol1", "--size", "4MiB", a, b, "--json");
    }

    @Test
    void servesOnAnOwnerOnlySocketPrintsOneReadyLineAndStopsCleanlyWhenAsked() throws Exception {
        StopRequest stop = new StopRequest();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int[] code = {-1};
        Thread serve = new Thread(() -> code[0] = TagMirrorCli.run(new PrintWriter(out, true), new PrintWriter(err, true), stop,
                "serve", "vol1", "--workspace", ws.toString(), "--json"), "test-serve");
        serve.start();
        Path socket = ws.resolve("run/vol1.sock");
        await().atMost(Duration.ofMinutes(1)).until(() -> out.toString().contains("\n"));
        JsonNode ready = Json.MAPPER.readTree(out.toString());
        assertThat(ready.get("uris").get(0).asText()).isEqualTo("nbd+unix:///vol1?socket=" + socket.toAbsolutePath());
        assertThat(ready.get("sizeBytes").asLong()).isEqualTo(4L << 20);
        assertThat(Files.getPosixFilePermissions(socket)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(socket.getParent())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(greeting(socket)).isEqualTo("NBDMAGICIHAVEOPT");

        // a second server on the same socket is refused while the first lives
        int second = cli.run("serve", "vol1", "--socket", socket.toString());
        assertThat(second).isEqualTo(ExitCode.FAILED.code());
        assertThat(cli.err).contains("tagmirror: ").doesNotContain("Exception");

        stop.request();
        serve.join();
        assertThat(code[0]).isZero();
        assertThat(socket).doesNotExist();
        assertThat(err.toString()).contains("stopping");
    }

    @Test
    void aSocketLeftByAServerThatDiedIsCleanedAndALiveOneIsRefused() throws Exception {
        Path socket = tmp.resolve("s/vol1.sock");
        Files.createDirectories(socket.getParent());
        // a socket file nothing listens on any more, as a killed server leaves it
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThat(socket).exists();
        StopRequest stop = new StopRequest();
        StringWriter out = new StringWriter();
        Thread serve = new Thread(() -> TagMirrorCli.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), stop,
                "serve", "vol1", "--workspace", ws.toString(), "--socket", socket.toString()), "test-serve");
        serve.start();
        await().atMost(Duration.ofMinutes(1)).until(() -> out.toString().contains("ready"));
        assertThat(greeting(socket)).isEqualTo("NBDMAGICIHAVEOPT");
        stop.request();
        serve.join();

        try (ServerSocketChannel live = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            live.bind(UnixDomainSocketAddress.of(socket));
            assertThat(cli.run("serve", "vol1", "--socket", socket.toString())).isEqualTo(ExitCode.FAILED.code());
            assertThat(cli.err).contains("a server is listening on " + socket);
            assertThat(socket).as("the live server's socket is left alone").exists();
        }
    }

    @Test
    void badOptionsAreUsageErrorsAndMissingCertificatesAreRefusedInOneLine() throws Exception {
        assertThat(cli.run("serve", "vol1", "--listen", "localhost:99999")).isEqualTo(ExitCode.USAGE.code());
        assertThat(cli.run("serve", "vol1", "--tls-cert", tmp.resolve("c.pem").toString())).isEqualTo(ExitCode.USAGE.code());
        assertThat(cli.err).contains("--tls-cert and --tls-key together");
        assertThat(cli.run("serve", "vol1", "--tls-cert", tmp.resolve("c.pem").toString(), "--tls-key", tmp.resolve("k.pem").toString()))
                .isEqualTo(ExitCode.FAILED.code());
        assertThat(cli.err.strip()).isEqualTo("tagmirror: --tls-cert " + tmp.resolve("c.pem") + " does not exist");
        assertThat(cli.run("serve", "nosuch")).isEqualTo(ExitCode.FAILED.code());
        assertThat(cli.err).contains("no mirror named 'nosuch'");
        assertThat(ws.resolve("run/nosuch.sock")).doesNotExist();
    }

    @Test
    void sigtermAnswersWhatIsInFlightFlushesAndRemovesTheSocket() throws Exception {
        Path socket = ws.resolve("run/vol1.sock");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TagMirrorCli.class.getName(),
                "serve", "vol1", "--workspace", ws.toString()));
        Path log = tmp.resolve("serve.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            await().atMost(Duration.ofMinutes(2)).until(() -> Files.readString(log).contains("ready"));
            try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                handshake(c);
                byte[] data = "written before SIGTERM".getBytes(StandardCharsets.US_ASCII);
                c.write(ByteBuffer.allocate(28 + data.length).putInt(0x25609513).putShort((short) 0).putShort((short) 1)
                        .putLong(1).putLong(5000).putInt(data.length).put(data).flip());
                ByteBuffer reply = ByteBuffer.allocate(16);
                while (reply.hasRemaining()) {
                    c.read(reply);
                }
                assertThat(reply.getInt(4)).isZero();
                p.destroy(); // SIGTERM
                assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
            }
            assertThat(p.exitValue()).as(Files.readString(log)).isZero();
            assertThat(Files.readString(log)).contains("stopping");
            assertThat(socket).doesNotExist();
            Path back = tmp.resolve("back.bin");
            assertThat(cli.run("read", "vol1", "--offset", "5000", "--length", "22", "--out", back.toString())).as(cli.err).isZero();
            assertThat(Files.readString(back)).isEqualTo("written before SIGTERM");
            assertThat(cli.run("verify", "vol1")).as(cli.err).isZero();
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor();
            }
        }
    }

    /** The first 16 bytes a server sends. */
    private static String greeting(Path socket) throws IOException {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ByteBuffer b = ByteBuffer.allocate(16);
            while (b.hasRemaining()) {
                c.read(b);
            }
            return new String(b.array(), StandardCharsets.US_ASCII);
        }
    }

    /** The fixed newstyle handshake to transmission through EXPORT_NAME with no zeroes. */
    private static void handshake(SocketChannel c) throws IOException {
        ByteBuffer hello = ByteBuffer.allocate(18);
        while (hello.hasRemaining()) {
            c.read(hello);
        }
        c.write(ByteBuffer.allocate(4).putInt(3).flip());
        c.write(ByteBuffer.allocate(20).putLong(0x49484156454F5054L).putInt(1).putInt(4).put("vol1".getBytes()).flip());
        ByteBuffer export = ByteBuffer.allocate(10);
        while (export.hasRemaining()) {
            c.read(export);
        }
    }
}
