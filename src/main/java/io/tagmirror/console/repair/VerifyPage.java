package io.tagmirror.console.repair;

import io.tagmirror.console.ui.ByteSize;
import io.tagmirror.console.workflow.WizardNodes;
import io.tagmirror.engine.RepairReport;
import javafx.beans.binding.Bindings;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/** Step 7: what the repair did, and an optional full verify with its own progress. */
final class VerifyPage {

    private VerifyPage() {
    }

    static VBox create(RepairWizardViewModel model) {
        Label done = new Label();
        done.setId("repairResult");
        done.getStyleClass().add("wizard-summary");
        done.setWrapText(true);
        done.textProperty().bind(Bindings.createStringBinding(() -> describe(model.repairStep().reportProperty().get()),
                model.repairStep().reportProperty()));
        CheckBox full = new CheckBox();
        full.setId("fullVerify");
        full.setWrapText(true);
        full.selectedProperty().bindBidirectional(model.verifyStep().fullProperty());
        full.textProperty().bind(Bindings.createStringBinding(() -> "Run a full verify: read every block of every "
                + "device (" + ByteSize.format(model.preCheckStep().volumeBytes()) + " each) and compare them, independent of the "
                + "tags", model.stepProperty()));
        full.disableProperty().bind(model.busyProperty());
        ProgressPanel progress = new ProgressPanel(model, "verify", false);
        progress.visibleProperty().bind(model.busyProperty());
        progress.managedProperty().bind(progress.visibleProperty());
        return WizardNodes.page("wizardVerifyPage", WizardNodes.heading("Verify"), done, full,
                WizardNodes.paragraph("A verify is the independent check that the mirror's devices are "
                        + "byte-identical. It can take long on large volumes; skip it to go straight to the report."),
                progress, new VBox());
    }

    static String describe(RepairReport r) {
        if (r == null) {
            return "No repair was needed.";
        }
        return "The repair copied " + ByteSize.format(r.bytesCopied()) + " in " + r.rangesCopied()
                + (r.rangesCopied() == 1 ? " range" : " ranges") + " and deleted " + r.entriesDeleted() + " entries"
                + (r.undecided() > 0 ? "; " + PlanText.leftToDecide(r.conflictsLeft(), r.tornNewestLeft())
                + (r.undecided() == 1 ? " is" : " are") + " left for later." : ".");
    }
}
