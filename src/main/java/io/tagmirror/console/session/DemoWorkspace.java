package io.tagmirror.console.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.tagmirror.engine.DeviceAddress;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.operations.AssembledMirror;
import io.tagmirror.operations.DataOperation;
import io.tagmirror.operations.DeviceAccess;
import io.tagmirror.operations.DeviceCreation;
import io.tagmirror.operations.MemberAvailability;
import io.tagmirror.operations.MirrorCreation;
import io.tagmirror.workspace.Json;
import io.tagmirror.workspace.OpenMirror;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * The demo a newcomer sees on the first start: two devices under the workspace, a mirror over them
 * and a short seeded replay during which one device was offline, so the tag tables hold real
 * entries at once, the ones the device missed among them.
 *
 * <p>A marker file records what the demo made, so that removing it deletes exactly that.
 */
public final class DemoWorkspace {

    /** Folder of the demo inside the workspace. */
    public static final String FOLDER = "demo";
    /** The demo mirror's name. */
    public static final String MIRROR = "demo";
    static final String MARKER = "demo.json";
    static final long SEED = 20_240_601L;
    static final int WRITES = 400;
    /** The writes, by number, during which device B is offline. */
    static final int OUTAGE_FROM = 150;
    static final int OUTAGE_TO = 270;
    static final long SIZE_BYTES = 64L << 20;
    static final int BLOCK_SIZE = 4096;

    /** Everything a device directory may hold, as the engine makes it; nothing else is ever deleted. */
    private static final Set<String> DEVICE_FILES = Set.of("device.json", "device.json.tmp", "tags.log", "tags.log.new",
            "intents", "tags.db", "tags.db-wal", "tags.db-shm", "tags.db-journal", "lock", ".formatting", "objects");

    private DemoWorkspace() {
    }

    /** What the demo consists of, as its marker records it. */
    public record Contents(Path folder, UUID mirror, List<UUID> devices, List<Path> deviceDirectories) {
    }

    /** Whether {@code workspace} holds a demo made by the console. */
    public static boolean isPresent(Path workspace) {
        return Files.isRegularFile(workspace.resolve(FOLDER).resolve(MARKER));
    }

    /**
     * Makes the demo inside {@code workspace}: formats two devices, creates the mirror, replays the
     * seeded writes with device B offline for a window of them, and records it all in the catalog.
     */
    public static Contents create(Workspace workspace) throws IOException {
        Path folder = workspace.directory().resolve(FOLDER);
        if (Files.exists(folder)) {
            throw new TagMirrorException(folder + " already exists; the demo is only made in a new workspace");
        }
        Files.createDirectories(folder);
        DeviceCreation.Created a = DeviceCreation.create(workspace, folder.resolve("device-a"), BLOCK_SIZE);
        DeviceCreation.Created b = DeviceCreation.create(workspace, folder.resolve("device-b"), BLOCK_SIZE);
        MirrorDefinition mirror = MirrorCreation.create(workspace, MIRROR, SIZE_BYTES, List.of(a.path(), b.path()),
                DeviceAccess.exclusive()).definition();
        // Crash-safe is enough for demo data and spares a few hundred fsyncs on first start.
        try (OpenMirror opened = OpenMirror.open(workspace, MIRROR, DurabilityMode.CRASH_SAFE, false)) {
            replay(AssembledMirror.of(workspace, opened), b.uuid());
        }
        Contents contents = new Contents(folder, mirror.uuid(), List.of(a.uuid(), b.uuid()), List.of(a.path(), b.path()));
        writeMarker(contents);
        return contents;
    }

    /** Seeded writes of 4 to 32 KiB; the outage leaves the entries B missed on A only. */
    private static void replay(AssembledMirror on, UUID offline) throws IOException {
        Random random = new Random(SEED);
        long blocks = SIZE_BYTES / BLOCK_SIZE;
        for (int i = 0; i < WRITES; i++) {
            if (i == OUTAGE_FROM) {
                MemberAvailability.takeOffline(on, offline, "demo outage");
            } else if (i == OUTAGE_TO) {
                MemberAvailability.bringOnline(on, offline);
            }
            int count = 1 + random.nextInt(8);
            long first = (long) random.nextInt((int) (blocks - count));
            byte[] data = new byte[count * BLOCK_SIZE];
            random.nextBytes(data);
            DataOperation.write(on, Mirror.DEFAULT_GENERATOR, first * BLOCK_SIZE, ByteBuffer.wrap(data));
        }
    }

    private static void writeMarker(Contents contents) throws IOException {
        Map<String, Object> marker = new LinkedHashMap<>();
        marker.put("mirror", contents.mirror().toString());
        marker.put("devices", contents.devices().stream().map(UUID::toString).toList());
        marker.put("directories", contents.deviceDirectories().stream().map(p -> p.getFileName().toString()).toList());
        Files.writeString(contents.folder().resolve(MARKER), Json.MAPPER.writeValueAsString(marker));
    }

    /** What the demo of {@code workspace} consists of, if it has one. */
    public static Optional<Contents> read(Path workspace) throws IOException {
        Path folder = workspace.toAbsolutePath().normalize().resolve(FOLDER);
        Path marker = folder.resolve(MARKER);
        if (!Files.isRegularFile(marker)) {
            return Optional.empty();
        }
        JsonNode tree = Json.MAPPER.readTree(marker.toFile());
        List<UUID> devices = new ArrayList<>();
        tree.path("devices").forEach(n -> devices.add(UUID.fromString(n.asText())));
        List<Path> dirs = new ArrayList<>();
        for (JsonNode n : tree.path("directories")) {
            String name = n.asText();
            // Only plain names inside the demo folder: a hand-edited marker cannot point elsewhere.
            if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.contains("..")) {
                throw new TagMirrorException(marker + " names " + name + ", which is not a demo device folder");
            }
            dirs.add(folder.resolve(name));
        }
        return Optional.of(new Contents(folder, UUID.fromString(tree.path("mirror").asText()), devices, dirs));
    }

    /** The sentence the confirmation shows: exactly what {@link #remove} deletes. */
    public static String describeRemoval(Contents contents) {
        StringBuilder text = new StringBuilder("This deletes the demo and nothing else:\n");
        for (Path dir : contents.deviceDirectories()) {
            text.append("  • the folder ").append(dir).append(" (a demo device and its data)\n");
        }
        text.append("  • the folder ").append(contents.folder()).append(" once it is empty\n");
        text.append("  • mirror '").append(MIRROR).append("' and the two demo devices from the workspace catalog,\n")
                .append("    and the mirror's cached tag table index.\n")
                .append("History entries stay. Other devices and mirrors are not touched.");
        return text.toString();
    }

    /**
     * Deletes the demo: releases its mirror, deletes the device folders (only the files a device
     * holds, and only when the folder still holds the demo's device), and removes it from the catalog.
     */
    public static void remove(WorkspaceSession session, Contents contents) throws IOException {
        Workspace workspace = session.workspace();
        session.release(contents.mirror());
        for (UUID device : contents.devices()) {
            session.releaseDevice(device);
        }
        for (int i = 0; i < contents.deviceDirectories().size(); i++) {
            Path dir = contents.deviceDirectories().get(i);
            UUID expected = i < contents.devices().size() ? contents.devices().get(i) : null;
            DeviceAddress address = DeviceAddress.directory(dir);
            if (address.isDevice()) {
                UUID found = address.readDescriptor().uuid();
                if (!found.equals(expected)) {
                    throw new TagMirrorException(dir + " holds device " + found + ", not the demo's; it was left alone");
                }
                deleteDeviceFolder(dir);
            }
        }
        workspace.removeMirror(contents.mirror());
        for (UUID device : contents.devices()) {
            workspace.forgetDevice(device);
        }
        session.indexes().delete(contents.mirror());
        Files.deleteIfExists(contents.folder().resolve(MARKER));
        try (DirectoryStream<Path> rest = Files.newDirectoryStream(contents.folder())) {
            if (!rest.iterator().hasNext()) {
                Files.delete(contents.folder());
            }
        }
        session.catalogChanged();
    }

    private static void deleteDeviceFolder(Path dir) throws IOException {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                String name = child.getFileName().toString();
                if (!DEVICE_FILES.contains(name)) {
                    continue;
                }
                if (Files.isDirectory(child)) {
                    try (DirectoryStream<Path> objects = Files.newDirectoryStream(child)) {
                        for (Path object : objects) {
                            if (Files.isRegularFile(object)) {
                                Files.delete(object);
                            }
                        }
                    }
                }
                Files.deleteIfExists(child);
            }
        }
        try (DirectoryStream<Path> rest = Files.newDirectoryStream(dir)) {
            if (!rest.iterator().hasNext()) {
                Files.delete(dir);
            }
        }
    }
}
