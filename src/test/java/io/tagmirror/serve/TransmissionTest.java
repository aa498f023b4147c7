package io.tagmirror.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Requests, good and bad, and the error the specification asks for each bad one; the connection goes on after each. */
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class TransmissionTest {
    private static final long SIZE = 4L << 20;
    @TempDir
    Path tmp;
    private ServeFixture fx;

    @BeforeEach
    void create() throws Exception {
        fx = new ServeFixture(tmp, SIZE);
    }

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    @Test
    void writesAtAnyOffsetReadBackWithAndWithoutStructuredReplies() throws Exception {
        fx.serve();
        for (boolean structured : new boolean[] {false, true}) {
            try (NbdTestClient c = NbdTestClient.go(fx.serving.served().socket(), structured)) {
                byte[] data = new byte[10_007];
                new Random(structured ? 2 : 1).nextBytes(data);
                assertThat(c.write(4093, data, 0)).isZero();
                assertThat(c.write(SIZE - 3, new byte[] {1, 2, 3}, Nbd.CMD_FLAG_FUA)).isZero();
                assertThat(c.read(4093, data.length)).isEqualTo(data);
                assertThat(c.read(SIZE - 3, 3)).containsExactly(1, 2, 3);
                assertThat(c.flush()).isZero();
            }
        }
        fx.stop();
        fx.serve();
        assertThat(fx.verify().identical()).isTrue();
    }

    @Test
    void badRequestsGetTheSpecificationsErrorsAndTheConnectionGoesOn() throws Exception {
        fx.serve();
        for (boolean structured : new boolean[] {false, true}) {
            try (NbdTestClient c = NbdTestClient.go(fx.serving.served().socket(), structured)) {
                assertThat(error(c, 99, 0, 0, 512, null)).as("unknown command").isEqualTo(Nbd.EINVAL);
                assertThat(error(c, Nbd.CMD_READ, 1 << 9, 0, 512, null)).as("unknown flag").isEqualTo(Nbd.EINVAL);
                assertThat(error(c, Nbd.CMD_WRITE, Nbd.CMD_FLAG_NO_HOLE, 0, 4, new byte[4])).as("flag of another command")
                        .isEqualTo(Nbd.EINVAL);
                assertThat(error(c, Nbd.CMD_READ, 0, SIZE - 1, 2, null)).as("read past the end").isEqualTo(Nbd.EINVAL);
                assertThat(error(c, Nbd.CMD_READ, 0, -4096, 2, null)).as("offset past 2^63").isEqualTo(Nbd.EINVAL);
                assertThat(error(c, Nbd.CMD_WRITE, 0, SIZE - 1, 2, new byte[2])).as("write past the end").isEqualTo(Nbd.ENOSPC);
                assertThat(error(c, Nbd.CMD_WRITE_ZEROES, 0, SIZE, 1, null)).as("zeroes past the end").isEqualTo(Nbd.ENOSPC);
                assertThat(error(c, Nbd.CMD_TRIM, 0, SIZE + 4096, 4096, null)).as("trim past the end").isEqualTo(Nbd.EINVAL);
                assertThat(error(c, Nbd.CMD_READ, 0, 0, (32 << 20) + 1, null)).as("read over the maximum").isEqualTo(Nbd.EINVAL);
                assertThat(error(c, Nbd.CMD_FLUSH, 0, 4096, 0, null)).as("flush with an offset").isEqualTo(Nbd.EINVAL);
                // a refused write's data is read and dropped: the next request is understood
                assertThat(c.write(0, new byte[] {5}, 0)).isZero();
                assertThat(c.read(0, 1)).containsExactly(5);
            }
        }
    }

    @Test
    void requestsOfNoBytesSucceedAndAnEmptyStructuredReadCarriesNoDataChunk() throws Exception {
        fx.serve();
        for (boolean structured : new boolean[] {false, true}) {
            try (NbdTestClient c = NbdTestClient.go(fx.serving.served().socket(), structured)) {
                c.request(Nbd.CMD_READ, 0, 1, 4096, 0, null);
                NbdTestClient.Reply read = c.reply(0);
                assertThat(read.error()).isZero();
                assertThat(read.data()).isEmpty();
                assertThat(c.write(SIZE, new byte[0], 0)).isZero();
                c.request(Nbd.CMD_TRIM, 0, 3, 0, 0, null);
                assertThat(c.reply(0).error()).isZero();
            }
        }
    }

    @Test
    void aWriteOverTheMaximumIsRefusedAfterItsDataIsDrained() throws Exception {
        fx.serve();
        try (NbdTestClient c = NbdTestClient.go(fx.serving.served().socket(), true)) {
            int length = (32 << 20) + 4096;
            assertThat(error(c, Nbd.CMD_WRITE, 0, 0, length, new byte[length])).isEqualTo(Nbd.EINVAL);
            assertThat(c.read(0, 4096)).containsOnly(0);
        }
    }

    @Test
    void aReadOnlyExportRefusesWritesTrimsAndZeroesWithEperm() throws Exception {
        fx.serve(fx.unixOnly(true));
        try (NbdTestClient c = NbdTestClient.go(fx.serving.served().socket(), false)) {
            assertThat(c.transmissionFlags & Nbd.FLAG_READ_ONLY).isNotZero();
            assertThat(error(c, Nbd.CMD_WRITE, 0, 0, 3, new byte[] {1, 2, 3})).isEqualTo(Nbd.EPERM);
            assertThat(error(c, Nbd.CMD_TRIM, 0, 0, 4096, null)).isEqualTo(Nbd.EPERM);
            assertThat(error(c, Nbd.CMD_WRITE_ZEROES, 0, 0, 4096, null)).isEqualTo(Nbd.EPERM);
            assertThat(c.flush()).isZero();
            assertThat(c.read(0, 3)).containsExactly(0, 0, 0);
        }
    }

    @Test
    void trimAndWriteZeroesWriteZerosThroughTheEngineOnEveryMember() throws Exception {
        fx.serve();
        try (NbdTestClient c = NbdTestClient.go(fx.serving.served().socket(), false)) {
            byte[] ones = new byte[3 * 4096];
            Arrays.fill(ones, (byte) 1);
            assertThat(c.write(0, ones, 0)).isZero();
            c.request(Nbd.CMD_TRIM, 0, 1, 4096, 4096, null);
            assertThat(c.reply(0).error()).isZero();
            c.request(Nbd.CMD_WRITE_ZEROES, Nbd.CMD_FLAG_NO_HOLE | Nbd.CMD_FLAG_FUA, 2, 100, 50, null);
            assertThat(c.reply(0).error()).isZero();
            byte[] back = c.read(0, ones.length);
            for (int i = 0; i < back.length; i++) {
                boolean zero = i >= 4096 && i < 8192 || i >= 100 && i < 150;
                assertThat(back[i]).as("byte %d", i).isEqualTo(zero ? (byte) 0 : (byte) 1);
            }
        }
        assertThat(fx.verify().identical()).isTrue();
    }

    @Test
    void pipelinedRequestsAreAllAnsweredByCookie() throws Exception {
        fx.serve();
        try (NbdTestClient c = NbdTestClient.go(fx.serving.served().socket(), true)) {
            Random r = new Random(7);
            Map<Long, Integer> expected = new java.util.concurrent.ConcurrentHashMap<>();
            List<byte[]> frames = new ArrayList<>();
            for (long cookie = 1; cookie <= 200; cookie++) {
                int kind = r.nextInt(3);
                long offset = r.nextInt((int) SIZE - 70_000);
                expected.put(cookie, kind);
                if (kind == 0) {
                    byte[] d = new byte[1 + r.nextInt(65_536)];
                    r.nextBytes(d);
                    frames.add(NbdTestClient.frame(Nbd.CMD_WRITE, r.nextBoolean() ? Nbd.CMD_FLAG_FUA : 0, cookie, offset, d.length, d));
                } else if (kind == 1) {
                    frames.add(NbdTestClient.frame(Nbd.CMD_READ, 0, cookie, offset, 1 + r.nextInt(65_536), null));
                } else {
                    frames.add(NbdTestClient.frame(Nbd.CMD_FLUSH, 0, cookie, 0, 0, null));
                }
            }
            // as a real client does: requests go out on one thread while replies are read on another
            Thread sender = new Thread(() -> {
                try {
                    for (byte[] f : frames) {
                        c.write(java.nio.ByteBuffer.wrap(f));
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, "test-sender");
            sender.start();
            for (int i = 0; i < 200; i++) {
                NbdTestClient.Reply reply = c.reply(0);
                assertThat(expected.remove(reply.cookie())).as("cookie %d answered once", reply.cookie()).isNotNull();
                assertThat(reply.error()).isZero();
            }
            sender.join();
            assertThat(expected).isEmpty();
        }
        assertThat(fx.verify().identical()).isTrue();
    }

    /**
     * A client that waits for each reply (queue depth 1) has its writes made on the connection's own
     * thread, with no hand-over to a device's thread; one that sends its next write before the last is
     * answered has them made beside each other, through the devices' threads. Both read back.
     */
    @Test
    void aClientWaitingForEachReplyHasItsWritesMadeWithoutAHandOver() throws Exception {
        fx.serve();
        Random r = new Random(11);
        byte[][] written = new byte[(int) (SIZE / 4096)][];
        try (NbdTestClient c = NbdTestClient.go(fx.serving.served().socket(), true)) {
            long[] before = fx.mirror().commitStatistics();
            for (int i = 0; i < 50; i++) {
                int block = r.nextInt(written.length);
                written[block] = new byte[4096];
                r.nextBytes(written[block]);
                assertThat(c.write(block * 4096L, written[block], 0)).isZero();
            }
            long[] after = fx.mirror().commitStatistics();
            assertThat(after[1] - before[1]).as("entries recorded on the two members").isEqualTo(100);
            assertThat(after[2] - before[2]).as("writes handed to a device's thread").isZero();

            // with FUA, alone: the path that flushes before answering
            assertThat(c.write(0, new byte[4096], Nbd.CMD_FLAG_FUA)).isZero();
            long[] afterFua = fx.mirror().commitStatistics();
            assertThat(afterFua[2] - after[2]).as("a FUA write handed to the devices' threads").isEqualTo(2);
            after = afterFua;

            // two writes in one send: the first is read with the second behind it
            java.io.ByteArrayOutputStream both = new java.io.ByteArrayOutputStream();
            for (int cookie = 1; cookie <= 2; cookie++) {
                int block = r.nextInt(written.length);
                written[block] = new byte[4096];
                r.nextBytes(written[block]);
                both.write(NbdTestClient.frame(Nbd.CMD_WRITE, 0, cookie, block * 4096L, 4096, written[block]));
            }
            c.write(java.nio.ByteBuffer.wrap(both.toByteArray()));
            assertThat(c.reply(0).error()).isZero();
            assertThat(c.reply(0).error()).isZero();
            assertThat(fx.mirror().commitStatistics()[2] - after[2]).as("writes handed to a device's thread").isPositive();
            for (int block = 0; block < written.length; block++) {
                if (written[block] != null) {
                    assertThat(c.read(block * 4096L, 4096)).as("block %d", block).isEqualTo(written[block]);
                }
            }
        }
        assertThat(fx.verify().identical()).isTrue();
    }

    @Test
    void afterDiscTheServerReadsNothingMoreAndClosesOnceInFlightRequestsAreAnswered() throws Exception {
        fx.serve();
        try (NbdTestClient c = NbdTestClient.go(fx.serving.served().socket(), false)) {
            byte[] d = new byte[8192];
            Arrays.fill(d, (byte) 7);
            c.request(Nbd.CMD_WRITE, 0, 1, 0, d.length, d);
            c.request(Nbd.CMD_DISC, 0, 2, 0, 0, null);
            c.request(Nbd.CMD_WRITE, 0, 3, 8192, 4, new byte[] {1, 1, 1, 1}); // after DISC: never read
            NbdTestClient.Reply first = c.reply(0);
            assertThat(first.cookie()).isEqualTo(1);
            assertThat(first.error()).isZero();
            assertThat(c.closedByServer()).isTrue();
        }
        try (NbdTestClient c = NbdTestClient.go(fx.serving.served().socket(), false)) {
            assertThat(c.read(0, 1)).containsExactly(7);
            assertThat(c.read(8192, 4)).containsOnly(0);
        }
    }

    @Test
    void aConnectionDroppedInTheMiddleOfAWritesDataWritesNothing() throws Exception {
        fx.serve();
        try (NbdTestClient c = NbdTestClient.go(fx.serving.served().socket(), false)) {
            byte[] d = new byte[100];
            Arrays.fill(d, (byte) 3);
            // the header says 4096 bytes follow; only 100 do before the client goes away
            c.request(Nbd.CMD_WRITE, 0, 1, 0, 4096, d);
        }
        try (NbdTestClient c = NbdTestClient.go(fx.serving.served().socket(), false)) {
            assertThat(c.read(0, 4096)).containsOnly(0);
        }
        assertThat(fx.verify().identical()).isTrue();
    }

    @Test
    void aRequestWithoutTheMagicEndsOnlyThatConnection() throws Exception {
        fx.serve();
        try (NbdTestClient other = NbdTestClient.go(fx.serving.served().socket(), false);
             NbdTestClient c = NbdTestClient.go(fx.serving.served().socket(), false)) {
            c.write(java.nio.ByteBuffer.allocate(28).putInt(0, 0xdeadbeef));
            assertThat(c.closedByServer()).isTrue();
            assertThat(other.write(0, new byte[] {4}, 0)).isZero();
            assertThat(other.read(0, 1)).containsExactly(4);
        }
    }

    /** Sends one request and returns the error of its reply, checking the cookie. */
    private static int error(NbdTestClient c, int type, int flags, long offset, long length, byte[] data) throws Exception {
        c.request(type, flags, 4242, offset, length, data);
        NbdTestClient.Reply r = c.reply(0);
        assertThat(r.cookie()).isEqualTo(4242);
        if (c.structured) {
            assertThat(r.message()).as("a structured error says why").isNotBlank();
        }
        return r.error();
    }
}
