package io.tagmirror.workload.replay;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The data of each replayed write: pseudo-random, derived from the run's seed and the write number
 * only, so that a replay is reproducible whatever the queue depth, writers or tags; never all zeros,
 * so every write changes the blocks it touches.
 */
final class WriteData {
    private WriteData() {
    }

    static ByteBuffer of(long seed, long writeNumber, int length) {
        ByteBuffer buf = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        long state = mix(seed ^ mix(writeNumber + 0x632BE59BD9B4E019L));
        while (buf.remaining() >= Long.BYTES) {
            state += 0x9E3779B97F4A7C15L;
            buf.putLong(mix(state));
        }
        while (buf.hasRemaining()) {
            state += 0x9E3779B97F4A7C15L;
            buf.put((byte) mix(state));
        }
        buf.put(0, (byte) (buf.get(0) | 1));
        return buf.clear();
    }

    /** The SplitMix64 finaliser: spreads every input bit over the output. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
