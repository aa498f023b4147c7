package io.tagmirror.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tagmirror.engine.MemberStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A served mirror used by clients no one here wrote: libnbd's nbdinfo and nbdcopy, QEMU's qemu-img and qemu-io. */
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class RealClientsTest {
    private static final long SIZE = 64L << 20;
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
    void nbdinfoShowsTheSizeTheBlockSizesAndTheFlags() throws Exception {
        Tools.require("nbdinfo", "libnbd-bin");
        Tools.Run info = Tools.run(tmp, "nbdinfo", fx.uri());
        assertThat(info.exit()).as(info.out()).isZero();
        assertThat(info.out()).contains("export-size: " + SIZE, "block_size_minimum: 1", "block_size_preferred: 4096",
                "block_size_maximum: 33554432", "can_flush: true", "can_fua: true", "can_multi_conn: true",
                "can_trim: true", "can_zero: true", "is_read_only: false", "using structured packets",
                "description: TagMirror mirror vol1");
    }

    @Test
    void aRandomImageGoesInWithNbdcopyAndComesBackByteIdentical() throws Exception {
        Tools.require("nbdcopy", "libnbd-bin");
        Path image = randomImage(1);
        Tools.Run in = Tools.run(tmp, "nbdcopy", image.toString(), fx.uri());
        assertThat(in.exit()).as(in.out()).isZero();
        Path back = tmp.resolve("back.img");
        Tools.Run out = Tools.run(tmp, "nbdcopy", fx.uri(), back.toString());
        assertThat(out.exit()).as(out.out()).isZero();
        assertThat(Files.mismatch(image, back)).isEqualTo(-1);
        assertThat(fx.verify().identical()).isTrue();
    }

    @Test
    void aRandomImageGoesInWithQemuImgConvertAndComparesIdentical() throws Exception {
        Tools.require("qemu-img", "qemu-utils");
        Path image = randomImage(2);
        Tools.Run in = Tools.run(tmp, "qemu-img", "convert", "-n", "-f", "raw", "-O", "raw", image.toString(), fx.uri());
        assertThat(in.exit()).as(in.out()).isZero();
        Tools.Run compare = Tools.run(tmp, "qemu-img", "compare", "-f", "raw", "-F", "raw", image.toString(), fx.uri());
        assertThat(compare.exit()).as(compare.out()).isZero();
        assertThat(compare.out()).contains("Images are identical");
        assertThat(fx.verify().identical()).isTrue();
    }

    @Test
    void theEntriesOfACopyStayUntilAFlushFromAnyClientMakesItDurableThenAreTrimmed() throws Exception {
        Tools.require("nbdcopy", "libnbd-bin");
        Tools.require("qemu-io", "qemu-utils");
        Path image = randomImage(3);
        // nbdcopy flushes only when told to (--flush): until then nothing is durable, so every write keeps its entry
        Tools.Run copy = Tools.run(tmp, "nbdcopy", image.toString(), fx.uri());
        assertThat(copy.exit()).as(copy.out()).isZero();
        assertThat(fx.mirror().status()).extracting(MemberStatus::entries).allSatisfy(n -> assertThat(n).isPositive());
        assertThat(fx.mirror().status().get(0).entries()).isEqualTo(fx.mirror().status().get(1).entries());

        // a flush on a connection of its own covers the writes nbdcopy's connections completed
        Tools.Run flush = Tools.run(tmp, "qemu-io", "-f", "raw", fx.uri(), "-c", "flush");
        assertThat(flush.exit()).as(flush.out()).isZero();
        assertThat(fx.mirror().status()).extracting(MemberStatus::entries).containsOnly(0L);

        Tools.Run flushed = Tools.run(tmp, "nbdcopy", "--flush", randomImage(4).toString(), fx.uri());
        assertThat(flushed.exit()).as(flushed.out()).isZero();
        assertThat(fx.mirror().status()).extracting(MemberStatus::entries).containsOnly(0L);
        assertThat(fx.verify().identical()).isTrue();
    }

    @Test
    void qemuIoWritesAndReadsBackAtOddOffsets() throws Exception {
        Tools.require("qemu-io", "qemu-utils");
        Tools.Run io = Tools.run(tmp, "qemu-io", "-f", "raw", fx.uri(),
                "-c", "write -P 0xab 1001 3333", "-c", "write -P 0xcd 4095 2", "-c", "write -z 70000 5000",
                "-c", "flush",
                "-c", "read -P 0xab 1001 3094", "-c", "read -P 0xcd 4095 2", "-c", "read -P 0xab 4097 237",
                "-c", "read -P 0 70000 5000", "-c", "discard 8192 4096", "-c", "read -P 0 8192 4096");
        assertThat(io.exit()).as(io.out()).isZero();
        assertThat(io.out()).doesNotContain("Pattern verification failed", "failed");
        assertThat(fx.verify().identical()).isTrue();
    }

    @Test
    void overTcpOnLoopbackWithoutTls() throws Exception {
        Tools.require("nbdinfo", "libnbd-bin");
        fx.stop();
        ServedMirror served = fx.serve(new ServeSettings(fx.unixOnly(false).unixSocket(),
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), null, false, false));
        String tcp = served.uris().get(1);
        assertThat(tcp).startsWith("nbd://127.0.0.1:").endsWith("/vol1");
        Tools.Run info = Tools.run(tmp, "nbdinfo", tcp);
        assertThat(info.exit()).as(info.out()).isZero();
        assertThat(info.out()).contains("export-size: " + SIZE);
        // the client has gone once nbdinfo exits; the server's connection thread notices it just after
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(served.clients()).isEmpty());
    }

    private Path randomImage(long seed) throws Exception {
        byte[] data = new byte[(int) SIZE];
        new Random(seed).nextBytes(data);
        return Files.write(tmp.resolve("image-" + seed + ".img"), data);
    }
}
