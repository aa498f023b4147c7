package io.tagmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small run of every part of {@code tagmirror bench}: the keys users script against, and its refusals. */
class BenchCommandTest {
    @TempDir
    Path tmp;
    CliRunner cli;

    @BeforeEach
    void runner() {
        cli = new CliRunner(tmp.resolve("ws"));
    }

    @Test
    void aSmallRunPrintsEveryPartAndRemovesItsDirectory() throws IOException {
        Path dir = tmp.resolve("bench");
        JsonNode r = cli.json("bench", "--dir", dir.toString(), "--volume", "64MiB", "--writes", "400",
                "--queue-depths", "16,128", "--compare-entries", "2000", "--divergences", "0.01", "--json");

        assertThat(r.at("/write/ratio/crashSafe").asDouble()).isPositive();
        assertThat(r.at("/write/ratio/powerSafe").asDouble()).isPositive();
        assertThat(r.at("/write/points")).hasSize(6); // two depths and one sequential point, in each mode
        assertThat(r.at("/write/groupCommit/crashSafeQd16/meanBatch").asDouble()).isGreaterThanOrEqualTo(1.0);
        assertThat(r.at("/write/groupCommit/crashSafeQd16/entryBytesPerWrite").asDouble()).isEqualTo(48.0);
        // each commit writes at least one page of the table's log, whatever the batch holds
        assertThat(r.at("/write/groupCommit/powerSafeQd128/tagTableBytesPerWrite").asDouble()).isGreaterThan(48.0);

        JsonNode compare = r.get("compare").get(0);
        assertThat(compare.get("entries").asInt()).isEqualTo(2000);
        assertThat(compare.get("seconds").asDouble()).isPositive();
        assertThat(compare.get("heapBytes").asLong()).isPositive();
        assertThat(compare.get("inSync").asBoolean()).as("identical data under matched entries").isTrue();

        assertThat(r.get("resync")).hasSize(2);
        JsonNode scattered = r.get("resync").get(0);
        assertThat(scattered.get("divergence").asDouble()).isEqualTo(0.01);
        assertThat(scattered.get("writeBytes").asInt()).isEqualTo(4096);
        assertThat(scattered.get("divergentBytes").asLong()).isEqualTo(164L * 4096); // 1 % of 16,384 blocks, rounded
        JsonNode clustered = r.get("resync").get(1);
        assertThat(clustered.get("writeBytes").asInt()).isEqualTo(65536);
        assertThat(clustered.get("divergentBytes").asLong()).isEqualTo(10L * 65536); // whole 64 KiB writes
        for (JsonNode resync : r.get("resync")) {
            assertThat(resync.get("bytesCopied").asLong()).as("copies exactly what diverged")
                    .isEqualTo(resync.get("divergentBytes").asLong());
            assertThat(resync.get("scanBytesCopied").asLong()).as("the scan finds the same blocks")
                    .isEqualTo(resync.get("divergentBytes").asLong());
            assertThat(resync.get("scanBytesRead").asLong()).as("both whole objects").isEqualTo(2L * (64 << 20));
            assertThat(resync.get("copyBytesRead").asLong()).as("the whole volume, read").isEqualTo(64L << 20);
            assertThat(resync.get("copyBytesWritten").asLong()).as("and written").isEqualTo(64L << 20);
            for (String key : new String[] {"tagSeconds", "scanSeconds", "copySeconds"}) {
                assertThat(resync.get(key).asDouble()).as(key).isPositive();
            }
        }
        // the run checks the targets it has figures for (no 1,000,000-entry compare in this small run)
        assertThat(r.get("targets")).extracting(t -> t.get("id").asText()).containsExactly(
                "write.crashSafe.qd16", "write.powerSafe.qd128", "write.powerSafe.qd16.vsCrashSafe");
        assertThat(r.at("/targets/0/target").asText())
                .isEqualTo("crash-safe 4 KiB random writes at queue depth 16, tagged / untagged");
        assertThat(r.at("/targets/0/measured").asDouble()).isEqualTo(r.at("/write/ratio/crashSafe").asDouble());
        assertThat(r.at("/targets/0/met").asBoolean()).isEqualTo(r.at("/write/ratio/crashSafe").asDouble() >= 0.90);
        assertThat(dir).doesNotExist();
    }

    @Test
    void partsRunAlone() throws IOException {
        JsonNode r = cli.json("bench", "--dir", tmp.resolve("b").toString(), "--volume", "64MiB",
                "--parts", "resync", "--divergences", "0.001", "--json");
        assertThat(r.has("write")).isFalse();
        assertThat(r.has("compare")).isFalse();
        assertThat(r.get("resync")).hasSize(2);
        assertThat(r.get("resync").get(0).get("bytesCopied").asLong()).isEqualTo(16L * 4096);
        assertThat(r.get("resync").get(1).get("bytesCopied").asLong()).isEqualTo(16L * 4096);
        // 0.1 %: the resync targets are checked for both outage shapes
        assertThat(r.get("targets")).extracting(t -> t.get("id").asText()).containsExactly(
                "resync.vsScan.w4k", "resync.bytesCopied.w4k", "resync.vsScan.w64k", "resync.bytesCopied.w64k");
        assertThat(r.at("/targets/1/met").asBoolean()).as("bytes copied = divergent").isTrue();
        assertThat(r.at("/targets/0/met").asBoolean())
                .isEqualTo(r.at("/resync/0/speedupOverScan").asDouble() >= 100);
    }

    @Test
    void badOptionsAreRefusedBeforeAnythingIsMade() throws IOException {
        Path dir = tmp.resolve("b");
        assertBad("--volume must be a whole number of MiB", "--volume", "1000");
        assertBad("--writes must be at least 100", "--writes", "5");
        assertBad("--queue-depths must be between 1 and 4096", "--queue-depths", "0");
        assertBad("--divergences must be fractions", "--divergences", "2");
        assertBad("unknown part 'speed'", "--parts", "speed");
        assertThat(dir).doesNotExist();
        Files.createDirectories(dir);
        assertBad("exists; the benchmark makes (and removes) a directory of its own");
        assertThat(dir).isEmptyDirectory();
    }

    private void assertBad(String message, String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "bench";
        all[1] = "--dir";
        all[2] = tmp.resolve("b").toString();
        System.arraycopy(args, 0, all, 3, args.length);
        assertThat(cli.run(all)).as(String.join(" ", all)).isEqualTo(1);
        assertThat(cli.err).contains(message).hasLineCount(1);
    }
}
