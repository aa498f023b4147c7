package io.tagmirror.console.repair;

import io.tagmirror.console.ui.ByteSize;
import io.tagmirror.console.workflow.WizardNodes;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * Step 5: restates exactly what will be overwritten, and asks for a deliberate confirmation before
 * anything is written.
 */
final class ConfirmPage {

    /** Ranges listed by name; the rest are counted, and all are in the dry-run report. */
    static final int LISTED = 12;

    private ConfirmPage() {
    }

    static VBox create(RepairWizardViewModel model) {
        VBox what = new VBox();
        what.setId("confirmText");
        what.getStyleClass().add("confirm-list");
        CheckBox confirm = new CheckBox();
        confirm.setId("confirmCheck");
        confirm.setWrapText(true);
        confirm.setMinHeight(Region.USE_PREF_SIZE);
        confirm.selectedProperty().bindBidirectional(model.confirmStep().confirmedProperty());
        model.stepProperty().addListener((obs, old, step) -> {
            if (step == WizardStep.CONFIRM) {
                fill(what, model);
                confirm.setText("I have read what will be overwritten and want to repair mirror "
                        + model.chooseStep().mirrorProperty().get() + " now.");
            }
        });
        ScrollPane scroll = new ScrollPane(what);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("wizard-scroll");
        Label warning = new Label("The repair overwrites the blocks listed above on the devices named. Their "
                + "current content there is replaced and cannot be brought back. Entries are deleted only after "
                + "every copy is on the media, so stopping the repair midway is safe.");
        warning.getStyleClass().addAll("wizard-note", "note-warning");
        warning.setWrapText(true);
        warning.setMinHeight(Region.USE_PREF_SIZE);
        // The list first, then the warning about it, then the confirmation next to the button it unlocks.
        VBox.setVgrow(scroll, Priority.ALWAYS);
        VBox page = WizardNodes.page("wizardConfirmPage", WizardNodes.heading("Confirm what will be overwritten"),
                scroll, warning, confirm);
        VBox.setVgrow(confirm, Priority.NEVER);
        return page;
    }

    private static void fill(VBox what, RepairWizardViewModel model) {
        what.getChildren().clear();
        RepairPlan plan = model.reviewStep().planProperty().get();
        if (plan == null) {
            return;
        }
        Map<UUID, String> names = model.preCheckStep().deviceNamesProperty().get();
        List<String> sentences = plan.overwriteSentences(names);
        if (sentences.isEmpty()) {
            what.getChildren().add(WizardNodes.paragraph("Nothing is overwritten: no block differs."));
        }
        for (String s : sentences) {
            Label line = new Label("•  " + s);
            line.getStyleClass().add("confirm-sentence");
            line.setWrapText(true);
            what.getChildren().add(line);
        }
        List<PlanRow> copies = plan.rows().stream().filter(PlanRow::copies).toList();
        if (!copies.isEmpty()) {
            what.getChildren().add(WizardNodes.key("Ranges overwritten"));
            for (PlanRow r : copies.subList(0, Math.min(LISTED, copies.size()))) {
                Label line = new Label("blocks " + PlanText.blocks(r.firstBlock(), r.blockCount()) + " on "
                        + PlanText.devices(r.targets(), names) + ", from " + names.get(r.source()) + " ("
                        + ByteSize.format(r.bytes()) + ")");
                line.getStyleClass().add("confirm-range");
                what.getChildren().add(line);
            }
            if (copies.size() > LISTED) {
                what.getChildren().add(WizardNodes.paragraph("… and " + (copies.size() - LISTED)
                        + " more ranges; the review step and the dry-run report list all of them."));
            }
        }
        int left = plan.conflictsLeft() + plan.tornNewestLeft();
        if (left > 0) {
            what.getChildren().add(WizardNodes.paragraph(PlanText.leftToDecide(plan.conflictsLeft(), plan.tornNewestLeft())
                    + (left == 1 ? " is" : " are") + " left for later: nothing is copied there and the entries naming "
                    + (left == 1 ? "it" : "them") + " stay."));
        }
        if (plan.report().totalEntries() > 0) {
            what.getChildren().add(WizardNodes.paragraph("Afterwards the entries this compare settled are deleted "
                    + "from the tag tables (" + plan.report().totalEntries() + " entries were read)."));
        }
    }
}
