package io.tagmirror.workspace;

import io.tagmirror.engine.Device;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.MemberStatus;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorDefinition;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A mirror of the workspace with its devices opened: those that cannot be reached are offline
 * (the mirror is degraded), with the reason kept for the administrator.
 */
public final class OpenMirror implements AutoCloseable {
    private final Mirror mirror;
    private final List<Device> devices;
    private final Map<UUID, String> unavailable;

    private OpenMirror(Mirror mirror, List<Device> devices, Map<UUID, String> unavailable) {
        this.mirror = mirror;
        this.devices = devices;
        this.unavailable = unavailable;
    }

    /** Opens mirror {@code name}; a device held by another process is an error, not an outage. */
    public static OpenMirror open(Workspace workspace, String name, DurabilityMode mode, boolean readOnly) throws IOException {
        MirrorDefinition def = workspace.requireMirror(name);
        List<Device> opened = new ArrayList<>();
        Map<UUID, String> unavailable = new LinkedHashMap<>();
        try {
            for (UUID uuid : def.devices()) {
                MirrorAssembly.openMember(workspace, uuid, address -> address.open(readOnly),
                        MirrorAssembly.WhenHeld.REFUSE, "import it with 'mirror import DIR'", unavailable).ifPresent(opened::add);
            }
            Mirror mirror = MirrorAssembly.assemble(workspace, def, opened, unavailable, mode);
            return new OpenMirror(mirror, opened, unavailable);
        } catch (IOException | RuntimeException e) {
            for (Device d : opened) {
                try {
                    d.close();
                } catch (IOException ignored) {
                    // the original failure is the one to report
                }
            }
            throw e;
        }
    }

    public Mirror mirror() {
        return mirror;
    }

    public List<Device> devices() {
        return devices;
    }

    /**
     * Devices that could not be opened, with why. A device that opened but whose object is lost is
     * not here: it is an offline member of {@link #mirror()}, with its reason in the mirror's status.
     */
    public Map<UUID, String> unavailable() {
        return unavailable;
    }

    /**
     * Every offline member with why: devices that could not be opened and devices whose object is
     * lost alike, in the mirror's member order.
     */
    public Map<UUID, String> offline() throws IOException {
        Map<UUID, String> out = new LinkedHashMap<>();
        for (MemberStatus s : mirror.status()) {
            if (!s.online()) {
                out.put(s.device(), unavailable.getOrDefault(s.device(), s.offlineReason()));
            }
        }
        return out;
    }

    /** Where each member device is, by uuid (unreachable ones by their last known path or uuid). */
    public Map<UUID, String> locations(Workspace workspace) throws IOException {
        Map<UUID, String> out = new LinkedHashMap<>();
        for (UUID uuid : mirror.definition().devices()) {
            out.put(uuid, workspace.devicePath(uuid).map(Path::toString).orElse(uuid.toString()));
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        try {
            mirror.close();
        } catch (IOException e) {
            first = e;
        }
        for (Device d : devices) {
            try {
                d.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
