package io.tagmirror.console.repair;

import io.tagmirror.console.workflow.MirrorAccess;
import io.tagmirror.console.workflow.MirrorLease;
import io.tagmirror.engine.VerifyReport;
import io.tagmirror.operations.VerifyOperation;
import java.util.Objects;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * Step 7: the optional full verify, every block of every device compared independent of the tags,
 * through the verify operation, which records it in the history.
 */
public final class VerifyStep {

    private final WizardWork work;
    private final MirrorAccess access;
    private final Runnable historyChanged;
    private final BooleanProperty full = new SimpleBooleanProperty(this, "full", true);
    private final ReadOnlyObjectWrapper<VerifyOperation.Verified> verified = new ReadOnlyObjectWrapper<>(this,
            "verified");
    private final ReadOnlyObjectWrapper<VerifyReport> report = new ReadOnlyObjectWrapper<>(this, "report");

    /**
     * @param access told that the mirror changed: the Mirrors screen shows the last verify
     * @param historyChanged told once the verify's history entry is written
     */
    VerifyStep(WizardWork work, MirrorAccess access, Runnable historyChanged) {
        this.work = Objects.requireNonNull(work, "work");
        this.access = Objects.requireNonNull(access, "access");
        this.historyChanged = Objects.requireNonNull(historyChanged, "historyChanged");
    }

    /** Verifies {@code on}; {@code done} runs on the UI thread once it ended, cancelled or not. */
    void run(MirrorLease on, Runnable done) {
        work.clearError();
        String name = on.definition().name();
        work.run("Verifying mirror " + name, m -> {
            VerifyOperation.Verified v = VerifyOperation.run(on, m);
            // The Mirrors screen shows the last verify: it reads it again on this signal.
            access.mirrorChanged(name);
            return v;
        }, v -> {
            historyChanged.run();
            verified.set(v);
            report.set(v.report());
            done.run();
        });
    }

    /** The verify's whole result, or null when none ran. */
    VerifyOperation.Verified verified() {
        return verified.get();
    }

    /** Whether to read every block after the repair; the report follows without when unset. */
    public BooleanProperty fullProperty() {
        return full;
    }

    public ReadOnlyObjectProperty<VerifyReport> reportProperty() {
        return report.getReadOnlyProperty();
    }
}
