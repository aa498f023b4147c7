package io.tagmirror.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that send requests and never read a reply, against the server's own in-flight budgets (not
 * test-sized ones): each holds at most its share, so a client that reads its replies is still served
 * while two of them sit on theirs.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ClientsThatNeverReadTest {
    private static final int MIB = 1 << 20;
    /** Enough small replies to fill a Unix socket's buffer (about 200 KiB, each reply costing far more than its 16 bytes). */
    private static final int SMALL_WRITES = 4096;
    /** Reads of 2 MiB, together more than a whole share of either size. */
    private static final int READS = 40;

    @TempDir
    Path tmp;
    private ServeFixture fixture;
    private final List<NbdTestClient> lazy = new ArrayList<>();
    private final List<Thread> senders = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (NbdTestClient c : lazy) {
            c.close();
        }
        for (Thread t : senders) {
            t.join();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aClientThatReadsItsRepliesIsServedWhileTwoOthersNeverRead() throws Exception {
        fixture = new ServeFixture(tmp, 128L * MIB);
        ServedMirror served = fixture.serve();
        for (int i = 0; i < 2; i++) {
            NbdTestClient c = NbdTestClient.go(served.socket(), false);
            lazy.add(c);
            senders.add(neverReading(c, "test-lazy-" + i));
        }
        // Both stop being read only once their share is held: their reading threads wait for budget.
        await().atMost(Duration.ofMinutes(2)).until(() -> readersWaitingForBudget() == 2);
        assertThat(served.heldBytes()).as("what the two clients that never read hold")
                .isLessThanOrEqualTo(2 * ServedMirror.CONNECTION_BUDGET)
                .isLessThan(ServedMirror.SERVER_BUDGET);

        try (NbdTestClient reader = NbdTestClient.go(served.socket(), false)) {
            byte[] data = new byte[Nbd.MAX_PAYLOAD];
            Arrays.fill(data, (byte) 0x3c);
            for (int round = 0; round < 3; round++) {
                long at = 64L * MIB + round * 4096L;
                assertThat(answered(() -> reader.write(at, Arrays.copyOf(data, 4096), Nbd.CMD_FLAG_FUA)))
                        .as("a small write with FUA").isZero();
                assertThat(answered(() -> reader.read(at, 4096))).containsOnly(0x3c);
            }
            // its largest request fits beside what the two others hold
            assertThat(answered(() -> reader.write(80L * MIB, data, 0))).as("a write of the largest size").isZero();
            assertThat(answered(() -> reader.read(80L * MIB, Nbd.MAX_PAYLOAD))).isEqualTo(data);
            assertThat(answered(reader::flush)).isZero();
        }
        for (NbdTestClient c : lazy) {
            c.close();
        }
        await().atMost(Duration.ofMinutes(1)).until(() -> served.heldBytes() == 0 && served.clients().isEmpty());
    }

    /**
     * A thread sending, without ever reading a reply: small writes, whose replies fill the socket until the
     * connection's writer thread blocks on it, then reads, whose replies then queue behind and hold budget.
     */
    private static Thread neverReading(NbdTestClient c, String name) {
        Thread t = new Thread(() -> {
            try {
                byte[] one = {1};
                for (int i = 0; i < SMALL_WRITES; i++) {
                    c.request(Nbd.CMD_WRITE, 0, i, (long) i * 4096, 1, one);
                }
                for (int i = 0; i < READS; i++) {
                    c.request(Nbd.CMD_READ, 0, SMALL_WRITES + i, (long) i * 2 * MIB, 2 * MIB, null);
                }
            } catch (IOException closed) {
                // the test closes the connection under a sender the server no longer reads from
            }
        }, name);
        t.start();
        return t;
    }

    /** A request of the well-behaved client, answered within a minute, or the test fails instead of hanging. */
    private static <T> T answered(IoCall<T> call) throws Exception {
        CompletableFuture<T> reply = CompletableFuture.supplyAsync(() -> {
            try {
                return call.run();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try {
            return reply.get(1, TimeUnit.MINUTES);
        } catch (TimeoutException e) {
            throw new AssertionError("the client that reads its replies got no answer within a minute: the clients"
                    + " that never read hold the whole in-flight budget", e);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
    }

    @FunctionalInterface
    private interface IoCall<T> {
        T run() throws IOException;
    }

    /** How many connections' reading threads are parked on the in-flight budget. */
    private static int readersWaitingForBudget() {
        int waiting = 0;
        for (var e : Thread.getAllStackTraces().entrySet()) {
            if (e.getKey().getName().startsWith("nbd-client-") && e.getKey().getState() == Thread.State.WAITING) {
                for (StackTraceElement f : e.getValue()) {
                    if (f.getClassName().equals(InFlightBudget.class.getName()) && f.getMethodName().equals("acquire")) {
                        waiting++;
                        break;
                    }
                }
            }
        }
        return waiting;
    }
}
