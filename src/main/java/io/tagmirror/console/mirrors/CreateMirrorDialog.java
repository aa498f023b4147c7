package io.tagmirror.console.mirrors;

import io.tagmirror.console.ui.Dialogs;
import io.tagmirror.console.ui.FormGrid;
import javafx.event.ActionEvent;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.control.cell.CheckBoxListCell;

/** The "Create mirror" dialog: name, size and the devices, with what is wrong until nothing is. */
public final class CreateMirrorDialog {

    private CreateMirrorDialog() {
    }

    /** Shows the dialog without waiting; it closes itself once the mirror exists. */
    public static Dialog<ButtonType> show(Node anchor, CreateMirrorViewModel model) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.setTitle("Create mirror");
        dialog.setHeaderText("Create a mirror");
        dialog.getDialogPane().setId("createMirrorDialog");
        ButtonType create = new ButtonType("Create mirror", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(create, ButtonType.CANCEL);

        TextField name = new TextField();
        name.setId("mirrorName");
        name.setPromptText("volume-1");
        name.textProperty().bindBidirectional(model.nameProperty());
        TextField size = new TextField();
        size.setId("mirrorSize");
        size.setPromptText("64MiB");
        size.textProperty().bindBidirectional(model.sizeProperty());

        ListView<DeviceChoice> devices = new ListView<>(model.choices());
        devices.setId("mirrorDevices");
        devices.setCellFactory(CheckBoxListCell.forListView(DeviceChoice::pickedProperty));
        devices.setPrefHeight(170);

        FormGrid form = new FormGrid();
        form.field("Name", name);
        form.field("Size", size);
        form.tallField("Devices (2 or more)", devices);
        form.hint("The volume is a sparse object on each device: it takes space only as it is written. "
                + "Sizes read like 64MiB, 1GiB or 512k.");
        form.problem("createMirrorProblem", model.refusalProperty(), model.problemProperty());
        dialog.getDialogPane().setContent(form.node());
        dialog.getDialogPane().setPrefWidth(680);

        Button createButton = (Button) dialog.getDialogPane().lookupButton(create);
        createButton.setId("createMirrorButton");
        createButton.disableProperty().bind(model.canCreateProperty().not());
        createButton.addEventFilter(ActionEvent.ACTION, event -> {
            event.consume();
            model.create(dialog::close);
        });
        Dialogs.prepare(dialog, anchor);
        dialog.show();
        name.requestFocus();
        return dialog;
    }
}
