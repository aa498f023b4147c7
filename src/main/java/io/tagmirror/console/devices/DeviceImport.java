package io.tagmirror.console.devices;

import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Brings an existing device into the workspace, with the mirrors its descriptor records and the
 * other devices of those mirrors where they can be found: as the command line's {@code mirror
 * import} does, except that a device of no mirror is simply added.
 */
final class DeviceImport {

    private DeviceImport() {
    }

    /** What an import found. */
    record Result(UUID device, Path path, List<String> mirrors, List<String> missing) {

        /** One sentence for the notice line. */
        String describe() {
            StringBuilder text = new StringBuilder("Imported device " + path);
            if (mirrors.isEmpty()) {
                text.append("; it belongs to no mirror.");
            } else {
                text.append(" with ").append(mirrors.size() == 1 ? "mirror " : "mirrors ")
                        .append(String.join(", ", mirrors)).append('.');
            }
            if (!missing.isEmpty()) {
                text.append(" Not found: ").append(String.join(", ", missing))
                        .append(" (import those devices too once they are attached).");
            }
            return text.toString();
        }
    }

    /** Reads {@code dir}'s descriptor (refusing anything that is not a device) and records what it names. */
    static Result run(Workspace workspace, Path dir) throws IOException {
        io.tagmirror.operations.DeviceImport.Result r = io.tagmirror.operations.DeviceImport.run(workspace, dir, List.of());
        List<String> mirrors = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (io.tagmirror.operations.DeviceImport.MirrorImport m : r.mirrors()) {
            mirrors.add(m.name());
            for (UUID member : m.missing()) {
                missing.add("device " + member + " of mirror " + m.name());
            }
        }
        return new Result(r.device(), r.path(), mirrors, missing);
    }
}
