package io.tagmirror.console.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.console.AppInfo;
import io.tagmirror.console.ConsoleServices;
import io.tagmirror.console.settings.InMemoryConsoleSettings;
import io.tagmirror.console.task.BackgroundTasks;
import io.tagmirror.console.task.DirectTaskRunner;
import io.tagmirror.console.ui.Theme;
import java.nio.file.Path;
import javafx.scene.Node;
import org.junit.jupiter.api.Test;

/** The main window's view model on its own: no toolkit, no stage. */
class MainViewModelTest {

    private final InMemoryConsoleSettings settings = new InMemoryConsoleSettings();

    private MainViewModel model() {
        return new MainViewModel(new ConsoleServices(settings, new DirectTaskRunner(), new BackgroundTasks(),
                new AppInfo("TagMirror", "1.2.3")));
    }

    @Test
    void everySectionStartsWithAnEmptyStateScreen() {
        MainViewModel model = model();

        assertThat(model.sections()).containsExactly(Section.DRIVES, Section.DEVICES, Section.MIRRORS,
                Section.TAG_TABLES, Section.BLOCK_MAP, Section.REPLAY, Section.HISTORY);
        for (Section section : Section.values()) {
            assertThat(model.screen(section)).isInstanceOf(PlaceholderScreen.class);
            assertThat(model.screen(section).title()).isEqualTo(section.label());
        }
        assertThat(((PlaceholderScreen) model.screen(Section.MIRRORS)).heading()).isEqualTo("No mirrors yet");
        assertThat(model.getSelectedSection()).isEqualTo(Section.DRIVES);
        assertThat(model.titleProperty().get()).isEqualTo("Drives");
    }

    @Test
    void showSwitchesTheCurrentScreenAndCallsOnShow() {
        MainViewModel model = model();
        RecordingScreen mirrors = new RecordingScreen("Mirrors");
        model.register(Section.MIRRORS, mirrors);
        assertThat(mirrors.shown).isZero();

        model.show(Section.MIRRORS);

        assertThat(model.getCurrentScreen()).isSameAs(mirrors);
        assertThat(model.titleProperty().get()).isEqualTo("Mirrors");
        assertThat(mirrors.shown).isEqualTo(1);

        model.show(Section.HISTORY);
        model.show(Section.MIRRORS);
        assertThat(mirrors.shown).isEqualTo(2);
    }

    @Test
    void registeringForTheVisibleSectionShowsTheNewScreenAtOnce() {
        MainViewModel model = model();
        RecordingScreen drives = new RecordingScreen("Drives");

        model.register(Section.DRIVES, drives);

        assertThat(model.getCurrentScreen()).isSameAs(drives);
        assertThat(drives.shown).isEqualTo(1);
    }

    @Test
    void aClearedSelectionKeepsTheSection() {
        MainViewModel model = model();
        model.show(Section.HISTORY);
        model.selectedSectionProperty().set(null);

        assertThat(model.getSelectedSection()).isEqualTo(Section.HISTORY);
    }

    @Test
    void remembersTheSectionAcrossRuns() {
        model().show(Section.HISTORY);

        MainViewModel next = model();
        assertThat(next.getSelectedSection()).isEqualTo(Section.HISTORY);
    }

    @Test
    void themeTogglesAndIsRemembered() {
        MainViewModel model = model();
        assertThat(model.getTheme()).isEqualTo(Theme.LIGHT);

        model.toggleTheme();

        assertThat(model.getTheme()).isEqualTo(Theme.DARK);
        assertThat(model.darkThemeProperty().get()).isTrue();
        assertThat(model().getTheme()).isEqualTo(Theme.DARK);
    }

    @Test
    void workspaceLabelAndLastWorkspace() {
        MainViewModel model = model();
        assertThat(model.workspaceLabelProperty().get()).isEqualTo("No workspace open");
        assertThat(model.lastWorkspace()).isEmpty();

        Path folder = Path.of("some", "workspace");
        model.openWorkspace(folder);

        assertThat(model.workspaceProperty().get()).isEqualTo(folder.toAbsolutePath());
        assertThat(model.workspaceLabelProperty().get()).isEqualTo(folder.toAbsolutePath().toString());
        assertThat(model().lastWorkspace()).contains(folder.toAbsolutePath());
        assertThat(model().workspaceProperty().get()).as("a new run opens nothing by itself").isNull();
    }

    @Test
    void aboutTextNamesTheVersion() {
        assertThat(model().aboutText()).startsWith("Version 1.2.3").contains("tagged writes");
    }

    /** A screen that counts how often it was shown. */
    private static final class RecordingScreen implements Screen {
        private final String title;
        int shown;

        RecordingScreen(String title) {
            this.title = title;
        }

        @Override
        public String title() {
            return title;
        }

        @Override
        public Node view() {
            throw new AssertionError("a view model test never builds nodes");
        }

        @Override
        public void onShow() {
            shown++;
        }
    }
}
