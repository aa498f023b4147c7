package io.tagmirror.console.shell;

import io.tagmirror.console.ui.Badge;
import io.tagmirror.console.ui.Icons;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;

/**
 * An empty-state screen that tells the administrator what will appear here, shown for sections
 * whose real screen is not registered yet.
 */
public final class PlaceholderScreen implements Screen {

    private final String title;
    private final String icon;
    private final String heading;
    private final String detail;
    private final List<LegendEntry> legend;
    private VBox view;

    /**
     * @param title the screen title
     * @param icon the style class of the big icon, one of the {@link Icons} constants
     * @param heading the empty state in a few words, e.g. "No mirrors yet"
     * @param detail one or two sentences on what will be listed here
     * @param legend the states this screen will show, drawn as badges; may be empty
     */
    public PlaceholderScreen(String title, String icon, String heading, String detail, List<LegendEntry> legend) {
        this.title = Objects.requireNonNull(title, "title");
        this.icon = Objects.requireNonNull(icon, "icon");
        this.heading = Objects.requireNonNull(heading, "heading");
        this.detail = Objects.requireNonNull(detail, "detail");
        this.legend = List.copyOf(legend);
    }

    @Override
    public String title() {
        return title;
    }

    /** The empty-state heading, e.g. "No mirrors yet". */
    public String heading() {
        return heading;
    }

    @Override
    public Node view() {
        if (view == null) {
            view = build();
        }
        return view;
    }

    private VBox build() {
        Node bigIcon = Icons.icon(icon);
        bigIcon.getStyleClass().add("empty-state-icon");

        Label headingLabel = new Label(heading);
        headingLabel.getStyleClass().add("empty-state-heading");
        Label detailLabel = new Label(detail);
        detailLabel.getStyleClass().add("empty-state-text");
        detailLabel.setWrapText(true);

        VBox box = new VBox(bigIcon, headingLabel, detailLabel);
        if (!legend.isEmpty()) {
            FlowPane badges = new FlowPane();
            legend.forEach(entry -> badges.getChildren().add(Badge.of(entry.symbol(), entry.text(), entry.styleClass())));
            badges.getStyleClass().add("empty-state-legend");
            badges.setAlignment(Pos.CENTER);
            box.getChildren().add(badges);
        }
        box.getStyleClass().add("empty-state");
        box.setAlignment(Pos.CENTER);
        box.setId("placeholder-" + title.toLowerCase(Locale.ROOT));
        return box;
    }

    /**
     * One state of the legend; kept as data so that the screen builds no nodes until shown.
     *
     * @param symbol what pairs with the colour, e.g. "✓"
     * @param text the state's name
     * @param styleClass the state's style class, one of the {@link Badge} constants
     */
    public record LegendEntry(String symbol, String text, String styleClass) {
    }
}
