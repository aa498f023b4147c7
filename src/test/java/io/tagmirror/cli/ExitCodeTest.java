package io.tagmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tagmirror.workspace.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exit codes a script relies on, and the one table that --help and the docs show. */
class ExitCodeTest {
    @TempDir
    Path tmp;
    CliRunner cli;
    Path a;
    Path b;

    @BeforeEach
    void mirror() throws IOException {
        cli = new CliRunner(tmp.resolve("ws"));
        a = tmp.resolve("a");
        b = tmp.resolve("b");
        cli.json("device", "create", a.toString(), "--json");
        cli.json("device", "create", b.toString(), "--json");
        cli.json("mirror", "create", "vol", "--size", "1MiB", a.toString(), b.toString(), "--json");
    }

    @Test
    void verifyExitsFourWhileBlocksDifferAndZeroOnceRepaired() throws IOException {
        writeWhileAway(b, "1", "1");

        JsonNode compare = cli.json(ExitCode.OK, "compare", "vol", "--json");
        assertThat(compare.get("bytesToCopy").asLong()).as("compare is a report: exit 0 with differences").isEqualTo(4096);
        JsonNode verify = cli.json(ExitCode.BLOCKS_DIFFER, "verify", "vol", "--json");
        assertThat(verify.get("differingBlocks").asLong()).isEqualTo(1);
        assertThat(cli.run("verify", "vol")).isEqualTo(ExitCode.BLOCKS_DIFFER.code());
        assertThat(cli.out).contains("1 of 256 blocks differ");

        cli.json(ExitCode.OK, "repair", "vol", "--json");
        cli.json(ExitCode.OK, "repair", "vol", "--yes", "--json");
        assertThat(cli.json(ExitCode.OK, "verify", "vol", "--json").get("identical").asBoolean()).isTrue();
    }

    @Test
    void repairExitsFiveWhileConflictsAreLeftAndZeroOnceAPolicySettlesThem() throws IOException {
        // two writers, each reaching only one device: no order between them, a conflict
        writeWhileAway(b, "1", "1");
        writeWhileAway(a, "2", "2");

        assertThat(cli.json(ExitCode.OK, "compare", "vol", "--json").get("conflicts").asInt()).isEqualTo(1);
        assertThat(cli.json(ExitCode.OK, "repair", "vol", "--json").get("dryRun").asBoolean())
                .as("a dry run did what it was asked").isTrue();
        JsonNode left = cli.json(ExitCode.CONFLICTS_LEFT, "repair", "vol", "--yes", "--json");
        assertThat(left.get("conflictsLeft").asInt()).isEqualTo(1);
        assertThat(cli.json(ExitCode.BLOCKS_DIFFER, "verify", "vol", "--json").get("differingBlocks").asLong()).isEqualTo(1);

        cli.json(ExitCode.OK, "repair", "vol", "--yes", "--policy", "prefer:" + a, "--json");
        cli.json(ExitCode.OK, "verify", "vol", "--json");
    }

    @Test
    void aFailureWithJsonPrintsOneErrorObjectOnStandardOutputAndTheLineOnStandardError() throws IOException {
        assertThat(cli.run("compare", "nope", "--json")).isEqualTo(ExitCode.FAILED.code());
        JsonNode error = Json.MAPPER.readTree(cli.out);
        assertThat(error.get("exitCode").asInt()).isEqualTo(1);
        assertThat(error.get("error").asText()).contains("no mirror named 'nope'");
        assertThat(error.size()).isEqualTo(2);
        assertThat(cli.err.strip()).isEqualTo("tagmirror: " + error.get("error").asText());

        assertThat(cli.run("write", "vol", "--offset", "0", "--json")).isEqualTo(ExitCode.USAGE.code());
        error = Json.MAPPER.readTree(cli.out);
        assertThat(error.get("exitCode").asInt()).isEqualTo(2);
        assertThat(error.get("error").asText()).contains("Missing required option");
        assertThat(cli.err).contains("tagmirror: Missing required option").contains("try: tagmirror write --help");

        // the parse stops at the bad value, before it reaches --json: asked for all the same
        assertThat(cli.run("history", "--limit", "many", "--json")).isEqualTo(ExitCode.USAGE.code());
        assertThat(Json.MAPPER.readTree(cli.out).get("exitCode").asInt()).isEqualTo(2);

        assertThat(cli.run("compare", "nope")).isEqualTo(ExitCode.FAILED.code());
        assertThat(cli.out).as("without --json, standard output stays empty").isEmpty();
    }

    @Test
    void theDocumentedTableIsTheEnum() throws IOException {
        String formats = Files.readString(Path.of("docs", "formats.md"));
        String section = formats.substring(formats.indexOf("## Command-line exit codes"));
        section = section.substring(0, section.indexOf("\n## ", 3));
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher row = Pattern.compile("(?m)^\\| (\\d+) \\| (.+) \\|$").matcher(section);
        while (row.find()) {
            documented.put(row.group(1), row.group(2));
        }
        assertThat(documented).containsExactlyEntriesOf(ExitCode.helpSection());
        assertThat(ExitCode.CRASHED.code()).isEqualTo(io.tagmirror.workload.replay.Halter.CRASH_STATUS);
    }

    /** One write of {@code seed} by generator {@code generator} while {@code away} is unreachable. */
    private void writeWhileAway(Path away, String generator, String seed) throws IOException {
        Path moved = away.resolveSibling(away.getFileName() + "-away");
        Files.move(away, moved);
        cli.json("write", "vol", "--offset", "0", "--length", "4096", "--seed", seed, "--generator", generator, "--json");
        Files.move(moved, away);
    }
}
