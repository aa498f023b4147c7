package io.tagmirror.engine;

/**
 * A device is already open for writing in this process (perhaps through another path to the same
 * directory): a second writer would break the one-transaction-per-device order, so it is refused.
 */
public final class DeviceAlreadyOpenException extends TagMirrorException {
    private static final long serialVersionUID = 1L;

    public DeviceAlreadyOpenException(String message) {
        super(message);
    }
}
