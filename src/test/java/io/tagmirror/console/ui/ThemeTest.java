package io.tagmirror.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ThemeTest {

    @Test
    void eachThemeIsTheBaseSheetThenItsColours() {
        assertThat(Theme.LIGHT.stylesheets()).hasSize(2);
        assertThat(Theme.LIGHT.stylesheets().get(0)).endsWith("/io/tagmirror/console/tagmirror.css");
        assertThat(Theme.LIGHT.stylesheets().get(1)).endsWith("/tagmirror-light.css");
        assertThat(Theme.DARK.stylesheets().get(1)).endsWith("/tagmirror-dark.css");
    }

    @Test
    void togglesAndParses() {
        assertThat(Theme.LIGHT.toggled()).isEqualTo(Theme.DARK);
        assertThat(Theme.DARK.toggled()).isEqualTo(Theme.LIGHT);
        assertThat(Theme.parse("dark")).isEqualTo(Theme.DARK);
        assertThat(Theme.parse("purple")).isEqualTo(Theme.LIGHT);
    }

    @Test
    void baseSheetDefinesTheStateClassesLaterScreensUse() throws IOException {
        String css = read(Theme.LIGHT.stylesheets().get(0));
        assertThat(css).contains(".state-in-sync", ".state-diverged", ".state-degraded", ".state-conflict",
                ".match-matched", ".match-only-here", ".match-conflict");
    }

    @Test
    void bothColourSheetsDefineEveryColourTheBaseSheetLooksUp() throws IOException {
        String base = read(Theme.LIGHT.stylesheets().get(0));
        Matcher lookups = Pattern.compile("-tm-[a-z-]+").matcher(base);
        Set<String> names = new TreeSet<>();
        while (lookups.find()) {
            names.add(lookups.group());
        }
        assertThat(names).isNotEmpty();
        for (Theme theme : Theme.values()) {
            String colours = read(theme.stylesheets().get(1));
            for (String name : names) {
                assertThat(colours).as(theme + " defines " + name).contains(name + ":");
            }
        }
    }

    private static String read(String url) throws IOException {
        try (InputStream in = new URL(url).openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
