package io.tagmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tagmirror.workload.replay.Halter;
import io.tagmirror.workspace.Json;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayCommandTest {
    @TempDir
    Path tmp;
    CliRunner cli;
    String a;
    String b;

    @BeforeEach
    void devicesAndMirror() throws IOException {
        cli = new CliRunner(tmp.resolve("ws"));
        a = tmp.resolve("a").toString();
        b = tmp.resolve("b").toString();
        cli.json("device", "create", a, "--json");
        cli.json("device", "create", b, "--json");
        cli.json("mirror", "create", "vol", "--size", "4MiB", a, b, "--json");
    }

    @Test
    void aPatternReplayPrintsItsSummaryAndLeavesTheMirrorInSync() throws IOException {
        JsonNode run = cli.json("replay", "vol", "--pattern", "random", "--count", "300", "--bs", "4k-16k", "--seed", "7",
                "--writers", "2", "--queue-depth", "8", "--json");
        assertThat(run.get("writes").asLong()).isEqualTo(300);
        assertThat(run.get("bytes").asLong()).isBetween(300L * 4096, 300L * 16384);
        assertThat(run.get("seconds").asDouble()).isPositive();
        assertThat(run.get("rate").asDouble()).isPositive();
        assertThat(run.get("faults")).isEmpty();
        assertThat(run.get("latency").get("p99").asLong()).isGreaterThanOrEqualTo(run.get("latency").get("p50").asLong());
        assertThat(run.get("entriesLeft").get(a).asLong()).isZero();
        assertThat(run.get("entriesLeft").get(b).asLong()).isZero();
        assertThat(run.get("durability").asText()).isEqualTo("power-safe");
        assertThat(run.get("result").asText()).isEqualTo("done");

        assertThat(cli.json("compare", "vol", "--json").get("inSync").asBoolean()).isTrue();
        assertThat(cli.json("verify", "vol", "--json").get("identical").asBoolean()).isTrue();
        JsonNode history = cli.json("history", "vol", "--json").get("history");
        assertThat(history.toString()).contains("replay");

        assertThat(cli.run("replay", "vol", "--pattern", "zipf", "--count", "50", "--durability", "crash-safe")).isZero();
        assertThat(cli.out).startsWith("replayed 50 writes").contains("crash-safe");
    }

    @Test
    void anOfflineWindowIsFoundByCompareAndMendedByRepair() throws IOException {
        JsonNode run = cli.json("replay", "vol", "--pattern", "random", "--count", "400", "--offline", b + ":100:200",
                "--json");
        assertThat(run.get("faults")).hasSize(2);
        assertThat(run.get("faults").get(0).get("kind").asText()).isEqualTo("offline");
        assertThat(run.get("faults").get(0).get("write").asLong()).isEqualTo(100);
        assertThat(run.get("faults").get(0).get("device").asText()).isEqualTo(b);
        assertThat(run.get("faults").get(1).get("kind").asText()).isEqualTo("online");
        assertThat(run.get("result").asText()).isEqualTo("faults injected");

        JsonNode compare = cli.json("compare", "vol", "--json");
        assertThat(compare.get("inSync").asBoolean()).isFalse();
        assertThat(compare.get("ranges")).isNotEmpty().allSatisfy(r -> {
            assertThat(r.get("verdict").asText()).isEqualTo("copy");
            assertThat(r.get("targets").get(0).asText()).isEqualTo(b);
        });
        cli.json("repair", "vol", "--yes", "--json");
        assertThat(cli.json("verify", "vol", "--json").get("identical").asBoolean()).isTrue();
    }

    @Test
    void aTornWriteIsReportedTorn() throws IOException {
        JsonNode run = cli.json("replay", "vol", "--pattern", "random", "--count", "151", "--bs", "16k", "--tear", "150:" + b,
                "--json");
        assertThat(run.get("faults")).singleElement().satisfies(f -> assertThat(f.get("kind").asText()).isEqualTo("tear"));
        JsonNode compare = cli.json("compare", "vol", "--json");
        assertThat(compare.get("ranges")).isNotEmpty()
                .allSatisfy(r -> assertThat(r.get("verdict").asText()).isEqualTo("torn"));
        cli.json("repair", "vol", "--yes", "--json");
        assertThat(cli.json("verify", "vol", "--json").get("identical").asBoolean()).isTrue();
    }

    @Test
    void aTraceLargerThanTheMirrorNeedsAFit() throws IOException {
        String trace = sample("msr.csv");
        assertThat(cli.run("replay", "vol", "--trace", trace)).isEqualTo(1);
        assertThat(cli.err).hasLineCount(1).contains("past the mirror").contains("--fit wrap");
        JsonNode run = cli.json("replay", "vol", "--trace", trace, "--fit", "wrap", "--json");
        assertThat(run.get("writes").asLong()).isEqualTo(4);
        assertThat(run.get("source").asText()).contains("msr.csv");
        assertThat(cli.json("compare", "vol", "--json").get("inSync").asBoolean()).isTrue();

        JsonNode skipped = cli.json("replay", "vol", "--trace", sample("fio-v2-malformed.log"), "--skip-malformed",
                "--format", "fio", "--fit", "scale", "--json");
        assertThat(skipped.get("skippedLines").asLong()).isPositive();
    }

    @Test
    void blkparseOutputAsBlkparsePrintsItReplaysItsWrites() throws IOException {
        // a column header, "Input file ... added" notes, events and blkparse's closing summary
        JsonNode run = cli.json("replay", "vol", "--trace", sample("blkparse-full-output.txt"), "--fit", "wrap", "--json");

        assertThat(run.get("writes").asLong()).isEqualTo(2);
        assertThat(run.get("skippedLines").asLong()).isZero();
    }

    @Test
    void badInputGetsOneClearLine() throws IOException {
        String trace = sample("fio-v3.log");
        assertBad(1, "exactly one of --trace FILE or --pattern KIND", "replay", "vol", "--trace", trace, "--pattern", "random");
        assertBad(1, "exactly one of --trace FILE or --pattern KIND", "replay", "vol");
        assertBad(1, "is not a TagMirror device", "replay", "vol", "--pattern", "random",
                "--offline", tmp.resolve("nowhere") + ":1:5");
        assertBad(1, "--offline 'x' is not valid", "replay", "vol", "--pattern", "random", "--offline", "x");
        assertBad(1, "--tear 'b' is not valid", "replay", "vol", "--pattern", "random", "--tear", "b");
        assertBad(1, "--crash-after 'soon' is not valid", "replay", "vol", "--pattern", "random", "--crash-after", "soon");
        assertBad(1, "--count applies to --pattern only", "replay", "vol", "--trace", trace, "--count", "5");
        assertBad(1, "--fit applies to --trace only", "replay", "vol", "--pattern", "random", "--fit", "wrap");
        assertBad(1, "--speed X or --max-rate, not both", "replay", "vol", "--trace", trace, "--speed", "2", "--max-rate");
        assertBad(1, "unknown pattern 'spiral'", "replay", "vol", "--pattern", "spiral");
        assertBad(1, "queue depth must be from 1", "replay", "vol", "--pattern", "random", "--queue-depth", "0");
        assertBad(1, "does not exist", "replay", "vol", "--trace", tmp.resolve("none.log").toString());
        assertBad(1, "no mirror named 'nope'", "replay", "nope", "--pattern", "random");
        assertBad(2, "--writers", "replay", "vol", "--pattern", "random", "--writers", "many");
        assertThat(cli.json("compare", "vol", "--json").get("inSync").asBoolean()).as("nothing was written").isTrue();
        assertThat(cli.json("tags", a, "--json").get("count").asLong()).isZero();
    }

    private void assertBad(int code, String message, String... args) {
        assertThat(cli.run(args)).as("exit code of %s", String.join(" ", args)).isEqualTo(code);
        assertThat(cli.err).contains(message).doesNotContain("Exception").doesNotContain("internal error");
        if (code == 1) {
            assertThat(cli.err).hasLineCount(1);
        }
    }

    @Test
    void anInjectedCrashEndsTheProcessAndCompareRepairMendTheMirror() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.tagmirror.Main", "replay", "vol", "--pattern", "random",
                "--count", "300", "--bs", "4k-16k", "--crash-after", "200", "--json", "--workspace", cli.workspace.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("XDG_CACHE_HOME", tmp.resolve("cache").toString()); // SQLite's library, not in the user's cache
        Process child = pb.start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isEqualTo(Halter.CRASH_STATUS);
        JsonNode summary = Json.MAPPER.readTree(out);
        assertThat(summary.get("crashed").asBoolean()).isTrue();
        assertThat(summary.get("writes").asLong()).isEqualTo(200);
        assertThat(summary.get("faults")).singleElement().satisfies(f -> {
            assertThat(f.get("kind").asText()).isEqualTo("crash");
            assertThat(f.get("write").asLong()).isEqualTo(200);
            assertThat(f.get("device").asText()).isEqualTo(a);
        });

        assertThat(cli.json("mirror", "status", "vol", "--json").get("state").asText()).isEqualTo("diverged");
        JsonNode compare = cli.json("compare", "vol", "--json");
        assertThat(compare.get("inSync").asBoolean()).isFalse();
        assertThat(compare.get("ranges")).isNotEmpty().allSatisfy(r -> assertThat(r.get("source").asText()).isEqualTo(a));
        cli.json("repair", "vol", "--yes", "--json");
        assertThat(cli.json("verify", "vol", "--json").get("identical").asBoolean()).isTrue();
        assertThat(cli.json("history", "vol", "--json").get("history").toString()).contains("crashed");
    }

    private static String sample(String name) {
        try {
            return Path.of(ReplayCommandTest.class.getResource("/traces/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
