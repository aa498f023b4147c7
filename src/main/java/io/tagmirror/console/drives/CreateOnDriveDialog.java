package io.tagmirror.console.drives;

import io.tagmirror.console.devices.CreateDeviceViewModel;
import io.tagmirror.console.ui.ByteSize;
import io.tagmirror.console.ui.Dialogs;
import io.tagmirror.console.ui.FormGrid;
import io.tagmirror.operations.disks.FormatCheck;
import io.tagmirror.operations.disks.SurveyedDrive;
import java.util.List;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.event.ActionEvent;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The "Create TagMirror device" dialog on a disk, a partition or an image file: what the checks found
 * and what will be overwritten, the consent a forced format needs, a whole disk's name typed to confirm.
 */
public final class CreateOnDriveDialog {

    private CreateOnDriveDialog() {
    }

    /** Shows the dialog without waiting; it closes itself once the device exists. */
    public static Dialog<ButtonType> show(Node anchor, CreateOnDriveViewModel model) {
        Dialog<ButtonType> dialog = new Dialog<>();
        SurveyedDrive drive = model.drive();
        dialog.setTitle("Create TagMirror device");
        dialog.setHeaderText(drive == null ? "Create a TagMirror device in an image file"
                : "Create a TagMirror device on " + drive.devicePath());
        dialog.getDialogPane().setId("createOnDriveDialog");
        // the underscore makes Alt+E (Alt+C) press it: a deliberate key, unlike Enter
        ButtonType create = new ButtonType(drive != null && drive.isWholeDisk() ? "_Erase disk and create device"
                : "_Create device", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(create, ButtonType.CANCEL);

        FormGrid form = new FormGrid();
        TextField focus = null;
        if (drive != null) {
            Label what = new Label(describe(drive));
            what.setId("createOnDriveTarget");
            what.setWrapText(true);
            form.field("Drive", what);
        } else {
            TextField path = new TextField();
            path.setId("imagePath");
            path.setPromptText("/var/lib/tagmirror/disk-a.img");
            path.textProperty().bindBidirectional(model.imagePathProperty());
            focus = path;
            form.field("Image file", path);
            TextField size = new TextField();
            size.setId("imageSize");
            size.textProperty().bindBidirectional(model.imageSizeProperty());
            BooleanBinding exists = Bindings.createBooleanBinding(model::imageExists, model.imagePathProperty());
            size.disableProperty().bind(exists);
            // a size is a few characters ("8GiB"): the hint beside it keeps the room, wrapped if need be
            size.setPrefColumnCount(8);
            size.setMinWidth(Region.USE_PREF_SIZE);
            Label sizeHint = new Label();
            sizeHint.getStyleClass().add("muted");
            sizeHint.setWrapText(true);
            HBox.setHgrow(sizeHint, Priority.ALWAYS);
            sizeHint.textProperty().bind(Bindings.when(exists).then("the file exists: formatted in place, its size kept")
                    .otherwise("a new sparse file: it takes room only as it is written"));
            HBox sizeRow = new HBox(10, size, sizeHint);
            sizeRow.setAlignment(Pos.CENTER_LEFT);
            form.field("Size", sizeRow);
        }
        ComboBox<String> blockSize = new ComboBox<>();
        blockSize.setId("driveBlockSize");
        blockSize.setEditable(true);
        blockSize.getItems().setAll(CreateDeviceViewModel.BLOCK_SIZES);
        blockSize.getEditor().textProperty().bindBidirectional(model.blockSizeProperty());
        form.field("Block size (bytes)", blockSize);

        Label heading = new Label("What will be overwritten");
        heading.getStyleClass().add("section-heading");
        VBox overwritten = new VBox(4);
        overwritten.setId("overwritten");
        Runnable fill = () -> {
            overwritten.getChildren().setAll(lines(model));
            // what the checks found may add lines and the overwrite box: the window grows to keep its buttons
            if (dialog.isShowing()) {
                Platform.runLater(() -> dialog.getDialogPane().getScene().getWindow().sizeToScene());
            }
        };
        model.checkProperty().addListener(obs -> fill.run());
        model.imagePathProperty().addListener(obs -> fill.run());
        fill.run();
        form.line(heading);
        form.line(overwritten);

        CheckBox force = new CheckBox("Overwrite what is there: it is destroyed (the command line's --force)");
        force.setId("forceOverwrite");
        force.getStyleClass().add("drive-force");
        force.setWrapText(true);
        force.selectedProperty().bindBidirectional(model.forceProperty());
        force.visibleProperty().bind(Bindings.createBooleanBinding(() -> model.checkProperty().get() != null
                && model.checkProperty().get().verdict() == FormatCheck.Verdict.CARRIES_SIGNATURE,
                model.checkProperty()));
        force.managedProperty().bind(force.visibleProperty());
        form.line(force);

        if (model.needsTypedName()) {
            TextField typed = new TextField();
            typed.setId("typedName");
            typed.setPromptText(drive.name());
            typed.textProperty().bindBidirectional(model.typedNameProperty());
            focus = typed;
            Label ask = new Label("Every partition and all data on " + drive.devicePath() + " is erased. Type "
                    + drive.name() + " to confirm:");
            ask.setWrapText(true);
            form.line(ask);
            form.line(typed);
        }

        ProgressIndicator working = new ProgressIndicator();
        working.getStyleClass().add("small-busy");
        Label workingText = new Label(drive == null ? "Creating the image…" : "Formatting " + drive.devicePath()
                + " (the data region is zeroed)…");
        HBox progress = new HBox(8, working, workingText);
        progress.visibleProperty().bind(model.busyProperty().or(model.checkingProperty()));
        progress.managedProperty().bind(progress.visibleProperty());
        workingText.textProperty().bind(Bindings.when(model.checkingProperty()).then("Checking…")
                .otherwise(workingText.getText()));
        form.line(progress);
        form.problem("createOnDriveProblem", model.failureProperty(), model.problemProperty());

        dialog.getDialogPane().setContent(form.node());
        dialog.getDialogPane().setPrefWidth(680);
        Button createButton = (Button) dialog.getDialogPane().lookupButton(create);
        createButton.setId("createOnDriveButton");
        createButton.disableProperty().bind(model.canCreateProperty().not());
        keepEnterFromOverwriting(dialog, createButton, model);
        // The dialog stays open while the device is made and when it is refused, to show why.
        createButton.addEventFilter(ActionEvent.ACTION, event -> {
            event.consume();
            model.create(dialog::close);
        });
        Dialogs.prepare(dialog, anchor);
        dialog.show();
        if (focus != null) {
            focus.requestFocus();
        }
        return dialog;
    }

    /**
     * As GNOME Disks and mdadm's prompts do, Enter never formats what holds data: while the target is a
     * drive or an existing file, Cancel is the default button, and Enter on the focused create button
     * does nothing. A click, Space on the focused button or its Alt mnemonic format it. Only a new image
     * file, which overwrites nothing, takes Enter as Create.
     */
    private static void keepEnterFromOverwriting(Dialog<ButtonType> dialog, Button createButton,
                                                 CreateOnDriveViewModel model) {
        BooleanBinding overwrites = Bindings.createBooleanBinding(
                () -> model.drive() != null || model.imageExists(), model.imagePathProperty());
        Button cancel = (Button) dialog.getDialogPane().lookupButton(ButtonType.CANCEL);
        createButton.defaultButtonProperty().bind(overwrites.not());
        cancel.defaultButtonProperty().bind(overwrites);
        createButton.addEventFilter(KeyEvent.KEY_PRESSED, event -> {
            if (event.getCode() == KeyCode.ENTER && overwrites.get()) {
                event.consume();
            }
        });
    }

    /** "/dev/sdc: Ultra USB 3.0, 32.0 GiB, disk · SSD · removable". */
    static String describe(SurveyedDrive drive) {
        String model = drive.model().isEmpty() ? "" : drive.model() + ", ";
        return drive.devicePath() + ": " + model + ByteSize.format(drive.sizeBytes()) + ", " + DisksView.kind(drive);
    }

    private static List<Label> lines(CreateOnDriveViewModel model) {
        List<String> lost = model.overwritten();
        if (lost.isEmpty()) {
            String nothing = model.drive() == null && !model.imageExists()
                    ? "Nothing: a new file is made."
                    : model.checkProperty().get() == null ? "Checking…" : "Nothing TagMirror recognises is on it.";
            Label none = new Label(nothing);
            none.getStyleClass().add("muted");
            return List.of(none);
        }
        return lost.stream().map(text -> {
            Label line = new Label("• " + text);
            line.setWrapText(true);
            line.getStyleClass().add("drive-overwritten");
            return line;
        }).toList();
    }
}
