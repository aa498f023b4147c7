package io.tagmirror.engine.block;

import io.tagmirror.engine.TagMirrorException;
import java.util.List;

/** A disk, partition or image carries something (a file system, a partition table, ...) that formatting would destroy. */
public final class SignatureFoundException extends TagMirrorException {
    private static final long serialVersionUID = 1L;
    private final List<String> signatures;

    public SignatureFoundException(String message, List<String> signatures) {
        super(message);
        this.signatures = List.copyOf(signatures);
    }

    /** What was found, in the words blkid uses (ext4, xfs, gpt, ...). */
    public List<String> signatures() {
        return signatures;
    }
}
