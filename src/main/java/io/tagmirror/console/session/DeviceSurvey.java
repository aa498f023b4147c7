package io.tagmirror.console.session;

import io.tagmirror.engine.Device;
import io.tagmirror.engine.DeviceDescriptor;
import io.tagmirror.engine.Membership;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

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
        Optional<Device> open = session.openDevice(known.uuid());
        try {
            if (open.isPresent()) {
                return summary(session, known, open.get(), open.get().isReadOnly() ? "open read-only: in use elsewhere" : null);
            }
            if (!known.address().isReachable()) {
                return unreachable(known, known.path() + " is not reachable");
            }
            if (!known.address().isDevice()) {
                return unreachable(known, known.path() + " no longer holds a device");
            }
            // Read-only: listing a device must never take its lock from a process writing to it.
            try (Device device = known.address().inspect()) {
                if (!device.uuid().equals(known.uuid())) {
                    return unreachable(known, known.path() + " now holds another device (" + device.uuid() + ")");
                }
                return summary(session, known, device, null);
            }
        } catch (TagMirrorException e) {
            return unreachable(known, e.getMessage());
        } catch (IOException e) {
            return unreachable(known, known.path() + " cannot be read: " + e.getMessage());
        }
    }

    private static DeviceSummary summary(WorkspaceSession session, Workspace.KnownDevice known, Device device,
                                         String note) throws IOException {
        DeviceDescriptor descriptor = device.descriptor();
        List<String> mirrors = new ArrayList<>();
        List<String> retired = new ArrayList<>();
        for (MirrorDefinition own : descriptor.mirrors()) {
            Optional<String> retirement = retirement(session.workspace(), device.uuid(), known, own);
            if (retirement.isPresent()) {
                retired.add(retirement.get());
            } else {
                mirrors.add(own.name());
            }
        }
        if (!retired.isEmpty()) {
            // its descriptor still names the mirror, but the mirror has moved on without it
            String what = "retired from " + String.join(", ", retired) + ": out of date, never assembled again";
            note = note == null ? what : note + "; " + what;
        }
        return new DeviceSummary(known.uuid(), known.path(), true, descriptor.blockSize(), device.tagTable().count(),
                mirrors, note);
    }

    /**
     * "NAME (replaced by DEVICE)" when the catalog's newer generation of mirror {@code own} no longer
     * lists the device.
     */
    private static Optional<String> retirement(Workspace workspace, UUID device, Workspace.KnownDevice known,
                                               MirrorDefinition own) throws IOException {
        Optional<MirrorDefinition> catalog = workspace.mirrors().stream().filter(m -> m.uuid().equals(own.uuid())).findFirst();
        if (catalog.isEmpty()) {
            return Optional.empty();
        }
        Membership.Assessment assessment = Membership.assess(List.of(
                new Membership.Record(device, known.path().toString(), own),
                new Membership.Record(null, "this workspace", catalog.get())));
        Optional<Membership.Retirement> retirement = assessment.retirementOf(device);
        if (retirement.isEmpty()) {
            return Optional.empty();
        }
        UUID holder = retirement.get().replacedBy();
        return Optional.of(own.name() + (holder == null ? "" : " (replaced by " + workspace.deviceNames().apply(holder) + ")"));
    }

    private static DeviceSummary unreachable(Workspace.KnownDevice known, String why) {
        return new DeviceSummary(known.uuid(), known.path(), false, 0, -1, List.of(), why);
    }
}
