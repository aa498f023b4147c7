package io.tagmirror.console.repair;

import io.tagmirror.console.workflow.MirrorAccess;
import io.tagmirror.console.workflow.MirrorLease;
import io.tagmirror.engine.RepairReport;
import io.tagmirror.operations.CompareOperation;
import io.tagmirror.operations.RepairOperation;
import java.util.Objects;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * Step 6: repairs by the reviewed plan through the repair operation, which settles each decided range
 * as chosen, leaves the rest with their entries, and records the repair in the history at once, so the
 * history holds every repair that ran whatever the administrator does next.
 */
public final class RepairStep {

    private final WizardWork work;
    private final MirrorAccess access;
    private final Runnable historyChanged;
    private final ReadOnlyObjectWrapper<RepairOperation.Repaired> repaired = new ReadOnlyObjectWrapper<>(this,
            "repaired");
    private final ReadOnlyObjectWrapper<RepairReport> report = new ReadOnlyObjectWrapper<>(this, "report");

    /**
     * @param access told that the mirror changed, for the other screens
     * @param historyChanged told once the repair's history entry is written
     */
    RepairStep(WizardWork work, MirrorAccess access, Runnable historyChanged) {
        this.work = Objects.requireNonNull(work, "work");
        this.access = Objects.requireNonNull(access, "access");
        this.historyChanged = Objects.requireNonNull(historyChanged, "historyChanged");
    }

    /**
     * Repairs {@code on} by {@code plan}, made from {@code compared}; {@code done} runs on the UI thread
     * once a repair ended, cancelled or not.
     */
    void run(MirrorLease on, CompareOperation.Compared compared, RepairPlan plan, Runnable done) {
        repaired.set(null);
        report.set(null);
        work.clearNotes();
        String name = on.definition().name();
        work.run("Repairing mirror " + name, m -> {
            RepairOperation.Repaired r = RepairOperation.run(on, compared, plan.choices(), m);
            access.mirrorChanged(name);
            return r;
        }, r -> {
            historyChanged.run();
            repaired.set(r);
            report.set(r.report());
            if (r.report().cancelled()) {
                work.tell("The repair was cancelled after copying " + r.report().rangesCopied()
                        + " ranges. No entry was deleted, so the next compare finds everything still to do.");
            }
            done.run();
        });
    }

    /** The repair's whole result, or null while none has ended. */
    RepairOperation.Repaired repaired() {
        return repaired.get();
    }

    /** The engine's report of the repair, or null while none has ended. */
    public ReadOnlyObjectProperty<RepairReport> reportProperty() {
        return report.getReadOnlyProperty();
    }
}
