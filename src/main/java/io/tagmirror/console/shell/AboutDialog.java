package io.tagmirror.console.shell;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.stage.Window;

/** The Help ▸ About dialog: name, version and runtime of the console. */
final class AboutDialog {

    private AboutDialog() {
    }

    /**
     * Shows the dialog without waiting for it to close: nothing depends on its answer, and a
     * blocking dialog would stall whoever opened it, a test robot included.
     */
    static Alert show(Window owner, MainViewModel model) {
        Alert alert = new Alert(Alert.AlertType.INFORMATION, model.aboutText(), ButtonType.CLOSE);
        alert.initOwner(owner);
        alert.setTitle("About " + model.appInfo().name());
        alert.setHeaderText(model.appInfo().name());
        javafx.scene.image.Image icon = io.tagmirror.console.ui.AppIcons.load(64);
        if (icon != null) {
            alert.setGraphic(new javafx.scene.image.ImageView(icon));
        }
        if (alert.getDialogPane().getScene().getWindow() instanceof javafx.stage.Stage dialogStage
                && owner instanceof javafx.stage.Stage ownerStage) {
            dialogStage.getIcons().setAll(ownerStage.getIcons());
        }
        alert.getDialogPane().setId("aboutDialog");
        alert.getDialogPane().getStyleClass().add("about-dialog");
        model.getTheme().applyTo(alert.getDialogPane());
        alert.show();
        return alert;
    }
}
