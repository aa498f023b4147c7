package io.tagmirror.console.settings;

import java.util.Arrays;
import java.util.stream.Collectors;
import javafx.collections.ListChangeListener;
import javafx.scene.control.SplitPane;

/** Restores a {@link SplitPane}'s divider positions from {@link ConsoleSettings} and stores every change back. */
public final class DividerMemory {

    private DividerMemory() {
    }

    /**
     * Restores the positions stored under {@code key}, or {@code defaults} when none are, and keeps
     * the stored ones up to date.
     *
     * <p>Call it once the window is showing: a split pane laid out before its window has its final
     * size keeps non-resizable panes at their first width, which moves the dividers.
     */
    public static void bind(SplitPane splitPane, ConsoleSettings settings, String key, double... defaults) {
        double[] saved = parse(settings.get(key).orElse(""));
        if (saved.length == splitPane.getDividers().size()) {
            splitPane.setDividerPositions(saved);
        } else if (defaults.length > 0) {
            splitPane.setDividerPositions(defaults);
        }
        Runnable store = () -> settings.put(key, format(splitPane.getDividerPositions()));
        splitPane.getDividers().forEach(divider -> divider.positionProperty().addListener(obs -> store.run()));
        splitPane.getDividers().addListener((ListChangeListener<SplitPane.Divider>) change -> {
            while (change.next()) {
                change.getAddedSubList().forEach(divider ->
                        divider.positionProperty().addListener(obs -> store.run()));
            }
        });
    }

    static String format(double[] positions) {
        return Arrays.stream(positions).mapToObj(Double::toString).collect(Collectors.joining(","));
    }

    static double[] parse(String stored) {
        if (stored.isBlank()) {
            return new double[0];
        }
        try {
            double[] positions = Arrays.stream(stored.split(",")).map(String::trim)
                    .mapToDouble(Double::parseDouble).toArray();
            // Out-of-range values would hide a pane completely; treat them as nothing remembered.
            for (double position : positions) {
                if (!(position > 0 && position < 1)) {
                    return new double[0];
                }
            }
            return positions;
        } catch (NumberFormatException e) {
            return new double[0];
        }
    }
}
