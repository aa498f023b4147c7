package io.tagmirror.workload.bench;

import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.TagGenerator;
import io.tagmirror.engine.Device;
import java.io.IOException;
import java.nio.ByteBuffer;

/** An outage of one device of a bench mirror, during which it misses writes at chosen blocks. */
final class Outage {
    private static final int BS = 4096;

    private Outage() {
    }

    /**
     * {@code missing} is offline while one write of {@code writeBlocks} blocks lands at each of
     * {@code firstBlocks}; every block written differs from anything an earlier outage left, so each
     * really diverges.
     */
    static void diverge(Mirror mirror, Device missing, long[] firstBlocks, int writeBlocks, ByteBuffer[] pattern,
                        long outage) throws IOException {
        mirror.takeOffline(missing.uuid(), "benchmark outage");
        TagGenerator g = mirror.generator(2);
        ByteBuffer data = ByteBuffer.allocate(writeBlocks * BS);
        for (int i = 0; i < firstBlocks.length; i++) {
            data.clear();
            for (int k = 0; k < writeBlocks; k++) {
                data.put(pattern[(int) ((i + k + outage) % pattern.length)].duplicate());
                // unique per block and outage
                data.putLong(k * BS, firstBlocks[i] + k);
                data.putLong(k * BS + 8, outage);
            }
            mirror.write(g, firstBlocks[i] * BS, data.flip());
        }
        mirror.bringOnline(missing.uuid());
    }
}
