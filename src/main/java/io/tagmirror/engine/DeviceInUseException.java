package io.tagmirror.engine;

import java.nio.file.Path;

/**
 * A device is locked by another process (or another host sharing the drive): it can be inspected
 * read-only here, but written only once that process lets go.
 */
public final class DeviceInUseException extends TagMirrorException {
    private static final long serialVersionUID = 1L;

    private final String holder;

    public DeviceInUseException(Path device, String holder) {
        super(device + " is in use by " + holder + "; close it there first");
        this.holder = holder;
    }

    /** Who holds it, as the holder wrote it in the lock file ("process N on HOST (since ...)"). */
    public String holder() {
        return holder;
    }
}
