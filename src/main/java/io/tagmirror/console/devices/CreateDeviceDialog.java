package io.tagmirror.console.devices;

import io.tagmirror.console.ui.DirectoryPicker;
import io.tagmirror.console.ui.Dialogs;
import io.tagmirror.console.ui.FormGrid;
import java.nio.file.Path;
import javafx.event.ActionEvent;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.TextField;
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

        FormGrid form = new FormGrid();
        form.field("Folder", new HBox(8, folder, browse));
        form.field("Block size (bytes)", blockSize);
        form.hint("The folder is created when missing. TagMirror formats only a new or empty folder and "
                + "never overwrites a file. Every device of a mirror needs the same block size.");
        form.problem("createDeviceProblem", model.refusalProperty(), model.problemProperty());
        dialog.getDialogPane().setContent(form.node());
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
}
