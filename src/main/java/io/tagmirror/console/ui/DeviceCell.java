package io.tagmirror.console.ui;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.VBox;

/**
 * A table cell naming a device on two lines, its path in bold over its UUID in monospace: side by side
 * in two columns the two did not fit a 1280-pixel window beside the other columns, and both matter.
 *
 * @param <S> the table's row type
 */
public final class DeviceCell<S> extends TableCell<S, S> {

    /** Style class of a table whose rows are tall enough for this cell. */
    public static final String TABLE_STYLE = "device-rows";

    private final Function<S, String> path;
    private final Function<S, String> uuid;
    private final Label pathLabel = new Label();
    private final Label uuidLabel = new Label();
    private final VBox lines = new VBox(pathLabel, uuidLabel);

    private DeviceCell(Function<S, String> path, Function<S, String> uuid) {
        this.path = path;
        this.uuid = uuid;
        pathLabel.getStyleClass().add("device-path");
        uuidLabel.getStyleClass().addAll("device-uuid", "mono", "muted");
        lines.getStyleClass().add("device-lines");
    }

    /**
     * A "Device" column of such cells, which takes the width the fixed columns leave; marks {@code table}
     * so that its rows have room for two lines.
     */
    public static <S> TableColumn<S, S> column(TableView<S> table, Function<S, String> path, Function<S, String> uuid) {
        TableColumn<S, S> column = new TableColumn<>("Device");
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
        column.setCellFactory(c -> new DeviceCell<>(path, uuid));
        // A UUID in 12-pixel monospace is about 270 pixels wide.
        column.setMinWidth(300);
        column.setPrefWidth(480);
        table.getStyleClass().add(TABLE_STYLE);
        return column;
    }

    /** Keeps {@code column} at {@code width}, so that the spare width goes to the columns of text that vary. */
    public static void fixedWidth(TableColumn<?, ?> column, double width) {
        column.setMinWidth(width);
        column.setPrefWidth(width);
        column.setMaxWidth(width);
    }

    @Override
    protected void updateItem(S item, boolean empty) {
        super.updateItem(item, empty);
        setText(null);
        if (empty || item == null) {
            setGraphic(null);
            return;
        }
        pathLabel.setText(path.apply(item));
        uuidLabel.setText(uuid.apply(item));
        setGraphic(lines);
    }
}
