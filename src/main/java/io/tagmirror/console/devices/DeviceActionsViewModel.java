package io.tagmirror.console.devices;

import io.tagmirror.console.session.DeviceSummary;
import io.tagmirror.console.session.Notices;
import io.tagmirror.console.session.SessionViewModel;
import io.tagmirror.console.session.WorkspaceSession;
import io.tagmirror.console.task.BackgroundJob;
import io.tagmirror.console.task.TaskRunner;
import io.tagmirror.engine.ByteSize;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.operations.DeviceCreation;
import io.tagmirror.operations.DeviceForgetting;
import io.tagmirror.operations.Failures;
import io.tagmirror.operations.disks.FormatCheck;
import java.io.IOException;
import java.util.List;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import javafx.beans.binding.BooleanBinding;

/**
 * What an administrator can do to the workspace's devices, from the drives screen and the devices
 * screen alike: create one, import one that exists, forget one. The work runs in the background;
 * the engine's refusals come back as messages.
 */
public final class DeviceActionsViewModel {

    private final SessionViewModel sessions;
    private final TaskRunner tasks;
    private final Notices notices;

    public DeviceActionsViewModel(SessionViewModel sessions, TaskRunner tasks, Notices notices) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.notices = Objects.requireNonNull(notices, "notices");
    }

    /** Whether a workspace is open to act on. */
    public BooleanBinding workspaceOpenProperty() {
        return sessions.sessionProperty().isNotNull();
    }

    /**
     * Formats {@code dir} as a device of {@code blockSize} and adds it to the catalog; the engine
     * refuses a folder that holds anything, and {@code onFailure} gets why.
     */
    public void create(Path dir, int blockSize, Consumer<UUID> onCreated, Consumer<Throwable> onFailure) {
        WorkspaceSession session = sessions.getSession();
        if (session == null) {
            onFailure.accept(new TagMirrorException("Open a workspace first (File ▸ Open workspace…)."));
            return;
        }
        tasks.submit(BackgroundJob.of("Creating device " + dir, progress -> {
            DeviceCreation.Created created = DeviceCreation.create(session.workspace(), dir, blockSize);
            session.catalogChanged();
            return created.uuid();
        }).onSuccess(uuid -> {
            notices.info("Created device " + dir + " (block size " + blockSize + ").");
            onCreated.accept(uuid);
        }).onFailure(onFailure));
    }

    /**
     * Runs the checks {@code device create} runs on a disk, partition or image file, writing nothing;
     * {@code onChecked} gets what they found (refusals included).
     */
    public void checkDrive(Path drive, Consumer<FormatCheck> onChecked) {
        tasks.submit(BackgroundJob.of("Checking " + drive, progress -> FormatCheck.of(drive))
                .onSuccess(onChecked)
                .onFailure(failure -> onChecked.accept(new FormatCheck(drive, FormatCheck.Verdict.REFUSED,
                        Failures.describe(failure), List.of(), 0))));
    }

    /**
     * Formats the disk, partition or existing image file at {@code drive} as a block device and adds it
     * to the catalog, after the same checks again; {@code force} goes past a signature it carries (never
     * past a drive in use).
     */
    public void createOnDrive(Path drive, int blockSize, boolean force, Consumer<UUID> onCreated,
                              Consumer<Throwable> onFailure) {
        run("Formatting " + drive, "Created device on " + drive + " (block size " + blockSize + ").",
                session -> DeviceCreation.create(session.workspace(), drive, blockSize, force), onCreated, onFailure);
    }

    /** Makes a new sparse image file of {@code bytes} at {@code file}, formats it and adds it to the catalog. */
    public void createImage(Path file, long bytes, int blockSize, Consumer<UUID> onCreated, Consumer<Throwable> onFailure) {
        run("Creating image " + file, "Created image device " + file + " of " + ByteSize.format(bytes)
                        + " (block size " + blockSize + ").",
                session -> DeviceCreation.createImage(session.workspace(), file, bytes, blockSize), onCreated, onFailure);
    }

    private interface Creation {
        DeviceCreation.Created create(WorkspaceSession session) throws IOException;
    }

    private void run(String title, String done, Creation creation, Consumer<UUID> onCreated,
                     Consumer<Throwable> onFailure) {
        WorkspaceSession session = sessions.getSession();
        if (session == null) {
            onFailure.accept(new TagMirrorException("Open a workspace first (File ▸ Open workspace…)."));
            return;
        }
        tasks.submit(BackgroundJob.of(title, progress -> {
            DeviceCreation.Created created = creation.create(session);
            session.catalogChanged();
            return created.uuid();
        }).onSuccess(uuid -> {
            notices.info(done);
            onCreated.accept(uuid);
        }).onFailure(onFailure));
    }

    /** Reads the device in {@code dir} and adds it, its mirrors and the other devices found for them. */
    public void importDevice(Path dir) {
        WorkspaceSession session = sessions.getSession();
        if (session == null) {
            notices.error("Open a workspace first (File ▸ Open workspace…).");
            return;
        }
        tasks.submit(BackgroundJob.of("Importing device " + dir, progress -> {
            DeviceImport.Result result = DeviceImport.run(session.workspace(), dir);
            session.catalogChanged();
            return result;
        }).onSuccess(result -> notices.info(result.describe()))
                .onFailure(failure -> notices.failed("Cannot import " + dir, failure)));
    }

    /**
     * Whether {@code device} may be forgotten now, saying why not: forgetting closes the device's
     * mirrors, never under a running compare and repair or replay. Asked before the confirmation.
     */
    public boolean mayForget(DeviceSummary device) {
        WorkspaceSession session = sessions.getSession();
        if (session == null) {
            return true;
        }
        for (String mirror : device.mirrors()) {
            Optional<String> refusal = session.refusal("forget device " + device.path(), mirror);
            if (refusal.isPresent()) {
                notices.error(refusal.get());
                return false;
            }
        }
        return true;
    }

    /** The confirmation's text for forgetting {@code device}. */
    public String describeForget(DeviceSummary device) {
        String mirrors = device.mirrors().isEmpty() ? ""
                : " Mirror" + (device.mirrors().size() == 1 ? " " : "s ") + String.join(", ", device.mirrors())
                + " will show it as not found until it is imported again.";
        return "This removes device " + device.path() + " (" + device.uuid() + ") from this workspace's catalog.\n\n"
                + "Nothing on the device is touched: its data, tag table and mirrors stay as they are." + mirrors;
    }

    /** Removes {@code device} from the catalog, closing the mirrors that had it open; call after confirming. */
    public void forget(DeviceSummary device) {
        WorkspaceSession session = sessions.getSession();
        if (session == null) {
            return;
        }
        if (!mayForget(device)) {
            return; // asked again: a workflow may have started while the confirmation was open
        }
        tasks.submit(BackgroundJob.of("Forgetting device " + device.path(), progress -> {
            session.releaseDevice(device.uuid());
            DeviceForgetting.forget(session.workspace(), device.uuid());
            session.catalogChanged();
            return device;
        }).onSuccess(d -> notices.info("Forgot device " + d.path() + "; its files are untouched."))
                .onFailure(failure -> notices.failed("Cannot forget device " + device.path(), failure)));
    }
}
