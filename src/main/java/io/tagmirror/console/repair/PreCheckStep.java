package io.tagmirror.console.repair;

import io.tagmirror.console.workflow.DeviceNames;
import io.tagmirror.console.workflow.MirrorAccess;
import io.tagmirror.console.workflow.MirrorLease;
import io.tagmirror.console.workflow.WorkflowMonitor;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.operations.MemberAvailability;
import io.tagmirror.operations.RebuildOperation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Step 2: takes the chosen mirror for the wizard and checks it (every device reachable and taking
 * writes, room on each). The mirror it takes is held until {@link #release()}: the compare, the repair
 * and the verify all run on it, so a compare report is repaired on the very mirror object it was made
 * from and no replay writes in between.
 */
public final class PreCheckStep {

    private static final String PURPOSE = "the repair wizard";

    private final MirrorAccess access;
    private final WizardWork work;
    private final PreChecks.FreeSpace freeSpace;
    private final Runnable historyChanged;
    private final ObservableList<PreCheck> checks = FXCollections.observableArrayList();
    private final ObservableList<PreCheck> checksReadOnly = FXCollections.unmodifiableObservableList(checks);
    private final ReadOnlyObjectWrapper<Map<UUID, String>> deviceNames = new ReadOnlyObjectWrapper<>(this,
            "deviceNames", Map.of());

    private MirrorLease lease;
    private Map<UUID, Path> locations = Map.of();
    private Map<UUID, Long> freeBytes = Map.of();
    private long volumeBytes;
    private long volumeBlocks;

    /**
     * @param historyChanged told once a device brought back online is kept in the history
     */
    PreCheckStep(MirrorAccess access, WizardWork work, PreChecks.FreeSpace freeSpace, Runnable historyChanged) {
        this.access = Objects.requireNonNull(access, "access");
        this.work = Objects.requireNonNull(work, "work");
        this.freeSpace = Objects.requireNonNull(freeSpace, "freeSpace");
        this.historyChanged = Objects.requireNonNull(historyChanged, "historyChanged");
    }

    /** Takes mirror {@code name} (once; another mirror's hold is given back first) and checks it. */
    void run(String name) {
        if (lease != null && !lease.definition().name().equals(name)) {
            release();
        }
        checks.clear();
        work.clearError();
        MirrorLease held = lease;
        work.run("Checking mirror " + name, m -> checked(held, name, null, m), this::accept);
    }

    /**
     * Brings back a device the mirror took offline although it is reachable, as the Mirrors screen and
     * the command line do (the change is kept in the history), then checks again.
     */
    void bringOnline(UUID device) {
        fix("Bringing a device of %s online",
                (on, monitor) -> new Fixed(MemberAvailability.bringOnline(on, device).changed(), null));
    }

    /**
     * Rebuilds a device whose data no entry describes (its object lost): restores its object and copies
     * the whole volume onto it from a healthy device, as the command line's repair starts with (each
     * rebuild is kept in the history), then checks again.
     */
    void rebuild(UUID device) {
        fix("Rebuilding a device of %s", (on, monitor) -> {
            RebuildOperation.Plan all = RebuildOperation.plan(on, null);
            RebuildOperation.Plan one = new RebuildOperation.Plan(
                    all.targets().stream().filter(t -> t.device().equals(device)).toList(), all.source());
            RebuildOperation.Rebuilt rebuilt = RebuildOperation.run(on, one, monitor);
            return new Fixed(!rebuilt.rebuilt().isEmpty(), rebuilt.cancelled()
                    ? "The rebuild was stopped before the end; rebuild the device again to finish it." : null);
        });
    }

    /** A change a failed check offers, made on the held mirror off the UI thread. */
    @FunctionalInterface
    private interface Fix {
        Fixed apply(MirrorLease on, WorkflowMonitor monitor) throws IOException;
    }

    /** What a fix did: whether the history keeps it, and what to tell the administrator (or null). */
    private record Fixed(boolean historyChanged, String note) {
    }

    private static final Fixed NOTHING_FIXED = new Fixed(false, null);

    private void fix(String titleFormat, Fix fix) {
        MirrorLease held = lease;
        if (held == null) {
            return;
        }
        String name = held.definition().name();
        work.run(String.format(titleFormat, name), m -> checked(held, name, fix, m), result -> {
            if (result.fixed().historyChanged()) {
                historyChanged.run();
            }
            accept(result);
            if (result.fixed().note() != null) {
                work.tell(result.fixed().note());
            }
        });
    }

    private record Checked(MirrorLease lease, List<PreCheck> checks, Map<UUID, Path> locations,
                           Map<UUID, Long> free, long volumeBytes, long volumeBlocks, Fixed fixed) {
    }

    /** Runs off the UI thread: the fix first, when there is one, then the checks. */
    private Checked checked(MirrorLease held, String name, Fix fix, WorkflowMonitor monitor) throws IOException {
        MirrorLease taken = held;
        if (taken == null) {
            try {
                taken = access.lease(name, PURPOSE);
            } catch (TagMirrorException e) {
                return new Checked(null, List.of(PreChecks.cannotOpen(name, e.getMessage())), Map.of(), Map.of(), 0, 0,
                        NOTHING_FIXED);
            }
        }
        try {
            Fixed fixed = NOTHING_FIXED;
            if (fix != null) {
                fixed = fix.apply(taken, monitor);
                access.mirrorChanged(name);
            }
            Map<UUID, Path> where = taken.locations();
            Map<UUID, Long> free = new HashMap<>();
            for (Map.Entry<UUID, Path> e : where.entrySet()) {
                try {
                    free.put(e.getKey(), freeSpace.usableBytes(e.getValue()));
                } catch (IOException ignored) {
                    // the pre-check on that device says so
                }
            }
            return new Checked(taken, PreChecks.run(taken, freeSpace), where, free, taken.mirror().sizeBytes(),
                    taken.definition().sizeBlocks(), fixed);
        } catch (IOException | RuntimeException e) {
            if (held == null) {
                taken.close();
            }
            throw e;
        }
    }

    private void accept(Checked result) {
        lease = result.lease();
        locations = result.locations();
        freeBytes = result.free();
        volumeBytes = result.volumeBytes();
        volumeBlocks = result.volumeBlocks();
        deviceNames.set(DeviceNames.of(locations));
        checks.setAll(result.checks());
    }

    /** Whether the mirror is held and no check stops the compare. */
    boolean passed() {
        return lease != null && !checks.isEmpty() && checks.stream().noneMatch(PreCheck::blocks);
    }

    /** Gives the mirror back and forgets the checks, for a wizard going back to the choice. */
    void clear() {
        release();
        checks.clear();
    }

    /** Gives the mirror back; it stays assembled for the other screens. */
    void release() {
        if (lease != null) {
            lease.close();
            lease = null;
        }
    }

    /** The mirror the wizard holds, or null before the checks took it. */
    MirrorLease lease() {
        return lease;
    }

    /** Where each device is, from the checks. */
    Map<UUID, Path> locations() {
        return locations;
    }

    /** The free space measured on each device's drive. */
    Map<UUID, Long> freeBytes() {
        return freeBytes;
    }

    /** The checks, in the order the page lists them; read-only, the step fills it. */
    public ObservableList<PreCheck> checks() {
        return checksReadOnly;
    }

    /** Short device names of the held mirror. */
    public ReadOnlyObjectProperty<Map<UUID, String>> deviceNamesProperty() {
        return deviceNames.getReadOnlyProperty();
    }

    /** The mirror's size in bytes. */
    public long volumeBytes() {
        return volumeBytes;
    }

    /** The mirror's size in blocks, for the block map. */
    public long volumeBlocks() {
        return volumeBlocks;
    }
}
