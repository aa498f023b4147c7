package io.tagmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the history keeps and shows, and the workspaces and names it refuses. */
class HistoryCommandTest {
    @TempDir
    Path tmp;
    CliRunner cli;
    String a;
    String b;

    @BeforeEach
    void mirror() throws IOException {
        cli = new CliRunner(tmp.resolve("ws"));
        a = tmp.resolve("a").toString();
        b = tmp.resolve("b").toString();
        cli.json("device", "create", a, "--json");
        cli.json("device", "create", b, "--json");
        cli.json("mirror", "create", "vol", "--size", "1MiB", a, b, "--json");
    }

    @Test
    void aLimitBelowOneAndAMirrorNeverSeenAreRefused() throws IOException {
        assertThat(cli.run("history", "--limit", "0")).isEqualTo(ExitCode.USAGE.code());
        assertThat(cli.err).contains("--limit must be 1 or more, not 0");
        assertThat(cli.run("history", "--limit", "-3")).isEqualTo(ExitCode.USAGE.code());

        assertThat(cli.run("history", "NOSUCHMIRROR")).isEqualTo(ExitCode.FAILED.code());
        assertThat(cli.err).contains("no mirror named 'NOSUCHMIRROR'").contains("its mirrors: vol").hasLineCount(1);
        assertThat(cli.out).isEmpty();

        assertThat(cli.run("history", "vol")).as("a known mirror without history yet").isZero();
        assertThat(cli.out.strip()).isEqualTo("no history yet");
        assertThat(cli.json("history", "--limit", "1", "--json").get("history")).isEmpty();
    }

    @Test
    void commandsThatOnlyReadRefuseAWorkspaceThatDoesNotExistAndMakeNone() throws IOException {
        Path typo = tmp.resolve("wss");
        CliRunner mistyped = new CliRunner(typo);
        List<List<String>> readers = List.of(List.of("history"), List.of("mirror", "list"), List.of("device", "list"),
                List.of("mirror", "status", "vol"), List.of("compare", "vol"), List.of("verify", "vol"),
                List.of("repair", "vol"), List.of("write", "vol", "--offset", "0", "--length", "1"),
                List.of("device", "forget", a), List.of("device", "reset-tags", b, "--yes"),
                List.of("mirror", "replace", "vol", "--old", b, "--new", a),
                List.of("replay", "vol", "--pattern", "random", "--count", "1"));
        String before = CommandLineTest.digest(Path.of(b));
        for (List<String> command : readers) {
            assertThat(mistyped.run(command.toArray(String[]::new))).as("%s", command).isEqualTo(ExitCode.FAILED.code());
            assertThat(mistyped.err).as("%s", command).contains("no workspace at --workspace " + typo).hasLineCount(1);
            assertThat(typo).as("%s made no workspace", command).doesNotExist();
        }
        assertThat(CommandLineTest.digest(Path.of(b))).as("reset-tags changed nothing").isEqualTo(before);

        // a directory that holds no catalog is no workspace either
        Files.createDirectories(typo);
        assertThat(mistyped.run("mirror", "list")).isEqualTo(ExitCode.FAILED.code());
        try (Stream<Path> files = Files.list(typo)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void commandsThatAddDevicesOrMirrorsMakeTheWorkspace() throws IOException {
        CliRunner fresh = new CliRunner(tmp.resolve("new-ws"));
        fresh.json("device", "create", tmp.resolve("c").toString(), "--json");
        assertThat(fresh.json("device", "list", "--json").get("devices")).hasSize(1);

        CliRunner imported = new CliRunner(tmp.resolve("rebuilt-ws"));
        imported.json("mirror", "import", a, "--json");
        assertThat(imported.json("mirror", "list", "--json").get("mirrors")).hasSize(1);
    }

    @Test
    void importReplaceAndResetTagsAreRecordedBecauseTheyChangeMembership() throws IOException {
        CliRunner rebuilt = new CliRunner(tmp.resolve("rebuilt-ws"));
        rebuilt.json("mirror", "import", a, "--json");
        JsonNode imported = rebuilt.json("history", "vol", "--json").get("history");
        assertThat(imported).singleElement().satisfies(h -> {
            assertThat(h.get("kind").asText()).isEqualTo("import");
            assertThat(h.get("result").asText()).isEqualTo("imported");
            assertThat(h.get("figures").get("devices")).hasSize(2);
        });

        cli.json("device", "reset-tags", b, "--json");
        assertThat(kinds()).as("a dry run is not recorded").isEmpty();
        cli.json("device", "reset-tags", b, "--yes", "--force", "--json");
        assertThat(kinds()).containsExactly("reset-tags");

        String c = tmp.resolve("c").toString();
        cli.json("device", "create", c, "--json");
        cli.json("mirror", "replace", "vol", "--old", b, "--new", c, "--json");
        assertThat(kinds()).as("a dry run is not recorded").containsExactly("reset-tags");
        cli.json("mirror", "replace", "vol", "--old", b, "--new", c, "--yes", "--json");
        assertThat(kinds()).containsExactly("replace", "reset-tags");
    }

    @Test
    void theTextListsLocalTimeToTheSecondAndASummaryPerEntry() throws IOException {
        cli.json("write", "vol", "--offset", "0", "--length", "4096", "--json");
        cli.json("compare", "vol", "--json");
        cli.json("verify", "vol", "--json");
        TimeZone before = TimeZone.getDefault();
        try {
            // a zone half an hour off UTC, so a line in UTC cannot pass for local time
            TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
            JsonNode entries = cli.json("history", "vol", "--json").get("history");
            assertThat(cli.run("history", "vol")).isZero();
            List<String> lines = cli.out.strip().lines().toList();
            assertThat(lines).hasSize(entries.size()).hasSize(2);
            DateTimeFormatter local = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
            for (int i = 0; i < lines.size(); i++) {
                JsonNode e = entries.get(i);
                String when = local.format(Instant.parse(e.get("time").asText()).atZone(ZoneId.of("Asia/Kolkata")));
                assertThat(lines.get(i)).startsWith(when + "  ").endsWith(e.get("summary").asText())
                        .doesNotContain(e.get("time").asText());
            }
            assertThat(lines.get(0)).matches("\\S+ \\S+  verify   vol  identical  identical, 256 blocks compared");
            assertThat(lines.get(1)).matches("\\S+ \\S+  compare  vol  in-sync    in sync; 0 matched entries");
        } finally {
            TimeZone.setDefault(before);
        }
    }

    @Test
    void everyKindHasASummaryWithItsCountsSaidRight() throws IOException {
        String c = tmp.resolve("c").toString();
        cli.json("device", "create", c, "--json");
        cli.json("mirror", "replace", "vol", "--old", b, "--new", c, "--yes", "--json");
        cli.json("device", "reset-tags", c, "--yes", "--force", "--json");
        writeWhileAway(Path.of(c));
        cli.json(ExitCode.BLOCKS_DIFFER, "verify", "vol", "--json");
        cli.json("verify", "vol", "--repair-from", a, "--yes", "--json");
        cli.json("replay", "vol", "--pattern", "sequential", "--count", "1", "--json");
        writeWhileAway(Path.of(c));
        cli.json("repair", "vol", "--yes", "--json");
        new CliRunner(tmp.resolve("other-ws")).json("mirror", "import", a, "--json");

        List<String> summaries = new ArrayList<>();
        cli.json("history", "vol", "--json").get("history").forEach(h -> summaries.add(
                h.get("kind").asText() + ": " + h.get("summary").asText()));
        assertThat(summaries).containsExactly(
                "repair: copied 4 KiB in 1 range, deleted 1 entry",
                summaries.get(1),
                "scrub: copied 1 of 256 blocks (4 KiB) from " + a,
                "verify: 1 of 256 blocks differs",
                "reset-tags: new empty tag table on " + c + "; the mirror needs a scrub",
                summaries.get(5));
        assertThat(summaries.get(1)).startsWith("replay: 1 write in ");
        assertThat(summaries.get(5)).matches("replace: \\S+ replaced by " + Pattern.quote(c) + "; copied .+ onto it");
        JsonNode imported = new CliRunner(tmp.resolve("other-ws")).json("history", "--json").get("history");
        assertThat(imported.get(0).get("summary").asText()).isEqualTo("2 of 2 devices found, from " + a);
    }

    /** One write to the first block while {@code away} is unreachable. */
    private void writeWhileAway(Path away) throws IOException {
        Path moved = away.resolveSibling(away.getFileName() + "-away");
        Files.move(away, moved);
        cli.json("write", "vol", "--offset", "0", "--length", "4096", "--seed", "9", "--json");
        Files.move(moved, away);
    }

    private List<String> kinds() throws IOException {
        List<String> kinds = new ArrayList<>();
        cli.json("history", "vol", "--json").get("history").forEach(h -> kinds.add(h.get("kind").asText()));
        return kinds;
    }
}
