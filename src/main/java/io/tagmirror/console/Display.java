package io.tagmirror.console;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whether the console can open a window here, decided before JavaFX starts: without a display
 * JavaFX fails with a stack trace that tells an administrator on a server nothing useful.
 */
final class Display {

    private Display() {
    }

    /**
     * Why no window can be opened, or empty when one can: on Linux and other X11/Wayland systems a
     * display is named by {@code DISPLAY} or {@code WAYLAND_DISPLAY}; Windows and macOS always have one
     * in a user's session, and JavaFX's own headless platform (Monocle, in tests) needs none.
     */
    static Optional<String> missing(String osName, Map<String, String> environment, String glassPlatform) {
        if ("monocle".equalsIgnoreCase(glassPlatform)) {
            return Optional.empty();
        }
        String os = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows") || os.startsWith("mac")) {
            return Optional.empty();
        }
        if (isSet(environment.get("DISPLAY")) || isSet(environment.get("WAYLAND_DISPLAY"))) {
            return Optional.empty();
        }
        return Optional.of("neither DISPLAY nor WAYLAND_DISPLAY is set");
    }

    /** The same decision for this process. */
    static Optional<String> missingHere() {
        return missing(System.getProperty("os.name"), System.getenv(), System.getProperty("glass.platform"));
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
