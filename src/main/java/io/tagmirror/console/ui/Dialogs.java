package io.tagmirror.console.ui;

import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.stage.Window;

/**
 * The console's dialogs: shown without waiting, so neither the FX thread nor a test robot stalls
 * on them, and styled like the window they belong to.
 */
public final class Dialogs {

    /** Id of a confirmation's dialog pane. */
    public static final String CONFIRM_DIALOG = "confirmDialog";
    /** Id of the button that confirms. */
    public static final String CONFIRM_BUTTON = "confirmButton";

    private Dialogs() {
    }

    /**
     * Asks to confirm a destructive action; {@code onConfirm} runs only if the administrator presses
     * the button labelled {@code confirmLabel}.
     *
     * @param anchor a node of the window the dialog belongs to
     * @param header what is about to happen, e.g. "Delete mirror demo?"
     * @param text exactly what will be deleted or overwritten
     */
    public static Alert confirm(Node anchor, String header, String text, String confirmLabel, Runnable onConfirm) {
        ButtonType confirm = new ButtonType(confirmLabel, ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, text, confirm, ButtonType.CANCEL);
        alert.setTitle(header);
        alert.setHeaderText(header);
        alert.getDialogPane().setId(CONFIRM_DIALOG);
        alert.getDialogPane().setMinWidth(560);
        ((Button) alert.getDialogPane().lookupButton(confirm)).setId(CONFIRM_BUTTON);
        // Cancel is the default: Enter must not delete anything.
        ((Button) alert.getDialogPane().lookupButton(confirm)).setDefaultButton(false);
        ((Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        prepare(alert, anchor);
        alert.setOnHidden(event -> {
            if (alert.getResult() == confirm) {
                onConfirm.run();
            }
        });
        alert.show();
        return alert;
    }

    /** Id of an information dialog's pane. */
    public static final String INFORM_DIALOG = "informDialog";

    /**
     * Shows what was found or done, without waiting, e.g. a scan's result.
     *
     * @param anchor a node of the window the dialog belongs to
     * @param header what it is about, e.g. "Scan of /dev/sdc"
     * @param text what was found, one item a line
     */
    public static Alert inform(Node anchor, String header, String text) {
        Alert alert = new Alert(Alert.AlertType.INFORMATION, text, ButtonType.CLOSE);
        alert.setTitle(header);
        alert.setHeaderText(header);
        alert.getDialogPane().setId(INFORM_DIALOG);
        alert.getDialogPane().setMinWidth(560);
        prepare(alert, anchor);
        alert.show();
        return alert;
    }

    /** Gives a dialog its owner and the owner's stylesheets, so it follows the theme. */
    public static void prepare(Dialog<?> dialog, Node anchor) {
        Scene scene = anchor == null ? null : anchor.getScene();
        Window owner = scene == null ? null : scene.getWindow();
        if (owner != null) {
            dialog.initOwner(owner);
        }
        if (scene != null) {
            dialog.getDialogPane().getStylesheets().setAll(scene.getStylesheets());
        }
        dialog.setResizable(true);
    }
}
