package io.tagmirror.operations;

import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Removes a device from a workspace's catalog; nothing on the device is touched, and its mirrors show
 * it as not found until it is imported again. The caller closes what it holds open on it first.
 */
public final class DeviceForgetting {

    private DeviceForgetting() {
    }

    /** Forgets the device the workspace knows at {@code dir}; refused when it knows none there. */
    public static Workspace.KnownDevice forget(Workspace workspace, Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        Workspace.KnownDevice known = workspace.devices().stream().filter(d -> d.path().equals(abs)).findFirst()
                .orElseThrow(() -> new TagMirrorException(abs + " is not a device of workspace " + workspace.directory()));
        workspace.forgetDevice(known.uuid());
        return known;
    }

    /** Forgets device {@code uuid}; refused when the workspace does not know it. */
    public static Workspace.KnownDevice forget(Workspace workspace, UUID uuid) throws IOException {
        Workspace.KnownDevice known = workspace.devices().stream().filter(d -> d.uuid().equals(uuid)).findFirst()
                .orElseThrow(() -> new TagMirrorException("device " + uuid + " is not in workspace " + workspace.directory()));
        workspace.forgetDevice(known.uuid());
        return known;
    }
}
