package io.tagmirror.console.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.prefs.AbstractPreferences;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void inMemorySettingsStoreAndParseValues() {
        InMemoryConsoleSettings settings = new InMemoryConsoleSettings();
        settings.putDouble("d", 0.25);
        settings.putBoolean("b", true);
        settings.put("broken", "not a number");
        settings.put("nan", "NaN");

        assertThat(settings.getDouble("d")).hasValue(0.25);
        assertThat(settings.getBoolean("b", false)).isTrue();
        assertThat(settings.getBoolean("missing", true)).isTrue();
        assertThat(settings.getDouble("broken")).isEmpty();
        assertThat(settings.getDouble("nan")).isEmpty();
        settings.remove("d");
        assertThat(settings.get("d")).isEmpty();
    }

    @Test
    void windowGeometryRoundTrips() {
        InMemoryConsoleSettings settings = new InMemoryConsoleSettings();
        WindowGeometry geometry = new WindowGeometry(10, 20, 1000, 700, true);
        geometry.save(settings, "window.main");

        assertThat(WindowGeometry.load(settings, "window.main")).contains(geometry);
    }

    @Test
    void incompleteOrNonsenseGeometryIsIgnored() {
        InMemoryConsoleSettings settings = new InMemoryConsoleSettings();
        settings.putDouble("w.x", 1);
        settings.putDouble("w.y", 1);
        settings.putDouble("w.width", 800);
        assertThat(WindowGeometry.load(settings, "w")).isEmpty();

        settings.putDouble("w.height", -5);
        assertThat(WindowGeometry.load(settings, "w")).isEmpty();
    }

    @Test
    void dividerPositionsParseOnlyWhenSensible() {
        assertThat(DividerMemory.parse("0.2,0.7")).containsExactly(0.2, 0.7);
        assertThat(DividerMemory.format(new double[] {0.2, 0.7})).isEqualTo("0.2,0.7");
        assertThat(DividerMemory.parse("")).isEmpty();
        assertThat(DividerMemory.parse("abc")).isEmpty();
        assertThat(DividerMemory.parse("0.2,1.5")).isEmpty();
    }

    @Test
    void preferencesSettingsUseTheGivenNode() {
        MapPreferences node = new MapPreferences();
        PreferencesConsoleSettings settings = new PreferencesConsoleSettings(node);
        settings.put("theme", "DARK");

        assertThat(node.get("theme", null)).isEqualTo("DARK");
        assertThat(settings.get("theme")).contains("DARK");
        settings.remove("theme");
        assertThat(settings.get("theme")).isEmpty();
        settings.flush();
        assertThat(PreferencesConsoleSettings.NODE).isEqualTo("io/tagmirror/console");
    }

    /** A preference node in a map, so the test never writes the user's real preferences. */
    private static final class MapPreferences extends AbstractPreferences {
        private final Map<String, String> values = new HashMap<>();

        MapPreferences() {
            super(null, "");
        }

        @Override
        protected void putSpi(String key, String value) {
            values.put(key, value);
        }

        @Override
        protected String getSpi(String key) {
            return values.get(key);
        }

        @Override
        protected void removeSpi(String key) {
            values.remove(key);
        }

        @Override
        protected void removeNodeSpi() {
        }

        @Override
        protected String[] keysSpi() {
            return values.keySet().toArray(String[]::new);
        }

        @Override
        protected String[] childrenNamesSpi() {
            return new String[0];
        }

        @Override
        protected AbstractPreferences childSpi(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        protected void syncSpi() {
        }

        @Override
        protected void flushSpi() {
        }
    }
}
