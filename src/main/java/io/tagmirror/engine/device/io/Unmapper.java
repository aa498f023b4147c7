package io.tagmirror.engine.device.io;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.MappedByteBuffer;

/**
 * Unmaps a mapped buffer at once. The JDK unmaps only when the buffer is collected, and a mapping keeps
 * its file open: a device closed and opened again, or a loop device detached, must not wait for the
 * collector. {@code sun.misc.Unsafe.invokeCleaner} is the JDK's supported way (module jdk.unsupported).
 */
final class Unmapper {
    private static final Object UNSAFE;
    private static final Method INVOKE_CLEANER;

    static {
        try {
            Class<?> unsafe = Class.forName("sun.misc.Unsafe");
            Field the = unsafe.getDeclaredField("theUnsafe");
            the.setAccessible(true);
            UNSAFE = the.get(null);
            INVOKE_CLEANER = unsafe.getMethod("invokeCleaner", java.nio.ByteBuffer.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Unmapper() {
    }

    /** Unmaps {@code buffer}; touching it afterwards would crash the JVM, so its owner forgets it first. */
    static void unmap(MappedByteBuffer buffer) {
        try {
            INVOKE_CLEANER.invoke(UNSAFE, buffer);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot unmap a log window: " + e, e);
        }
    }
}
