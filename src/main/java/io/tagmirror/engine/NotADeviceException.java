package io.tagmirror.engine;

/**
 * A location offered as a device is not one: missing, not a directory, or without a descriptor
 * (perhaps a device whose creation was interrupted).
 */
public final class NotADeviceException extends TagMirrorException {
    private static final long serialVersionUID = 1L;

    public NotADeviceException(String message) {
        super(message);
    }
}
