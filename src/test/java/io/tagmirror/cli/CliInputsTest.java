package io.tagmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an administrator types: sizes, paths and names, read one way everywhere and refused clearly. */
class CliInputsTest {
    @TempDir
    Path tmp;
    CliRunner cli;
    String a;
    String b;

    @BeforeEach
    void twoDevices() throws IOException {
        cli = new CliRunner(tmp.resolve("ws"));
        a = tmp.resolve("a").toString();
        b = tmp.resolve("b").toString();
        cli.json("device", "create", a, "--block-size", "4k", "--json");
        cli.json("device", "create", b, "--json");
    }

    @Test
    void everySizeOffsetAndLengthOptionTakesUnits() throws IOException {
        assertThat(cli.json("mirror", "create", "vol", "--size", "4MiB", a, b, "--json").get("sizeBytes").asLong())
                .isEqualTo(4L << 20);
        JsonNode w = cli.json("write", "vol", "--offset", "1MiB", "--length", "8k", "--json");
        assertThat(w.get("offset").asLong()).isEqualTo(1L << 20);
        assertThat(w.get("length").asLong()).isEqualTo(8192);
        JsonNode replay = cli.json("replay", "vol", "--pattern", "random", "--bs", "4KiB-16k", "--count", "20", "--json");
        assertThat(replay.get("writes").asLong()).isEqualTo(20);
    }

    @Test
    void aDecimalLookingUnitIsRefusedNeverReadAsGibibytes() throws IOException {
        String before = CommandLineTest.digest(Path.of(a));
        assertThat(cli.run("mirror", "create", "vol", "--size", "1GB", a, b)).isEqualTo(2);
        assertThat(cli.err).contains("'1GB' is ambiguous").contains("1GiB").contains("1000000000");
        assertThat(CommandLineTest.digest(Path.of(a))).isEqualTo(before);
        cli.json("mirror", "create", "vol", "--size", "4MiB", a, b, "--json");
        assertThat(cli.run("write", "vol", "--offset", "1MB", "--length", "10")).isEqualTo(2);
        assertThat(cli.err).contains("--offset").contains("ambiguous");
        assertThat(cli.run("write", "vol", "--offset", "0", "--length", "4kB")).isEqualTo(2);
        assertThat(cli.err).contains("--length").contains("ambiguous");
        assertThat(cli.run("replay", "vol", "--pattern", "random", "--bs", "4KB")).isEqualTo(2);
        assertThat(cli.err).contains("--bs").contains("ambiguous");
        assertThat(cli.run("bench", "--volume", "1GB", "--quick")).isEqualTo(2);
        assertThat(cli.err).contains("--volume").contains("ambiguous");
    }

    @Test
    void deviceCreateMakesOnlyTheLastFolderAndRefusesAMissingParent() throws IOException {
        Path unmounted = tmp.resolve("mnt").resolve("usb-disk");
        assertThat(cli.run("device", "create", unmounted.resolve("tm").toString())).isEqualTo(1);
        assertThat(cli.err).contains(unmounted + " does not exist").contains("mounted").hasLineCount(1);
        assertThat(tmp.resolve("mnt")).doesNotExist();
        assertThat(cli.json("device", "list", "--json").get("devices")).hasSize(2);

        assertThat(cli.json("device", "create", tmp.resolve("c").toString(), "--json").get("path").asText())
                .as("a missing last folder is still made").isEqualTo(tmp.resolve("c").toString());
    }

    @Test
    void benchRefusesADirectoryWhoseParentIsMissing() {
        Path unmounted = tmp.resolve("mnt").resolve("usb-disk");
        assertThat(cli.run("bench", "--quick", "--dir", unmounted.resolve("bench").toString())).isEqualTo(1);
        assertThat(cli.err).contains(unmounted + " does not exist").hasLineCount(1);
        assertThat(tmp.resolve("mnt")).doesNotExist();
    }

    @Test
    void aMirrorLargerThanTheFilesystemAllowsSaysTheLimitAndLeavesNoObjectBehind() throws IOException {
        Assumptions.assumeTrue(refusesAFileOf(tmp, 1L << 50), "this filesystem allows a 1 PiB file");
        String beforeA = CommandLineTest.digest(Path.of(a));
        String beforeB = CommandLineTest.digest(Path.of(b));

        assertThat(cli.run("mirror", "create", "huge", "--size", "1PiB", a, b)).isEqualTo(1);

        assertThat(cli.err).contains("1 PiB does not fit on " + a).contains("allows at most").contains("TiB in one file")
                .hasLineCount(1);
        assertThat(Path.of(a, "objects")).isEmptyDirectory();
        assertThat(Path.of(b, "objects")).isEmptyDirectory();
        assertThat(CommandLineTest.digest(Path.of(a))).isEqualTo(beforeA);
        assertThat(CommandLineTest.digest(Path.of(b))).isEqualTo(beforeB);
        assertThat(cli.json("mirror", "list", "--json").get("mirrors")).isEmpty();
    }

    /** Whether the filesystem of {@code dir} refuses a sparse file of {@code bytes}. */
    private static boolean refusesAFileOf(Path dir, long bytes) throws IOException {
        Path probe = Files.createTempFile(dir, "probe", "");
        try (FileChannel ch = FileChannel.open(probe, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[1]), bytes - 1);
            return false;
        } catch (IOException refused) {
            return true;
        } finally {
            Files.delete(probe);
        }
    }

    @Test
    void resetTagsOnAReadableTableWarnsAndNeedsForce() throws IOException {
        cli.json("mirror", "create", "vol", "--size", "4MiB", a, b, "--json");
        cli.json("write", "vol", "--offset", "0", "--length", "4k", "--json");
        String before = CommandLineTest.digest(Path.of(a));

        JsonNode dry = cli.json("device", "reset-tags", a, "--json");
        assertThat(dry.get("readable").asBoolean()).isTrue();
        assertThat(dry.get("warning").asText()).contains("is readable").contains("--force");
        assertThat(cli.run("device", "reset-tags", a)).isZero();
        assertThat(cli.out).startsWith("warning: the tag table of " + a + " is readable").contains("--yes --force");

        assertThat(cli.run("device", "reset-tags", a, "--yes")).isEqualTo(1);
        assertThat(cli.err).contains("is readable").contains("not lost").contains("--force").hasLineCount(1);
        assertThat(CommandLineTest.digest(Path.of(a))).as("the refusal changed nothing").isEqualTo(before);

        JsonNode reset = cli.json("device", "reset-tags", a, "--yes", "--force", "--json");
        assertThat(reset.get("needsScrub").get(0).asText()).isEqualTo("vol");
    }

    @Test
    void aMirrorNameWithAccentsIsRefusedSayingNamesAreAscii() throws IOException {
        assertThat(cli.run("mirror", "create", "tōkyō", "--size", "4MiB", a, b)).isEqualTo(1);
        assertThat(cli.err).contains("mirror name 'tōkyō' is not allowed").contains("ASCII letters").hasLineCount(1);
        assertThat(cli.json("mirror", "create", "tokyo-1", "--size", "4MiB", a, b, "--json").get("mirror").asText())
                .isEqualTo("tokyo-1");
    }
}
