package io.tagmirror.console.repair;

import io.tagmirror.console.workflow.WizardNodes;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** Step 1: which mirror to compare and repair. */
final class ChoosePage {

    private ChoosePage() {
    }

    static VBox create(RepairWizardViewModel model) {
        ListView<String> list = new ListView<>(model.chooseStep().mirrors());
        list.setId("wizardMirrorList");
        list.getStyleClass().add("wizard-list");
        list.setPrefHeight(240);
        list.setMaxHeight(320);
        Label empty = new Label("No mirror in this workspace");
        empty.getStyleClass().add("muted");
        list.setPlaceholder(new StackPane(empty));
        list.getSelectionModel().selectedItemProperty().addListener((obs, old, name) -> {
            if (name != null) {
                model.chooseStep().mirrorProperty().set(name);
            }
        });
        model.chooseStep().mirrorProperty().addListener((obs, old, name) -> list.getSelectionModel().select(name));
        list.getSelectionModel().select(model.chooseStep().mirrorProperty().get());
        list.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                model.next();
            }
        });
        return WizardNodes.page("wizardChoosePage",
                WizardNodes.heading("Which mirror do you want to compare and repair?"),
                WizardNodes.paragraph("The wizard checks the mirror's devices, merges their tag tables to find what "
                        + "differs, and shows what it would copy from where to where. Nothing on the devices is "
                        + "written until you confirm it."),
                list, new javafx.scene.layout.Region());
    }
}
