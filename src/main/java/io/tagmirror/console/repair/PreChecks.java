package io.tagmirror.console.repair;

import io.tagmirror.console.ui.ByteSize;
import io.tagmirror.console.workflow.DeviceNames;
import io.tagmirror.console.workflow.MirrorLease;
import io.tagmirror.engine.Device;
import io.tagmirror.engine.MemberStatus;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.MirrorState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The checks the repair wizard makes before it compares: every device reachable, taking writes and
 * writable, no other process holding one, enough free space; and, once the plan is known, enough space
 * for what it copies onto each target.
 */
public final class PreChecks {

    /** Room the tag table needs to work in on each device, whatever the repair copies. */
    static final long MIN_FREE_BYTES = 64L << 20;

    /** Reads the usable space of the file system holding a directory; a seam for tests. */
    @FunctionalInterface
    public interface FreeSpace {
        FreeSpace SYSTEM = dir -> Files.getFileStore(dir).getUsableSpace();

        long usableBytes(Path dir) throws IOException;
    }

    private PreChecks() {
    }

    /** The checks of the leased mirror, in the order the wizard lists them. */
    public static List<PreCheck> run(MirrorLease lease, FreeSpace freeSpace) throws IOException {
        MirrorDefinition def = lease.definition();
        Map<UUID, Path> locations = lease.locations();
        Map<UUID, String> names = DeviceNames.of(locations);
        Map<UUID, String> unavailable = lease.unavailable();
        Map<UUID, Device> devices = lease.devices();
        Map<UUID, MemberStatus> status = new HashMap<>();
        for (MemberStatus s : lease.mirror().status()) {
            status.put(s.device(), s);
        }
        List<PreCheck> checks = new ArrayList<>();
        for (UUID uuid : def.devices()) {
            String name = names.get(uuid);
            Path dir = locations.get(uuid);
            Device device = devices.get(uuid);
            MemberStatus member = status.get(uuid);
            if (device == null || unavailable.containsKey(uuid)) {
                checks.add(PreCheck.failed(name + " is reachable", unavailable.getOrDefault(uuid, dir + " is not open"),
                        "Attach the drive that holds " + dir + ", or import the device on the Drives screen if it "
                                + "moved, then run the checks again."));
                continue;
            }
            checks.add(PreCheck.passed(name + " is reachable", dir.toString()));
            if (member != null && !member.online() && member.needsRebuild()) {
                // its object is lost: bringing it online cannot help, only a copy of the whole volume
                checks.add(new PreCheck(name + " takes writes", PreCheck.Outcome.FAILED, member.offlineReason(),
                        "Rebuild it here or with 'tagmirror repair " + def.name() + " --yes' (either copies the whole"
                                + " volume onto it from a healthy device), or replace the device; then run the checks"
                                + " again.", null, uuid));
            } else if (member != null && !member.online()) {
                checks.add(new PreCheck(name + " takes writes", PreCheck.Outcome.FAILED,
                        "the mirror took it offline: " + member.offlineReason(),
                        "Bring it back online: it is then marked stale, and this repair copies what it missed.",
                        uuid));
            } else if (member != null && member.stale()) {
                checks.add(PreCheck.passed(name + " takes writes",
                        "back online after missing writes; the repair copies what it missed"));
            } else {
                checks.add(PreCheck.passed(name + " takes writes", "online"));
            }
            if (device.isReadOnly() || !Files.isWritable(dir)) {
                checks.add(PreCheck.failed(name + " is writable", dir + " is read-only",
                        "Remount the drive read-write (or give this user write access to " + dir
                                + "), then run the checks again."));
            } else {
                checks.add(PreCheck.passed(name + " is writable", "read-write"));
            }
            checks.add(space(name, dir, MIN_FREE_BYTES, "for its tag table", freeSpace));
        }
        String held = lease.readOnlyReason();
        if (held != null) {
            checks.add(PreCheck.failed("No other process holds the devices", held,
                    "Close the other TagMirror console or command that uses the device, then run the checks again."));
        } else {
            checks.add(PreCheck.passed("No other process holds the devices", "this console holds their locks"));
        }
        MirrorState state = lease.mirror().state();
        checks.add(PreCheck.passed("Mirror state", switch (state) {
            case IN_SYNC -> "in sync as far as the mirror knows; the compare confirms it from the tag tables";
            case DIVERGED -> "diverged: the tag tables name blocks that may differ";
            case DEGRADED -> "degraded: a device is missing";
            case CONFLICT -> "conflicting writes are recorded";
            case REPAIRING -> "a repair is running";
        }));
        return checks;
    }

    /** The one failed check shown when the mirror cannot even be taken for the wizard. */
    public static PreCheck cannotOpen(String mirror, String why) {
        return PreCheck.failed("Mirror " + mirror + " can be opened", why,
                "If another console or command uses the mirror, close it there; if a drive is missing, attach it. "
                        + "Then run the checks again.");
    }

    /**
     * One check per target of a plan: its drive must have room for the bytes the repair writes onto it
     * (on sparse objects a copy can allocate new space) plus the tag table's working room.
     */
    public static List<PreCheck> spaceForPlan(Map<UUID, Long> bytesPerTarget, Map<UUID, Path> locations,
                                              FreeSpace freeSpace) {
        Map<UUID, String> names = DeviceNames.of(locations);
        List<PreCheck> checks = new ArrayList<>();
        bytesPerTarget.forEach((uuid, bytes) -> checks.add(space(names.get(uuid), locations.get(uuid),
                bytes + MIN_FREE_BYTES, "for " + ByteSize.format(bytes) + " of copies", freeSpace)));
        return checks;
    }

    private static PreCheck space(String name, Path dir, long needed, String what, FreeSpace freeSpace) {
        String title = name + " has enough free space";
        long usable;
        try {
            usable = freeSpace.usableBytes(dir);
        } catch (IOException e) {
            return PreCheck.warning(title, "the free space of " + dir + " cannot be read: " + e.getMessage(),
                    "Check that the drive is mounted; the repair stops cleanly if the drive fills up.");
        }
        if (usable < needed) {
            return PreCheck.failed(title, ByteSize.format(usable) + " free, " + ByteSize.format(needed) + " needed "
                    + what, "Free some space on the drive that holds " + dir + ", then run the checks again.");
        }
        return PreCheck.passed(title, ByteSize.format(usable) + " free");
    }
}
