package io.tagmirror.console.devices;

import io.tagmirror.console.ui.DirectoryPicker;
import io.tagmirror.console.ui.Dialogs;
import java.nio.file.Path;
import javafx.beans.binding.Bindings;
import javafx.event.ActionEvent;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/** The "Create device" dialog: a folder, a block size, and what is wrong with them until nothing is. */
public final class CreateDeviceDialog {

    private CreateDeviceDialog() {
    }

    /** Shows the dialog without waiting; it closes itself once the device exists. */
    public static Dialog<ButtonType> show(Node anchor, CreateDeviceViewModel model, DirectoryPicker picker) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.setTitle("Create device");
        dialog.setHeaderText("Create a TagMirror device");
        dialog.getDialogPane().setId("createDeviceDialog");
        ButtonType create = new ButtonType("Create device", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(create, ButtonType.CANCEL);

        TextField folder = new TextField();
        folder.setId("deviceFolder");
        folder.setPromptText("/srv/mirror-a/device");
        folder.textProperty().bindBidirectional(model.folderProperty());
        HBox.setHgrow(folder, Priority.ALWAYS);
        Button browse = new Button("Browse…");
        browse.setId("browseDeviceFolder");
        browse.setOnAction(event -> {
            Path start = folder.getText().isBlank() ? null : Path.of(folder.getText().trim()).getParent();
            picker.pick(dialog.getDialogPane().getScene().getWindow(), "Folder for the new device", start)
                    .ifPresent(path -> model.folderProperty().set(path.toString()));
        });

        ComboBox<String> blockSize = new ComboBox<>();
        blockSize.setId("deviceBlockSize");
        blockSize.setEditable(true);
        blockSize.getItems().setAll(CreateDeviceViewModel.BLOCK_SIZES);
        blockSize.getEditor().textProperty().bindBidirectional(model.blockSizeProperty());

        Label hint = new Label("The folder is created when missing. TagMirror formats only a new or empty folder and "
                + "never overwrites a file. Every device of a mirror needs the same block size.");
        hint.setWrapText(true);
        hint.getStyleClass().add("muted");

        Label problem = new Label();
        problem.setId("createDeviceProblem");
        problem.setWrapText(true);
        problem.getStyleClass().add("form-problem");
        problem.textProperty().bind(Bindings.createStringBinding(
                () -> model.refusalProperty().get() != null ? model.refusalProperty().get() : model.problemProperty().get(),
                model.refusalProperty(), model.problemProperty()));
        problem.visibleProperty().bind(problem.textProperty().isNotEmpty());

        GridPane form = new GridPane();
        form.getStyleClass().add("form");
        form.getColumnConstraints().addAll(new ColumnConstraints(), columnThatGrows());
        form.addRow(0, new Label("Folder"), new HBox(8, folder, browse));
        form.addRow(1, new Label("Block size (bytes)"), blockSize);
        form.add(hint, 0, 2, 2, 1);
        form.add(problem, 0, 3, 2, 1);
        dialog.getDialogPane().setContent(form);
        dialog.getDialogPane().setPrefWidth(620);

        Button createButton = (Button) dialog.getDialogPane().lookupButton(create);
        createButton.setId("createDeviceButton");
        createButton.disableProperty().bind(model.canCreateProperty().not());
        // The dialog stays open while the device is made and when the engine refuses, to show why.
        createButton.addEventFilter(ActionEvent.ACTION, event -> {
            event.consume();
            model.create(dialog::close);
        });
        Dialogs.prepare(dialog, anchor);
        dialog.show();
        folder.requestFocus();
        return dialog;
    }

    static ColumnConstraints columnThatGrows() {
        ColumnConstraints grow = new ColumnConstraints();
        grow.setHgrow(Priority.ALWAYS);
        grow.setFillWidth(true);
        return grow;
    }
}
