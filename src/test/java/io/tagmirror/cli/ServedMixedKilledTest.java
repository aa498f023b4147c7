package io.tagmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mixed mirror (an image file, a block device, beside a directory device) served over NBD while
 * qemu-io writes to it, 64 KiB at a time with a flush after every eighth write, when the server is
 * killed with SIGKILL: after a repair the members verify identical, and every 64 KiB region holds the
 * last write qemu-io saw answered there (after a process kill the page cache keeps every acknowledged
 * write, flushed or not), or, block by block, the one write in flight at the kill. qemu-io runs one
 * command at a time, so the writes it reports answered are a prefix of its script, and a flush returned
 * when the write after it was answered.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ServedMixedKilledTest {
    private static final int REGION = 64 * 1024;
    private static final int REGIONS = 256; // a volume of 16 MiB
    private static final int WRITES = 6000;
    private static final int FLUSH_EVERY = 8;

    @TempDir
    Path tmp;

    /** One write of the script: its region and the byte it fills the region with. */
    private record Write(int region, int pattern) {
    }

    @Test
    void qemuIoWritingWithFlushesWhenTheServerOfAMixedMirrorIsKilledReadsBackEveryAnsweredWriteAfterARepair()
            throws Exception {
        assumeTrue(io.tagmirror.serve.Tools.onPath("qemu-io"), "qemu-io is not installed (apt-get install qemu-utils)");
        Path ws = tmp.resolve("ws");
        CliRunner cli = new CliRunner(ws);
        Path image = tmp.resolve("a.img");
        Path dir = tmp.resolve("b");
        assertThat(cli.run("device", "create", "--image", image.toString(), "--size", "64MiB")).as(cli.err).isZero();
        cli.json("device", "create", dir.toString(), "--json");
        cli.json("mirror", "create", "vol1", "--size", (REGIONS * REGION / (1 << 20)) + "MiB", image.toString(),
                dir.toString(), "--json");

        Random r = new Random(20261205);
        List<Write> script = new ArrayList<>();
        StringBuilder commands = new StringBuilder();
        for (int i = 0; i < WRITES; i++) {
            Write w = new Write(r.nextInt(REGIONS), 1 + i % 255);
            script.add(w);
            commands.append("write -P ").append(w.pattern()).append(' ').append((long) w.region() * REGION).append(' ')
                    .append(REGION).append('\n');
            if (i % FLUSH_EVERY == FLUSH_EVERY - 1) {
                commands.append("flush\n");
            }
        }
        Path commandFile = tmp.resolve("writes.qemu-io");
        Files.writeString(commandFile, commands);

        Path socket = ws.resolve("run/vol1.sock");
        Process server = RawNbd.serve(ws, tmp.resolve("serve.log"));
        Process qemuIo = null;
        Path out = tmp.resolve("qemu-io.log");
        try {
            qemuIo = new ProcessBuilder("qemu-io", "-f", "raw", "nbd+unix:///vol1?socket=" + socket)
                    .redirectInput(commandFile.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            // well into the script: many writes and flushes answered, far from its end
            await().atMost(Duration.ofMinutes(3)).until(() -> RawNbd.counted(cli, "writes") >= 400
                    && RawNbd.counted(cli, "flushes") >= 40);
            server.destroyForcibly(); // SIGKILL to the pid this test started
            assertThat(server.waitFor(1, TimeUnit.MINUTES)).isTrue();
            assertThat(qemuIo.waitFor(2, TimeUnit.MINUTES)).as("qemu-io ends once its server is gone").isTrue();
        } finally {
            RawNbd.kill(server);
            if (qemuIo != null) {
                RawNbd.kill(qemuIo);
            }
        }
        int answered = answeredWrites(Files.readString(out, StandardCharsets.UTF_8), script);
        assertThat(answered).as("writes answered before the kill").isBetween(400, WRITES - 1);
        // the flush after write k returned when write k + 1 was answered
        int flushed = (answered - 1) / FLUSH_EVERY * FLUSH_EVERY;

        assertThat(cli.run("repair", "vol1", "--yes")).as(cli.out + cli.err).isZero();
        assertThat(cli.run("verify", "vol1")).as(cli.out + cli.err).isEqualTo(ExitCode.OK.code());
        assertThat(cli.out).contains("identical");
        Path volume = tmp.resolve("volume");
        assertThat(cli.run("read", "vol1", "--offset", "0", "--length", Integer.toString(REGIONS * REGION), "--out",
                volume.toString())).as(cli.err).isZero();
        byte[] bytes = Files.readAllBytes(volume);

        int[] last = new int[REGIONS]; // the pattern of the last answered write per region, 0 for none
        int[] lastFlushed = new int[REGIONS];
        for (int i = 0; i < answered; i++) {
            Write w = script.get(i);
            last[w.region()] = w.pattern();
            if (i < flushed) {
                lastFlushed[w.region()] = w.pattern();
            }
        }
        Write inFlight = script.get(answered);
        int flushedRegions = 0;
        for (int region = 0; region < REGIONS; region++) {
            byte[] held = Arrays.copyOfRange(bytes, region * REGION, (region + 1) * REGION);
            boolean ok = inFlight.region() == region ? eachBlockFilledWithEither(held, last[region], inFlight.pattern())
                    : filledWith(held, last[region]);
            assertThat(ok).as("region %d holds the last write answered there (pattern %d; the last flushed one %d),"
                    + " or the write in flight; it starts with %d", region, last[region], lastFlushed[region], held[0])
                    .isTrue();
            if (lastFlushed[region] != 0) {
                flushedRegions++;
            }
        }
        System.out.printf("qemu-io on a served mixed mirror killed with SIGKILL: %d of %d writes answered (%d before a"
                + " returned flush, in %d regions), all read back after a repair; members identical%n", answered, WRITES,
                flushed, flushedRegions);
    }

    /**
     * How many writes of the script qemu-io reported answered before the first failure: its
     * "wrote N/N bytes at offset X" lines, checked against the script's offsets in order.
     */
    private static int answeredWrites(String log, List<Write> script) {
        Matcher m = Pattern.compile("wrote (\\d+)/(\\d+) bytes at offset (\\d+)").matcher(log);
        int n = 0;
        while (m.find()) {
            assertThat(Long.parseLong(m.group(3))).as("write %d of the script in qemu-io's output", n)
                    .isEqualTo((long) script.get(n).region() * REGION);
            n++;
        }
        return n;
    }

    /** A write never answered may have reached some of its blocks and not others: each holds either write. */
    private static boolean eachBlockFilledWithEither(byte[] region, int before, int inFlight) {
        for (int b = 0; b < region.length; b += 4096) {
            byte[] block = Arrays.copyOfRange(region, b, b + 4096);
            if (!filledWith(block, before) && !filledWith(block, inFlight)) {
                return false;
            }
        }
        return true;
    }

    private static boolean filledWith(byte[] region, int pattern) {
        for (byte b : region) {
            if ((b & 0xff) != pattern) {
                return false;
            }
        }
        return true;
    }
}
