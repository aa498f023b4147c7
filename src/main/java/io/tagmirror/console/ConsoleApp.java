package io.tagmirror.console;

import io.tagmirror.console.mirrors.MirrorWorkflows;
import io.tagmirror.console.session.StartupWorkspace;
import io.tagmirror.console.settings.ConsoleSettings;
import io.tagmirror.console.settings.PreferencesConsoleSettings;
import io.tagmirror.console.shell.Section;
import io.tagmirror.console.task.BackgroundTaskRunner;
import io.tagmirror.console.task.BackgroundTasks;
import io.tagmirror.workspace.WorkspaceLocation;
import java.nio.file.Path;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.stage.Stage;

/**
 * The TagMirror administration console as a JavaFX application, with settings in the user's
 * preferences and slow work on background threads. It opens the workspace the command line would
 * ({@code --workspace}, {@code $TAGMIRROR_WORKSPACE}), else the one used last, else the default one; a new
 * workspace gets a demo mirror.
 *
 * <p>Start it with {@link #launchConsole(String[])} from a plain main class: a shaded jar whose main
 * class extends {@link Application} fails to start, as the launcher then demands JavaFX modules.
 */
public class ConsoleApp extends Application {

    private ConsoleSettings settings;
    private BackgroundTaskRunner runner;
    private ConsoleShell shell;
    private Workflows workflows;

    /** Launches the console and returns when its window is closed. */
    public static void launchConsole(String[] args) {
        Application.launch(ConsoleApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        settings = PreferencesConsoleSettings.forCurrentUser();
        BackgroundTasks backgroundTasks = new BackgroundTasks();
        runner = new BackgroundTaskRunner(backgroundTasks);
        ConsoleServices services = new ConsoleServices(settings, runner, backgroundTasks, AppInfo.current());
        stage.getIcons().setAll(io.tagmirror.console.ui.AppIcons.all());
        workflows = new Workflows(services);
        Workflows flows = workflows;
        shell = ConsoleShell.builder(services)
                .workspaceScreen(Section.HISTORY, flows::historyScreen)
                .workspaceScreen(Section.REPLAY, ctx -> flows.replayScreen(ctx, Section.REPLAY))
                .mirrorWorkflows(new MirrorWorkflows() {
                    @Override
                    public void openRepair(Node anchor, String mirror) {
                        flows.openRepairWizard(anchor, mirror);
                    }

                    @Override
                    public void openReplay(Node anchor, String mirror) {
                        flows.showReplay(anchor.getScene().getWindow(), mirror);
                    }

                    @Override
                    public boolean available() {
                        return true;
                    }
                })
                // File ▸ Exit and closing the window ask first while a repair or replay runs, then stop it safely
                .onExit(() -> {
                    if (flows.confirmClose(stage.getScene().getRoot(), Platform::exit)) {
                        Platform.exit();
                    }
                })
                .open(stage);
        workflows.guardClose(stage);
        Path option = ConsoleArguments.parse(getParameters().getRaw().toArray(String[]::new))
                .flatMap(ConsoleArguments::workspace).orElse(null);
        shell.openWorkspace(StartupWorkspace.at(WorkspaceLocation.resolve(option, shell.model().lastWorkspace())));
    }

    @Override
    public void stop() {
        if (workflows != null) {
            workflows.close();
        }
        if (shell != null) {
            shell.saveState();
            // Flushes the open mirrors, so an orderly exit leaves them trimmed where they can be.
            shell.close();
        }
        if (runner != null) {
            runner.close();
        }
        if (settings != null) {
            settings.flush();
        }
    }
}
