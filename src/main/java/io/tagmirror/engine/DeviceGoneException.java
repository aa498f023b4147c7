package io.tagmirror.engine;

/**
 * A device that was open went away under TagMirror: its image file was removed or cut short, or its
 * disk no longer answers. The member leaves its mirror, which goes on with the others.
 */
public final class DeviceGoneException extends TagMirrorException {
    private static final long serialVersionUID = 1L;

    public DeviceGoneException(String message) {
        super(message);
    }

    public DeviceGoneException(String message, Throwable cause) {
        super(message, cause);
    }
}
