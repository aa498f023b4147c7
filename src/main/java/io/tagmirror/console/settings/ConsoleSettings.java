package io.tagmirror.console.settings;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A small key-value store for what the console remembers between runs: window geometry, divider
 * positions, theme, last workspace.
 *
 * <p>The desktop uses {@link PreferencesConsoleSettings}; tests use {@link InMemoryConsoleSettings}
 * so they never write the user's preferences.
 */
public interface ConsoleSettings {

    Optional<String> get(String key);

    void put(String key, String value);

    void remove(String key);

    /** Writes pending changes to the backing store, if it has one; called on exit. */
    default void flush() {
    }

    default OptionalDouble getDouble(String key) {
        Optional<String> raw = get(key);
        if (raw.isEmpty()) {
            return OptionalDouble.empty();
        }
        try {
            double value = Double.parseDouble(raw.get());
            // A hand-edited or corrupted store must not place the window at NaN.
            return Double.isFinite(value) ? OptionalDouble.of(value) : OptionalDouble.empty();
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    default void putDouble(String key, double value) {
        put(key, Double.toString(value));
    }

    default boolean getBoolean(String key, boolean fallback) {
        return get(key).map(Boolean::parseBoolean).orElse(fallback);
    }

    default void putBoolean(String key, boolean value) {
        put(key, Boolean.toString(value));
    }
}
