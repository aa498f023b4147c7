package io.tagmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
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
                "--queue-depths", "16,128", "--compare-entries", "2000", "--divergences", "0.01",
                "--resync-sizes", "64MiB,128MiB", "--no-drop-caches", "--json");

        assertThat(r.at("/write/ratio/crashSafe").asDouble()).isPositive();
        assertThat(r.at("/write/ratio/powerSafe").asDouble()).isPositive();
        assertThat(r.at("/write/points")).hasSize(6); // two depths and one sequential point, in each mode
        assertThat(r.at("/write/groupCommit/crashSafeQd16/meanBatch").asDouble()).isGreaterThanOrEqualTo(1.0);
        assertThat(r.at("/write/groupCommit/crashSafeQd16/entryBytesPerWrite").asDouble()).isEqualTo(48.0);
        // an entry of 48 bytes, and its batch's header and framing in the table's log
        assertThat(r.at("/write/groupCommit/powerSafeQd128/tagTableBytesPerWrite").asDouble()).isGreaterThan(48.0);
        assertThat(r.at("/write/groupCommit/crashSafeQd16/tagTableBytesPerWrite").asDouble()).isGreaterThan(48.0)
                .isLessThan(200.0);

        JsonNode compare = r.get("compare").get(0);
        assertThat(compare.get("entries").asInt()).isEqualTo(2000);
        assertThat(compare.get("seconds").asDouble()).isPositive();
        assertThat(compare.get("heapBytes").asLong()).isPositive();
        assertThat(compare.get("inSync").asBoolean()).as("identical data under matched entries").isTrue();
        // where the compare's time went, phase by phase, adding up to no more than the whole
        JsonNode phases = compare.get("phases");
        assertThat(phases.fieldNames()).toIterable().containsExactly("gatherSeconds", "sortSeconds", "sweepSeconds");
        double sum = 0;
        for (JsonNode phase : phases) {
            assertThat(phase.asDouble()).isNotNegative();
            sum += phase.asDouble();
        }
        assertThat(sum).isPositive().isLessThanOrEqualTo(compare.get("seconds").asDouble());

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
                "write.crashSafe.qd16", "write.powerSafe.qd128", "write.powerSafe.qd16.vsCrashSafe",
                "resync.sizeIndependence", "resync.perBlockVsFloor");
        assertThat(r.at("/targets/0/target").asText())
                .isEqualTo("crash-safe 4 KiB random writes at queue depth 16, tagged / untagged");
        assertThat(r.at("/targets/0/measured").asDouble()).isEqualTo(r.at("/write/ratio/crashSafe").asDouble());
        assertThat(r.at("/targets/0/met").asBoolean()).isEqualTo(r.at("/write/ratio/crashSafe").asDouble() >= 0.90);
        assertThat(dir).doesNotExist();
    }

    @Test
    void partsRunAlone() throws IOException {
        JsonNode r = cli.json("bench", "--dir", tmp.resolve("b").toString(), "--volume", "64MiB",
                "--parts", "resync", "--divergences", "0.001", "--resync-sizes", "64MiB,256MiB", "--no-drop-caches",
                "--json");
        assertThat(r.has("write")).isFalse();
        assertThat(r.has("compare")).isFalse();
        assertThat(r.get("resync")).hasSize(2);
        assertThat(r.get("resync").get(0).get("bytesCopied").asLong()).isEqualTo(16L * 4096);
        assertThat(r.get("resync").get(1).get("bytesCopied").asLong()).isEqualTo(16L * 4096);
        // 0.1 %: the resync targets are checked for both outage shapes
        assertThat(r.get("targets")).extracting(t -> t.get("id").asText()).containsExactly(
                "resync.bytesCopied.w4k", "resync.bytesCopied.w64k", "resync.sizeIndependence", "resync.perBlockVsFloor");
        assertThat(r.at("/targets/0/met").asBoolean()).as("bytes copied = divergent").isTrue();

        // the same 262 scattered blocks resynced in a 64 MiB and a 256 MiB mirror
        JsonNode sizes = r.get("resyncSizes");
        assertThat(sizes.get("divergentBlocks").asInt()).isEqualTo(262);
        assertThat(sizes.get("sizes")).extracting(p -> p.get("volumeBytes").asLong())
                .containsExactly(64L << 20, 256L << 20);
        for (JsonNode p : sizes.get("sizes")) {
            assertThat(p.get("scanBytesRead").asLong()).as("both whole objects").isEqualTo(2 * p.get("volumeBytes").asLong());
            // compare reads the divergent blocks on both devices (and may take a near neighbour in the same read)
            assertThat(p.get("tagBytesRead").asLong()).isBetween(2L * 262 * 4096, 4L * 262 * 4096);
            assertThat(p.get("tagSecondsRuns")).hasSize(3);
            assertThat(p.get("floorMicrosPerBlock").asDouble()).isPositive();
            assertThat(p.get("perBlockVsFloor").asDouble()).isEqualTo(
                    p.get("tagMicrosPerBlock").asDouble() / p.get("floorMicrosPerBlock").asDouble(), within(1e-9));
            assertThat(p.has("tagColdSeconds")).as("caches are never dropped in tests").isFalse();
        }
        assertThat(sizes.get("tagTimeRatio").asDouble()).isEqualTo(
                sizes.at("/sizes/1/tagSeconds").asDouble() / sizes.at("/sizes/0/tagSeconds").asDouble(), within(1e-9));
        assertThat(r.at("/targets/2/measured").asDouble()).isEqualTo(sizes.get("tagTimeRatio").asDouble());
        assertThat(r.at("/targets/2/met").asBoolean()).isEqualTo(sizes.get("tagTimeRatio").asDouble() <= 1.5);
        assertThat(r.has("resyncCold")).isFalse();
    }

    @Test
    void theNbdPartDrivesFioAgainstEveryServerItFindsAndStopsThemAll() throws IOException {
        Assumptions.assumeTrue(onPath("fio"), "needs fio with its nbd engine (package fio)");
        Path dir = tmp.resolve("n");
        JsonNode r = cli.json("bench", "--dir", dir.toString(), "--parts", "nbd", "--volume", "64MiB",
                "--nbd-seconds", "1", "--nbd-rounds", "2", "--json");
        assertThat(r.has("write")).isFalse();
        JsonNode nbd = r.get("nbd");
        assertThat(nbd.get("rounds").asInt()).isEqualTo(2);
        List<String> running = new ArrayList<>();
        nbd.get("servers").forEach(s -> running.add(s.get("id").asText()));
        List<String> all = new ArrayList<>(running);
        nbd.get("skipped").forEach(s -> all.add(s.get("id").asText()));
        // each server either ran or was left out with its reason
        assertThat(all).contains("qemu-nbd-quorum", "nbdkit-file");
        assertThat(all).containsAnyOf("tagmirror", "tagmirror-crash-safe");
        assertThat(nbd.get("points")).hasSize(4 * running.size()); // random 4 KiB at depths 1, 16, 64; 1 MiB sequential
        for (JsonNode p : nbd.get("points")) {
            assertThat(p.get("writesPerSecond").asDouble()).as(p.toString()).isPositive();
            assertThat(p.get("writesPerSecondRuns")).hasSize(2);
            assertThat(p.get("serverCpuMicrosPerWrite").asDouble()).as(p.toString()).isNotNegative();
            assertThat(p.get("meanLatencyMicros").asDouble()).as(p.toString()).isPositive();
        }
        assertThat(nbd.get("points")).extracting(p -> p.get("pattern").asText() + " " + p.get("queueDepth").asInt())
                .contains("random-4k 1", "random-4k 16", "random-4k 64", "sequential-1m 1");
        if (running.contains("tagmirror-crash-safe") && running.contains("qemu-nbd-quorum")) {
            assertThat(r.get("targets")).extracting(t -> t.get("id").asText()).containsSubsequence(
                    "nbd.crashSafe.qd1.vsQuorum", "nbd.crashSafe.qd16.vsQuorum", "nbd.powerSafe.qd1.vsQuorum",
                    "nbd.powerSafe.qd16.vsQuorum");
            JsonNode q1 = nbd.at("/ratios/crashSafe.qd1.vsQuorum");
            assertThat(q1.get("runs")).hasSize(2);
        }
        // the bench stopped every server it started and removed its directory
        assertThat(dir).doesNotExist();
        assertThat(ProcessHandle.allProcesses().map(h -> h.info().commandLine().orElse(""))
                .filter(c -> c.contains(dir.toString()))).isEmpty();
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        return path != null && java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }

    @Test
    void theWritePartRunsOnImageFilesBesideDirectoriesWithItsOwnTargets() throws IOException {
        Path dir = tmp.resolve("bench");
        JsonNode r = cli.json("bench", "--dir", dir.toString(), "--volume", "64MiB", "--writes", "400",
                "--queue-depths", "1,16", "--parts", "write", "--device-kind", "directory,block", "--json");
        assertThat(r.at("/write/points")).hasSize(6);
        assertThat(r.at("/writeBlock/points")).hasSize(6);
        assertThat(r.at("/writeBlock/ratio/crashSafe").asDouble()).isPositive();
        assertThat(r.get("targets")).extracting(t -> t.get("id").asText()).contains("write.crashSafe.qd16",
                "write.crashSafe.qd16.block", "write.powerSafe.qd1.vsCrashSafe.block");
        assertThat(dir).doesNotExist();
    }

    @Test
    void badOptionsAreRefusedBeforeAnythingIsMade() throws IOException {
        Path dir = tmp.resolve("b");
        assertBad("--volume must be a whole number of MiB", "--volume", "1000");
        assertBad("--writes must be at least 100", "--writes", "5");
        assertBad("--queue-depths must be between 1 and 4096", "--queue-depths", "0");
        assertBad("--divergences must be fractions", "--divergences", "2");
        assertBad("unknown part 'speed': choose from write, compare, resync, nbd", "--parts", "speed");
        assertBad("--nbd-seconds and --nbd-rounds must be at least 1", "--parts", "nbd", "--nbd-rounds", "0");
        assertBad("--resync-sizes must be whole numbers of MiB, at least 64MiB", "--resync-sizes", "1GiB,1MiB");
        assertBad("unknown device kind 'disk': choose directory, block or both", "--device-kind", "disk");
        assertThat(dir).doesNotExist();
        Files.createDirectories(dir);
        assertBad("exists; the benchmark makes (and removes) a directory of its own");
        assertThat(dir).isEmptyDirectory();
    }

    /**
     * Devices filled 4 KiB at a time ({@code -Dtagmirror.bench.fillBytes}) give a cheaper untagged floor:
     * the run records it and checks no write target against it; a size that is no power of two is
     * refused before anything is made.
     */
    @Test
    void aRunOnDevicesFilledFinerChecksNoWriteTarget() throws IOException {
        String key = "tagmirror.bench.fillBytes";
        try {
            System.setProperty(key, "4096");
            Path dir = tmp.resolve("fine");
            JsonNode r = cli.json("bench", "--dir", dir.toString(), "--volume", "64MiB", "--writes", "400",
                    "--queue-depths", "16", "--parts", "write", "--json");
            assertThat(r.at("/write/fillBytes").asInt()).isEqualTo(4096);
            assertThat(r.at("/write/ratio/crashSafe").asDouble()).isPositive();
            assertThat(r.get("targets")).isEmpty();
            assertThat(dir).doesNotExist();
            System.setProperty(key, "3000");
            assertBad("-Dtagmirror.bench.fillBytes must be a power of two from 4096 to 1048576, not 3000",
                    "--parts", "write");
            System.setProperty(key, "4k");
            assertBad("-Dtagmirror.bench.fillBytes must be a power of two from 4096 to 1048576, not 4k",
                    "--parts", "write");
            assertThat(tmp.resolve("b")).doesNotExist();
        } finally {
            System.clearProperty(key);
        }
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
