package io.tagmirror.engine;

/**
 * A device cannot be written where it is (a read-only file system or a location this user may not
 * write), or was opened read-only: it can still be inspected.
 */
public final class DeviceNotWritableException extends TagMirrorException {
    private static final long serialVersionUID = 1L;

    public DeviceNotWritableException(String message) {
        super(message);
    }
}
