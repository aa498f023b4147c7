package io.tagmirror.engine;

/**
 * A read refused because the blocks asked for differ between a mirror's members and none of them is
 * known to hold their current data, or because no member is known good at all: answering would risk
 * returning stale data. A compare and a repair settle it.
 */
public class NotInSyncException extends TagMirrorException {
    private static final long serialVersionUID = 1L;

    public NotInSyncException(String message) {
        super(message);
    }
}
