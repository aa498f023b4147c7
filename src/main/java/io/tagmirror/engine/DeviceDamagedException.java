package io.tagmirror.engine;

/**
 * A device's own files are damaged or of a format this TagMirror does not read: its descriptor, its
 * tag table or its objects directory. Replacing the device (or resetting its tag table) is the way out.
 */
public final class DeviceDamagedException extends TagMirrorException {
    private static final long serialVersionUID = 1L;

    public DeviceDamagedException(String message) {
        super(message);
    }

    public DeviceDamagedException(String message, Throwable cause) {
        super(message, cause);
    }
}
