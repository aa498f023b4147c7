package io.tagmirror.operations;

import io.tagmirror.engine.Device;
import io.tagmirror.engine.DeviceDescriptor;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.MemberStatus;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.ScrubReport;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.engine.DeviceAddress;
import io.tagmirror.workspace.HistoryKind;
import io.tagmirror.workspace.OpenMirror;
import io.tagmirror.workspace.Outcome;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Puts a new device in the place of a member that is gone for good, then fills it by a scrub from a
 * healthy member, and keeps the replacement in the history.
 */
public final class MemberReplacement {

    /**
     * A replacement checked and ready: nothing was changed to make it.
     *
     * @param mirror the mirror as it is now
     * @param old the member that leaves
     * @param replacement where the new device is
     * @param fresh the new device's descriptor
     */
    public record Plan(MirrorDefinition mirror, UUID old, Path replacement, DeviceDescriptor fresh) {
    }

    /**
     * What the replacement did.
     *
     * @param mirror the mirror with its new membership
     * @param scrub the copy onto the new member (cancelled when stopped before the end)
     * @param figures what the history keeps, and what {@code --json} prints
     */
    public record Result(MirrorDefinition mirror, ScrubReport scrub, Map<String, Object> figures) {
    }

    private MemberReplacement() {
    }

    /**
     * Checks a replacement of member {@code old} (a device path or uuid; the device may be gone) of
     * mirror {@code name} by the device at {@code replacement}.
     */
    public static Plan plan(Workspace workspace, String name, String old, Path replacement) throws IOException {
        MirrorDefinition def = workspace.requireMirror(name);
        UUID oldUuid = resolve(workspace, old);
        if (!def.devices().contains(oldUuid)) {
            throw new TagMirrorException(old + " is not a member of mirror " + name);
        }
        Path abs = replacement.toAbsolutePath().normalize();
        return new Plan(def, oldUuid, abs, DeviceAddress.at(abs).readDescriptor());
    }

    /** Replaces the member as planned, then copies onto the new one what differs, reporting to {@code monitor}. */
    public static Result replace(Workspace workspace, Plan plan, TaskMonitor monitor) throws IOException {
        MirrorDefinition def = plan.mirror();
        MirrorDefinition next;
        List<Device> others = new ArrayList<>();
        DeviceAddress freshAddress = DeviceAddress.at(plan.replacement());
        try (Device fresh = freshAddress.open(false)) {
            for (Workspace.KnownDevice known : workspace.devices()) {
                if (def.devices().contains(known.uuid()) && !known.uuid().equals(plan.old()) && known.address().isDevice()) {
                    others.add(known.address().open(false));
                }
            }
            if (others.isEmpty()) {
                throw new TagMirrorException("no other member of mirror " + def.name() + " is reachable to copy from");
            }
            next = Mirror.replaceMember(def, plan.old(), fresh, others);
            workspace.addDevice(fresh.uuid(), freshAddress);
            workspace.addMirror(next);
        } finally {
            for (Device d : others) {
                d.close();
            }
        }
        try (OpenMirror om = OpenMirror.open(workspace, def.name(), DurabilityMode.POWER_SAFE, false)) {
            // the source must hold data its entries describe: not the newcomer, nor a member whose object is lost
            UUID source = om.mirror().status().stream()
                    .filter(s -> s.online() && !s.needsRebuild() && !s.device().equals(plan.fresh().uuid()))
                    .map(MemberStatus::device).findFirst()
                    .orElseThrow(() -> new TagMirrorException("no healthy member of mirror " + def.name()
                            + " is online to copy from; " + plan.replacement() + " is a member now and needs a scrub"));
            ScrubReport scrub = om.mirror().scrub(source, monitor);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("mirror", def.name());
            out.put("replaced", plan.old().toString());
            out.put("by", plan.replacement().toString());
            out.put("bytesCopied", scrub.bytesCopied());
            out.put("seconds", scrub.seconds());
            workspace.recordHistory(HistoryKind.REPLACE, def.name(),
                    scrub.cancelled() ? Outcome.REPLACED_COPY_CANCELLED : Outcome.REPLACED, out);
            return new Result(next, scrub, out);
        }
    }

    private static UUID resolve(Workspace workspace, String text) throws IOException {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException notUuid) {
            Path abs = Path.of(text).toAbsolutePath().normalize();
            for (Workspace.KnownDevice d : workspace.devices()) {
                if (d.path().equals(abs)) {
                    return d.uuid();
                }
            }
            throw new TagMirrorException(text + " is neither a device uuid nor a device path of this workspace");
        }
    }
}
