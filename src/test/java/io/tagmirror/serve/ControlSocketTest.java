package io.tagmirror.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.TaskMonitor;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control socket's own behaviour, with a handler that stands in for the command line. */
class ControlSocketTest {
    @TempDir
    Path tmp;

    /** A client of the protocol, as the operations layer's is written, kept here to stay in this room. */
    private static ControlProtocol.Reply request(Path socket, List<String> args, TaskMonitor monitor) throws Exception {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ControlProtocol.write(c, ControlProtocol.request(args));
            ControlProtocol.LineReader reader = new ControlProtocol.LineReader();
            boolean cancelSent = false;
            while (true) {
                if (!cancelSent && monitor.isCancelled()) {
                    ControlProtocol.write(c, ControlProtocol.cancel());
                    cancelSent = true;
                }
                for (byte[] line : reader.read(c)) {
                    var m = ControlProtocol.parse(line);
                    if (m.has("result")) {
                        return ControlProtocol.reply(m.get("result"));
                    }
                    var p = m.get("progress");
                    monitor.progress(p.get("phase").asText(), p.get("done").asLong(), p.get("total").asLong());
                }
                if (reader.ended()) {
                    throw new AssertionError("closed without a result");
                }
            }
        }
    }

    @Test
    void progressComesBackAsItHappensAndACancelStopsTheRequest() throws Exception {
        Path path = tmp.resolve("run").resolve("vol1.ctl");
        try (ControlSocket socket = ControlSocket.start(path, (args, session) -> {
            session.progress("blocks compared", 1, 10);
            // the request runs until the client cancels it, as a long verify would
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!session.cancelled() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            return new ControlProtocol.Reply(String.join(" ", args) + "\n", "", session.cancelled() ? 6 : 0);
        })) {
            List<String> seen = new ArrayList<>();
            AtomicBoolean cancel = new AtomicBoolean();
            ControlProtocol.Reply reply = request(path, List.of("verify", "vol1"), new TaskMonitor() {
                @Override
                public void progress(String phase, long done, long total) {
                    seen.add(phase + " " + done + "/" + total);
                    cancel.set(true); // Ctrl-C once the first progress is in
                }

                @Override
                public boolean isCancelled() {
                    return cancel.get();
                }
            });
            assertThat(seen).containsExactly("blocks compared 1/10");
            assertThat(reply).isEqualTo(new ControlProtocol.Reply("verify vol1\n", "", 6));
        }
        assertThat(path).as("the socket goes with the server").doesNotExist();
    }

    @Test
    void aClientThatGoesAwayCancelsItsRequest() throws Exception {
        Path path = tmp.resolve("vol1.ctl");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        try (ControlSocket socket = ControlSocket.start(path, (args, session) -> {
            started.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!session.cancelled() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            if (session.cancelled()) {
                cancelled.countDown();
            }
            return new ControlProtocol.Reply("", "", 6);
        })) {
            try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
                ControlProtocol.write(c, ControlProtocol.request(List.of("repair", "vol1", "--yes")));
                assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(cancelled.await(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aLiveSocketIsRefusedAStaleOneIsReplacedAndABadRequestGetsAnAnswer() throws Exception {
        Path path = tmp.resolve("vol1.ctl");
        // a server that died leaves its socket file behind
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(path));
        }
        assertThat(path).exists();
        try (ControlSocket socket = ControlSocket.start(path, (args, session) -> new ControlProtocol.Reply("ok\n", "", 0))) {
            assertThatThrownBy(() -> ControlSocket.start(path, (args, session) -> null))
                    .isInstanceOf(TagMirrorException.class).hasMessageContaining("a server is listening on " + path);
            try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
                ControlProtocol.write(c, "not json\n".getBytes(StandardCharsets.UTF_8));
                ControlProtocol.LineReader reader = new ControlProtocol.LineReader();
                List<byte[]> lines = List.of();
                while (lines.isEmpty() && !reader.ended()) {
                    lines = reader.read(c);
                }
                ControlProtocol.Reply reply = ControlProtocol.reply(ControlProtocol.parse(lines.get(0)).get("result"));
                assertThat(reply.exitCode()).isEqualTo(2);
                assertThat(reply.err()).startsWith("tagmirror: a control message is not JSON");
            }
            assertThat(request(path, List.of("mirror", "status", "vol1"), TaskMonitor.NONE).out()).isEqualTo("ok\n");
        }
        assertThat(Files.exists(path)).isFalse();
    }
}
