package io.tagmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tagmirror serve} killed with SIGKILL while a client writes with periodic flushes, some writes
 * still in flight: after a repair the members are identical and every write acknowledged before the last
 * flush that completed reads back (a write in flight at the kill may read back old or new, nothing else).
 * The server restarted after the repair stops on SIGTERM with the client still connected.
 * {@code -Dtagmirror.serve.kills=N} runs N kill cycles (1 by default), {@code -Dtagmirror.serve.seed=S}
 * replays a seed.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ServeKilledTest {
    private static final int BLOCK = 4096;
    private static final int BLOCKS = 4096; // 16 MiB
    /** Reads of the read-back sent before their replies are taken: well inside the server's budget. */
    private static final int READS_IN_FLIGHT = 64;

    @TempDir
    Path tmp;

    private final long seed = Long.getLong("tagmirror.serve.seed", 16L);

    /** The block's content for write number {@code n}: its number and the block, then seeded bytes. */
    private byte[] content(long n, int block) {
        byte[] data = new byte[BLOCK];
        new Random(seed * 1_000_003L + n).nextBytes(data);
        ByteBuffer.wrap(data).putLong(n).putInt(block);
        return data;
    }

    @Test
    void aServerKilledDuringFlushedWritesKeepsEveryWriteBeforeTheLastFlushAfterARepair() throws Exception {
        int kills = Integer.getInteger("tagmirror.serve.kills", 1);
        Path ws = tmp.resolve("ws");
        CliRunner cli = new CliRunner(ws);
        cli.json("device", "create", tmp.resolve("a").toString(), "--json");
        cli.json("device", "create", tmp.resolve("b").toString(), "--json");
        cli.json("mirror", "create", "vol1", "--size", "16MiB", tmp.resolve("a").toString(), tmp.resolve("b").toString(),
                "--json");
        Path socket = ws.resolve("run/vol1.sock");
        Random random = new Random(seed);
        Map<Integer, Long> durable = new HashMap<>(); // block -> the write that a completed flush covers
        long n = 0;

        for (int cycle = 0; cycle < kills; cycle++) {
            String at = "seed " + seed + ", cycle " + cycle;
            Map<Integer, List<Long>> inFlight = new HashMap<>(); // block -> writes that may or may not have landed
            Process server = RawNbd.serve(ws, tmp.resolve("serve" + cycle + ".log"));
            try (SocketChannel c = RawNbd.connect(socket)) {
                int rounds = 3 + random.nextInt(6);
                for (int round = 0; round < rounds; round++) {
                    Map<Integer, Long> acknowledged = new HashMap<>();
                    int writes = 1 + random.nextInt(64);
                    for (int i = 0; i < writes; i++) { // pipelined: all sent, then all answered
                        int block = random.nextInt(BLOCKS);
                        RawNbd.send(c, RawNbd.CMD_WRITE, ++n, (long) block * BLOCK, BLOCK, content(n, block));
                        acknowledged.put(block, n);
                    }
                    for (int i = 0; i < writes; i++) {
                        RawNbd.reply(c, null);
                    }
                    RawNbd.send(c, RawNbd.CMD_FLUSH, ++n, 0, 0, null);
                    assertThat(RawNbd.reply(c, null)).as(at).isEqualTo(n);
                    durable.putAll(acknowledged);
                }
                int pending = 1 + random.nextInt(200);
                for (int i = 0; i < pending; i++) { // sent, answered or not, never flushed: the kill lands among them
                    int block = random.nextInt(BLOCKS);
                    RawNbd.send(c, RawNbd.CMD_WRITE, ++n, (long) block * BLOCK, BLOCK, content(n, block));
                    inFlight.computeIfAbsent(block, k -> new ArrayList<>()).add(n);
                }
                int answered = random.nextInt(pending + 1);
                for (int i = 0; i < answered; i++) {
                    RawNbd.reply(c, null);
                }
                server.destroyForcibly(); // SIGKILL to the pid this test started
                assertThat(server.waitFor(1, TimeUnit.MINUTES)).isTrue();
            } finally {
                RawNbd.kill(server);
            }

            assertThat(cli.run("repair", "vol1", "--yes")).as("%s: %s%s", at, cli.out, cli.err).isZero();
            assertThat(cli.run("verify", "vol1")).as("%s: %s%s", at, cli.out, cli.err).isEqualTo(ExitCode.OK.code());
            assertThat(cli.out).as(at).contains("identical");

            Path log = tmp.resolve("reread" + cycle + ".log");
            Process server2 = RawNbd.serve(ws, log);
            try {
                try (SocketChannel c = RawNbd.connect(socket)) {
                    readBack(c, durable, inFlight, at);
                    // SIGTERM with the client still connected: it finishes, flushes and exits
                    server2.destroy();
                    assertThat(server2.waitFor(2, TimeUnit.MINUTES)).as("%s: serve ends on SIGTERM", at).isTrue();
                }
                assertThat(server2.exitValue()).as("%s: %s", at, Files.readString(log)).isZero();
                assertThat(Files.readString(log)).contains("stopping");
                assertThat(socket).doesNotExist();
            } finally {
                RawNbd.kill(server2);
            }
        }
    }

    /**
     * Reads every block back, {@link #READS_IN_FLIGHT} requests at a time: a flushed write reads back as it
     * was written, a write in flight at the kill may have landed (then a later cycle must find it), a block
     * never written reads zeros.
     */
    private void readBack(SocketChannel c, Map<Integer, Long> durable, Map<Integer, List<Long>> inFlight, String at)
            throws IOException {
        byte[] got = new byte[BLOCK];
        for (int first = 0; first < BLOCKS; first += READS_IN_FLIGHT) {
            int end = Math.min(BLOCKS, first + READS_IN_FLIGHT);
            for (int block = first; block < end; block++) {
                RawNbd.send(c, RawNbd.CMD_READ, block, (long) block * BLOCK, BLOCK, null);
            }
            for (int i = first; i < end; i++) {
                int block = (int) RawNbd.reply(c, got);
                long which = ByteBuffer.wrap(got).getLong();
                Long before = durable.get(block);
                List<Long> maybe = inFlight.getOrDefault(block, List.of());
                if (maybe.contains(which) && Arrays.equals(got, content(which, block))) {
                    durable.put(block, which);
                } else if (before == null) {
                    assertThat(got).as("%s: block %d never written reads zeros", at, block).isEqualTo(new byte[BLOCK]);
                } else {
                    assertThat(got).as("%s: block %d holds write %d, flushed before the kill", at, block, before)
                            .isEqualTo(content(before, block));
                }
            }
        }
    }
}
