package io.tagmirror.engine.block;

import io.tagmirror.engine.TagMirrorException;

/** A disk, partition or image is in use by something else (mounted, swap, held, claimed): nothing was written to it. */
public final class DriveInUseException extends TagMirrorException {
    private static final long serialVersionUID = 1L;

    /** What uses it. */
    public enum Use {
        MOUNTED, SWAP, HELD, EXCLUSIVE, LOOP_BACKING
    }

    private final Use use;

    public DriveInUseException(Use use, String message) {
        super(message);
        this.use = use;
    }

    public Use use() {
        return use;
    }
}
