package io.tagmirror.console.session;

import io.tagmirror.engine.DeviceDescriptor;
import io.tagmirror.engine.DirectoryDevice;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads what the console lists about each device of a workspace; slow on slow drives, so off the FX thread. */
public final class DeviceSurvey {

    private DeviceSurvey() {
    }

    /** Every device of the catalog, reachable or not, in catalog order. */
    public static List<DeviceSummary> survey(WorkspaceSession session) throws IOException {
        List<DeviceSummary> out = new ArrayList<>();
        for (Workspace.KnownDevice known : session.workspace().devices()) {
            out.add(describe(session, known));
        }
        return out;
    }

    private static DeviceSummary describe(WorkspaceSession session, Workspace.KnownDevice known) {
        Optional<DirectoryDevice> open = session.openDevice(known.uuid());
        try {
            if (open.isPresent()) {
                return summary(known, open.get(), open.get().isReadOnly() ? "open read-only: in use elsewhere" : null);
            }
            if (!Files.isDirectory(known.path())) {
                return unreachable(known, known.path() + " is not reachable");
            }
            if (!DirectoryDevice.isDevice(known.path())) {
                return unreachable(known, known.path() + " no longer holds a device");
            }
            // Read-only: listing a device must never take its lock from a process writing to it.
            try (DirectoryDevice device = DirectoryDevice.open(known.path(), true)) {
                if (!device.uuid().equals(known.uuid())) {
                    return unreachable(known, known.path() + " now holds another device (" + device.uuid() + ")");
                }
                return summary(known, device, null);
            }
        } catch (TagMirrorException e) {
            return unreachable(known, e.getMessage());
        } catch (IOException e) {
            return unreachable(known, known.path() + " cannot be read: " + e.getMessage());
        }
    }

    private static DeviceSummary summary(Workspace.KnownDevice known, DirectoryDevice device, String note)
            throws IOException {
        DeviceDescriptor descriptor = device.descriptor();
        return new DeviceSummary(known.uuid(), known.path(), true, descriptor.blockSize(), device.tagTable().count(),
                descriptor.mirrors().stream().map(MirrorDefinition::name).toList(), note);
    }

    private static DeviceSummary unreachable(Workspace.KnownDevice known, String why) {
        return new DeviceSummary(known.uuid(), known.path(), false, 0, -1, List.of(), why);
    }
}
