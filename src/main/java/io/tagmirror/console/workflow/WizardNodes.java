package io.tagmirror.console.workflow;

import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** Small building blocks the workflow views share: headings, paragraphs, notes. */
public final class WizardNodes {

    /** The stylesheet of the workflow views, added to their roots on top of the theme. */
    public static final String STYLESHEET = "/io/tagmirror/console/tagmirror-workflows.css";

    private WizardNodes() {
    }

    /** The stylesheet's URL. */
    public static String stylesheet() {
        return WizardNodes.class.getResource(STYLESHEET).toExternalForm();
    }

    public static Label heading(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("wizard-heading");
        label.setWrapText(true);
        return label;
    }

    public static Label paragraph(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("wizard-text");
        label.setWrapText(true);
        label.setMinHeight(Region.USE_PREF_SIZE);
        return label;
    }

    /** A paragraph bound to {@code text}, hidden while it is null or empty. */
    public static Label note(ObservableValue<String> text, String styleClass) {
        Label label = new Label();
        label.getStyleClass().addAll("wizard-note", styleClass);
        label.setWrapText(true);
        label.setMinHeight(Region.USE_PREF_SIZE);
        label.setMaxWidth(Double.MAX_VALUE);
        label.textProperty().bind(text);
        label.visibleProperty().bind(label.textProperty().isNotEmpty());
        label.managedProperty().bind(label.visibleProperty());
        return label;
    }

    /** A page: its nodes stacked with the page's spacing; the last one grows. */
    public static VBox page(String id, Node... children) {
        VBox page = new VBox(children);
        page.setId(id);
        page.getStyleClass().add("wizard-page");
        if (children.length > 0) {
            VBox.setVgrow(children[children.length - 1], Priority.ALWAYS);
        }
        return page;
    }

    /** "key" and value label pair for a figures grid. */
    public static Label key(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("figure-key");
        return label;
    }

    public static Label value(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("figure-value");
        label.setWrapText(true);
        return label;
    }
}
