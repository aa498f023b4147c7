package io.tagmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecoveryCommandsTest {
    @TempDir
    Path tmp;
    CliRunner cli;
    String a;
    String b;

    @BeforeEach
    void mirrorWithData() throws IOException {
        cli = new CliRunner(tmp.resolve("ws"));
        a = tmp.resolve("a").toString();
        b = tmp.resolve("b").toString();
        cli.json("device", "create", a, "--json");
        cli.json("device", "create", b, "--json");
        cli.json("mirror", "create", "vol", "--size", "1MiB", a, b, "--json");
        for (int i = 0; i < 5; i++) {
            cli.json("write", "vol", "--offset", Integer.toString(i * 40_000), "--length", "5000", "--seed", "" + i, "--json");
        }
    }

    @Test
    void aLostTagTableIsResetAndTheMirrorScrubbedFromTheHealthyDevice() throws IOException {
        // the tag table of b is lost, and b's data was damaged behind TagMirror's back meanwhile
        try (Stream<Path> files = Files.list(Path.of(b))) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("tags.db")).toList()) {
                Files.delete(f);
            }
        }
        Path object;
        try (Stream<Path> objects = Files.list(Path.of(b, "objects"))) {
            object = objects.findFirst().orElseThrow();
        }
        byte[] junk = new byte[8192];
        java.util.Arrays.fill(junk, (byte) 7);
        try (var ch = java.nio.channels.FileChannel.open(object, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(junk), 12 * 4096);
        }
        assertThat(cli.run("device", "info", b)).isEqualTo(1);
        assertThat(cli.err).contains("no tag table");
        assertThat(cli.json("mirror", "status", "vol", "--json").get("state").asText()).isEqualTo("degraded");

        assertThat(cli.json("device", "reset-tags", b, "--json").get("dryRun").asBoolean()).isTrue();
        JsonNode reset = cli.json("device", "reset-tags", b, "--yes", "--json");
        assertThat(reset.get("needsScrub").get(0).asText()).isEqualTo("vol");
        assertThat(cli.json("mirror", "status", "vol", "--json").get("state").asText())
                .as("a device whose table was recreated cannot be trusted until a scrub").isEqualTo("diverged");
        assertThat(cli.json(ExitCode.BLOCKS_DIFFER, "verify", "vol", "--json").get("differingBlocks").asLong()).isEqualTo(2);

        JsonNode scrub = cli.json("verify", "vol", "--repair-from", a, "--yes", "--json");
        assertThat(scrub.get("blocksCopied").asLong()).isEqualTo(2);
        assertThat(cli.json("verify", "vol", "--json").get("identical").asBoolean()).isTrue();
        assertThat(cli.json("mirror", "status", "vol", "--json").get("state").asText()).isEqualTo("in-sync");
    }

    @Test
    void aDeviceGoneForGoodIsReplacedAndFilledFromTheOther() throws IOException {
        Path gone = Path.of(b);
        try (Stream<Path> walk = Files.walk(gone)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        String c = tmp.resolve("c").toString();
        cli.json("device", "create", c, "--json");
        assertThat(cli.json("mirror", "replace", "vol", "--old", b, "--new", c, "--json").get("dryRun").asBoolean()).isTrue();
        JsonNode replaced = cli.json("mirror", "replace", "vol", "--old", b, "--new", c, "--yes", "--json");
        assertThat(replaced.get("bytesCopied").asLong()).isPositive();
        JsonNode status = cli.json("mirror", "status", "vol", "--json");
        assertThat(status.get("state").asText()).isEqualTo("in-sync");
        assertThat(status.get("devices")).extracting(d -> d.get("path").asText()).containsExactlyInAnyOrder(a, c);
        assertThat(cli.json("verify", "vol", "--json").get("identical").asBoolean()).isTrue();
    }
}
