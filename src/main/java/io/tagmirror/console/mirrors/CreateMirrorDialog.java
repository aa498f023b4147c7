package io.tagmirror.console.mirrors;

import io.tagmirror.console.ui.Dialogs;
import javafx.beans.binding.Bindings;
import javafx.event.ActionEvent;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.control.cell.CheckBoxListCell;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;

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

        Label hint = new Label("The volume is a sparse object on each device: it takes space only as it is written. "
                + "Sizes read like 64MiB, 1GiB or 512k.");
        hint.setWrapText(true);
        hint.getStyleClass().add("muted");

        Label problem = new Label();
        problem.setId("createMirrorProblem");
        problem.setWrapText(true);
        problem.getStyleClass().add("form-problem");
        problem.textProperty().bind(Bindings.createStringBinding(
                () -> model.refusalProperty().get() != null ? model.refusalProperty().get() : model.problemProperty().get(),
                model.refusalProperty(), model.problemProperty()));

        GridPane form = new GridPane();
        form.getStyleClass().add("form");
        ColumnConstraints grow = new ColumnConstraints();
        grow.setHgrow(Priority.ALWAYS);
        form.getColumnConstraints().addAll(new ColumnConstraints(), grow);
        form.addRow(0, new Label("Name"), name);
        form.addRow(1, new Label("Size"), size);
        form.addRow(2, new Label("Devices (2 or more)"), devices);
        form.add(hint, 0, 3, 2, 1);
        form.add(problem, 0, 4, 2, 1);
        dialog.getDialogPane().setContent(form);
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
