package io.tagmirror.console.drives;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Reads the file stores of a {@link FileSystem}, by default the machine's own, through {@code java.nio.file}. */
public final class SystemFileStoreSource implements FileStoreSource {

    private final FileSystem fileSystem;

    public SystemFileStoreSource() {
        this(FileSystems.getDefault());
    }

    public SystemFileStoreSource(FileSystem fileSystem) {
        this.fileSystem = Objects.requireNonNull(fileSystem, "fileSystem");
    }

    @Override
    public List<DriveInfo> list() throws IOException {
        // Keyed by mount point: a later mount over the same point hides the earlier one, as in df.
        Map<String, FileStore> byMountPoint = new LinkedHashMap<>();
        // Roots first: on Windows they are the only way to learn a store's drive letter.
        for (Path root : fileSystem.getRootDirectories()) {
            try {
                byMountPoint.put(root.toString(), Files.getFileStore(root));
            } catch (IOException e) {
                // An empty card reader or a locked volume; nothing to show for it.
            }
        }
        for (FileStore store : fileSystem.getFileStores()) {
            if (!byMountPoint.containsValue(store)) {
                byMountPoint.put(mountPointOf(store), store);
            }
        }
        List<DriveInfo> drives = new ArrayList<>(byMountPoint.size());
        byMountPoint.forEach((mountPoint, store) -> drives.add(describe(mountPoint, store)));
        return drives;
    }

    /**
     * The mount point of a store; the API has no accessor for it, but every JDK prints stores as
     * {@code "<mount point> (<name>)"}.
     */
    static String mountPointOf(FileStore store) {
        String text = store.toString();
        String suffix = " (" + store.name() + ")";
        return text.endsWith(suffix) ? text.substring(0, text.length() - suffix.length()) : text;
    }

    private static DriveInfo describe(String mountPoint, FileStore store) {
        String device = store.name();
        String type = store.type();
        try {
            return new DriveInfo(mountPoint, device, type, store.getTotalSpace(),
                    store.getUnallocatedSpace(), store.getUsableSpace());
        } catch (IOException | SecurityException e) {
            // Show the store anyway: knowing it is mounted but unreadable is useful to an admin.
            return DriveInfo.withoutSizes(mountPoint, device, type);
        }
    }
}
