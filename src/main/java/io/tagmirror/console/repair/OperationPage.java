package io.tagmirror.console.repair;

import io.tagmirror.console.workflow.WizardNodes;
import javafx.scene.Node;
import javafx.scene.layout.VBox;

/** Steps 3 and 6: the compare or the repair while it runs, with its progress. */
final class OperationPage {

    private OperationPage() {
    }

    static VBox compare(RepairWizardViewModel model) {
        return WizardNodes.page("wizardComparePage", WizardNodes.heading("Compare"),
                WizardNodes.paragraph("Merging the devices' tag tables, then reading the blocks they name on every "
                        + "device to decide what differs. This only reads."),
                new ProgressPanel(model, "compare", false), spacer());
    }

    static VBox repair(RepairWizardViewModel model) {
        return WizardNodes.page("wizardRepairPage", WizardNodes.heading("Repair"),
                WizardNodes.paragraph("Copying each range from its source to its targets under the block locks, so "
                        + "writes can go on. The entries are deleted only once every copy is on the media."),
                new ProgressPanel(model, "repair", true), spacer());
    }

    private static Node spacer() {
        return new VBox();
    }
}
