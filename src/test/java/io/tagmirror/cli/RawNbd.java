package io.tagmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the tests of a {@code tagmirror serve} child process need: the process started and ready, and
 * raw NBD frames over its Unix socket (simple replies, export vol1), written by hand as a client that
 * no library shapes would send them.
 */
final class RawNbd {
    static final int CMD_READ = 0;
    static final int CMD_WRITE = 1;
    static final int CMD_FLUSH = 3;

    private RawNbd() {
    }

    /** {@code tagmirror serve vol1} in a JVM of its own with {@code jvmFlags}, once it printed its ready line. */
    static Process serve(Path ws, Path log, String... jvmFlags) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmFlags));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), TagMirrorCli.class.getName(),
                "serve", "vol1", "--workspace", ws.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!Files.readString(log).contains("ready")) { // the one line serve prints once it listens
            assertThat(p.isAlive()).as(Files.readString(log)).isTrue();
            assertThat(System.nanoTime()).as("serve ready within 2 minutes").isLessThan(deadline);
            Thread.sleep(20);
        }
        return p;
    }

    /** Ends a process this test started, at once, if it is still there. */
    static void kill(Process p) throws InterruptedException {
        if (p.isAlive()) {
            p.destroyForcibly();
            p.waitFor();
        }
    }

    static void readFully(SocketChannel c, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (c.read(b) < 0) {
                throw new IOException("the server closed the connection");
            }
        }
    }

    /** Connected and in transmission: fixed newstyle, no zeroes, NBD_OPT_EXPORT_NAME of vol1. */
    static SocketChannel connect(Path socket) throws IOException {
        SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        readFully(c, ByteBuffer.allocate(18));
        c.write(ByteBuffer.allocate(4).putInt(3).flip());
        c.write(ByteBuffer.allocate(20).putLong(0x49484156454F5054L).putInt(1).putInt(4).put("vol1".getBytes()).flip());
        readFully(c, ByteBuffer.allocate(10));
        return c;
    }

    /** Sends one request: {@code length} is what it asks for, {@code payload} what a write carries. */
    static void send(SocketChannel c, int type, long cookie, long offset, int length, byte[] payload) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(28).putInt(0x25609513).putShort((short) 0).putShort((short) type)
                .putLong(cookie).putLong(offset).putInt(length).flip();
        ByteBuffer[] frames = payload == null ? new ByteBuffer[] {head} : new ByteBuffer[] {head, ByteBuffer.wrap(payload)};
        while (frames[frames.length - 1].hasRemaining()) {
            c.write(frames);
        }
    }

    /** Reads one simple reply (and a read's data into {@code into}); returns its cookie, checked error-free. */
    static long reply(SocketChannel c, byte[] into) throws IOException {
        ByteBuffer r = ByteBuffer.allocate(16);
        readFully(c, r);
        assertThat(r.getInt(0)).as("simple reply magic").isEqualTo(0x67446698);
        assertThat(r.getInt(4)).as("error of request %d", r.getLong(8)).isZero();
        if (into != null) {
            readFully(c, ByteBuffer.wrap(into));
        }
        return r.getLong(8);
    }

    /** A counter summed over vol1's served clients, from the server's status through its control socket. */
    static long counted(CliRunner cli, String counter) throws IOException {
        com.fasterxml.jackson.databind.JsonNode status = cli.json("mirror", "status", "vol1", "--json");
        long sum = 0;
        for (com.fasterxml.jackson.databind.JsonNode client : status.path("served").path("clients")) {
            sum += client.path(counter).asLong();
        }
        return sum;
    }
}
