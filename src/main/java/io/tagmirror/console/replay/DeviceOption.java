package io.tagmirror.console.replay;

import java.nio.file.Path;
import java.util.Objects;
import java.util.UUID;

/**
 * A device of the chosen mirror as the replay form offers it for faults.
 *
 * @param uuid the device
 * @param name its short name, e.g. "device-b"
 * @param path its directory, as the fault plan names devices
 */
public record DeviceOption(UUID uuid, String name, Path path) {

    public DeviceOption {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
    }

    @Override
    public String toString() {
        return name;
    }
}
