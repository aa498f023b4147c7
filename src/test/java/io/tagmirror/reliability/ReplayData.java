package io.tagmirror.reliability;

import java.lang.reflect.Method;
import java.nio.ByteBuffer;

/**
 * The data a replay writes for write {@code n}: the replayer's own function, reached by reflection
 * because it is package-private, so the crash test checks exactly what was written.
 */
final class ReplayData {
    private static final Method OF;

    static {
        try {
            OF = Class.forName("io.tagmirror.workload.replay.WriteData").getDeclaredMethod("of", long.class, long.class,
                    int.class);
            OF.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError("the replay's write data is no longer WriteData.of(seed, number, length);"
                    + " update ReplayData: " + e);
        }
    }

    private ReplayData() {
    }

    static byte[] of(long seed, long writeNumber, int length) {
        try {
            ByteBuffer b = (ByteBuffer) OF.invoke(null, seed, writeNumber, length);
            byte[] out = new byte[b.remaining()];
            b.duplicate().get(out);
            return out;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
