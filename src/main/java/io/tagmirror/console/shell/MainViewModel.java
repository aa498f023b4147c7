package io.tagmirror.console.shell;

import io.tagmirror.console.AppInfo;
import io.tagmirror.console.ConsoleServices;
import io.tagmirror.console.session.Notices;
import io.tagmirror.console.settings.ConsoleSettings;
import io.tagmirror.console.task.BackgroundTasks;
import io.tagmirror.console.ui.Theme;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * State and logic of the main window: which {@link Screen} each {@link Section} shows and which is
 * visible, the theme, the open workspace and the background tasks.
 *
 * <p>Every section starts with a placeholder screen; real screens replace it through
 * {@link #register(Section, Screen)}.
 */
public final class MainViewModel {

    static final String THEME_KEY = "theme";
    static final String SECTION_KEY = "section";
    static final String WORKSPACE_KEY = "workspace.last";
    static final String OPENED_FROM_MENU = "opened with File ▸ Open workspace…";

    private final ConsoleServices services;
    private final Map<Section, Screen> screens = new EnumMap<>(Section.class);
    private final ObjectProperty<Section> selectedSection = new SimpleObjectProperty<>(this, "selectedSection");
    private final ReadOnlyObjectWrapper<Screen> currentScreen = new ReadOnlyObjectWrapper<>(this, "currentScreen");
    private final StringBinding title;
    private final BooleanProperty darkTheme = new SimpleBooleanProperty(this, "darkTheme");
    private final ObjectBinding<Theme> theme;
    private final ReadOnlyObjectWrapper<Path> workspace = new ReadOnlyObjectWrapper<>(this, "workspace");
    private final StringBinding workspaceLabel;
    private final ReadOnlyStringWrapper workspaceOrigin = new ReadOnlyStringWrapper(this, "workspaceOrigin", "");
    private final Notices notices = new Notices();

    public MainViewModel(ConsoleServices services) {
        this.services = Objects.requireNonNull(services, "services");
        ConsoleSettings settings = services.settings();
        for (Section section : Section.values()) {
            screens.put(section, PlaceholderScreens.forSection(section));
        }

        darkTheme.set(Theme.parse(settings.get(THEME_KEY).orElse("")) == Theme.DARK);
        theme = Bindings.createObjectBinding(() -> darkTheme.get() ? Theme.DARK : Theme.LIGHT, darkTheme);
        theme.addListener((obs, old, now) -> settings.put(THEME_KEY, now.name()));

        title = Bindings.createStringBinding(
                () -> currentScreen.get() == null ? "" : currentScreen.get().title(), currentScreen);
        workspaceLabel = Bindings.createStringBinding(
                () -> workspace.get() == null ? "No workspace open" : workspace.get().toString(), workspace);

        selectedSection.addListener((obs, old, section) -> {
            if (section == null) {
                // The navigation always shows something; a cleared selection keeps the old section.
                selectedSection.set(old);
                return;
            }
            settings.put(SECTION_KEY, section.name());
            showScreen(screens.get(section));
        });
        selectedSection.set(Section.parse(settings.get(SECTION_KEY).orElse("")));
    }

    /**
     * Makes {@code screen} the screen of {@code section}, replacing the placeholder or an earlier
     * screen; if that section is visible, the new screen is shown at once.
     */
    public void register(Section section, Screen screen) {
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(screen, "screen");
        screens.put(section, screen);
        if (selectedSection.get() == section) {
            showScreen(screen);
        }
    }

    /** The screen registered for {@code section}, a placeholder if none was. */
    public Screen screen(Section section) {
        return screens.get(section);
    }

    /** The sections of the navigation, in order. */
    public List<Section> sections() {
        return List.of(Section.values());
    }

    /** Switches the content area to {@code section}. */
    public void show(Section section) {
        selectedSection.set(Objects.requireNonNull(section, "section"));
    }

    public ObjectProperty<Section> selectedSectionProperty() {
        return selectedSection;
    }

    public Section getSelectedSection() {
        return selectedSection.get();
    }

    /** The screen in the content area. */
    public ReadOnlyObjectProperty<Screen> currentScreenProperty() {
        return currentScreen.getReadOnlyProperty();
    }

    public Screen getCurrentScreen() {
        return currentScreen.get();
    }

    /** The title of the visible screen. */
    public StringBinding titleProperty() {
        return title;
    }

    /** Whether the dark theme is on; the View menu's toggle binds to this. */
    public BooleanProperty darkThemeProperty() {
        return darkTheme;
    }

    public ObjectBinding<Theme> themeProperty() {
        return theme;
    }

    public Theme getTheme() {
        return theme.get();
    }

    public void toggleTheme() {
        darkTheme.set(!darkTheme.get());
    }

    /** The open workspace folder, or null when none is open. */
    public ReadOnlyObjectProperty<Path> workspaceProperty() {
        return workspace.getReadOnlyProperty();
    }

    /** The workspace path for the status bar, or "No workspace open". */
    public StringBinding workspaceLabelProperty() {
        return workspaceLabel;
    }

    /** Where the open workspace came from, for the status bar: "from $TAGMIRROR_WORKSPACE"; empty when none is open. */
    public ReadOnlyStringProperty workspaceOriginProperty() {
        return workspaceOrigin.getReadOnlyProperty();
    }

    /** Makes {@code folder}, picked with File ▸ Open workspace…, the open workspace. */
    public void openWorkspace(Path folder) {
        openWorkspace(folder, OPENED_FROM_MENU);
    }

    /**
     * Makes {@code folder} the open workspace and remembers it as the one used last; {@code origin} says
     * where it came from.
     */
    public void openWorkspace(Path folder, String origin) {
        Path absolute = folder.toAbsolutePath().normalize();
        workspaceOrigin.set(Objects.requireNonNull(origin, "origin"));
        workspace.set(absolute);
        services.settings().put(WORKSPACE_KEY, absolute.toString());
    }

    /** Where "Open workspace…" starts browsing: the last workspace opened, in this run or an earlier one. */
    public Optional<Path> lastWorkspace() {
        if (workspace.get() != null) {
            return Optional.of(workspace.get());
        }
        try {
            return services.settings().get(WORKSPACE_KEY).map(Path::of);
        } catch (InvalidPathException e) {
            // Stored on another OS or edited by hand; browsing just starts at the default place.
            return Optional.empty();
        }
    }

    /** The notice line above the screens. */
    public Notices notices() {
        return notices;
    }

    public BackgroundTasks backgroundTasks() {
        return services.backgroundTasks();
    }

    public ConsoleServices services() {
        return services;
    }

    public AppInfo appInfo() {
        return services.appInfo();
    }

    /** The About dialog's text. */
    public String aboutText() {
        AppInfo info = services.appInfo();
        return "Version " + info.version() + "\n\n"
                + "Administration console for mirrored drives kept consistent by tagged writes.\n\n"
                + "Java " + System.getProperty("java.version", "?")
                + "  ·  JavaFX " + System.getProperty("javafx.runtime.version", "?");
    }

    private void showScreen(Screen screen) {
        currentScreen.set(screen);
        screen.onShow();
    }
}
