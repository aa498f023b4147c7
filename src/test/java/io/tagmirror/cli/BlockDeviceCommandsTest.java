package io.tagmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** device create --image, mirror create over images and a directory, write, verify, device scan and import. */
class BlockDeviceCommandsTest {
    @TempDir
    Path tmp;

    @Test
    void imagesAreMadeMirroredWithADirectoryScannedAndImportedIntoAnotherWorkspace() throws IOException {
        CliRunner cli = new CliRunner(tmp.resolve("ws"));
        Path a = tmp.resolve("a.img");
        Path b = tmp.resolve("b.img");
        assertThat(cli.run("device", "create", "--image", a.toString(), "--size", "64MiB")).as(cli.err).isZero();
        assertThat(cli.out).contains("created device");
        assertThat(Files.size(a)).isEqualTo(64L << 20);
        assertThat(cli.run("device", "create", "--image", b.toString(), "--size", "64MiB")).as(cli.err).isZero();
        assertThat(cli.run("device", "create", tmp.resolve("dir").toString())).as(cli.err).isZero();
        assertThat(cli.run("mirror", "create", "vol", "--size", "4MiB", a.toString(), b.toString(),
                tmp.resolve("dir").toString())).as(cli.err).isZero();
        byte[] bytes = new byte[256 * 1024];
        new Random(5).nextBytes(bytes);
        Path in = tmp.resolve("in.bin");
        Files.write(in, bytes);
        assertThat(cli.run("write", "vol", "--offset", "8192", "--from", in.toString())).as(cli.err).isZero();
        assertThat(cli.json("verify", "vol", "--json").get("identical").asBoolean()).isTrue();

        JsonNode scan = cli.json("device", "scan", a.toString(), b.toString(), in.toString(), "--json");
        assertThat(scan.get("devices")).hasSize(2);
        assertThat(scan.get("devices").get(0).get("mirrors").get(0).asText()).isEqualTo("vol");

        CliRunner other = new CliRunner(tmp.resolve("ws2"));
        assertThat(other.run("mirror", "import", a.toString(), "--search", tmp.toString())).as(other.err).isZero();
        assertThat(other.out).contains("3 of 3 devices found");
        assertThat(other.json("verify", "vol", "--json").get("identical").asBoolean()).isTrue();
    }

    @Test
    void aDamagedSuperblockCopyIsNamedByDeviceInfoAndTooSmallAnImageIsRefused() throws IOException {
        CliRunner cli = new CliRunner(tmp.resolve("ws"));
        Path a = tmp.resolve("a.img");
        assertThat(cli.run("device", "create", "--image", a.toString(), "--size", "64MiB")).as(cli.err).isZero();
        try (FileChannel ch = FileChannel.open(a, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3}), 8192 + 200);
        }
        assertThat(cli.run("device", "info", a.toString())).as(cli.err).isZero();
        assertThat(cli.out).contains("superblock copy at 8 KiB is unusable");

        Path small = tmp.resolve("small.img");
        assertThat(cli.run("device", "create", "--image", small.toString(), "--size", "4MiB")).isNotZero();
        assertThat(cli.err).contains("too small for a TagMirror device").doesNotContain("Exception");
        assertThat(small).doesNotExist();
    }

    @Test
    void aSmallLogFilledDuringAnOutageIsNamedByStatusAndCompareReadsTheWholeVolume() throws IOException {
        CliRunner cli = new CliRunner(tmp.resolve("ws"));
        Path a = tmp.resolve("a.img");
        Path b = tmp.resolve("b.img");
        for (Path p : new Path[] {a, b}) {
            assertThat(cli.run("device", "create", "--image", p.toString(), "--size", "32MiB", "--log-size", "128KiB"))
                    .as(cli.err).isZero();
        }
        try (io.tagmirror.engine.block.BlockDevice d = io.tagmirror.engine.block.BlockDevice.open(a, true)) {
            assertThat(d.layout().logHalfBytes()).isEqualTo(64 * 1024);
        }
        assertThat(cli.run("mirror", "create", "vol", "--size", "16MiB", a.toString(), b.toString())).as(cli.err).isZero();
        java.util.List<io.tagmirror.engine.Device> devices = new java.util.ArrayList<>();
        try {
            devices.add(io.tagmirror.engine.block.BlockDevice.open(a, false));
            devices.add(io.tagmirror.engine.block.BlockDevice.open(b, false));
            io.tagmirror.engine.MirrorDefinition def = devices.get(0).descriptor().mirror("vol").orElseThrow();
            try (io.tagmirror.engine.Mirror m = io.tagmirror.engine.Mirror.open(def, devices,
                    io.tagmirror.engine.DurabilityMode.CRASH_SAFE)) {
                m.takeOffline(devices.get(1).uuid(), "test outage");
                Random r = new Random(9);
                for (int i = 0; i < 1500; i++) {
                    byte[] block = new byte[4096];
                    r.nextBytes(block);
                    m.write((long) r.nextInt(4096) * 4096, block);
                }
                assertThat(devices.get(0).tagTable().incomplete()).isTrue();
            }
        } finally {
            for (io.tagmirror.engine.Device d : devices) {
                d.close();
            }
        }
        assertThat(cli.run("mirror", "status", "vol")).as(cli.err).isZero();
        assertThat(cli.out).contains("the tag log of " + a + " filled up").contains("will need a full compare");
        assertThat(cli.run("compare", "vol")).as(cli.err).isNotNegative();
        assertThat(cli.out).contains("over the whole volume");
        assertThat(cli.run("device", "create", tmp.resolve("dir").toString(), "--log-size", "1MiB")).isNotZero();
        assertThat(cli.err).contains("--log-size is for disks").doesNotContain("Exception");
        assertThat(tmp.resolve("dir")).doesNotExist();
        assertThat(cli.run("device", "create", "--image", tmp.resolve("odd.img").toString(), "--size", "32MiB",
                "--log-size", "1")).isNotZero();
        assertThat(cli.err).contains("a tag log of 1 B is not allowed").doesNotContain("Exception");
        assertThat(tmp.resolve("odd.img")).doesNotExist();
    }

    @Test
    void membersOfDifferentSizesAreSaidAtCreateImportAndStatusAndAMirrorTooLargeIsRefusedBeforeAnyWrite()
            throws IOException {
        CliRunner cli = new CliRunner(tmp.resolve("ws"));
        Path a = tmp.resolve("a.img");
        Path b = tmp.resolve("b.img");
        assertThat(cli.run("device", "create", "--image", a.toString(), "--size", "40MiB")).as(cli.err).isZero();
        assertThat(cli.run("device", "create", "--image", b.toString(), "--size", "64MiB")).as(cli.err).isZero();
        byte[] before = Files.readAllBytes(a);
        assertThat(cli.run("mirror", "create", "vol", "--size", "32MiB", a.toString(), b.toString())).isNotZero();
        assertThat(cli.err).contains("does not fit").contains(a + " holds 22 MiB").contains(b + " holds 46 MiB")
                .contains("at most 22 MiB").doesNotContain("Exception");
        assertThat(Files.readAllBytes(a)).isEqualTo(before);

        assertThat(cli.run("mirror", "create", "vol", "--size", "22MiB", a.toString(), b.toString())).as(cli.err).isZero();
        assertThat(cli.out).contains("note: the data regions differ").contains(b + " (24 MiB of its 46 MiB)");
        assertThat(cli.run("mirror", "status", "vol")).as(cli.err).isZero();
        assertThat(cli.out).contains("data region 46 MiB (24 MiB unused");
        CliRunner other = new CliRunner(tmp.resolve("ws2"));
        assertThat(other.run("mirror", "import", a.toString(), "--search", tmp.toString())).as(other.err).isZero();
        assertThat(other.out).contains("note: the data regions differ");
    }

    @Test
    void aBlockDeviceTagTableResetAsksForAScrubWhichVerifyWithRepairGives() throws IOException {
        CliRunner cli = new CliRunner(tmp.resolve("ws"));
        Path a = tmp.resolve("a.img");
        Path b = tmp.resolve("b.img");
        for (Path p : new Path[] {a, b}) {
            assertThat(cli.run("device", "create", "--image", p.toString(), "--size", "32MiB")).as(cli.err).isZero();
        }
        assertThat(cli.run("mirror", "create", "vol", "--size", "8MiB", a.toString(), b.toString())).as(cli.err).isZero();
        byte[] bytes = new byte[64 * 1024];
        new Random(6).nextBytes(bytes);
        Path in = tmp.resolve("in.bin");
        Files.write(in, bytes);
        assertThat(cli.run("mirror", "offline", "vol", b.toString())).as(cli.err).isZero();
        assertThat(cli.run("write", "vol", "--offset", "4096", "--from", in.toString())).as(cli.err).isZero();
        assertThat(cli.run("mirror", "online", "vol", b.toString())).as(cli.err).isNotNegative();
        assertThat(cli.run("device", "reset-tags", a.toString(), "--force", "--yes")).as(cli.err).isZero();
        assertThat(cli.run("mirror", "status", "vol")).as(cli.err).isZero();
        assertThat(cli.out).contains("needs a scrub");
        assertThat(cli.run("verify", "vol", "--repair-from", a.toString(), "--yes")).as(cli.err).isZero();
        assertThat(cli.json("verify", "vol", "--json").get("identical").asBoolean()).isTrue();
        assertThat(cli.run("mirror", "status", "vol")).as(cli.err).isZero();
        assertThat(cli.out).doesNotContain("needs a scrub");
    }
}
