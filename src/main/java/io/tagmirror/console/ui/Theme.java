package io.tagmirror.console.ui;

import java.net.URL;
import java.util.List;
import java.util.Objects;
import javafx.scene.Parent;
import javafx.scene.Scene;

/** The console's colour themes; each is the shared base stylesheet plus one colour stylesheet. */
public enum Theme {
    LIGHT("tagmirror-light.css"),
    DARK("tagmirror-dark.css");

    private static final String BASE = "tagmirror.css";

    private final String colours;

    Theme(String colours) {
        this.colours = colours;
    }

    /** Stylesheet URLs in the order they must be applied: base first, so colours can override it. */
    public List<String> stylesheets() {
        return List.of(resource(BASE), resource(colours));
    }

    /** The other theme. */
    public Theme toggled() {
        return this == LIGHT ? DARK : LIGHT;
    }

    /** Replaces the scene's stylesheets with this theme's. */
    public void applyTo(Scene scene) {
        scene.getStylesheets().setAll(stylesheets());
    }

    /**
     * Replaces the stylesheets of a root that lives in its own window (a dialog pane), which does
     * not inherit the main scene's stylesheets.
     */
    public void applyTo(Parent root) {
        root.getStylesheets().setAll(stylesheets());
    }

    /** Parses a stored theme name, falling back to light for anything unknown. */
    public static Theme parse(String name) {
        for (Theme theme : values()) {
            if (theme.name().equalsIgnoreCase(name)) {
                return theme;
            }
        }
        return LIGHT;
    }

    private static String resource(String name) {
        URL url = Theme.class.getResource("/io/tagmirror/console/" + name);
        return Objects.requireNonNull(url, "missing stylesheet " + name).toExternalForm();
    }
}
