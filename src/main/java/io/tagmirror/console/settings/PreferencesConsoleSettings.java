package io.tagmirror.console.settings;

import java.util.Objects;
import java.util.Optional;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/** {@link ConsoleSettings} kept in the user's {@link Preferences}, under the node {@code io/tagmirror/console}. */
public final class PreferencesConsoleSettings implements ConsoleSettings {

    /** The preference node the console uses; relative to the user root. */
    public static final String NODE = "io/tagmirror/console";

    private final Preferences node;

    public PreferencesConsoleSettings(Preferences node) {
        this.node = Objects.requireNonNull(node, "node");
    }

    /** The store of the user running the console. */
    public static PreferencesConsoleSettings forCurrentUser() {
        return new PreferencesConsoleSettings(Preferences.userRoot().node(NODE));
    }

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(node.get(key, null));
    }

    @Override
    public void put(String key, String value) {
        node.put(key, value);
    }

    @Override
    public void remove(String key) {
        node.remove(key);
    }

    @Override
    public void flush() {
        try {
            node.flush();
        } catch (BackingStoreException e) {
            // Losing a remembered window size is not worth failing the exit for.
            System.getLogger(PreferencesConsoleSettings.class.getName())
                    .log(System.Logger.Level.WARNING, "Could not save console settings: " + e.getMessage());
        }
    }
}
