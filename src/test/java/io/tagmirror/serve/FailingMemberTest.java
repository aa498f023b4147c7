package io.tagmirror.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.MemberStatus;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.device.DirectoryDevice;
import io.tagmirror.engine.device.io.FileObjectChannel;
import io.tagmirror.engine.device.io.ForwardingObjectChannel;
import io.tagmirror.engine.device.io.ObjectChannel;
import io.tagmirror.engine.device.io.ObjectIo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member whose drive fails while clients use the served mirror: it leaves the mirror and the client
 * sees no error while another member holds the data; when none can, that request gets EIO and the
 * server goes on.
 */
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class FailingMemberTest {
    @TempDir
    Path tmp;
    private final List<Breakable> io = new ArrayList<>();
    private final List<DirectoryDevice> devices = new ArrayList<>();
    private Mirror mirror;
    private ServedMirror served;

    /** A drive whose reads or writes fail with EIO while the test says so. */
    static final class Breakable implements ObjectIo {
        volatile boolean reads;
        volatile boolean writes;

        @Override
        public ObjectChannel open(Path file, OpenMode mode) throws IOException {
            return new ForwardingObjectChannel(FileObjectChannel.open(file, mode)) {
                @Override
                public int read(ByteBuffer dst, long position) throws IOException {
                    if (reads) {
                        throw new IOException("Input/output error");
                    }
                    return real.read(dst, position);
                }

                @Override
                public int write(ByteBuffer src, long position) throws IOException {
                    if (writes) {
                        throw new IOException("Input/output error");
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
             Mirror m = Mirror.create("vol1", 4L << 20, List.of(a, b), DurabilityMode.CRASH_SAFE)) {
            // made; reopened below on drives that can fail
        }
        for (String d : List.of("a", "b")) {
            Breakable b = new Breakable();
            io.add(b);
            devices.add(DirectoryDevice.open(tmp.resolve(d), false, b, UnaryOperator.identity()));
        }
        MirrorDefinition def = devices.get(0).descriptor().mirror("vol1").orElseThrow();
        mirror = Mirror.open(def, devices, DurabilityMode.CRASH_SAFE);
        served = ServedMirror.start(mirror, new ServeSettings(tmp.resolve("run/vol1.sock"), null, null, false, false));
    }

    @AfterEach
    void stop() throws Exception {
        try {
            served.close();
        } catch (IOException everyDeviceGone) {
            // the last flush fails when every member failed: the test expects that
        }
        mirror.close();
        for (DirectoryDevice d : devices) {
            d.close();
        }
    }

    @Test
    void aMemberWhoseWritesFailLeavesAndTheClientSeesNoError() throws Exception {
        try (NbdTestClient c = NbdTestClient.go(served.socket(), true)) {
            io.get(1).writes = true;
            byte[] data = filled(10_000, 6);
            assertThat(c.write(5, data, Nbd.CMD_FLAG_FUA)).isZero();
            assertThat(c.read(5, data.length)).isEqualTo(data);
            assertThat(online()).containsExactly(true, false);
        }
    }

    @Test
    void aMemberWhoseReadsFailLeavesAndTheReadComesFromTheOther() throws Exception {
        try (NbdTestClient c = NbdTestClient.go(served.socket(), true)) {
            byte[] data = filled(8192, 9);
            assertThat(c.write(0, data, 0)).isZero();
            io.get(0).reads = true;
            for (int i = 0; i < 4; i++) {
                assertThat(c.read(0, data.length)).isEqualTo(data);
            }
            assertThat(online()).containsExactly(false, true);
        }
    }

    @Test
    void whenNoMemberCanTheRequestGetsEioAndTheServerGoesOn() throws Exception {
        try (NbdTestClient c = NbdTestClient.go(served.socket(), true)) {
            io.get(0).writes = true;
            io.get(1).writes = true;
            assertThat(c.write(0, filled(4096, 1), 0)).isEqualTo(Nbd.EIO);
            c.request(Nbd.CMD_READ, 0, 77, 0, 4096, null);
            NbdTestClient.Reply r = c.reply(4096);
            assertThat(r.error()).as("no member is left to read from").isEqualTo(Nbd.EIO);
            assertThat(r.message()).isNotBlank();
        }
        try (NbdTestClient c = NbdTestClient.go(served.socket(), false)) {
            assertThat(c.flush()).isEqualTo(Nbd.EIO);
        }
    }

    private List<Boolean> online() throws IOException {
        return mirror.status().stream().map(MemberStatus::online).toList();
    }

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
