package io.tagmirror.console.drives;

import io.tagmirror.console.devices.DeviceActionsViewModel;
import io.tagmirror.console.session.Notices;
import io.tagmirror.console.session.SessionViewModel;
import io.tagmirror.console.session.WorkspaceSession;
import io.tagmirror.console.task.BackgroundJob;
import io.tagmirror.console.task.TaskRunner;
import io.tagmirror.console.ui.ByteSize;
import io.tagmirror.engine.DeviceDescriptor;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.operations.DeviceScan;
import io.tagmirror.operations.disks.DriveUse;
import io.tagmirror.operations.disks.SurveyedDrive;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Scan and Import on the drives screen's disks: what the TagMirror superblock on a drive (and on a
 * disk's partitions) records, read by the operations layer's device scan as {@code device scan} reads
 * it, and a device found there brought into the workspace with its mirrors by the import
 * {@code mirror import} runs. The reads run in the background; a refusal is one line in the notices.
 */
public final class DriveScanViewModel {

    private final SessionViewModel sessions;
    private final TaskRunner tasks;
    private final Notices notices;
    private final DeviceActionsViewModel actions;

    public DriveScanViewModel(SessionViewModel sessions, TaskRunner tasks, Notices notices,
                              DeviceActionsViewModel actions) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.notices = Objects.requireNonNull(notices, "notices");
        this.actions = Objects.requireNonNull(actions, "actions");
    }

    /** A device the scan found, and where this workspace knows it, if it does. */
    public record ScannedDevice(DeviceScan.Found found, Path knownAt) {

        public Path path() {
            return found.path();
        }

        /** What the superblock records, or null when it could not be read. */
        public DeviceDescriptor descriptor() {
            return found.descriptor();
        }

        /** The lines an administrator reads about it, the first naming it. */
        List<String> describe() {
            List<String> out = new ArrayList<>();
            DeviceDescriptor d = found.descriptor();
            if (d == null) {
                out.add(path() + ": a TagMirror device that cannot be read");
            } else {
                String where = knownAt == null ? "not in this workspace"
                        : knownAt.equals(path()) ? "in this workspace" : "known to this workspace at " + knownAt;
                out.add(path() + ": device " + d.uuid() + ", block size " + d.blockSize() + ", " + where);
                if (d.mirrors().isEmpty()) {
                    out.add("    in no mirror (a spare device)");
                }
                for (MirrorDefinition m : d.mirrors()) {
                    out.add("    mirror " + m.name() + ": " + ByteSize.format(m.sizeBytes()) + " on "
                            + m.devices().size() + " devices, membership generation " + m.generation());
                }
            }
            for (String n : found.notices()) {
                out.add("    " + n);
            }
            return out;
        }
    }

    /** What a scan of a drive found. */
    public record DriveScan(SurveyedDrive drive, List<ScannedDevice> devices) {

        public DriveScan {
            devices = List.copyOf(devices);
        }

        /** The dialog's text: each device found with its mirrors and notes, or that there is none. */
        public String describe() {
            if (devices.isEmpty()) {
                return "No TagMirror device on " + drive.devicePath()
                        + (drive.partitions().isEmpty() ? "." : " or its partitions.");
            }
            List<String> lines = new ArrayList<>();
            for (ScannedDevice s : devices) {
                lines.addAll(s.describe());
            }
            return String.join("\n", lines);
        }
    }

    /** Whether {@code drive} carries a TagMirror device this workspace does not know: Import applies to it. */
    public static boolean carriesForeignDevice(SurveyedDrive drive) {
        return drive != null && drive.uses().stream().anyMatch(u -> u.kind() == DriveUse.Kind.FOREIGN_TAGMIRROR);
    }

    /**
     * Reads the superblock of {@code drive} and of a disk's partitions, writing nothing; {@code onScanned}
     * gets what was found, on the FX thread.
     */
    public void scan(SurveyedDrive drive, Consumer<DriveScan> onScanned) {
        List<Path> nodes = new ArrayList<>();
        nodes.add(drive.node());
        drive.partitions().forEach(p -> nodes.add(p.node()));
        Workspace workspace = workspace();
        tasks.submit(BackgroundJob.of("Scanning " + drive.devicePath(), progress -> read(drive, nodes, workspace))
                .onSuccess(onScanned)
                .onFailure(failure -> notices.failed("Cannot scan " + drive.devicePath(), failure)));
    }

    private static DriveScan read(SurveyedDrive drive, List<Path> nodes, Workspace workspace) throws IOException {
        Map<UUID, Path> known = new HashMap<>();
        if (workspace != null) {
            for (Workspace.KnownDevice d : workspace.devices()) {
                known.put(d.uuid(), d.path());
            }
        }
        List<ScannedDevice> out = new ArrayList<>();
        for (DeviceScan.Found f : DeviceScan.scan(nodes)) {
            out.add(new ScannedDevice(f, f.descriptor() == null ? null : known.get(f.descriptor().uuid())));
        }
        return new DriveScan(drive, out);
    }

    /**
     * Scans {@code drive} alone and, when it holds a readable TagMirror device, hands it to
     * {@code onReady} to be confirmed; otherwise says why it cannot be imported.
     */
    public void prepareImport(SurveyedDrive drive, Consumer<ScannedDevice> onReady) {
        if (workspace() == null) {
            notices.error("Cannot import " + drive.devicePath() + ": open a workspace first (File ▸ Open workspace…).");
            return;
        }
        Workspace workspace = workspace();
        tasks.submit(BackgroundJob.of("Scanning " + drive.devicePath(),
                        progress -> read(drive, List.of(drive.node()), workspace))
                .onSuccess(scan -> {
                    if (scan.devices().isEmpty()) {
                        notices.error("Cannot import " + drive.devicePath() + ": it carries no TagMirror device"
                                + " (scan it, or pick the partition that carries one).");
                    } else if (scan.devices().get(0).descriptor() == null) {
                        notices.error("Cannot import " + drive.devicePath() + ": "
                                + String.join("; ", scan.devices().get(0).found().notices()));
                    } else {
                        onReady.accept(scan.devices().get(0));
                    }
                })
                .onFailure(failure -> notices.failed("Cannot import " + drive.devicePath(), failure)));
    }

    /** The confirmation's text for importing {@code device}. */
    public String describeImport(ScannedDevice device) {
        DeviceDescriptor d = device.descriptor();
        StringBuilder text = new StringBuilder("This adds device " + d.uuid() + " at " + device.path()
                + " to this workspace's catalog");
        if (d.mirrors().isEmpty()) {
            text.append("; it belongs to no mirror.");
        } else {
            text.append(", with ").append(d.mirrors().size() == 1 ? "mirror " : "mirrors ")
                    .append(String.join(", ", d.mirrors().stream().map(MirrorDefinition::name).toList()))
                    .append(". The mirror's other devices are looked for among this workspace's devices and beside ")
                    .append(device.path()).append(" (in ").append(device.path().getParent())
                    .append("); any not found are named, to be imported once attached.");
        }
        if (device.knownAt() != null && !device.knownAt().equals(device.path())) {
            text.append("\n\nThis workspace knew the device at ").append(device.knownAt())
                    .append(": it is recorded at ").append(device.path()).append(" instead.");
        }
        text.append("\n\nNothing on the device is written.");
        return text.toString();
    }

    /** Imports {@code device} as the command line's {@code mirror import} does; the notices say what came in. */
    public void importDevice(ScannedDevice device) {
        actions.importDevice(device.path());
    }

    private Workspace workspace() {
        WorkspaceSession session = sessions.getSession();
        return session == null ? null : session.workspace();
    }
}
