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
}
