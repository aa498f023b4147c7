package io.tagmirror.console.settings;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link ConsoleSettings} kept in a map and forgotten on exit, for tests and throwaway sessions. */
public final class InMemoryConsoleSettings implements ConsoleSettings {

    private final Map<String, String> values = new ConcurrentHashMap<>();

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    @Override
    public void put(String key, String value) {
        values.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    }

    @Override
    public void remove(String key) {
        values.remove(key);
    }

    /** A copy of everything stored, for assertions. */
    public Map<String, String> snapshot() {
        return Map.copyOf(values);
    }
}
