package io.tagmirror.workspace;

import io.tagmirror.engine.DeviceDescriptor;
import io.tagmirror.engine.DirectoryDevice;
import io.tagmirror.engine.MirrorDefinition;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Brings an existing device into a workspace with the mirrors its descriptor records, finding the
 * other devices of those mirrors: where the catalog says, the directory given, or a sibling of it
 * (devices made side by side), or under extra search directories. The command line's
 * {@code mirror import} and the console's Import device both use it.
 */
public final class DeviceImport {

    /** One mirror found on the device: where its members were found, and which were not. */
    public record MirrorImport(String name, List<Path> found, List<UUID> missing) {
    }

    /** What an import recorded. */
    public record Result(UUID device, Path path, List<MirrorImport> mirrors) {
    }

    private DeviceImport() {
    }

    /** Reads {@code dir}'s descriptor (refusing anything that is not a device) and records what it names. */
    public static Result run(Workspace workspace, Path dir, List<Path> searchRoots) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        DeviceDescriptor descriptor = DirectoryDevice.readDescriptor(abs);
        workspace.addDevice(descriptor.uuid(), abs);
        List<MirrorImport> mirrors = new ArrayList<>();
        for (MirrorDefinition mirror : descriptor.mirrors()) {
            List<Path> found = new ArrayList<>();
            List<UUID> missing = new ArrayList<>();
            for (UUID member : mirror.devices()) {
                Optional<Path> where = locate(workspace, member, abs, searchRoots);
                if (where.isPresent()) {
                    workspace.addDevice(member, where.get());
                    found.add(where.get());
                } else {
                    missing.add(member);
                }
            }
            workspace.addMirror(mirror);
            mirrors.add(new MirrorImport(mirror.name(), found, missing));
        }
        for (MirrorImport m : mirrors) {
            record(workspace, abs, m);
        }
        return new Result(descriptor.uuid(), abs, mirrors);
    }

    /** An import changes which devices the workspace holds for a mirror: the history keeps it. */
    private static void record(Workspace workspace, Path from, MirrorImport m) throws IOException {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("from", from.toString());
        figures.put("devices", m.found().stream().map(Path::toString).toList());
        figures.put("missing", m.missing().stream().map(UUID::toString).toList());
        workspace.recordHistory("import", m.name(), m.missing().isEmpty() ? "imported" : "imported, members missing", figures);
    }

    private static Optional<Path> locate(Workspace workspace, UUID member, Path given, List<Path> searchRoots)
            throws IOException {
        Optional<Path> known = workspace.devicePath(member);
        if (known.isPresent() && holds(known.get(), member)) {
            return known;
        }
        if (holds(given, member)) {
            return Optional.of(given);
        }
        List<Path> roots = new ArrayList<>(searchRoots);
        if (given.getParent() != null) {
            roots.add(given.getParent());
        }
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (DirectoryStream<Path> children = Files.newDirectoryStream(root, Files::isDirectory)) {
                for (Path child : children) {
                    if (holds(child, member)) {
                        return Optional.of(child.toAbsolutePath().normalize());
                    }
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
