package io.tagmirror.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.engine.device.DirectoryDevice;
import io.tagmirror.engine.device.io.FileObjectChannel;
import io.tagmirror.engine.device.io.ForwardingObjectChannel;
import io.tagmirror.engine.device.io.ObjectChannel;
import io.tagmirror.engine.device.io.ObjectIo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients faster than the mirror, or that never read their replies: what they send beyond the in-flight
 * budget waits on the socket, so the bytes the server holds stay bounded (and given back when the client
 * goes), and other clients are still served.
 */
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class SlowClientTest {
    private static final int MIB = 1 << 20;
    private static final long SERVER_BUDGET = 8L * MIB;
    private static final long CONNECTION_BUDGET = 4L * MIB;
    @TempDir
    Path tmp;
    private final List<DirectoryDevice> devices = new ArrayList<>();
    private final CountDownLatch gate = new CountDownLatch(1);
    private Mirror mirror;
    private ServedMirror served;

    /** A drive whose data writes wait until the test opens the gate: a mirror far slower than its client. */
    final class Gated implements ObjectIo {
        @Override
        public ObjectChannel open(Path file, OpenMode mode) throws IOException {
            return new ForwardingObjectChannel(FileObjectChannel.open(file, mode)) {
                @Override
                public int write(ByteBuffer src, long position) throws IOException {
                    try {
                        gate.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted");
                    }
                    return real.write(src, position);
                }
            };
        }
    }

    @BeforeEach
    void serve() throws Exception {
        try (DirectoryDevice a = DirectoryDevice.format(tmp.resolve("a"), 4096);
             DirectoryDevice b = DirectoryDevice.format(tmp.resolve("b"), 4096);
             Mirror m = Mirror.create("vol1", 128L * MIB, List.of(a, b), DurabilityMode.CRASH_SAFE)) {
            // made; reopened below on slow drives
        }
        for (String d : List.of("a", "b")) {
            devices.add(DirectoryDevice.open(tmp.resolve(d), false, new Gated(), UnaryOperator.identity()));
        }
        MirrorDefinition def = devices.get(0).descriptor().mirror("vol1").orElseThrow();
        mirror = Mirror.open(def, devices, DurabilityMode.CRASH_SAFE);
        // Budgets small enough to bind before the engine's block locks do (they cover 16 MiB of 4 KiB blocks).
        served = ServedMirror.start(mirror, new ServeSettings(tmp.resolve("run/vol1.sock"), null, null, false, false),
                SERVER_BUDGET, CONNECTION_BUDGET);
    }

    @AfterEach
    void stop() throws Exception {
        gate.countDown();
        served.close();
        mirror.close();
        for (DirectoryDevice d : devices) {
            d.close();
        }
    }

    @Test
    void writesBeyondTheBudgetWaitAndOtherClientsAreStillServed() throws Exception {
        int writes = 12;
        try (NbdTestClient fast = NbdTestClient.go(served.socket(), true);
             NbdTestClient other = NbdTestClient.go(served.socket(), true)) {
            byte[] data = new byte[MIB];
            Arrays.fill(data, (byte) 0x5a);
            Thread sender = new Thread(() -> {
                try {
                    for (int i = 0; i < writes; i++) {
                        fast.request(Nbd.CMD_WRITE, 0, i, (long) i * MIB, MIB, data);
                    }
                } catch (IOException e) {
                    // the test ends the connection when it fails
                }
            }, "test-fast-sender");
            sender.start();
            // the connection's reading thread waits for budget: the rest of the writes stay on the socket
            await().atMost(Duration.ofMinutes(1)).until(() -> readerWaitsForBudget("nbd-client-1"));
            long held = served.heldBytes();
            ServedClient fastOne = served.clients().get(0);
            assertThat(held).isLessThanOrEqualTo(CONNECTION_BUDGET);
            assertThat(fastOne.writes()).as("writes taken before the budget ran out").isEqualTo(3);
            // another client reads blocks no write holds
            assertThat(other.read(100L * MIB, 4096)).containsOnly(0);

            gate.countDown();
            for (int i = 0; i < writes; i++) {
                assertThat(fast.reply(0).error()).isZero();
            }
            sender.join();
            assertThat(fast.read(11L * MIB, 4096)).containsOnly(0x5a);
        }
        await().atMost(Duration.ofMinutes(1)).until(() -> served.heldBytes() == 0);
        assertThat(mirror.verify(TaskMonitor.NONE).identical()).isTrue();
    }

    @Test
    void aReadIsAnsweredWhileAnEarlierWriteIsStillInFlight() throws Exception {
        try (NbdTestClient c = NbdTestClient.go(served.socket(), true)) {
            // sent together, as a client keeping both in flight does: the server reads the read with the
            // write (a write read alone, with nothing in flight, is made on the reading thread)
            java.io.ByteArrayOutputStream both = new java.io.ByteArrayOutputStream();
            both.write(NbdTestClient.frame(Nbd.CMD_WRITE, 0, 1, 0, 4096, new byte[4096]));
            both.write(NbdTestClient.frame(Nbd.CMD_READ, 0, 2, 100L * 4096, 4096, null)); // blocks the write holds no lock of
            c.write(ByteBuffer.wrap(both.toByteArray()));
            NbdTestClient.Reply first = c.reply(4096);
            assertThat(first.cookie()).as("the read, answered before the write the drives hold back").isEqualTo(2);
            gate.countDown();
            NbdTestClient.Reply second = c.reply(0);
            assertThat(second.cookie()).isEqualTo(1);
            assertThat(second.error()).isZero();
        }
    }

    /**
     * The price of a waiting client's write made on the connection's thread: a request the client sends
     * only once that write has begun waits for it, here as long as the drives hold it back.
     */
    @Test
    void aRequestSentAfterALoneWriteBeganWaitsForIt() throws Exception {
        try (NbdTestClient c = NbdTestClient.go(served.socket(), true)) {
            c.request(Nbd.CMD_WRITE, 0, 1, 0, 4096, new byte[4096]);
            await().atMost(Duration.ofMinutes(1)).until(() -> readerWritesToTheDrive("nbd-client-1"));
            c.request(Nbd.CMD_READ, 0, 2, 100L * 4096, 4096, null);
            gate.countDown();
            NbdTestClient.Reply first = c.reply(0);
            assertThat(first.cookie()).as("the write, made on the thread that would read the read").isEqualTo(1);
            assertThat(first.error()).isZero();
            NbdTestClient.Reply second = c.reply(4096);
            assertThat(second.cookie()).isEqualTo(2);
            assertThat(second.error()).isZero();
        }
    }

    /** Whether the named connection thread is itself waiting in a drive's data write. */
    private static boolean readerWritesToTheDrive(String name) {
        return threadWaitsIn(name, Gated.class.getName(), "write");
    }

    @Test
    void aClientThatNeverReadsItsRepliesHoldsAtMostItsShareAndGivesItBackWhenItGoes() throws Exception {
        gate.countDown();
        NbdTestClient lazy = NbdTestClient.go(served.socket(), true);
        Thread sender = new Thread(() -> {
            try {
                for (int i = 0; i < 64; i++) {
                    lazy.request(Nbd.CMD_READ, 0, i, 0, 2 * MIB, null);
                }
            } catch (IOException e) {
                // the connection is closed under it at the end
            }
        }, "test-lazy-sender");
        sender.start();
        // its replies fill the socket; the server stops reading its requests
        await().atMost(Duration.ofMinutes(1)).until(() -> !served.clients().isEmpty()
                && served.clients().get(0).reads() > 0 && threadBlockedWriting("nbd-client-"));
        assertThat(served.heldBytes()).isLessThanOrEqualTo(CONNECTION_BUDGET);
        try (NbdTestClient other = NbdTestClient.go(served.socket(), false)) {
            assertThat(other.write(0, new byte[] {1}, Nbd.CMD_FLAG_FUA)).isZero();
        }
        lazy.close();
        sender.join();
        await().atMost(Duration.ofMinutes(1)).until(() -> served.heldBytes() == 0 && served.clients().isEmpty());
    }

    /** Whether the named connection thread is parked on the budget's semaphore. */
    private static boolean readerWaitsForBudget(String name) {
        return threadWaitsIn(name, InFlightBudget.class.getName(), "acquire");
    }

    /** Whether the named thread is waiting with a frame of {@code method} of a class named {@code className} (or nested in it). */
    private static boolean threadWaitsIn(String name, String className, String method) {
        for (var e : Thread.getAllStackTraces().entrySet()) {
            if (e.getKey().getName().equals(name)) {
                for (StackTraceElement f : e.getValue()) {
                    if (f.getClassName().startsWith(className) && f.getMethodName().equals(method)) {
                        return e.getKey().getState() == Thread.State.WAITING;
                    }
                }
            }
        }
        return false;
    }

    /** Whether some connection thread is blocked writing a reply the client does not read. */
    private static boolean threadBlockedWriting(String prefix) {
        for (var e : Thread.getAllStackTraces().entrySet()) {
            if (e.getKey().getName().startsWith(prefix)) {
                for (StackTraceElement f : e.getValue()) {
                    if (f.getClassName().equals(Replies.class.getName()) && f.getMethodName().equals("write")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
