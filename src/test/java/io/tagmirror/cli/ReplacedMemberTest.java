package io.tagmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tagmirror.engine.device.DirectoryDevice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A member replaced while it was away is refused when it comes back; one that was only away rejoins. */
class ReplacedMemberTest {
    @TempDir
    Path tmp;
    CliRunner cli;
    String r1;
    String r2;
    String r3;

    @BeforeEach
    void mirrorWithData() throws IOException {
        cli = new CliRunner(tmp.resolve("ws"));
        r1 = tmp.resolve("r1").toString();
        r2 = tmp.resolve("r2").toString();
        r3 = tmp.resolve("r3").toString();
        for (String d : new String[] {r1, r2, r3}) {
            cli.json("device", "create", d, "--json");
        }
        cli.json("mirror", "create", "rv", "--size", "1MiB", r1, r2, "--json");
        cli.json("write", "rv", "--offset", "0", "--length", "4096", "--seed", "1", "--json");
    }

    @Test
    void importOfAReplacedDeviceIsRefusedNamingTheMemberThatReplacedItAndChangesNothing() throws IOException {
        cli.json("mirror", "replace", "rv", "--old", r2, "--new", r3, "--yes", "--json");
        cli.json("write", "rv", "--offset", "0", "--length", "4096", "--seed", "2", "--json");
        String r2Descriptor = Files.readString(Path.of(r2, "device.json"));
        String catalogBefore = cli.json("mirror", "status", "rv", "--json").get("devices").toString();

        assertThat(cli.run("mirror", "import", r2)).isEqualTo(1);

        assertThat(cli.err.strip()).isEqualTo("tagmirror: device " + r2 + " was replaced by " + r3
                + " in mirror rv (membership generation 2 on " + r1 + "; it still records 1): its copy is out of date"
                + " and it cannot rejoin; import the mirror from " + r1 + ", and to reuse the drive remove " + r2
                + " and run 'device create' on it");
        assertThat(cli.out).isEmpty();
        assertThat(Files.readString(Path.of(r2, "device.json"))).isEqualTo(r2Descriptor);
        JsonNode status = cli.json("mirror", "status", "rv", "--json");
        assertThat(status.get("devices").toString()).isEqualTo(catalogBefore);
        assertThat(status.get("devices")).extracting(d -> d.get("path").asText()).containsExactly(r1, r3);
        assertThat(cli.json("verify", "rv", "--json").get("identical").asBoolean()).isTrue();
        assertThat(cli.json("device", "info", r1, "--json").get("mirrors").get(0).get("generation").asLong()).isEqualTo(2);
        assertThat(cli.json("device", "info", r2, "--json").get("mirrors").get(0).get("generation").asLong()).isEqualTo(1);
    }

    @Test
    void aWorkspaceThatMissedTheReplaceRefusesToAssembleTheOldMemberAndNeverSaysInSync() throws IOException {
        CliRunner other = new CliRunner(tmp.resolve("other-ws"));
        other.json("mirror", "import", r1, "--json");
        cli.json("mirror", "replace", "rv", "--old", r2, "--new", r3, "--yes", "--json");
        cli.json("write", "rv", "--offset", "0", "--length", "4096", "--seed", "2", "--json");
        String r3Uuid = DirectoryDevice.readDescriptor(Path.of(r3)).uuid().toString();

        for (String[] command : new String[][] {{"mirror", "status", "rv"}, {"compare", "rv"}, {"verify", "rv"}}) {
            assertThat(other.run(command)).as(String.join(" ", command)).isEqualTo(1);
            assertThat(other.out).doesNotContain("in sync").doesNotContain("in-sync");
            assertThat(other.err).startsWith("tagmirror: device " + r2 + " was replaced by device " + r3Uuid + " in mirror rv")
                    .contains("import the mirror from " + r1).doesNotContain("\tat ");
        }

        // the way out the message gives
        JsonNode imported = other.json("mirror", "import", r1, "--json");
        assertThat(imported.get("imported").get(0).get("devices")).extracting(JsonNode::asText).containsExactly(r1, r3);
        assertThat(other.json("mirror", "status", "rv", "--json").get("state").asText()).isEqualTo("in-sync");
        assertThat(other.json("verify", "rv", "--json").get("identical").asBoolean()).isTrue();
    }

    @Test
    void aMemberThatWasOnlyAwayDuringAReplaceRejoinsAndIsRepairedFromTheEntries() throws IOException {
        String a = tmp.resolve("a").toString();
        String b = tmp.resolve("b").toString();
        String c = tmp.resolve("c").toString();
        String d = tmp.resolve("d").toString();
        for (String dev : new String[] {a, b, c, d}) {
            cli.json("device", "create", dev, "--json");
        }
        cli.json("mirror", "create", "three", "--size", "1MiB", a, b, c, "--json");
        cli.json("write", "three", "--offset", "0", "--length", "4096", "--seed", "1", "--json");
        Path away = tmp.resolve("c.away");
        Files.move(Path.of(c), away);
        cli.json("write", "three", "--offset", "8192", "--length", "4096", "--seed", "2", "--json");
        cli.json("mirror", "replace", "three", "--old", b, "--new", d, "--yes", "--json");
        cli.json("write", "three", "--offset", "16384", "--length", "4096", "--seed", "3", "--json");
        Files.move(away, Path.of(c));

        assertThat(cli.json("mirror", "status", "three", "--json").get("state").asText())
                .as("c missed a membership change and the writes around it").isEqualTo("diverged");
        assertThat(cli.json("mirror", "import", c, "--json").get("imported").get(0).get("devices"))
                .extracting(JsonNode::asText).containsExactly(a, d, c);
        JsonNode compare = cli.json("compare", "three", "--json");
        assertThat(compare.get("inSync").asBoolean()).isFalse();
        assertThat(cli.json("repair", "three", "--yes", "--json").get("bytesCopied").asLong()).isEqualTo(2 * 4096);
        assertThat(cli.json("verify", "three", "--json").get("identical").asBoolean()).isTrue();
        assertThat(DirectoryDevice.readDescriptor(Path.of(c)).mirror("three").orElseThrow().generation()).isEqualTo(2);
        assertThat(cli.run("mirror", "import", b)).isEqualTo(1);
        assertThat(cli.err).contains("device " + b + " was replaced by " + d + " in mirror three");
    }
}
