package io.tagmirror.console.repair;

import io.tagmirror.operations.GuidedRepairReport;
import java.nio.file.Path;
import java.util.Objects;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/** Step 8: the report the workflow ends with, and its export. */
public final class ReportStep {

    private final WizardWork work;
    private final ReadOnlyObjectWrapper<GuidedRepairReport> report = new ReadOnlyObjectWrapper<>(this, "report");

    ReportStep(WizardWork work) {
        this.work = Objects.requireNonNull(work, "work");
    }

    /** Shows {@code finished}, the workflow's end. */
    void show(GuidedRepairReport finished) {
        report.set(Objects.requireNonNull(finished, "finished"));
    }

    /** Saves the report as JSON to {@code file} in the background. */
    public void export(Path file) {
        GuidedRepairReport r = report.get();
        if (r != null) {
            work.saveJson(file, r.toMap(), "Report");
        }
    }

    /** The report, or null until the workflow ended. */
    public ReadOnlyObjectProperty<GuidedRepairReport> reportProperty() {
        return report.getReadOnlyProperty();
    }
}
