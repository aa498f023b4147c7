package io.tagmirror.engine.block;

import io.tagmirror.engine.Device;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorEvent;
import io.tagmirror.engine.TagGenerator;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Figures, printed, not asserted (run with {@code java -cp ... OutageLogFigures DIR}): how many seeded
 * random 4 KiB writes a block device's tag log of the default size takes while the other member is
 * offline before it stops keeping entries (its table becomes incomplete, and the next compare reads
 * the whole volume), on mirrors of several sizes (two sparse image files, crash-safe), with the
 * superseded entries the mirror deletes meanwhile.
 */
public final class OutageLogFigures {
    private static final int BS = 4096;
    /** Stop here if the log has not filled: the working set fits it for good. */
    private static final int MOST_WRITES = 1_500_000;

    private OutageLogFigures() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory(Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir")),
                "outage-log-");
        try {
            for (long volume : new long[] {256L << 20, 1L << 30, 4L << 30}) {
                run(dir, volume);
            }
        } finally {
            try (var all = Files.walk(dir)) {
                for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static void run(Path dir, long volume) throws Exception {
        long image = volume + (32L << 20);
        Path a = dir.resolve("a.img");
        Path b = dir.resolve("b.img");
        try (BlockDevice kept = BlockDevice.createImage(a, image, BS);
             BlockDevice away = BlockDevice.createImage(b, image, BS)) {
            AtomicInteger compactions = new AtomicInteger();
            long[] deleted = {0};
            try (Mirror m = Mirror.create("figures", volume, List.<Device>of(kept, away), DurabilityMode.CRASH_SAFE)) {
                m.addListener(e -> {
                    if (e.kind() == MirrorEvent.Kind.TRIMMED && e.device() != null) {
                        compactions.incrementAndGet();
                        deleted[0] += Long.parseLong(e.message().split(" ")[1]);
                    }
                });
                m.takeOffline(away.uuid(), "figures");
                TagGenerator g = m.generator(1);
                Random r = new Random(7);
                ByteBuffer data = ByteBuffer.allocate(BS);
                long blocks = volume / BS;
                long t0 = System.nanoTime();
                int writes = 0;
                while (writes < MOST_WRITES && !kept.tagTable().incomplete()) {
                    m.write(g, (long) (r.nextDouble() * blocks) * BS, data.clear());
                    writes++;
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                System.out.printf(Locale.ROOT, "volume %5d MiB (%,9d blocks): %s after %,9d writes (%.0f s);"
                        + " %,d entries kept, %d compactions deleted %,d superseded entries%n", volume >> 20, blocks,
                        kept.tagTable().incomplete() ? "log full" : "log not full", writes, seconds,
                        kept.tagTable().count(), compactions.get(), deleted[0]);
            }
        } finally {
            Files.deleteIfExists(a);
            Files.deleteIfExists(b);
        }
    }
}
