package io.tagmirror.console;

import io.tagmirror.console.drives.DrivesScreen;
import io.tagmirror.console.drives.DrivesViewModel;
import io.tagmirror.console.drives.FileStoreSource;
import io.tagmirror.console.drives.SystemFileStoreSource;
import io.tagmirror.console.settings.ConsoleSettings;
import io.tagmirror.console.settings.DividerMemory;
import io.tagmirror.console.settings.WindowGeometry;
import io.tagmirror.console.shell.DirectoryWorkspaceChooser;
import io.tagmirror.console.shell.MainViewModel;
import io.tagmirror.console.shell.MainWindow;
import io.tagmirror.console.shell.Screen;
import io.tagmirror.console.shell.Section;
import io.tagmirror.console.shell.WorkspaceChooser;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * Puts the console together on a stage: view model, screens, main window, window title and size,
 * and the geometry remembered in {@link ConsoleSettings}.
 *
 * <p>{@link ConsoleApp} uses it with the real services; tests use it with fakes.
 */
public final class ConsoleShell {

    /** Window title. */
    public static final String TITLE = "TagMirror";
    static final double DEFAULT_WIDTH = 1280;
    static final double DEFAULT_HEIGHT = 800;
    /** Small enough for a 1366×768 laptop, large enough for the navigation and a table. */
    static final double MIN_WIDTH = 800;
    static final double MIN_HEIGHT = 520;
    static final String WINDOW_KEY = "window.main";
    static final String DIVIDER_KEY = "divider.main";

    private final Stage stage;
    private final MainViewModel model;
    private final MainWindow window;
    private final ConsoleSettings settings;
    private double normalX;
    private double normalY;
    private double normalWidth;
    private double normalHeight;

    private ConsoleShell(Stage stage, MainViewModel model, MainWindow window, ConsoleSettings settings) {
        this.stage = stage;
        this.model = model;
        this.window = window;
        this.settings = settings;
    }

    /** Starts putting a console together from {@code services}. */
    public static Builder builder(ConsoleServices services) {
        return new Builder(services);
    }

    public Stage stage() {
        return stage;
    }

    public MainViewModel model() {
        return model;
    }

    public MainWindow window() {
        return window;
    }

    /** Stores the window geometry; the divider positions are stored as they change. */
    public void saveState() {
        boolean maximized = stage.isMaximized();
        // While maximized the stage reports the screen's size; remember the size to restore to.
        new WindowGeometry(normalX, normalY, normalWidth, normalHeight, maximized).save(settings, WINDOW_KEY);
        settings.flush();
    }

    /** Sizes and places the stage; returns the geometry chosen, remembered or default. */
    private WindowGeometry placeOnScreen() {
        stage.setTitle(TITLE);
        stage.setMinWidth(MIN_WIDTH);
        stage.setMinHeight(MIN_HEIGHT);
        Rectangle2D visible = javafx.stage.Screen.getPrimary().getVisualBounds();
        WindowGeometry geometry = WindowGeometry.load(settings, WINDOW_KEY)
                .filter(ConsoleShell::onSomeScreen)
                .orElseGet(() -> centred(visible));
        stage.setX(geometry.x());
        stage.setY(geometry.y());
        stage.setWidth(geometry.width());
        stage.setHeight(geometry.height());
        stage.setMaximized(geometry.maximized());
        recordNormalBounds();
        stage.xProperty().addListener(obs -> recordNormalBounds());
        stage.yProperty().addListener(obs -> recordNormalBounds());
        stage.widthProperty().addListener(obs -> recordNormalBounds());
        stage.heightProperty().addListener(obs -> recordNormalBounds());
        return geometry;
    }

    private void recordNormalBounds() {
        if (!stage.isMaximized() && !stage.isIconified() && !stage.isFullScreen()) {
            normalX = stage.getX();
            normalY = stage.getY();
            normalWidth = stage.getWidth();
            normalHeight = stage.getHeight();
        }
    }

    /** False for a window left on a monitor that is no longer attached. */
    private static boolean onSomeScreen(WindowGeometry geometry) {
        return !javafx.stage.Screen.getScreensForRectangle(geometry.x(), geometry.y(),
                geometry.width(), geometry.height()).isEmpty();
    }

    private static WindowGeometry centred(Rectangle2D visible) {
        double width = Math.max(MIN_WIDTH, Math.min(DEFAULT_WIDTH, visible.getWidth()));
        double height = Math.max(MIN_HEIGHT, Math.min(DEFAULT_HEIGHT, visible.getHeight()));
        return new WindowGeometry(visible.getMinX() + (visible.getWidth() - width) / 2,
                visible.getMinY() + (visible.getHeight() - height) / 2, width, height, false);
    }

    /** Collects what differs between the desktop console and a test one, then opens the window. */
    public static final class Builder {

        private final ConsoleServices services;
        private FileStoreSource fileStores = new SystemFileStoreSource();
        private WorkspaceChooser workspaceChooser = new DirectoryWorkspaceChooser();
        private Runnable exitAction = Platform::exit;
        private final Map<Section, Function<ConsoleServices, Screen>> screens = new EnumMap<>(Section.class);

        private Builder(ConsoleServices services) {
            this.services = Objects.requireNonNull(services, "services");
        }

        /** Where the drives screen reads mounted file stores from; the machine's by default. */
        public Builder fileStores(FileStoreSource source) {
            this.fileStores = Objects.requireNonNull(source, "source");
            return this;
        }

        /** How File ▸ Open workspace… asks for a folder; the platform's dialog by default. */
        public Builder workspaceChooser(WorkspaceChooser chooser) {
            this.workspaceChooser = Objects.requireNonNull(chooser, "chooser");
            return this;
        }

        /** What File ▸ Exit does; {@link Platform#exit()} by default. */
        public Builder onExit(Runnable action) {
            this.exitAction = Objects.requireNonNull(action, "action");
            return this;
        }

        /** Registers the screen of {@code section}, replacing its placeholder or the built-in screen. */
        public Builder screen(Section section, Function<ConsoleServices, Screen> factory) {
            screens.put(Objects.requireNonNull(section, "section"), Objects.requireNonNull(factory, "factory"));
            return this;
        }

        /** Builds the console on {@code stage} and shows it; call on the FX thread. */
        public ConsoleShell open(Stage stage) {
            MainViewModel model = new MainViewModel(services);
            MainWindow window = new MainWindow(model, workspaceChooser, exitAction);
            ConsoleShell shell = new ConsoleShell(stage, model, window, services.settings());
            WindowGeometry geometry = shell.placeOnScreen();
            // Sized up front: a scene left at its preferred size is first laid out narrower, and the
            // navigation, which does not grow with the window, would keep that first width.
            stage.setScene(new Scene(window, geometry.width(), geometry.height()));
            stage.show();
            DividerMemory.bind(window.splitPane(), services.settings(), DIVIDER_KEY, MainWindow.DEFAULT_DIVIDER);

            // Registered once the window shows, so the first screen's loading is visible in it.
            model.register(Section.DRIVES, new DrivesScreen(new DrivesViewModel(fileStores, services.tasks())));
            screens.forEach((section, factory) -> model.register(section, factory.apply(services)));
            return shell;
        }
    }
}
