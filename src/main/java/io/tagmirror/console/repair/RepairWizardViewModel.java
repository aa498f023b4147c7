package io.tagmirror.console.repair;

import io.tagmirror.console.task.BackgroundJob;
import io.tagmirror.console.workflow.DeviceNames;
import io.tagmirror.console.workflow.EngineWork;
import io.tagmirror.console.workflow.MirrorAccess;
import io.tagmirror.console.workflow.MirrorLease;
import io.tagmirror.console.workflow.ProgressMeter;
import io.tagmirror.console.workflow.WorkflowMonitor;
import io.tagmirror.engine.CancelledException;
import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.MemberStatus;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.RepairReport;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.VerifyReport;
import io.tagmirror.operations.CompareOperation;
import io.tagmirror.operations.Failures;
import io.tagmirror.operations.VerifyOperation;
import io.tagmirror.workspace.HistoryKind;
import io.tagmirror.workspace.Json;
import io.tagmirror.workspace.Reports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and logic of the guided compare and repair: choose a mirror, check it, compare, review and settle
 * conflicts, confirm, repair, verify, report. Every engine call runs through {@link EngineWork}; every
 * property changes on the UI thread.
 *
 * <p>The wizard holds its mirror from the pre-checks to its close, so a compare report is repaired on
 * the very mirror object it was made from and no replay can write in between.
 */
public final class RepairWizardViewModel {

    private static final String PURPOSE = "the repair wizard";
    private static final Set<WizardStep> BACKABLE = EnumSet.of(WizardStep.PRECHECK, WizardStep.COMPARE,
            WizardStep.REVIEW, WizardStep.CONFIRM);

    private final MirrorAccess access;
    private final EngineWork work;
    private final PreChecks.FreeSpace freeSpace;
    private final Runnable historyChanged;

    private final ObservableList<String> mirrors = FXCollections.observableArrayList();
    private final ObjectProperty<String> mirror = new SimpleObjectProperty<>(this, "mirror");
    private final ReadOnlyObjectWrapper<WizardStep> step = new ReadOnlyObjectWrapper<>(this, "step", WizardStep.CHOOSE);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status");
    private final ReadOnlyBooleanWrapper finished = new ReadOnlyBooleanWrapper(this, "finished");

    private final ObservableList<PreCheck> checks = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Map<UUID, String>> deviceNames = new ReadOnlyObjectWrapper<>(this,
            "deviceNames", Map.of());
    private final ReadOnlyObjectWrapper<ProgressMeter.Snapshot> progress = new ReadOnlyObjectWrapper<>(this,
            "progress", ProgressMeter.Snapshot.NONE);
    private final ReadOnlyBooleanWrapper paused = new ReadOnlyBooleanWrapper(this, "paused");

    private final ReviewStep review = new ReviewStep();
    private final BooleanProperty confirmed = new SimpleBooleanProperty(this, "confirmed");
    private final ReadOnlyObjectWrapper<RepairReport> repairReport = new ReadOnlyObjectWrapper<>(this, "repairReport");
    private final BooleanProperty fullVerify = new SimpleBooleanProperty(this, "fullVerify", true);
    private final ReadOnlyObjectWrapper<VerifyReport> verifyReport = new ReadOnlyObjectWrapper<>(this, "verifyReport");
    private final ReadOnlyObjectWrapper<WizardReport> report = new ReadOnlyObjectWrapper<>(this, "report");

    /** What the views get: they read the lists, the steps change them. */
    private final ObservableList<String> mirrorsReadOnly = FXCollections.unmodifiableObservableList(mirrors);
    private final ObservableList<PreCheck> checksReadOnly = FXCollections.unmodifiableObservableList(checks);

    private final BooleanBinding canGoNext;
    private final BooleanBinding canGoBack;
    private final StringBinding nextLabel;

    private MirrorLease lease;
    private Map<UUID, Path> locations = Map.of();
    private Map<UUID, Long> freeBytes = Map.of();
    private long volumeBytes;
    private long volumeBlocks;
    private Mirror comparedOn;
    private WorkflowMonitor monitor;
    private Instant started;
    private Map<UUID, Long> entriesBefore = Map.of();
    private Map<UUID, Long> entriesAfter = Map.of();
    private final List<Runnable> whenIdle = new ArrayList<>();
    private boolean closed;

    /**
     * @param access where the mirror comes from
     * @param work runs the engine's operations
     * @param freeSpace reads free space for the checks
     * @param historyChanged told after each entry the wizard adds to the history
     */
    public RepairWizardViewModel(MirrorAccess access, EngineWork work, PreChecks.FreeSpace freeSpace,
                                 Runnable historyChanged) {
        this.access = Objects.requireNonNull(access, "access");
        this.work = Objects.requireNonNull(work, "work");
        this.freeSpace = Objects.requireNonNull(freeSpace, "freeSpace");
        this.historyChanged = Objects.requireNonNull(historyChanged, "historyChanged");
        canGoNext = Bindings.createBooleanBinding(this::computeCanGoNext, step, busy, mirror, checks,
                review.planProperty(), review.spaceChecks(), confirmed, repairReport);
        canGoBack = Bindings.createBooleanBinding(() -> !busy.get() && BACKABLE.contains(step.get()), step, busy);
        nextLabel = Bindings.createStringBinding(this::computeNextLabel, step, review.planProperty(), repairReport,
                fullVerify, busy);
        mirror.addListener((obs, old, now) -> {
            if (step.get() == WizardStep.CHOOSE) {
                error.set(null);
            }
        });
    }

    /** Lists the workspace's mirrors and preselects {@code preselected} (may be null). */
    public void start(String preselected) {
        busy.set(true);
        work.tasks().submit(BackgroundJob.of("Listing mirrors", p -> access.mirrorNames())
                .onSuccess(names -> {
                    mirrors.setAll(names);
                    if (preselected != null && names.contains(preselected)) {
                        mirror.set(preselected);
                    } else if (mirror.get() == null && names.size() == 1) {
                        mirror.set(names.get(0));
                    }
                    if (names.isEmpty()) {
                        error.set("The open workspace has no mirror yet; create one on the Mirrors screen.");
                    }
                })
                .onFailure(e -> error.set("Cannot list the mirrors: " + Failures.describe(e)))
                .onFinished(() -> setBusy(false)));
    }

    // ---------------------------------------------------------------- navigation

    /** Goes on: runs the step's action or moves to the next step. */
    public void next() {
        if (!canGoNext.get()) {
            return;
        }
        switch (step.get()) {
            case CHOOSE -> runChecks();
            case PRECHECK, COMPARE -> startCompare();
            case REVIEW -> {
                if (review.planProperty().get().hasWork()) {
                    confirmed.set(false);
                    step.set(WizardStep.CONFIRM);
                } else {
                    step.set(WizardStep.VERIFY);
                }
            }
            case CONFIRM -> startRepair();
            case REPAIR -> {
                RepairReport done = repairReport.get();
                if (done == null) {
                    startCompare();
                } else if (done.cancelled()) {
                    finish();
                } else {
                    step.set(WizardStep.VERIFY);
                }
            }
            case VERIFY -> {
                if (fullVerify.get()) {
                    startVerify();
                } else {
                    finish();
                }
            }
            case REPORT -> finished.set(true);
        }
    }

    /** Goes back one step where that is safe: never past a repair. */
    public void back() {
        if (!canGoBack.get()) {
            return;
        }
        error.set(null);
        status.set(null);
        switch (step.get()) {
            case PRECHECK -> {
                releaseLease();
                checks.clear();
                step.set(WizardStep.CHOOSE);
            }
            case COMPARE -> step.set(WizardStep.PRECHECK);
            case REVIEW -> step.set(WizardStep.COMPARE);
            case CONFIRM -> step.set(WizardStep.REVIEW);
            default -> {
            }
        }
    }

    private boolean computeCanGoNext() {
        if (busy.get()) {
            return false;
        }
        return switch (step.get()) {
            case CHOOSE -> mirror.get() != null && !mirror.get().isBlank();
            case PRECHECK -> lease != null && !checks.isEmpty() && checks.stream().noneMatch(PreCheck::blocks);
            case COMPARE, VERIFY, REPORT -> true;
            case REVIEW -> review.ready();
            case CONFIRM -> confirmed.get();
            case REPAIR -> true;
        };
    }

    private String computeNextLabel() {
        return switch (step.get()) {
            case CHOOSE -> "Run pre-checks";
            case PRECHECK -> "Compare";
            case COMPARE -> "Compare again";
            case REVIEW -> review.planProperty().get() != null && !review.planProperty().get().hasWork() ? "Nothing to repair: verify" : "Continue";
            case CONFIRM -> "Repair now";
            case REPAIR -> busy.get() ? "Continue" : repairReport.get() == null ? "Compare again"
                    : repairReport.get().cancelled() ? "Show report" : "Continue";
            case VERIFY -> fullVerify.get() ? "Verify" : "Skip to report";
            case REPORT -> "Finish";
        };
    }

    // ---------------------------------------------------------------- pre-checks

    /** Takes the mirror for the wizard (once) and checks it. */
    public void runChecks() {
        String name = mirror.get();
        if (name == null) {
            return;
        }
        if (lease != null && !lease.definition().name().equals(name)) {
            releaseLease();
        }
        step.set(WizardStep.PRECHECK);
        checks.clear();
        error.set(null);
        MirrorLease held = lease;
        runOperation("Checking mirror " + name, m -> checked(held, name, null), this::acceptChecks);
    }

    /** Brings back a device the mirror took offline although it is reachable, then checks again. */
    public void bringOnline(UUID device) {
        MirrorLease held = lease;
        if (held == null) {
            return;
        }
        runOperation("Bringing a device of " + held.definition().name() + " online",
                m -> checked(held, held.definition().name(), device), this::acceptChecks);
    }

    private record Checked(MirrorLease lease, List<PreCheck> checks, Map<UUID, Path> locations,
                           Map<UUID, Long> free, long volumeBytes, long volumeBlocks) {
    }

    private Checked checked(MirrorLease held, String name, UUID bringOnline) throws IOException {
        MirrorLease taken = held;
        if (taken == null) {
            try {
                taken = access.lease(name, PURPOSE);
            } catch (TagMirrorException e) {
                return new Checked(null, List.of(PreChecks.cannotOpen(name, e.getMessage())), Map.of(), Map.of(), 0, 0);
            }
        }
        try {
            if (bringOnline != null) {
                taken.mirror().bringOnline(bringOnline);
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
                    taken.definition().sizeBlocks());
        } catch (IOException | RuntimeException e) {
            if (held == null) {
                taken.close();
            }
            throw e;
        }
    }

    private void acceptChecks(Checked result) {
        if (closed) {
            if (result.lease() != null) {
                result.lease().close();
            }
            return;
        }
        lease = result.lease();
        locations = result.locations();
        freeBytes = result.free();
        volumeBytes = result.volumeBytes();
        volumeBlocks = result.volumeBlocks();
        deviceNames.set(DeviceNames.of(locations));
        checks.setAll(result.checks());
    }

    // ---------------------------------------------------------------- compare

    private record Compared(CompareReport report, Map<UUID, Long> entries, Mirror mirror) {
    }

    /** Compares the mirror's tag tables and the ranges they name. */
    public void startCompare() {
        MirrorLease held = lease;
        if (held == null) {
            return;
        }
        step.set(WizardStep.COMPARE);
        review.clear();
        error.set(null);
        status.set(null);
        if (started == null) {
            started = Instant.now();
        }
        String name = held.definition().name();
        runOperation("Comparing mirror " + name, m -> {
            CompareOperation.Compared c = CompareOperation.run(held, m);
            return new Compared(c.report(), entryCounts(c.mirror()), c.mirror());
        }, compared -> {
            historyChanged.run();
            comparedOn = compared.mirror();
            entriesBefore = compared.entries();
            review.compared(compared.report(), locations, freeBytes);
            step.set(WizardStep.REVIEW);
        });
    }

    private static Map<UUID, Long> entryCounts(Mirror mirror) throws IOException {
        Map<UUID, Long> out = new LinkedHashMap<>();
        for (MemberStatus s : mirror.status()) {
            out.put(s.device(), s.entries());
        }
        return out;
    }

    // ---------------------------------------------------------------- review

    /** Settles the conflict at {@code index} of the compare report. */
    public void choose(int index, ConflictChoice choice) {
        review.choose(index, choice);
    }

    /** Settles every conflict the same way: a policy for all. */
    public void chooseForAll(ConflictChoice choice) {
        review.chooseForAll(choice);
    }

    /** The dry-run report: what the repair would do, nothing changed. */
    public Map<String, Object> dryRunReport() {
        return review.dryRun(deviceNames.get(), locationNames(), volumeBytes);
    }

    /** Saves the dry-run report as JSON to {@code file} in the background. */
    public void saveDryRun(Path file) {
        saveJson(file, dryRunReport(), "Dry-run report");
    }

    /** Saves the final report as JSON to {@code file} in the background. */
    public void exportReport(Path file) {
        WizardReport r = report.get();
        if (r != null) {
            saveJson(file, r.toMap(), "Report");
        }
    }

    private void saveJson(Path file, Map<String, Object> json, String what) {
        work.tasks().submit(BackgroundJob.of("Saving " + what.toLowerCase(java.util.Locale.ROOT), p -> {
            Files.writeString(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json));
            return file;
        }).onSuccess(saved -> status.set(what + " saved to " + saved))
                .onFailure(e -> error.set("Cannot save " + file + ": " + Failures.describe(e))));
    }

    // ---------------------------------------------------------------- repair

    private record Repaired(RepairReport report, Map<UUID, Long> after) {
    }

    /** Repairs by the reviewed plan; call once the administrator confirmed. */
    public void startRepair() {
        MirrorLease held = lease;
        RepairPlan p = review.planProperty().get();
        if (held == null || p == null || !confirmed.get()) {
            return;
        }
        step.set(WizardStep.REPAIR);
        repairReport.set(null);
        error.set(null);
        status.set(null);
        Mirror expected = comparedOn;
        String name = held.definition().name();
        Map<String, String> decisions = review.decisions(deviceNames.get());
        Map<UUID, Long> before = entriesBefore;
        Instant begun = started;
        Map<UUID, String> where = locationNames();
        long volume = volumeBytes;
        runOperation("Repairing mirror " + name, m -> {
            Mirror on = held.mirror();
            if (on != expected) {
                throw new TagMirrorException("mirror " + name + " was assembled again since the compare; compare again");
            }
            RepairReport r = on.repair(p.effectiveReport(), p.policy(), m);
            Map<UUID, Long> after = entryCounts(on);
            // Recorded at once, so the history holds every repair that ran; the verify gets its own entry.
            WizardReport sofar = new WizardReport(name, begun, Instant.now(),
                    WizardReport.resultOf(p.report(), r, null), p.report(), decisions, r, before, after, null, where,
                    volume);
            held.workspace().recordHistory(HistoryKind.REPAIR, name, Reports.repairOutcome(r), sofar.toMap());
            access.mirrorChanged(name);
            return new Repaired(r, after);
        }, repaired -> {
            historyChanged.run();
            entriesAfter = repaired.after();
            repairReport.set(repaired.report());
            if (repaired.report().cancelled()) {
                status.set("The repair was cancelled after copying " + repaired.report().rangesCopied()
                        + " ranges. No entry was deleted, so the next compare finds everything still to do.");
            } else {
                step.set(WizardStep.VERIFY);
            }
        });
    }

    // ---------------------------------------------------------------- verify and report

    /** Compares every block of every device, independent of tags. */
    public void startVerify() {
        MirrorLease held = lease;
        if (held == null) {
            return;
        }
        step.set(WizardStep.VERIFY);
        error.set(null);
        String name = held.definition().name();
        runOperation("Verifying mirror " + name, m -> {
            VerifyReport v = VerifyOperation.run(held, m).report();
            // The Mirrors screen shows the last verify: it reads it again on this signal.
            access.mirrorChanged(name);
            return v;
        }, v -> {
            historyChanged.run();
            verifyReport.set(v);
            finish();
        });
    }

    private void finish() {
        CompareReport c = review.compareReportProperty().get();
        if (c == null) {
            return;
        }
        RepairReport r = repairReport.get();
        VerifyReport v = verifyReport.get();
        report.set(new WizardReport(c.mirror(), started == null ? Instant.now() : started, Instant.now(),
                WizardReport.resultOf(c, r, v), c, review.decisions(deviceNames.get()), r,
                entriesBefore, r == null ? entriesBefore : entriesAfter, v, locationNames(), volumeBytes));
        step.set(WizardStep.REPORT);
    }

    // ---------------------------------------------------------------- running operations

    private <T> void runOperation(String title, EngineWork.Operation<T> operation, java.util.function.Consumer<T> done) {
        ProgressMeter meter = new ProgressMeter();
        progress.set(ProgressMeter.Snapshot.NONE);
        paused.set(false);
        monitor = new WorkflowMonitor(meter, work.ui(), progress::set);
        busy.set(true);
        work.start(title, monitor, operation, value -> {
            progress.set(meter.snapshot());
            setBusy(false);
            done.accept(value);
        }, failure -> {
            setBusy(false);
            if (failure instanceof CancelledException) {
                status.set(Failures.describe(failure));
            } else {
                error.set(Failures.describe(failure));
            }
        });
    }

    private void setBusy(boolean now) {
        busy.set(now);
        paused.set(false);
        if (!now) {
            List<Runnable> waiting = new ArrayList<>(whenIdle);
            whenIdle.clear();
            waiting.forEach(Runnable::run);
            if (closed) {
                releaseLease();
            }
        }
    }

    /** Holds the running operation at its next step. */
    public void pause() {
        if (monitor != null && busy.get()) {
            monitor.pause();
            paused.set(true);
        }
    }

    public void resume() {
        if (monitor != null) {
            monitor.resume();
        }
        paused.set(false);
    }

    /** Stops the running operation at its next step; what it leaves is consistent. */
    public void cancel() {
        if (monitor != null && busy.get()) {
            monitor.cancel();
            paused.set(false);
        }
    }

    /** Whether a compare, repair or verify is running. */
    public boolean isRunning() {
        return busy.get();
    }

    /** Stops what runs, safely, and runs {@code whenStopped} on the UI thread once it has. */
    public void requestStop(Runnable whenStopped) {
        if (!busy.get()) {
            whenStopped.run();
            return;
        }
        whenIdle.add(whenStopped);
        cancel();
    }

    /** Gives the mirror back once nothing runs; call when the wizard's window closes. */
    public void close() {
        closed = true;
        if (busy.get()) {
            cancel();
        } else {
            releaseLease();
        }
    }

    private void releaseLease() {
        if (lease != null) {
            lease.close();
            lease = null;
        }
    }

    private Map<UUID, String> locationNames() {
        Map<UUID, String> out = new LinkedHashMap<>();
        locations.forEach((uuid, path) -> out.put(uuid, path.toString()));
        return out;
    }

    // ---------------------------------------------------------------- properties

    public ObservableList<String> mirrors() {
        return mirrorsReadOnly;
    }

    /** The chosen mirror's name. */
    public ObjectProperty<String> mirrorProperty() {
        return mirror;
    }

    public ReadOnlyObjectProperty<WizardStep> stepProperty() {
        return step.getReadOnlyProperty();
    }

    public WizardStep getStep() {
        return step.get();
    }

    /** True while an operation runs. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** The last failure in words, or null. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** News about the current step (a cancel, a saved file), or null. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Becomes true when the administrator closes the finished wizard. */
    public ReadOnlyBooleanProperty finishedProperty() {
        return finished.getReadOnlyProperty();
    }

    public ObservableList<PreCheck> checks() {
        return checksReadOnly;
    }

    /** Short device names of the chosen mirror, once it is taken. */
    public ReadOnlyObjectProperty<Map<UUID, String>> deviceNamesProperty() {
        return deviceNames.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ProgressMeter.Snapshot> progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty pausedProperty() {
        return paused.getReadOnlyProperty();
    }

    /** The review step's own model: the compare, the choices and the plan they make. */
    public ReviewStep review() {
        return review;
    }

    public ReadOnlyObjectProperty<CompareReport> compareReportProperty() {
        return review.compareReportProperty();
    }

    public ReadOnlyObjectProperty<RepairPlan> planProperty() {
        return review.planProperty();
    }

    /** The divergent ranges of the plan, in block order. */
    public ObservableList<PlanRow> planRows() {
        return review.planRows();
    }

    public ObservableList<PlanRow> conflictRows() {
        return review.conflictRows();
    }

    /** Whether each target has room for what the plan copies onto it. */
    public ObservableList<PreCheck> spaceChecks() {
        return review.spaceChecks();
    }

    /** The administrator's deliberate confirmation of what will be overwritten. */
    public BooleanProperty confirmedProperty() {
        return confirmed;
    }

    public ReadOnlyObjectProperty<RepairReport> repairReportProperty() {
        return repairReport.getReadOnlyProperty();
    }

    /** Whether to read every block after the repair. */
    public BooleanProperty fullVerifyProperty() {
        return fullVerify;
    }

    public ReadOnlyObjectProperty<VerifyReport> verifyReportProperty() {
        return verifyReport.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<WizardReport> reportProperty() {
        return report.getReadOnlyProperty();
    }

    public BooleanBinding canGoNextProperty() {
        return canGoNext;
    }

    public BooleanBinding canGoBackProperty() {
        return canGoBack;
    }

    public StringBinding nextLabelProperty() {
        return nextLabel;
    }

    /** The mirror's size in blocks, for the block map. */
    public long volumeBlocks() {
        return volumeBlocks;
    }

    /** The mirror's size in bytes. */
    public long volumeBytes() {
        return volumeBytes;
    }
}
