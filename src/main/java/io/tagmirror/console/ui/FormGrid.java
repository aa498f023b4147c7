package io.tagmirror.console.ui;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * The console's form layout, shared by its create dialogs: labels in one column, kept whole, fields in
 * a column that takes the room left, then lines across both (a hint, what the checks found) and the
 * validation line that says what is wrong until nothing is.
 */
public final class FormGrid {

    /** Style class of the validation line. */
    public static final String PROBLEM = "form-problem";

    private final GridPane grid = new GridPane();
    private int row;

    public FormGrid() {
        grid.getStyleClass().add("form");
        ColumnConstraints labels = new ColumnConstraints();
        // a label never gives way to its field: "Block size (bytes)" was cut to "Block size (byt…"
        labels.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        fields.setFillWidth(true);
        grid.getColumnConstraints().addAll(labels, fields);
    }

    /** A row: {@code label}, then {@code field}; returns the field. */
    public <T extends Node> T field(String label, T field) {
        grid.addRow(row++, label(label, field), field);
        return field;
    }

    /** A row for a field taller than a line (a list): its label level with the field's first line. */
    public <T extends Node> T tallField(String label, T field) {
        Label name = label(label, field);
        GridPane.setValignment(name, VPos.TOP);
        name.getStyleClass().add("form-label-top");
        grid.addRow(row++, name, field);
        return field;
    }

    /** A line across both columns; returns it. */
    public <T extends Node> T line(T node) {
        grid.add(node, 0, row++, 2, 1);
        return node;
    }

    /** A muted, wrapped hint across both columns. */
    public Label hint(String text) {
        Label hint = new Label(text);
        hint.setWrapText(true);
        hint.getStyleClass().add("muted");
        return line(hint);
    }

    /**
     * The validation line: why the last attempt failed when it did, else what is wrong with the input;
     * bold in the error colour, and its room kept while empty so the buttons do not jump.
     *
     * @param id the line's node id
     * @param failure why the last create failed, or null
     * @param problem what stands in the way of Create, or null
     */
    public Label problem(String id, ObservableStringValue failure, ObservableStringValue problem) {
        Label line = new Label();
        line.setId(id);
        line.setWrapText(true);
        line.getStyleClass().add(PROBLEM);
        line.textProperty().bind(Bindings.createStringBinding(
                () -> failure.get() != null ? failure.get() : problem.get(), failure, problem));
        line.visibleProperty().bind(line.textProperty().isNotEmpty());
        return line(line);
    }

    /** The grid, for a dialog's content. */
    public GridPane node() {
        return grid;
    }

    private static Label label(String text, Node field) {
        Label label = new Label(text);
        label.setMinWidth(Region.USE_PREF_SIZE);
        label.setLabelFor(field);
        return label;
    }
}
