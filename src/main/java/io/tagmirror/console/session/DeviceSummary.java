package io.tagmirror.console.session;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A device of the workspace as the console lists it.
 *
 * @param uuid the device
 * @param path where the catalog last saw it
 * @param reachable whether a device with this uuid is there now
 * @param blockSize its block size, or 0 when not reachable
 * @param entries entries in its tag table, or -1 when unknown
 * @param mirrors the names of the mirrors it belongs to, from its own descriptor, less those that replaced it
 * @param note why it is not reachable, that it is held elsewhere, or which mirrors retired it; null when all is well
 */
public record DeviceSummary(UUID uuid, Path path, boolean reachable, int blockSize, long entries,
                            List<String> mirrors, String note) {

    public DeviceSummary {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(path, "path");
        mirrors = List.copyOf(mirrors);
    }

    /** The device's folder name and the start of its uuid, e.g. "device-a (3f2a9c1e)". */
    public String shortName() {
        Path name = path.getFileName();
        return (name == null ? path.toString() : name.toString()) + " (" + uuid.toString().substring(0, 8) + ")";
    }
}
