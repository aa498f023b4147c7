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
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("tags.")).toList()) {
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

    private static Path objectOf(String device) throws IOException {
        try (Stream<Path> objects = Files.list(Path.of(device, "objects"))) {
            return objects.findFirst().orElseThrow();
        }
    }

    private static JsonNode member(JsonNode status, String path) {
        for (JsonNode d : status.get("devices")) {
            if (d.get("path").asText().equals(path)) {
                return d;
            }
        }
        throw new AssertionError(path + " is not in " + status);
    }

    @Test
    void aMissingObjectLeavesTheMirrorDegradedAndInspectableAndRepairRebuildsIt() throws IOException {
        Path lost = objectOf(a);
        Files.delete(lost);

        JsonNode status = cli.json("mirror", "status", "vol", "--json");
        assertThat(status.get("state").asText()).isEqualTo("degraded");
        assertThat(member(status, a).get("online").asBoolean()).isFalse();
        assertThat(member(status, a).get("needsRebuild").asBoolean()).isTrue();
        assertThat(member(status, a).get("offlineReason").asText()).contains("is missing on device " + a);
        assertThat(cli.run("mirror", "status", "vol")).isZero();
        assertThat(cli.out).contains(a + "  offline (object ").contains("repair rebuilds it");

        assertThat(cli.json("write", "vol", "--offset", "500000", "--length", "4096", "--seed", "9", "--json")
                .get("degraded").asBoolean()).isTrue();
        for (String command : new String[] {"compare", "verify"}) {
            assertThat(cli.run(command, "vol")).as(command).isEqualTo(1);
            assertThat(cli.err).contains(command + " needs at least two: " + a + " is offline (object ")
                    .contains("is missing").doesNotContain("\tat ");
        }

        assertThat(cli.run("repair", "vol")).isZero();
        assertThat(cli.out).contains("would rebuild " + a).contains("nothing was changed");
        assertThat(lost).as("the dry run makes nothing").doesNotExist();

        JsonNode repaired = cli.json("repair", "vol", "--yes", "--json");
        assertThat(repaired.get("rebuilt").get(0).get("device").asText()).isEqualTo(a);
        assertThat(repaired.get("rebuilt").get(0).get("blocksCopied").asLong()).isPositive();
        assertThat(cli.json("verify", "vol", "--json").get("identical").asBoolean()).isTrue();
        assertThat(cli.json("mirror", "status", "vol", "--json").get("state").asText()).isEqualTo("in-sync");
        assertThat(cli.run("compare", "vol")).isZero();
        assertThat(cli.out).startsWith("mirror vol: in sync (");
    }

    @Test
    void aTruncatedObjectIsReplacedByANewDeviceAndTheMirrorComesBackWhole() throws IOException {
        try (var ch = java.nio.channels.FileChannel.open(objectOf(b), java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(3 * 4096);
        }
        JsonNode status = cli.json("mirror", "status", "vol", "--json");
        assertThat(status.get("state").asText()).isEqualTo("degraded");
        assertThat(member(status, b).get("offlineReason").asText()).contains("shorter than mirror vol");
        assertThat(cli.json("write", "vol", "--offset", "0", "--length", "4096", "--seed", "9", "--json")
                .get("degraded").asBoolean()).isTrue();

        String c = tmp.resolve("c").toString();
        cli.json("device", "create", c, "--json");
        JsonNode replaced = cli.json("mirror", "replace", "vol", "--old", b, "--new", c, "--yes", "--json");
        assertThat(replaced.get("bytesCopied").asLong()).isPositive();
        JsonNode after = cli.json("mirror", "status", "vol", "--json");
        assertThat(after.get("state").asText()).isEqualTo("in-sync");
        assertThat(after.get("devices")).extracting(d -> d.get("path").asText()).containsExactlyInAnyOrder(a, c);
        assertThat(cli.json("verify", "vol", "--json").get("identical").asBoolean()).isTrue();
    }

    @Test
    void withThreeDevicesCompareAndVerifyWorkOnTheRestAndNameTheOneOffline() throws IOException {
        String x = tmp.resolve("x").toString();
        String y = tmp.resolve("y").toString();
        String z = tmp.resolve("z").toString();
        for (String d : new String[] {x, y, z}) {
            cli.json("device", "create", d, "--json");
        }
        cli.json("mirror", "create", "tri", "--size", "1MiB", x, y, z, "--json");
        cli.json("write", "tri", "--offset", "0", "--length", "9000", "--json");
        Files.delete(objectOf(z));
        cli.json("write", "tri", "--offset", "8192", "--length", "9000", "--seed", "2", "--json");

        assertThat(cli.run("compare", "tri")).isZero();
        assertThat(cli.out).startsWith("mirror tri: in sync on the 2 online devices").contains(z + "  offline (object ");
        JsonNode compare = cli.json("compare", "tri", "--json");
        assertThat(compare.get("offline").get(0).get("path").asText()).isEqualTo(z);
        assertThat(cli.run("verify", "tri")).isZero();
        assertThat(cli.out).startsWith("mirror tri: identical on the 2 online devices").contains(z + "  offline (");

        assertThat(cli.run("repair", "tri", "--yes")).isZero();
        assertThat(cli.out).contains("rebuilt " + z + " from ");
        assertThat(cli.json("verify", "tri", "--json").get("identical").asBoolean()).isTrue();
        assertThat(cli.json("mirror", "status", "tri", "--json").get("state").asText()).isEqualTo("in-sync");
    }

    @Test
    void aCompareRefusedForACorruptTagTableSaysWhichDeviceAndWhy() throws IOException {
        Files.writeString(Path.of(b, "tags.log"), "not a tag table");
        assertThat(cli.run("compare", "vol")).isEqualTo(1);
        assertThat(cli.err).contains("compare needs at least two: " + b + " is offline (")
                .contains("tags.log is corrupt");
    }
}
