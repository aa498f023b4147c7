package io.tagmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tagmirror serve} in a JVM of 256 MiB of heap (it exits on an OutOfMemoryError) while many
 * clients send requests of the largest size the server takes, writes that all go in at once and reads
 * whose replies are never taken: the in-flight budget keeps what they hold bounded, so the server stays
 * up, serves a well-behaved client once they go, and stops cleanly.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ServeSmallHeapTest {
    private static final int MIB = 1 << 20;
    private static final int LARGEST = 32 * MIB; // NBD_INFO_BLOCK_SIZE's maximum payload
    private static final int WRITERS = 6;
    private static final int WRITES_EACH = 4;
    private static final int LAZY_READERS = 8;
    private static final int READS_EACH = 4;

    @TempDir
    Path tmp;

    @Test
    void manyClientsSendingTheLargestRequestsKeepTheServerWithinA256MiBHeap() throws Exception {
        Path ws = tmp.resolve("ws");
        CliRunner cli = new CliRunner(ws);
        cli.json("device", "create", tmp.resolve("a").toString(), "--json");
        cli.json("device", "create", tmp.resolve("b").toString(), "--json");
        cli.json("mirror", "create", "vol1", "--size", "64MiB", tmp.resolve("a").toString(), tmp.resolve("b").toString(),
                "--json");
        Path socket = ws.resolve("run/vol1.sock");
        Path log = tmp.resolve("serve.log");
        Process server = RawNbd.serve(ws, log, "-Xmx256m", "-XX:+ExitOnOutOfMemoryError");
        List<SocketChannel> clients = new ArrayList<>();
        List<Thread> senders = new ArrayList<>();
        try {
            byte[] payload = new byte[LARGEST];
            Arrays.fill(payload, (byte) 0x6d);
            // writers that send all their writes at once: the server reads each only when the budget allows
            for (int w = 0; w < WRITERS; w++) {
                SocketChannel c = RawNbd.connect(socket);
                clients.add(c);
                senders.add(sender(c, "test-writer-" + w, RawNbd.CMD_WRITE, WRITES_EACH, payload));
            }
            await().atMost(Duration.ofMinutes(4)).until(() -> total(cli, clients.size(), "writes") == WRITERS * WRITES_EACH);
            // readers that never take their replies: each holds what the budget lets it, no more
            for (int r = 0; r < LAZY_READERS; r++) {
                SocketChannel c = RawNbd.connect(socket);
                clients.add(c);
                senders.add(sender(c, "test-lazy-reader-" + r, RawNbd.CMD_READ, READS_EACH, null));
            }
            // the server's budget (128 MiB) holds three such reads at once
            await().atMost(Duration.ofMinutes(2)).until(() -> total(cli, clients.size(), "reads") >= 3);
            assertThat(server.isAlive()).as(Files.readString(log)).isTrue();

            for (SocketChannel c : clients) {
                c.close();
            }
            for (Thread t : senders) {
                t.join();
            }
            try (SocketChannel c = RawNbd.connect(socket)) {
                byte[] data = new byte[4096];
                Arrays.fill(data, (byte) 0x42);
                RawNbd.send(c, RawNbd.CMD_WRITE, 1, 5 * MIB, data.length, data);
                RawNbd.reply(c, null);
                RawNbd.send(c, RawNbd.CMD_FLUSH, 2, 0, 0, null);
                RawNbd.reply(c, null);
                byte[] back = new byte[LARGEST];
                RawNbd.send(c, RawNbd.CMD_READ, 3, 0, LARGEST, null);
                RawNbd.reply(c, back);
                assertThat(Arrays.copyOfRange(back, 5 * MIB, 5 * MIB + 4096)).isEqualTo(data);
                assertThat(back[0]).isEqualTo((byte) 0x6d);
            }
            server.destroy(); // SIGTERM
            assertThat(server.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(server.exitValue()).as(Files.readString(log)).isZero();
            assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError");
        } finally {
            for (SocketChannel c : clients) {
                c.close();
            }
            RawNbd.kill(server);
        }
    }

    /** A thread sending {@code count} requests of the largest size on {@code c}, never reading a reply. */
    private static Thread sender(SocketChannel c, String name, int type, int count, byte[] payload) {
        Thread t = new Thread(() -> {
            try {
                for (int i = 0; i < count; i++) {
                    RawNbd.send(c, type, i, 0, LARGEST, payload);
                }
            } catch (IOException closed) {
                // the test closes the connection under a sender the server no longer reads from
            }
        }, name);
        t.start();
        return t;
    }

    /**
     * The sum of a counter over the connected clients, from the server's status through its control socket,
     * once it is checked that none of the {@code connected} lost its connection.
     */
    private static long total(CliRunner cli, int connected, String counter) throws IOException {
        JsonNode status = cli.json("mirror", "status", "vol1", "--json");
        assertThat(status.path("served").path("clients").size()).as("clients still connected").isEqualTo(connected);
        long sum = 0;
        for (JsonNode client : status.path("served").path("clients")) {
            sum += client.path(counter).asLong();
        }
        return sum;
    }
}
