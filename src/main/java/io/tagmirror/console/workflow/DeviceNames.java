package io.tagmirror.console.workflow;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Short names of a mirror's devices for tables and sentences: the folder name, e.g. "device-b", with
 * its parent folder added when two devices share a folder name.
 */
public final class DeviceNames {

    private DeviceNames() {
    }

    /** A short name per device, in the order of {@code locations}. */
    public static Map<UUID, String> of(Map<UUID, Path> locations) {
        Map<String, Integer> counts = new HashMap<>();
        for (Path p : locations.values()) {
            counts.merge(leaf(p), 1, Integer::sum);
        }
        Map<UUID, String> out = new LinkedHashMap<>();
        locations.forEach((uuid, path) -> {
            String leaf = leaf(path);
            Path parent = path.getParent();
            boolean ambiguous = counts.get(leaf) > 1 && parent != null && parent.getFileName() != null;
            out.put(uuid, ambiguous ? parent.getFileName() + "/" + leaf : leaf);
        });
        return out;
    }

    private static String leaf(Path p) {
        Path name = p.getFileName();
        return name == null ? p.toString() : name.toString();
    }
}
