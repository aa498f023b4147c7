package io.tagmirror.engine.device.io;

import com.sun.jna.Native;

/**
 * A native call of no consequence made after each store into a mapping: the JVM raises a store's
 * fault (SIGBUS) at the thread's next return from native code, so the fault of a store surfaces here,
 * in the hands of the {@link MappedWindow} that made it, instead of in some later and unrelated call.
 * It is libc's {@code abs}, which makes no system call: {@code getpid} did, and cost 1.2 µs a store
 * on a virtual machine (as much as the {@code pwrite} the mapping saves), {@code abs} 0.06 µs.
 */
final class StoreFence {
    /** Whether the native call could be bound (libc through JNA); without it nothing may be mapped for stores. */
    static final boolean AVAILABLE = register();

    private static boolean register() {
        try {
            Native.register("c");
            return true;
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
    }

    private StoreFence() {
    }

    private static native int abs(int x);

    static void fence() {
        abs(0);
    }
}
