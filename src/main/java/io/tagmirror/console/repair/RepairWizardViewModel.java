package io.tagmirror.console.repair;

import io.tagmirror.console.workflow.EngineWork;
import io.tagmirror.console.workflow.MirrorAccess;
import io.tagmirror.console.workflow.MirrorLease;
import io.tagmirror.engine.RepairReport;
import io.tagmirror.operations.CompareOperation;
import io.tagmirror.operations.GuidedRepairReport;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * The guided compare and repair as a navigator over one small model per step: choose a mirror, check
 * it, compare, review and settle conflicts, confirm, repair, verify, report. It decides which step comes
 * next and when Next and Back may be pressed; each step model holds its own state, and the compare,
 * repair and verify operations record the history.
 *
 * <p>Every engine call runs through {@link EngineWork}, one at a time; every property changes on the UI
 * thread. The mirror is held from the pre-checks to {@link #close()} ({@link PreCheckStep}).
 */
public final class RepairWizardViewModel {

    private static final Set<WizardStep> BACKABLE = EnumSet.of(WizardStep.PRECHECK, WizardStep.COMPARE,
            WizardStep.REVIEW, WizardStep.CONFIRM);

    private final WizardWork work;
    private final ChooseStep choose;
    private final PreCheckStep preChecks;
    private final CompareStep compare;
    private final ReviewStep review = new ReviewStep();
    private final ConfirmStep confirm = new ConfirmStep();
    private final RepairStep repair;
    private final VerifyStep verify;
    private final ReportStep report;

    private final ReadOnlyObjectWrapper<WizardStep> step = new ReadOnlyObjectWrapper<>(this, "step", WizardStep.CHOOSE);
    private final ReadOnlyBooleanWrapper finished = new ReadOnlyBooleanWrapper(this, "finished");
    private final BooleanBinding canGoNext;
    private final BooleanBinding canGoBack;
    private final StringBinding nextLabel;

    /**
     * @param access where the mirror comes from
     * @param engineWork runs the engine's operations
     * @param freeSpace reads free space for the checks
     * @param historyChanged told after each entry an operation of the wizard adds to the history
     */
    public RepairWizardViewModel(MirrorAccess access, EngineWork engineWork, PreChecks.FreeSpace freeSpace,
                                 Runnable historyChanged) {
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(historyChanged, "historyChanged");
        work = new WizardWork(engineWork);
        choose = new ChooseStep(access, work);
        preChecks = new PreCheckStep(access, work, freeSpace, historyChanged);
        compare = new CompareStep(work, historyChanged);
        repair = new RepairStep(work, access, historyChanged);
        verify = new VerifyStep(work, access, historyChanged);
        report = new ReportStep(work);
        canGoNext = Bindings.createBooleanBinding(this::computeCanGoNext, step, work.busyProperty(),
                choose.mirrorProperty(), preChecks.checks(), review.planProperty(), review.spaceChecks(),
                confirm.confirmedProperty(), repair.reportProperty());
        canGoBack = Bindings.createBooleanBinding(() -> !work.isBusy() && BACKABLE.contains(step.get()), step,
                work.busyProperty());
        nextLabel = Bindings.createStringBinding(this::computeNextLabel, step, review.planProperty(),
                repair.reportProperty(), verify.fullProperty(), work.busyProperty());
        choose.mirrorProperty().addListener((obs, old, now) -> {
            if (step.get() == WizardStep.CHOOSE) {
                work.clearError();
            }
        });
    }

    /** Lists the workspace's mirrors and preselects {@code preselected} (may be null). */
    public void start(String preselected) {
        choose.start(preselected);
    }

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
                    confirm.ask();
                    step.set(WizardStep.CONFIRM);
                } else {
                    step.set(WizardStep.VERIFY);
                }
            }
            case CONFIRM -> startRepair();
            case REPAIR -> {
                RepairReport done = repair.reportProperty().get();
                if (done == null) {
                    startCompare();
                } else if (done.cancelled()) {
                    finish();
                } else {
                    step.set(WizardStep.VERIFY);
                }
            }
            case VERIFY -> {
                if (verify.fullProperty().get()) {
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
        work.clearNotes();
        switch (step.get()) {
            case PRECHECK -> {
                preChecks.clear();
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
        if (work.isBusy()) {
            return false;
        }
        return switch (step.get()) {
            case CHOOSE -> choose.chosen();
            case PRECHECK -> preChecks.passed();
            case COMPARE, REPAIR, VERIFY, REPORT -> true;
            case REVIEW -> review.ready();
            case CONFIRM -> confirm.confirmed();
        };
    }

    private String computeNextLabel() {
        RepairPlan plan = review.planProperty().get();
        RepairReport repaired = repair.reportProperty().get();
        return switch (step.get()) {
            case CHOOSE -> "Run pre-checks";
            case PRECHECK -> "Compare";
            case COMPARE -> "Compare again";
            case REVIEW -> plan != null && !plan.hasWork() ? "Nothing to repair: verify" : "Continue";
            case CONFIRM -> "Repair now";
            case REPAIR -> work.isBusy() ? "Continue" : repaired == null ? "Compare again"
                    : repaired.cancelled() ? "Show report" : "Continue";
            case VERIFY -> verify.fullProperty().get() ? "Verify" : "Skip to report";
            case REPORT -> "Finish";
        };
    }

    /** Takes the chosen mirror for the wizard (once) and checks it. */
    public void runChecks() {
        String name = choose.mirrorProperty().get();
        if (name == null) {
            return;
        }
        step.set(WizardStep.PRECHECK);
        preChecks.run(name);
    }

    private void startCompare() {
        MirrorLease held = preChecks.lease();
        if (held == null) {
            return;
        }
        step.set(WizardStep.COMPARE);
        review.clear();
        compare.run(held, c -> {
            review.compared(c.report(), preChecks.locations(), preChecks.freeBytes());
            step.set(WizardStep.REVIEW);
        });
    }

    private void startRepair() {
        MirrorLease held = preChecks.lease();
        RepairPlan plan = review.planProperty().get();
        CompareOperation.Compared compared = compare.comparedProperty().get();
        if (held == null || plan == null || compared == null || !confirm.confirmed()) {
            return;
        }
        step.set(WizardStep.REPAIR);
        repair.run(held, compared, plan, () -> {
            if (!repair.reportProperty().get().cancelled()) {
                step.set(WizardStep.VERIFY);
            }
        });
    }

    private void startVerify() {
        MirrorLease held = preChecks.lease();
        if (held == null) {
            return;
        }
        step.set(WizardStep.VERIFY);
        verify.run(held, this::finish);
    }

    private void finish() {
        CompareOperation.Compared compared = compare.comparedProperty().get();
        if (compared == null) {
            return;
        }
        report.show(new GuidedRepairReport(compared.report().mirror(), compare.started(), Instant.now(), compared,
                review.decisions(preChecks.deviceNamesProperty().get()), repair.repaired(), verify.verified(),
                preChecks.volumeBytes()));
        step.set(WizardStep.REPORT);
    }

    /** The dry-run report: the compare and what the repair would do with the choices made, nothing changed. */
    public Map<String, Object> dryRunReport() {
        MirrorLease held = preChecks.lease();
        return review.dryRun(compare.comparedProperty().get().figures(), preChecks.deviceNamesProperty().get(),
                held == null ? Map.of() : held.locationNames());
    }

    /** Saves the dry-run report as JSON to {@code file} in the background. */
    public void saveDryRun(Path file) {
        work.saveJson(file, dryRunReport(), "Dry-run report");
    }

    /** Whether a compare, repair or verify is running. */
    public boolean isRunning() {
        return work.isBusy();
    }

    /** Stops what runs, safely, and runs {@code whenStopped} on the UI thread once it has. */
    public void requestStop(Runnable whenStopped) {
        work.whenIdle(whenStopped);
        work.cancel();
    }

    /** Gives the mirror back once nothing runs; call when the wizard's window closes. */
    public void close() {
        work.whenIdle(preChecks::release);
        work.cancel();
    }

    // ---------------------------------------------------------------- the steps' models

    /** Step 1's model: the mirrors and the choice. */
    public ChooseStep chooseStep() {
        return choose;
    }

    /** Step 2's model: the checks and the mirror the wizard holds. */
    public PreCheckStep preCheckStep() {
        return preChecks;
    }

    /** Step 3's model: the compare's result. */
    public CompareStep compareStep() {
        return compare;
    }

    /** Step 4's model: the compare, the choices and the plan they make. */
    public ReviewStep reviewStep() {
        return review;
    }

    /** Step 5's model: the confirmation. */
    public ConfirmStep confirmStep() {
        return confirm;
    }

    /** Step 6's model: the repair's result. */
    public RepairStep repairStep() {
        return repair;
    }

    /** Step 7's model: the verify, full or skipped. */
    public VerifyStep verifyStep() {
        return verify;
    }

    /** Step 8's model: the report. */
    public ReportStep reportStep() {
        return report;
    }

    /** The running work, its progress, its pause and cancel, and the notes under the steps. */
    public WizardWork work() {
        return work;
    }

    // ---------------------------------------------------------------- the navigator's own state

    public ReadOnlyObjectProperty<WizardStep> stepProperty() {
        return step.getReadOnlyProperty();
    }

    public WizardStep getStep() {
        return step.get();
    }

    /** True while an operation runs. */
    public ReadOnlyBooleanProperty busyProperty() {
        return work.busyProperty();
    }

    /** Becomes true when the administrator closes the finished wizard. */
    public ReadOnlyBooleanProperty finishedProperty() {
        return finished.getReadOnlyProperty();
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
}
