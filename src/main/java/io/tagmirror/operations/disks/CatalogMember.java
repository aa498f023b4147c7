package io.tagmirror.operations.disks;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A block device a workspace's catalog knows, and the mirrors it is a member of, for the survey to name.
 *
 * @param device the device's uuid
 * @param mirrors the names of the catalog's mirrors that list it; empty for a spare
 */
public record CatalogMember(UUID device, List<String> mirrors) {

    public CatalogMember {
        Objects.requireNonNull(device, "device");
        mirrors = List.copyOf(mirrors);
    }

    /** Short enough for a table cell: "member of m1 (3f2a9c1e)", or "spare device 3f2a9c1e" in no mirror. */
    public String describe() {
        String id = device.toString().substring(0, 8);
        return mirrors.isEmpty() ? "spare device " + id
                : "member of " + String.join(", ", mirrors) + " (" + id + ")";
    }
}
