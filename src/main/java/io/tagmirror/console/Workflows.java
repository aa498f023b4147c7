package io.tagmirror.console;

import io.tagmirror.console.history.HistoryScreen;
import io.tagmirror.console.history.HistoryViewModel;
import io.tagmirror.console.repair.PreChecks;
import io.tagmirror.console.repair.RepairWizard;
import io.tagmirror.console.repair.RepairWizardViewModel;
import io.tagmirror.console.replay.ReplayScreen;
import io.tagmirror.console.replay.ReplayViewModel;
import io.tagmirror.console.replay.ReplayWindow;
import io.tagmirror.console.shell.Screen;
import io.tagmirror.console.shell.Section;
import io.tagmirror.console.task.NamedThreadFactory;
import io.tagmirror.console.task.TaskRunner;
import io.tagmirror.console.task.UiThread;
import io.tagmirror.console.ui.Dialogs;
import io.tagmirror.console.workflow.EngineWork;
import io.tagmirror.console.workflow.FilePicker;
import io.tagmirror.console.workflow.MirrorAccess;
import io.tagmirror.console.workflow.SessionMirrorAccess;
import io.tagmirror.console.workflow.WorkflowNavigator;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.scene.Node;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The console's guided workflows in one place: the compare-and-repair wizard, the workload replay and
 * the history, sharing one way to the mirrors, one runner for the engine's long operations and one
 * history; and the hook the main window asks before it closes while one of them runs.
 */
public final class Workflows implements AutoCloseable {

    private final ExecutorService ownEngine;
    private final EngineWork work;
    private final FilePicker files;
    private final PreChecks.FreeSpace freeSpace;
    private final ReadOnlyIntegerWrapper historyRevision = new ReadOnlyIntegerWrapper(this, "historyRevision");
    private final List<RepairWizard> wizards = new ArrayList<>();
    private MirrorAccess access;
    private WorkflowNavigator navigator = WorkflowNavigator.NONE;
    private ReplayViewModel replay;
    private ReplayScreen replayScreen;
    private HistoryViewModel history;
    private HistoryScreen historyScreen;
    private Stage replayWindow;

    /** The desktop console's workflows: engine work on threads of their own, native file dialogs. */
    public Workflows(ConsoleServices services) {
        this(services.tasks(), null, UiThread.FX, FilePicker.NATIVE, PreChecks.FreeSpace.SYSTEM);
    }

    /**
     * @param tasks the shell's runner, whose task list shows the workflows' operations
     * @param engine where engine operations run; null for threads of the workflows' own
     * @param ui where results are delivered
     * @param files asks for files to save and read
     * @param freeSpace reads free space for the pre-checks
     */
    public Workflows(TaskRunner tasks, Executor engine, UiThread ui, FilePicker files, PreChecks.FreeSpace freeSpace) {
        this.ownEngine = engine == null ? Executors.newCachedThreadPool(new NamedThreadFactory("tagmirror-workflow"))
                : null;
        this.work = new EngineWork(tasks, engine == null ? ownEngine : engine, ui);
        this.files = Objects.requireNonNull(files, "files");
        this.freeSpace = Objects.requireNonNull(freeSpace, "freeSpace");
    }

    /** Works on the console's open workspace and navigates its screens; the first call wins. */
    public Workflows bind(ScreenContext context) {
        if (access == null) {
            bind(SessionMirrorAccess.of(context.sessions()), new ContextNavigator(context));
        }
        return this;
    }

    /** Works through {@code mirrorAccess} and navigates with {@code nav}; for a console without a session. */
    public Workflows bind(MirrorAccess mirrorAccess, WorkflowNavigator nav) {
        this.access = Objects.requireNonNull(mirrorAccess, "mirrorAccess");
        this.navigator = Objects.requireNonNull(nav, "nav");
        return this;
    }

    private MirrorAccess access() {
        if (access == null) {
            throw new IllegalStateException("bind the workflows to the console first");
        }
        return access;
    }

    /** The history screen, bound to {@code context}: for {@code ConsoleShell.Builder.workspaceScreen}. */
    public Screen historyScreen(ScreenContext context) {
        return bind(context).historyScreen();
    }

    /** The history screen. */
    public HistoryScreen historyScreen() {
        if (historyScreen == null) {
            history = new HistoryViewModel(access(), work.tasks());
            historyRevision.addListener(obs -> history.reload());
            access().changes().addListener(obs -> history.reload());
            historyScreen = new HistoryScreen(history, files);
        }
        return historyScreen;
    }

    /** The replay screen for {@code section}, bound to {@code context}. */
    public Screen replayScreen(ScreenContext context, Section section) {
        bind(context);
        ReplayScreen screen = replayScreen();
        if (navigator instanceof ContextNavigator nav) {
            nav.replaySection = section;
        }
        return screen;
    }

    /** The workload replay screen. */
    public ReplayScreen replayScreen() {
        if (replayScreen == null) {
            replay = new ReplayViewModel(access(), work, this::historyRecorded);
            access().changes().addListener(obs -> replay.reloadMirrors());
            replayScreen = new ReplayScreen(replay, files, navigator, this::openRepairWizard);
        }
        return replayScreen;
    }

    /**
     * Shows the workload replay with {@code mirror} chosen: in its section when it has one, else in a
     * window beside {@code owner}.
     */
    public void showReplay(Window owner, String mirror) {
        ReplayScreen screen = replayScreen();
        if (mirror != null && !replay.isRunning()) {
            replay.mirrorProperty().set(mirror);
        }
        if (navigator instanceof ContextNavigator nav && nav.replaySection != null) {
            nav.showReplay(mirror);
        } else {
            openReplayWindow(owner, null);
        }
        screen.onShow();
    }

    /** Shows the replay screen in a window of its own, for a console without a replay section. */
    public Stage openReplayWindow(Window owner, String mirror) {
        ReplayScreen screen = replayScreen();
        if (mirror != null) {
            replay.mirrorProperty().set(mirror);
        }
        if (replayWindow == null) {
            replayWindow = ReplayWindow.open(owner, screen);
        } else {
            replayWindow.show();
            replayWindow.toFront();
        }
        return replayWindow;
    }

    /**
     * Opens the compare-and-repair wizard beside {@code owner}, with {@code mirror} preselected (null to
     * let the administrator choose).
     */
    public RepairWizard openRepairWizard(Window owner, String mirror) {
        RepairWizardViewModel model = new RepairWizardViewModel(access(), work, freeSpace, this::historyRecorded);
        RepairWizard wizard = RepairWizard.open(owner, model, files, navigator, mirror);
        wizards.add(wizard);
        wizard.stage().addEventHandler(javafx.stage.WindowEvent.WINDOW_HIDDEN, e -> wizards.remove(wizard));
        return wizard;
    }

    /** Opens the wizard beside the node's window. */
    public RepairWizard openRepairWizard(Node anchor, String mirror) {
        Window owner = anchor == null || anchor.getScene() == null ? null : anchor.getScene().getWindow();
        return openRepairWizard(owner, mirror);
    }

    private void historyRecorded() {
        historyRevision.set(historyRevision.get() + 1);
    }

    /**
     * What holds mirror {@code name} now (e.g. "a workload replay"), or empty when it is free: for other
     * screens to check before they take a device offline or delete the mirror.
     */
    public Optional<String> holder(String name) {
        return access == null ? Optional.empty() : access.holder(name);
    }

    /** Bumped after every entry a workflow adds to the history. */
    public ReadOnlyIntegerProperty historyRevisionProperty() {
        return historyRevision.getReadOnlyProperty();
    }

    /** The open wizards. */
    public List<RepairWizard> wizards() {
        return List.copyOf(wizards);
    }

    /** Whether a compare, repair, verify or replay is running. */
    public boolean isRunning() {
        return wizards.stream().anyMatch(RepairWizard::isRunning) || replay != null && replay.isRunning();
    }

    /** What runs, in words, for the question asked before closing, e.g. "a repair of mirror demo". */
    public String runningDescription() {
        List<String> what = new ArrayList<>();
        for (RepairWizard w : wizards) {
            if (w.isRunning()) {
                what.add("the " + w.model().getStep().label().toLowerCase(java.util.Locale.ROOT) + " of mirror "
                        + w.model().chooseStep().mirrorProperty().get());
            }
        }
        if (replay != null && replay.isRunning()) {
            what.add("a workload replay on mirror " + replay.runningMirror());
        }
        return String.join(" and ", what);
    }

    /**
     * Stops everything that runs, each at its next consistent step (a replay finishes the writes in
     * flight and flushes), then runs {@code whenStopped} on the FX thread.
     */
    public void requestStop(Runnable whenStopped) {
        List<RepairWizard> running = wizards.stream().filter(RepairWizard::isRunning).toList();
        int[] left = {running.size() + (replay != null && replay.isRunning() ? 1 : 0)};
        if (left[0] == 0) {
            whenStopped.run();
            return;
        }
        Runnable one = () -> {
            if (--left[0] == 0) {
                whenStopped.run();
            }
        };
        running.forEach(w -> w.requestStop(one));
        if (replay != null && replay.isRunning()) {
            replay.requestStop(one);
        }
    }

    /**
     * The main window's close request: closes at once when nothing runs; otherwise asks, and on yes
     * stops the workflows safely and then runs {@code close}. Returns true when the close may go on now.
     */
    public boolean confirmClose(Node anchor, Runnable close) {
        if (!isRunning()) {
            return true;
        }
        Dialogs.confirm(anchor, "Stop the running work and exit?", "Still running: " + runningDescription()
                + ".\n\nIt is stopped at its next consistent step (a repair keeps every entry it did not settle, a "
                + "replay finishes the writes in flight and flushes), then the console exits.",
                "Stop and exit", () -> requestStop(close));
        return false;
    }

    /** Makes closing {@code stage} ask first while a workflow runs; for the console's main window. */
    public void guardClose(Stage stage) {
        stage.setOnCloseRequest(event -> {
            if (!confirmClose(stage.getScene().getRoot(), stage::close)) {
                event.consume();
            }
        });
    }

    /** Stops the workflows' own threads once they are idle; call after {@link #requestStop}. */
    @Override
    public void close() {
        if (ownEngine != null) {
            // No interrupt: an interrupted write closes its file; the threads are daemons and end with the work.
            ownEngine.shutdown();
        }
        if (replay != null) {
            replay.close();
        }
    }

    /** Navigates the console's screens with the mirror put in focus first. */
    private static final class ContextNavigator implements WorkflowNavigator {
        private final ScreenContext context;
        private Section replaySection;

        ContextNavigator(ScreenContext context) {
            this.context = context;
        }

        @Override
        public void showTagTables(String name) {
            focus(name);
            context.navigate().accept(Section.TAG_TABLES);
        }

        @Override
        public void showBlockMap(String name) {
            focus(name);
            context.navigate().accept(Section.BLOCK_MAP);
        }

        @Override
        public void showHistory() {
            context.navigate().accept(Section.HISTORY);
        }

        @Override
        public void showReplay(String name) {
            if (replaySection != null) {
                context.navigate().accept(replaySection);
            }
        }

        private void focus(String name) {
            Optional<Workspace> ws = context.sessions().getSession() == null ? Optional.empty()
                    : Optional.of(context.sessions().getSession().workspace());
            if (ws.isEmpty() || name == null) {
                return;
            }
            try {
                Optional<MirrorDefinition> def = ws.get().mirror(name);
                def.ifPresent(d -> context.focus().mirrorProperty().set(d));
            } catch (IOException e) {
                context.notices().failed("Cannot show mirror " + name, e);
            }
        }
    }
}
