package io.tagmirror.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random frames from several clients at once: requests with random commands, flags, offsets and
 * lengths, garbage bytes, connections dropped anywhere. The server stays up, serves a well-behaved
 * client after, holds nothing for the clients that went, and the members stay identical.
 */
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class FuzzTest {
    private static final long SIZE = 8L << 20;
    private static final long SEED = Long.getLong("tagmirror.fuzz.seed", 20261204L);
    @TempDir
    Path tmp;
    private ServeFixture fx;

    @BeforeEach
    void serve() throws Exception {
        fx = new ServeFixture(tmp, SIZE);
        fx.serve();
    }

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    @Test
    void randomFramesNeverTakeTheServerDownNorMakeTheMembersDiffer() throws Exception {
        List<Thread> clients = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            long seed = SEED + i;
            Thread t = new Thread(() -> {
                try {
                    fuzz(seed);
                } catch (IOException gone) {
                    // the server may hang up on a broken frame: that is its right
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }, "test-fuzz-" + i);
            clients.add(t);
            t.start();
        }
        for (Thread t : clients) {
            t.join();
        }
        assertThat(failures).as("seed %d", SEED).isEmpty();
        await().atMost(Duration.ofMinutes(1)).until(() -> fx.serving.served().clients().isEmpty());
        assertThat(fx.serving.served().heldBytes()).as("seed %d", SEED).isZero();
        try (NbdTestClient c = NbdTestClient.go(fx.serving.served().socket(), true)) {
            assertThat(c.write(12345, new byte[] {1, 2, 3}, Nbd.CMD_FLAG_FUA)).as("seed %d", SEED).isZero();
            assertThat(c.read(12345, 3)).containsExactly(1, 2, 3);
        }
        assertThat(fx.verify().identical()).as("seed %d", SEED).isTrue();
    }

    /** One client's random session: a handshake, then frames good and bad, replies drained on another thread. */
    private void fuzz(long seed) throws IOException, InterruptedException {
        Random r = new Random(seed);
        try (NbdTestClient c = NbdTestClient.go(fx.serving.served().socket(), r.nextBoolean())) {
            Thread drain = new Thread(() -> {
                ByteBuffer sink = ByteBuffer.allocate(1 << 16);
                try {
                    while (c.channel.read(sink.clear()) >= 0) {
                        // replies are not checked here: the server's staying up and the members are
                    }
                } catch (IOException closed) {
                    // the connection ended
                }
            }, "test-fuzz-drain-" + seed);
            drain.start();
            int frames = 150 + r.nextInt(100);
            for (int i = 0; i < frames; i++) {
                int roll = r.nextInt(100);
                if (roll < 2) {
                    byte[] junk = new byte[1 + r.nextInt(64)];
                    r.nextBytes(junk);
                    c.write(ByteBuffer.wrap(junk));
                    break; // the stream is out of step now: the server will hang up
                }
                if (roll < 3) {
                    break; // drop the connection without a word
                }
                int type = roll < 40 ? Nbd.CMD_WRITE : roll < 70 ? Nbd.CMD_READ : r.nextInt(12);
                int flags = r.nextInt(10) == 0 ? r.nextInt(1 << 16) : r.nextInt(4) == 0 ? Nbd.CMD_FLAG_FUA : 0;
                long offset = switch (r.nextInt(6)) {
                    case 0 -> SIZE - r.nextInt(8192);
                    case 1 -> r.nextLong();
                    default -> r.nextInt((int) SIZE);
                };
                long length = switch (r.nextInt(8)) {
                    case 0 -> Integer.toUnsignedLong(r.nextInt());
                    case 1 -> 0;
                    default -> 1 + r.nextInt(70_000);
                };
                byte[] data = null;
                if (type == Nbd.CMD_WRITE) {
                    if (length > 1 << 20) {
                        // a huge announced write, of which only a piece comes before the client goes
                        data = new byte[r.nextInt(4096)];
                        r.nextBytes(data);
                        c.write(ByteBuffer.wrap(NbdTestClient.frame(type, flags, i, offset, length, data)));
                        break;
                    }
                    data = new byte[(int) length];
                    r.nextBytes(data);
                }
                c.write(ByteBuffer.wrap(NbdTestClient.frame(type, flags, i, offset, length, data)));
                if (type == Nbd.CMD_DISC) {
                    break;
                }
            }
            c.channel.shutdownOutput();
            drain.join();
        }
    }
}
