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

/** What mirror status says about each device agrees with what the other commands said about it. */
class MirrorStatusTest {
    @TempDir
    Path tmp;
    CliRunner cli;
    String a;
    String b;
    String c;

    @BeforeEach
    void deviceAInTwoMirrors() throws IOException {
        cli = new CliRunner(tmp.resolve("ws"));
        a = tmp.resolve("a").toString();
        b = tmp.resolve("b").toString();
        c = tmp.resolve("c").toString();
        for (String d : new String[] {a, b, c}) {
            cli.json("device", "create", d, "--json");
        }
        cli.json("mirror", "create", "one", "--size", "1MiB", a, b, "--json");
        cli.json("mirror", "create", "two", "--size", "1MiB", a, c, "--json");
    }

    @Test
    void aDeviceInTwoMirrorsShowsEachMirrorOnlyItsOwnEntries() throws IOException {
        Path away = tmp.resolve("b-away");
        Files.move(Path.of(b), away);
        cli.json("write", "one", "--offset", "0", "--length", "4k", "--json");
        cli.json("write", "one", "--offset", "64k", "--length", "4k", "--json");
        Files.move(away, Path.of(b));

        assertThat(entriesOf(cli.json("mirror", "status", "one", "--json"), a)).isEqualTo(2);
        assertThat(entriesOf(cli.json("mirror", "status", "two", "--json"), a))
                .as("mirror two has no entry on a; the two are mirror one's").isZero();
        assertThat(cli.run("mirror", "status", "two")).isZero();
        assertThat(cli.out).contains(a + "  online, 0 entries");
    }

    @Test
    void afterResetTagsStatusSaysTheDeviceNeedsAScrub() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(b))) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("tags.")).toList()) {
                Files.delete(f);
            }
        }
        cli.json("device", "reset-tags", b, "--yes", "--json");

        JsonNode device = deviceOf(cli.json("mirror", "status", "one", "--json"), b);
        assertThat(device.get("needsScrub").asBoolean()).isTrue();
        assertThat(device.get("stale").asBoolean()).isTrue();
        assertThat(cli.run("mirror", "status", "one")).isZero();
        assertThat(cli.out).contains(b + "  online, 0 entries; needs a scrub")
                .contains("tagmirror verify one --repair-from OTHER_DIR --yes");
    }

    @Test
    void whatReplaySaysOfADeviceThatMissedWritesIsWhatStatusShowsLater() throws IOException {
        assertThat(cli.run("replay", "one", "--pattern", "random", "--count", "30", "--offline", b + ":10:20")).isZero();
        assertThat(cli.out).contains("it missed writes 10 to 19, which the other devices' entries name until a repair")
                .doesNotContain("marked stale");

        JsonNode status = cli.json("mirror", "status", "one", "--json");
        assertThat(status.get("state").asText()).isEqualTo("diverged");
        assertThat(deviceOf(status, b).get("stale").asBoolean()).as("it missed writes: no read comes from it until a repair")
                .isTrue();
        assertThat(deviceOf(status, b).get("needsScrub").asBoolean()).isFalse();
        assertThat(entriesOf(status, a) - entriesOf(status, b)).as("a keeps the entries of the writes b missed")
                .isEqualTo(10);
        assertThat(cli.run("mirror", "status", "one")).isZero();
        assertThat(cli.out).contains(b + "  online, 20 entries; missed writes: 'tagmirror mirror online one " + b
                + "' resynchronises it");
    }

    private static long entriesOf(JsonNode status, String path) {
        return deviceOf(status, path).get("entries").asLong();
    }

    private static JsonNode deviceOf(JsonNode status, String path) {
        for (JsonNode d : status.get("devices")) {
            if (d.get("path").asText().equals(path)) {
                return d;
            }
        }
        throw new AssertionError(path + " is not in " + status);
    }
}
