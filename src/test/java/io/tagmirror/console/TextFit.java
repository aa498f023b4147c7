package io.tagmirror.console;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputControl;
import javafx.scene.text.Text;

/**
 * Finds text a window shows cut off: a {@link Labeled} whose rendered text (its {@code LabeledText}
 * node) is not its whole text, one that sticks out of the window or of its table, and a text field's
 * placeholder wider than the field.
 */
public final class TextFit {

    private TextFit() {
    }

    /**
     * Every piece of visible text under {@code root} that is cut off, described for a failure message.
     * Read on the FX thread, after a layout pass there: a label whose text a background task changed a
     * moment before (the task counter in the status bar) would otherwise be compared with the text its
     * last layout rendered.
     */
    public static List<String> cutOff(Parent root) {
        if (!javafx.application.Platform.isFxApplicationThread()) {
            try {
                return org.testfx.util.WaitForAsyncUtils.asyncFx(() -> cutOff(root)).get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("could not read the window on the FX thread: " + e, e);
            }
        }
        root.applyCss();
        root.layout();
        List<String> found = new ArrayList<>();
        visit(root, found);
        return found;
    }

    private static void visit(Node node, List<String> found) {
        if (!node.isVisible() || node.getOpacity() == 0) {
            return;
        }
        if (node instanceof Labeled labeled) {
            check(labeled, found);
        } else if (node instanceof TextInputControl field) {
            check(field, found);
        }
        if (node instanceof Parent parent) {
            for (Node child : parent.getChildrenUnmodifiable()) {
                visit(child, found);
            }
        }
    }

    private static void check(Labeled labeled, List<String> found) {
        String text = labeled.getText();
        if (text == null || text.isBlank() || labeled.getWidth() <= 0) {
            return;
        }
        if (labeled.isMnemonicParsing()) {
            text = text.replaceFirst("_(?=.)", ""); // "_Create device" shows as "Create device"
        }
        for (Node child : labeled.getChildrenUnmodifiable()) {
            if (child instanceof Text shown && shown.getClass().getSimpleName().equals("LabeledText")) {
                if (!text.equals(shown.getText())) {
                    found.add(describe(labeled) + " shows '" + shown.getText() + "' of '" + text + "'");
                    return;
                }
            }
        }
        if (labeled.isWrapText() && labeled.prefHeight(labeled.getWidth()) > labeled.getHeight() + 1) {
            found.add(describe(labeled) + " '" + text + "' wraps to more lines than it has room for");
            return;
        }
        if (!insideItsViewport(labeled)) {
            found.add(describe(labeled) + " '" + text + "' reaches past the edge of its window or table");
        }
    }

    private static void check(TextInputControl field, List<String> found) {
        String prompt = field.getPromptText();
        if ((field.getText() != null && !field.getText().isEmpty()) || prompt == null || prompt.isBlank()
                || field.getWidth() <= 0) {
            return;
        }
        Text measure = new Text(prompt);
        measure.setFont(field.getFont());
        double room = field.getWidth() - field.snappedLeftInset() - field.snappedRightInset();
        if (measure.getLayoutBounds().getWidth() > room + 0.5) {
            found.add(describe(field) + " placeholder '" + prompt + "' needs "
                    + Math.round(measure.getLayoutBounds().getWidth()) + " px, has " + Math.round(room));
        }
        if (!insideItsViewport(field)) {
            found.add(describe(field) + " with placeholder '" + prompt + "' reaches past the edge of its window");
        }
    }

    /** Inside the scene, and inside the nearest table, which clips its cells without an ellipsis. */
    private static boolean insideItsViewport(Node node) {
        Bounds b = node.localToScene(node.getLayoutBounds());
        if (node.getScene() == null) {
            return true;
        }
        double width = node.getScene().getWidth();
        if (b.getMaxX() > width + 1) {
            return false;
        }
        for (Parent p = node.getParent(); p != null; p = p.getParent()) {
            if (p instanceof ScrollPane) {
                return true;
            }
            if (p instanceof TableView<?> table) {
                Bounds t = table.localToScene(table.getLayoutBounds());
                return b.getMaxX() <= t.getMaxX() + 1 || b.getMinX() >= t.getMaxX();
            }
        }
        return true;
    }

    private static String describe(Node node) {
        String id = node.getId() != null ? "#" + node.getId() : "";
        Node named = node;
        while (id.isEmpty() && named.getParent() != null) {
            named = named.getParent();
            id = named.getId() != null ? "in #" + named.getId() : "";
        }
        return node.getClass().getSimpleName() + " " + id;
    }
}
