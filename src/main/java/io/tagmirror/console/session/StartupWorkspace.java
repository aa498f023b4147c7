package io.tagmirror.console.session;

import io.tagmirror.workspace.Workspace;
import io.tagmirror.workspace.WorkspaceLocation;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Which workspace the console opens when it starts, found in the command line's order
 * ({@link WorkspaceLocation}); a workspace without a catalog is new and gets the demo.
 *
 * @param location the workspace folder and where it came from
 * @param createDemo whether to make the demo in it first
 */
public record StartupWorkspace(WorkspaceLocation location, boolean createDemo) {

    public StartupWorkspace {
        Objects.requireNonNull(location, "location");
    }

    /** Opens {@code location}, with the demo when no workspace is there yet. */
    public static StartupWorkspace at(WorkspaceLocation location) {
        return new StartupWorkspace(location, !Workspace.exists(location.directory()));
    }

    public Path directory() {
        return location.directory();
    }
}
