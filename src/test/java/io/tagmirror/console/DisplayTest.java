package io.tagmirror.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whether the console can open a window, decided before JavaFX starts. */
class DisplayTest {

    @Test
    void linuxWithoutDisplayVariablesHasNone() {
        assertThat(Display.missing("Linux", Map.of("HOME", "/root"), null))
                .contains("neither DISPLAY nor WAYLAND_DISPLAY is set");
        assertThat(Display.missing("Linux", Map.of("DISPLAY", ""), null)).isPresent();
    }

    @Test
    void anX11OrWaylandDisplayIsEnough() {
        assertThat(Display.missing("Linux", Map.of("DISPLAY", ":0"), null)).isEmpty();
        assertThat(Display.missing("Linux", Map.of("WAYLAND_DISPLAY", "wayland-0"), null)).isEmpty();
        assertThat(Display.missing("FreeBSD", Map.of("DISPLAY", "localhost:10.0"), null)).isEmpty();
    }

    @Test
    void windowsMacAndTheHeadlessPlatformNeedNoVariable() {
        assertThat(Display.missing("Windows 11", Map.of(), null)).isEmpty();
        assertThat(Display.missing("Mac OS X", Map.of(), null)).isEmpty();
        assertThat(Display.missing("Linux", Map.of(), "Monocle")).isEmpty();
    }
}
