package io.tagmirror.console.session;

import io.tagmirror.engine.Device;
import io.tagmirror.engine.DeviceAddress;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.workspace.Workspace;
import io.tagmirror.workspace.index.IndexSource;
import io.tagmirror.workspace.index.IndexStamp;
import io.tagmirror.workspace.index.IndexSummary;
import io.tagmirror.workspace.index.TagTableIndex;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tag table indexes of a workspace's mirrors, one SQLite file per build under
 * {@code <workspace>/index/}, named {@code <mirror uuid>-<build>.db}.
 *
 * <p>An index is rebuilt only when the devices' tables changed since it was built. A new build
 * gets a new file, so that views still reading the previous one are never disturbed; older files
 * are deleted once a newer one exists (where the OS allows deleting an open file, at once).
 */
public final class TagIndexes {

    private final Path directory;
    private final Workspace workspace;
    private final Map<UUID, Object> locks = new ConcurrentHashMap<>();

    TagIndexes(Path directory, Workspace workspace) {
        this.directory = directory;
        this.workspace = workspace;
    }

    public Path directory() {
        return directory;
    }

    /** An index file and what it holds. */
    public record Built(Path file, IndexSummary summary, boolean rebuilt) {
    }

    /**
     * An index of {@code mirror} that matches its devices as they are now, building one when the
     * newest is missing or out of date. Reads the devices through read-only handles of its own, so
     * the write path never waits for it.
     */
    public Built ensure(MirrorDefinition mirror, TaskMonitor monitor) throws IOException {
        synchronized (locks.computeIfAbsent(mirror.uuid(), k -> new Object())) {
            List<Device> opened = new ArrayList<>();
            try {
                List<IndexSource> sources = sources(mirror, opened);
                IndexStamp now = IndexStamp.of(mirror.objectId(), sources);
                Optional<Path> newest = newest(mirror.uuid());
                if (newest.isPresent()) {
                    Optional<IndexSummary> summary = summaryOf(newest.get());
                    if (summary.isPresent() && summary.get().stamp().equals(now)) {
                        return new Built(newest.get(), summary.get(), false);
                    }
                }
                long build = newest.map(TagIndexes::buildNumber).orElse(0L) + 1;
                Path file = directory.resolve(mirror.uuid() + "-" + build + ".db");
                IndexSummary summary;
                try (TagTableIndex index = TagTableIndex.build(file, mirror, sources, monitor)) {
                    summary = index.summary();
                }
                deleteOlderThan(mirror.uuid(), build);
                return new Built(file, summary, true);
            } finally {
                for (Device d : opened) {
                    try {
                        d.close();
                    } catch (IOException ignored) {
                        // a read-only handle; nothing was written through it
                    }
                }
            }
        }
    }

    /**
     * The summary of the newest index of {@code mirror} when it still matches the devices, without
     * building anything; for showing conflicts on the mirrors screen.
     */
    public Optional<IndexSummary> currentSummary(MirrorDefinition mirror) throws IOException {
        Optional<Path> newest = newest(mirror.uuid());
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        Optional<IndexSummary> summary = summaryOf(newest.get());
        if (summary.isEmpty()) {
            return Optional.empty();
        }
        List<Device> opened = new ArrayList<>();
        try {
            IndexStamp now = IndexStamp.of(mirror.objectId(), sources(mirror, opened));
            return summary.get().stamp().equals(now) ? summary : Optional.empty();
        } finally {
            for (Device d : opened) {
                try {
                    d.close();
                } catch (IOException ignored) {
                    // read-only
                }
            }
        }
    }

    /** Deletes every index file of {@code mirror}. */
    public void delete(UUID mirror) throws IOException {
        synchronized (locks.computeIfAbsent(mirror, k -> new Object())) {
            for (Path file : files(mirror)) {
                Files.deleteIfExists(file);
            }
        }
    }

    private List<IndexSource> sources(MirrorDefinition mirror, List<Device> opened) throws IOException {
        List<IndexSource> sources = new ArrayList<>();
        for (UUID member : mirror.devices()) {
            Optional<DeviceAddress> address = workspace.deviceAddress(member);
            String label = address.map(DeviceAddress::toString).orElse(member.toString());
            if (address.isEmpty()) {
                sources.add(IndexSource.unreachable(member, label, "not in this workspace"));
                continue;
            }
            if (!address.get().isDevice()) {
                sources.add(IndexSource.unreachable(member, label, address.get() + " is not reachable"));
                continue;
            }
            try {
                Device device = address.get().inspect();
                opened.add(device);
                if (!device.uuid().equals(member)) {
                    sources.add(IndexSource.unreachable(member, label, address.get() + " now holds another device"));
                } else {
                    sources.add(IndexSource.of(member, label, device.tagTable()));
                }
            } catch (TagMirrorException e) {
                sources.add(IndexSource.unreachable(member, label, e.getMessage()));
            }
        }
        return sources;
    }

    private static Optional<IndexSummary> summaryOf(Path file) {
        try (TagTableIndex index = TagTableIndex.open(file)) {
            return Optional.of(index.summary());
        } catch (IOException e) {
            // An incomplete or foreign file: treated as missing, and rebuilt.
            return Optional.empty();
        }
    }

    private Optional<Path> newest(UUID mirror) throws IOException {
        return files(mirror).stream().max(Comparator.comparingLong(TagIndexes::buildNumber));
    }

    private void deleteOlderThan(UUID mirror, long build) throws IOException {
        for (Path file : files(mirror)) {
            if (buildNumber(file) < build) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // Still open by a view on a system that refuses to delete open files: next build removes it.
                }
            }
        }
    }

    private List<Path> files(UUID mirror) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return out;
        }
        String prefix = mirror + "-";
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, prefix + "*.db")) {
            for (Path p : stream) {
                if (buildNumber(p) > 0) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /** The build number in {@code <uuid>-<build>.db}, or 0 for a file not named so. */
    static long buildNumber(Path file) {
        String name = file.getFileName().toString();
        int dash = name.lastIndexOf('-');
        if (dash < 0 || !name.endsWith(".db")) {
            return 0;
        }
        try {
            return Long.parseLong(name.substring(dash + 1, name.length() - 3));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
