package io.tagmirror.console.settings;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Where a window was and how big, as remembered in {@link ConsoleSettings} under {@code prefix.*}.
 *
 * @param x left edge in screen coordinates
 * @param y top edge in screen coordinates
 * @param width outer width
 * @param height outer height
 * @param maximized whether the window was maximized; the bounds are then those before maximizing
 */
public record WindowGeometry(double x, double y, double width, double height, boolean maximized) {

    /** The geometry stored under {@code prefix}, if all of it is there. */
    public static Optional<WindowGeometry> load(ConsoleSettings settings, String prefix) {
        OptionalDouble x = settings.getDouble(prefix + ".x");
        OptionalDouble y = settings.getDouble(prefix + ".y");
        OptionalDouble width = settings.getDouble(prefix + ".width");
        OptionalDouble height = settings.getDouble(prefix + ".height");
        if (x.isEmpty() || y.isEmpty() || width.isEmpty() || height.isEmpty()
                || width.getAsDouble() <= 0 || height.getAsDouble() <= 0) {
            return Optional.empty();
        }
        return Optional.of(new WindowGeometry(x.getAsDouble(), y.getAsDouble(), width.getAsDouble(),
                height.getAsDouble(), settings.getBoolean(prefix + ".maximized", false)));
    }

    public void save(ConsoleSettings settings, String prefix) {
        settings.putDouble(prefix + ".x", x);
        settings.putDouble(prefix + ".y", y);
        settings.putDouble(prefix + ".width", width);
        settings.putDouble(prefix + ".height", height);
        settings.putBoolean(prefix + ".maximized", maximized);
    }
}
