package io.tagmirror.console.session;

import io.tagmirror.workspace.Workspace;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Which workspace the console opens when it starts: the last one used while it still exists, else
 * the default one; a default workspace without a catalog is new and gets the demo.
 *
 * @param directory the workspace folder
 * @param createDemo whether to make the demo in it first
 */
public record StartupWorkspace(Path directory, boolean createDemo) {

    public StartupWorkspace {
        Objects.requireNonNull(directory, "directory");
    }

    /** The choice for a start with {@code lastUsed} remembered and {@code defaultDirectory} as fallback. */
    public static StartupWorkspace choose(Optional<Path> lastUsed, Path defaultDirectory) {
        if (lastUsed.isPresent() && Workspace.exists(lastUsed.get())) {
            return new StartupWorkspace(lastUsed.get(), false);
        }
        return new StartupWorkspace(defaultDirectory, !Workspace.exists(defaultDirectory));
    }
}
