package io.tagmirror.console;

import io.tagmirror.console.blockmap.BlockMapScreen;
import io.tagmirror.console.blockmap.BlockMapViewModel;
import io.tagmirror.console.devices.DeviceActionsViewModel;
import io.tagmirror.console.devices.DevicesScreen;
import io.tagmirror.console.devices.DevicesViewModel;
import io.tagmirror.console.drives.DisksViewModel;
import io.tagmirror.console.drives.DriveScanViewModel;
import io.tagmirror.console.drives.DrivesScreen;
import io.tagmirror.console.drives.DrivesViewModel;
import io.tagmirror.console.drives.FileStoreSource;
import io.tagmirror.console.drives.KnownDeviceSource;
import io.tagmirror.console.drives.SystemFileStoreSource;
import io.tagmirror.console.mirrors.MirrorsScreen;
import io.tagmirror.console.mirrors.MirrorsViewModel;
import io.tagmirror.console.session.DeviceSurvey;
import io.tagmirror.console.session.MirrorEventWatch;
import io.tagmirror.console.session.MirrorFocus;
import io.tagmirror.console.session.SessionViewModel;
import io.tagmirror.console.session.StartupWorkspace;
import io.tagmirror.console.session.WorkspaceSession;
import io.tagmirror.console.settings.ConsoleSettings;
import io.tagmirror.console.settings.DividerMemory;
import io.tagmirror.console.settings.WindowGeometry;
import io.tagmirror.console.shell.DirectoryWorkspaceChooser;
import io.tagmirror.console.shell.MainViewModel;
import io.tagmirror.console.shell.MainWindow;
import io.tagmirror.console.shell.Screen;
import io.tagmirror.console.shell.Section;
import io.tagmirror.console.shell.WorkspaceChooser;
import io.tagmirror.console.tags.TagTablesScreen;
import io.tagmirror.console.tags.TagTablesViewModel;
import io.tagmirror.console.task.UiThread;
import io.tagmirror.console.ui.EventNotifications;
import io.tagmirror.console.ui.DirectoryPicker;
import io.tagmirror.operations.disks.DiskSurvey;
import io.tagmirror.operations.disks.DiskWatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * Puts the console together on a stage: view model, open workspace, screens, main window, window
 * title and size, and the geometry remembered in {@link ConsoleSettings}.
 *
 * <p>{@link ConsoleApp} uses it with the real services; tests use it with fakes.
 */
public final class ConsoleShell {

    /** Window title. */
    public static final String TITLE = "TagMirror";
    /** How often the disks are looked at for one that came or went: a few small sysfs reads each time. */
    private static final Duration DISK_WATCH_PERIOD = Duration.ofSeconds(2);
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
    private final SessionViewModel sessions;
    private final MirrorFocus focus;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private MirrorEventWatch events;
    private double normalX;
    private double normalY;
    private double normalWidth;
    private double normalHeight;

    private ConsoleShell(Stage stage, MainViewModel model, MainWindow window, ConsoleSettings settings,
                         SessionViewModel sessions, MirrorFocus focus) {
        this.stage = stage;
        this.model = model;
        this.window = window;
        this.settings = settings;
        this.sessions = sessions;
        this.focus = focus;
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

    /** The open workspace. */
    public SessionViewModel sessions() {
        return sessions;
    }

    /** The watch whose events the console shows as notifications. */
    public MirrorEventWatch events() {
        return events;
    }

    /** The mirror the tag tables and the block map show. */
    public MirrorFocus focus() {
        return focus;
    }

    /** Opens the workspace chosen at start, making the demo in it first when asked to; the status bar says why this one. */
    public void openWorkspace(StartupWorkspace start) {
        String origin = start.location().source().description();
        sessions.open(start.directory(), start.createDemo(), path -> model.openWorkspace(path, origin));
    }

    /** Stops the screens' timers and readers and closes the workspace, flushing its mirrors. */
    public void close() {
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                // Closing down: one screen's failure must not keep the workspace from being closed.
            }
        }
        sessions.close();
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
        private DiskSurvey diskSurvey = DiskSurvey.ofMachine();
        private WorkspaceChooser workspaceChooser = new DirectoryWorkspaceChooser();
        private Runnable exitAction = Platform::exit;
        private DirectoryPicker directoryPicker = DirectoryPicker.NATIVE;
        private boolean watchEvents = true;
        private io.tagmirror.console.mirrors.MirrorWorkflows mirrorWorkflows = io.tagmirror.console.mirrors.MirrorWorkflows.NONE;
        private final Map<Section, Function<ScreenContext, Screen>> screens = new EnumMap<>(Section.class);

        private Builder(ConsoleServices services) {
            this.services = Objects.requireNonNull(services, "services");
        }

        /** How the drives screen surveys disks; this machine's sysfs and proc by default. */
        public Builder diskSurvey(DiskSurvey survey) {
            this.diskSurvey = Objects.requireNonNull(survey, "survey");
            return this;
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
        /**
         * Whether the mirrors are checked on their own (when a workspace opens and every
         * {@link MirrorEventWatch#PERIOD}); without, only {@link MirrorEventWatch#check} checks: for tests,
         * where a notification popping up over a button would take the click meant for it.
         */
        public Builder watchEvents(boolean watch) {
            this.watchEvents = watch;
            return this;
        }

        public Builder onExit(Runnable action) {
            this.exitAction = Objects.requireNonNull(action, "action");
            return this;
        }

        /** How the device dialogs ask for a folder; the platform's dialog by default. */
        public Builder directoryPicker(DirectoryPicker picker) {
            this.directoryPicker = Objects.requireNonNull(picker, "picker");
            return this;
        }

        /** What the Mirrors screen's Compare and repair… and Replay… buttons open; none by default. */
        public Builder mirrorWorkflows(io.tagmirror.console.mirrors.MirrorWorkflows workflows) {
            this.mirrorWorkflows = Objects.requireNonNull(workflows, "workflows");
            return this;
        }

        /** Registers the screen of {@code section}, replacing its placeholder or the built-in screen. */
        public Builder screen(Section section, Function<ConsoleServices, Screen> factory) {
            Objects.requireNonNull(factory, "factory");
            screens.put(Objects.requireNonNull(section, "section"), context -> factory.apply(context.services()));
            return this;
        }

        /** Registers a screen that works on the open workspace, replacing the placeholder or the built-in screen. */
        public Builder workspaceScreen(Section section, Function<ScreenContext, Screen> factory) {
            screens.put(Objects.requireNonNull(section, "section"), Objects.requireNonNull(factory, "factory"));
            return this;
        }

        /** Builds the console on {@code stage} and shows it; call on the FX thread. */
        public ConsoleShell open(Stage stage) {
            MainViewModel model = new MainViewModel(services);
            SessionViewModel sessions = new SessionViewModel(services.tasks(), UiThread.FX, model.notices());
            MirrorFocus focus = new MirrorFocus();
            MainWindow window = new MainWindow(model, sessions, workspaceChooser, exitAction);
            ConsoleShell shell = new ConsoleShell(stage, model, window, services.settings(), sessions, focus);
            // File ▸ Open workspace… sets the path; the session follows it (a no-op for the one it opened itself).
            model.workspaceProperty().addListener((obs, old, dir) -> {
                if (dir != null) {
                    sessions.open(dir, false, path -> { });
                }
            });
            WindowGeometry geometry = shell.placeOnScreen();
            // Sized up front: a scene left at its preferred size is first laid out narrower, and the
            // navigation, which does not grow with the window, would keep that first width.
            stage.setScene(new Scene(window, geometry.width(), geometry.height()));
            stage.show();
            DividerMemory.bind(window.splitPane(), services.settings(), DIVIDER_KEY, MainWindow.DEFAULT_DIVIDER);

            // Registered once the window shows, so the first screen's loading is visible in it.
            ScreenContext context = new ScreenContext(services, sessions, focus, model.notices(), model::show,
                    directoryPicker);
            registerWorkspaceScreens(shell, context, fileStores, diskSurvey, mirrorWorkflows);
            // the events tagmirror monitor tells, as desktop notifications while the console runs
            MirrorEventWatch events = new MirrorEventWatch(sessions, UiThread.FX, new EventNotifications(stage));
            if (watchEvents) {
                events.start(MirrorEventWatch.PERIOD);
            }
            shell.closeables.add(events);
            shell.events = events;
            screens.forEach((section, factory) -> model.register(section, factory.apply(context)));
            return shell;
        }

        private static void registerWorkspaceScreens(ConsoleShell shell, ScreenContext context, FileStoreSource stores,
                                                     DiskSurvey survey,
                                                     io.tagmirror.console.mirrors.MirrorWorkflows workflows) {
            SessionViewModel sessions = context.sessions();
            var tasks = context.services().tasks();
            DeviceActionsViewModel actions = new DeviceActionsViewModel(sessions, tasks, context.notices());
            KnownDeviceSource known = () -> {
                WorkspaceSession session = sessions.getSession();
                return session == null ? List.of() : DeviceSurvey.survey(session);
            };
            DrivesViewModel drives = new DrivesViewModel(stores, tasks, known);
            // the catalog names the TagMirror members among the disks
            DisksViewModel disks = new DisksViewModel(() -> {
                WorkspaceSession session = sessions.getSession();
                return survey.read(session == null ? Map.of() : DiskSurvey.members(session.workspace()));
            }, tasks);
            sessions.catalogRevisionProperty().addListener(obs -> {
                drives.refreshDevices();
                disks.refreshIfEverLoaded();
            });
            DiskWatch watch = new DiskWatch(survey, () -> UiThread.FX.execute(disks::refreshIfEverLoaded));
            watch.start(DISK_WATCH_PERIOD);
            shell.closeables.add(watch);
            shell.closeables.add(disks);
            shell.model.register(Section.DRIVES, new DrivesScreen(drives, disks, actions,
                    new DriveScanViewModel(sessions, tasks, context.notices(), actions), context.picker()));
            shell.model.register(Section.DEVICES, new DevicesScreen(
                    new DevicesViewModel(sessions, tasks, actions, context.notices()), context.picker()));
            MirrorsViewModel mirrors = new MirrorsViewModel(sessions, tasks, UiThread.FX, context.notices(),
                    context.focus(), context.navigate());
            shell.closeables.add(mirrors);
            shell.model.register(Section.MIRRORS, new MirrorsScreen(mirrors, workflows));
            TagTablesViewModel tags = new TagTablesViewModel(sessions, tasks, UiThread.FX, context.notices(),
                    context.focus());
            shell.closeables.add(tags);
            shell.model.register(Section.TAG_TABLES, new TagTablesScreen(tags));
            BlockMapViewModel map = new BlockMapViewModel(sessions, tasks, UiThread.FX, context.notices(),
                    context.focus(), context.navigate());
            shell.closeables.add(map);
            shell.model.register(Section.BLOCK_MAP, new BlockMapScreen(map, tags.mirrors()));
        }
    }
}
