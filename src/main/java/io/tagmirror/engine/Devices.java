package io.tagmirror.engine;

import java.io.IOException;

/** Small shared pieces of device handling. */
final class Devices {
    private Devices() {
    }

    /** The I/O failure inside a future's wrapper, so callers see the administrator-facing message. */
    static IOException unwrap(Throwable t) {
        Throwable cause = TagMirrorException.causeOf(t);
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof RuntimeException re) {
            throw re;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new IOException(cause);
    }
}
