package io.tagmirror.console.devices;

import io.tagmirror.engine.DeviceDescriptor;
import io.tagmirror.engine.DirectoryDevice;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
        Path abs = dir.toAbsolutePath().normalize();
        DeviceDescriptor descriptor = DirectoryDevice.readDescriptor(abs);
        workspace.addDevice(descriptor.uuid(), abs);
        List<String> mirrors = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (MirrorDefinition mirror : descriptor.mirrors()) {
            for (UUID member : mirror.devices()) {
                Optional<Path> where = locate(workspace, member, abs);
                if (where.isPresent()) {
                    workspace.addDevice(member, where.get());
                } else {
                    missing.add("device " + member + " of mirror " + mirror.name());
                }
            }
            workspace.addMirror(mirror);
            mirrors.add(mirror.name());
        }
        return new Result(descriptor.uuid(), abs, mirrors, missing);
    }

    /** Where device {@code member} is: where the catalog says, the folder given, or a sibling of it. */
    private static Optional<Path> locate(Workspace workspace, UUID member, Path given) throws IOException {
        Optional<Path> known = workspace.devicePath(member);
        if (known.isPresent() && holds(known.get(), member)) {
            return known;
        }
        if (holds(given, member)) {
            return Optional.of(given);
        }
        Path parent = given.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(parent, Files::isDirectory)) {
            for (Path sibling : siblings) {
                if (holds(sibling, member)) {
                    return Optional.of(sibling.toAbsolutePath().normalize());
                }
            }
        }
        return Optional.empty();
    }

    private static boolean holds(Path dir, UUID uuid) {
        try {
            return DirectoryDevice.isDevice(dir) && DirectoryDevice.readDescriptor(dir).uuid().equals(uuid);
        } catch (IOException e) {
            return false;
        }
    }
}
