package io.tagmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * fio (its {@code nbd} engine, random 4 KiB writes at depth 8 with a flush every 16) writing to
 * {@code tagmirror serve} when the server is killed with SIGKILL: after a repair the members verify
 * identical, and every write fio saw completed reads back with its checksum (a stronger check than the
 * flushed ones alone: after a process kill the page cache keeps every acknowledged write).
 *
 * <p>Which writes fio saw completed comes from its completion-latency log with offsets, which fio
 * writes only for writes answered without error. fio's saved verify state is not enough on its own:
 * when the dropped connection surfaces while fio waits for events rather than in a write's own answer,
 * the state still counts the writes that were in flight, and the verify pass reads them back as
 * zeros although no server ever answered them.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class FioKilledTest {
    private static final int DEPTH = 8;

    @TempDir
    Path tmp;

    @Test
    void fioWritingWithFlushesWhenTheServerIsKilledReadsBackEveryCompletedWriteAfterARepair() throws Exception {
        assumeTrue(io.tagmirror.serve.Tools.onPath("fio"), "fio is not installed (apt-get install fio)");
        Path ws = tmp.resolve("ws");
        CliRunner cli = new CliRunner(ws);
        cli.json("device", "create", tmp.resolve("a").toString(), "--json");
        cli.json("device", "create", tmp.resolve("b").toString(), "--json");
        cli.json("mirror", "create", "vol1", "--size", "64MiB", tmp.resolve("a").toString(), tmp.resolve("b").toString(),
                "--json");
        Path socket = ws.resolve("run/vol1.sock");
        // the same job twice: writing with a log of what completed, then verifying without one
        List<String> common = List.of("[w]", "ioengine=nbd", "uri=nbd+unix:///vol1?socket=" + socket, "rw=randwrite",
                "bs=4k", "size=64m", "iodepth=" + DEPTH, "fsync=16", "verify=crc32c", "verify_state_save=1", "randseed=42");
        Path job = tmp.resolve("killed.fio");
        Files.writeString(job, String.join("\n", common) + "\nwrite_lat_log=w\nlog_offset=1\n");
        Path verifyJob = tmp.resolve("verify.fio");
        Files.writeString(verifyJob, String.join("\n", common) + "\n");

        Process server = RawNbd.serve(ws, tmp.resolve("serve.log"));
        Process fio = null;
        try {
            fio = new ProcessBuilder("fio", job.toString()).directory(tmp.toFile()).redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("fio-write.log").toFile()).start();
            // well into the run: many writes and flushes answered, far from its end (16,384 writes)
            await().atMost(Duration.ofMinutes(3)).until(() -> RawNbd.counted(cli, "writes") >= 500 && RawNbd.counted(cli, "flushes") >= 20);
            server.destroyForcibly(); // SIGKILL to the pid this test started
            assertThat(server.waitFor(1, TimeUnit.MINUTES)).isTrue();
            assertThat(fio.waitFor(2, TimeUnit.MINUTES)).as("fio ends once its server is gone").isTrue();
        } finally {
            RawNbd.kill(server);
            if (fio != null) {
                RawNbd.kill(fio);
            }
        }
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files.filter(f -> f.getFileName().toString().endsWith(".state")).toList())
                    .as("fio saved its verify state: %s", Files.readString(tmp.resolve("fio-write.log"))).hasSize(1);
        }
        Set<Long> completed = completedWrites(tmp.resolve("w_clat.1.log"));
        assertThat(completed).as("fio saw writes completed before the kill").hasSizeGreaterThanOrEqualTo(500);

        assertThat(cli.run("repair", "vol1", "--yes")).as(cli.out + cli.err).isZero();
        assertThat(cli.run("verify", "vol1")).as(cli.out + cli.err).isEqualTo(ExitCode.OK.code());
        assertThat(cli.out).contains("identical");

        Process again = RawNbd.serve(ws, tmp.resolve("serve-again.log"));
        try {
            Process check = new ProcessBuilder("fio", verifyJob.toString(), "--verify_only", "--verify_state_load=1")
                    .directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(tmp.resolve("fio-verify.log").toFile())
                    .start();
            boolean ended = check.waitFor(3, TimeUnit.MINUTES);
            RawNbd.kill(check);
            String log = Files.readString(tmp.resolve("fio-verify.log"), StandardCharsets.UTF_8);
            assertThat(ended).as(log).isTrue();
            assertThat(log).contains("read:");
            // a block that fails fio's check was at most one of the writes in flight at the kill
            Set<Long> failed = failedBlocks(log);
            assertThat(failed).as(log).doesNotContainAnyElementsOf(completed).hasSizeLessThanOrEqualTo(DEPTH);
            assertThat(check.exitValue() == 0).as(log).isEqualTo(failed.isEmpty());
            again.destroy(); // SIGTERM
            assertThat(again.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(again.exitValue()).isZero();
        } finally {
            RawNbd.kill(again);
        }
    }

    /** The offsets of the writes fio answered without error, from its completion-latency log. */
    private static Set<Long> completedWrites(Path clatLog) throws IOException {
        Set<Long> offsets = new HashSet<>();
        for (String line : Files.readAllLines(clatLog)) {
            String[] fields = line.split(",\\s*"); // time, latency, direction, size, offset, priority
            if (fields.length >= 5 && fields[2].equals("1")) {
                offsets.add(Long.parseLong(fields[4]));
            }
        }
        return offsets;
    }

    /** The offsets of the blocks fio's verify pass found wrong (a bad header or a checksum mismatch). */
    private static Set<Long> failedBlocks(String verifyLog) {
        Set<Long> offsets = new HashSet<>();
        Matcher m = Pattern.compile("requested block: offset=(\\d+)").matcher(verifyLog);
        while (m.find()) {
            offsets.add(Long.parseLong(m.group(1)));
        }
        return offsets;
    }
}
