package io.tagmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
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
}
