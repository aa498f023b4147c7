package io.tagmirror.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.IntentExtents;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MemberStatus;
import io.tagmirror.serve.ServeSettings;
import io.tagmirror.serve.ServedMirror;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise behind NBD's CAN_MULTI_CONN, seen through a power cut: once a FLUSH sent on one
 * connection is answered, every write completed before it on any other connection is durable on every
 * member. Connection A writes and is answered; connection B, which wrote nothing, flushes; a power cut
 * right after B's reply ({@link RecordingIo}: only what was synced survives) keeps A's data on both
 * members. A flush that covered only its own connection's writes would answer B at once and lose it.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ServedFlushPowerCutTest {
    private static final int BS = 4096;
    private static final int BLOCKS = 256;
    private static final long SEED = 1015L;

    @TempDir
    Path tmp;

    @Test
    void aFlushOnOneConnectionMakesTheWritesCompletedOnAnotherDurableOnEveryMember() throws Exception {
        RecordedMirror run = RecordedMirror.start(tmp, 2, "vol1", (long) BLOCKS * BS, DurabilityMode.POWER_SAFE,
                IntentExtents.DEFAULT, SEED);
        RecordingIo io = run.io();
        Random random = new Random(SEED);
        Map<Long, byte[]> written = new LinkedHashMap<>(); // offset -> what connection A wrote there
        try (run; Mirror mirror = Mirror.open(run.definition(), run.devices(), DurabilityMode.POWER_SAFE);
             ServedMirror served = ServedMirror.start(mirror, new ServeSettings(tmp.resolve("vol1.sock"), null, null, false,
                     false))) {
            try (SocketChannel a = connect(served.socket()); SocketChannel b = connect(served.socket())) {
                for (int i = 0; i < 24; i++) { // pipelined, of one to four blocks, then all answered
                    byte[] data = new byte[BS * (1 + random.nextInt(4))];
                    random.nextBytes(data);
                    long offset = (long) random.nextInt(BLOCKS - 4) * BS;
                    written.keySet().removeIf(o -> o < offset + data.length && offset < o + written.get(o).length);
                    written.put(offset, data);
                    send(a, 1, i, offset, data.length, data);
                }
                for (int i = 0; i < 24; i++) {
                    reply(a);
                }
                int beforeFlush = io.size();
                assertThat(mirror.status()).allSatisfy(m -> assertThat(m.entries()).isPositive());

                send(b, 3, 100, 0, 0, null);
                assertThat(reply(b)).isEqualTo(100);
                int afterFlush = io.size();

                for (String file : objectFiles(io)) {
                    // keep 0: a power cut keeps only what was synced
                    byte[] cutBefore = io.objectAt(file, beforeFlush, new Random(SEED), 0.0);
                    byte[] cutAfter = io.objectAt(file, afterFlush, new Random(SEED), 0.0);
                    assertThat(written).as("%s: nothing of A's writes is durable before B's flush (seed %d)", file, SEED)
                            .noneSatisfy((offset, data) -> assertThat(holds(cutBefore, offset, data)).isTrue());
                    written.forEach((offset, data) -> assertThat(holds(cutAfter, offset, data))
                            .as("%s: A's write at %d durable once B's flush is answered (seed %d)", file, offset, SEED)
                            .isTrue());
                }
                // and durable everywhere, so the flush trimmed their entries (DESIGN invariant 4)
                assertThat(mirror.status()).extracting(MemberStatus::entries).containsOnly(0L);
            }
        }
    }

    /** The members' storage objects among the files written through {@code io}. */
    private static List<String> objectFiles(RecordingIo io) {
        List<String> files = io.files().stream().filter(f -> f.contains("objects")).sorted().toList();
        assertThat(files).as("one storage object per member").hasSize(2);
        return files;
    }

    private static boolean holds(byte[] image, long offset, byte[] data) {
        return image.length >= offset + data.length
                && Arrays.equals(image, (int) offset, (int) offset + data.length, data, 0, data.length);
    }

    private static void readFully(SocketChannel c, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (c.read(b) < 0) {
                throw new IOException("the server closed the connection");
            }
        }
    }

    /** In transmission: fixed newstyle, no zeroes, NBD_OPT_EXPORT_NAME of vol1. */
    private static SocketChannel connect(Path socket) throws IOException {
        SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        readFully(c, ByteBuffer.allocate(18));
        c.write(ByteBuffer.allocate(4).putInt(3).flip());
        c.write(ByteBuffer.allocate(20).putLong(0x49484156454F5054L).putInt(1).putInt(4).put("vol1".getBytes()).flip());
        readFully(c, ByteBuffer.allocate(10));
        return c;
    }

    private static void send(SocketChannel c, int type, long cookie, long offset, int length, byte[] payload)
            throws IOException {
        ByteBuffer b = ByteBuffer.allocate(28 + (payload == null ? 0 : payload.length)).putInt(0x25609513)
                .putShort((short) 0).putShort((short) type).putLong(cookie).putLong(offset).putInt(length);
        if (payload != null) {
            b.put(payload);
        }
        b.flip();
        while (b.hasRemaining()) {
            c.write(b);
        }
    }

    /** One simple reply, checked error-free; its cookie. */
    private static long reply(SocketChannel c) throws IOException {
        ByteBuffer r = ByteBuffer.allocate(16);
        readFully(c, r);
        assertThat(r.getInt(0)).isEqualTo(0x67446698);
        assertThat(r.getInt(4)).as("error of request %d", r.getLong(8)).isZero();
        return r.getLong(8);
    }
}
