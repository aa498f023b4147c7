package io.tagmirror.console.replay;

import io.tagmirror.console.AppInfo;
import io.tagmirror.console.ConsoleServices;
import io.tagmirror.console.ConsoleShell;
import io.tagmirror.console.Workflows;
import io.tagmirror.console.repair.ConflictChoice;
import io.tagmirror.console.repair.PlanRow;
import io.tagmirror.console.repair.RepairWizard;
import io.tagmirror.console.repair.RepairWizardViewModel;
import io.tagmirror.console.repair.WizardStep;
import io.tagmirror.console.session.StartupWorkspace;
import io.tagmirror.console.settings.InMemoryConsoleSettings;
import io.tagmirror.console.shell.Section;
import io.tagmirror.console.task.BackgroundTaskRunner;
import io.tagmirror.console.task.BackgroundTasks;
import io.tagmirror.console.task.NamedThreadFactory;
import io.tagmirror.workload.pattern.PatternKind;
import io.tagmirror.workspace.WorkspaceLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Application;
import javafx.stage.Stage;
import javafx.util.Duration;

/**
 * Starts the console on a throwaway demo workspace with the workflows registered and drives them to
 * one place, for screenshots and manual checks:
 * {@code java -cp tagmirror.jar io.tagmirror.console.replay.WorkflowsPreview --show wizard-review --theme dark}.
 *
 * <p>Places: {@code replay-running}, {@code replay-done}, {@code wizard-choose}, {@code wizard-precheck},
 * {@code wizard-review}, {@code wizard-conflicts}, {@code wizard-confirm}, {@code wizard-repair} (paused),
 * {@code wizard-verify}, {@code wizard-report}, {@code history}; {@code none} just opens the console.
 */
public final class WorkflowsPreview {

    private WorkflowsPreview() {
    }

    public static void main(String[] args) {
        Application.launch(App.class, args);
    }

    /** The preview as a JavaFX application. */
    public static final class App extends Application {

        private final Deque<Step> steps = new ArrayDeque<>();
        private Path throwaway;
        private ConsoleShell shell;
        private Workflows workflows;
        private BackgroundTaskRunner runner;

        /** A condition to wait for and what to do once it holds. */
        private record Step(BooleanSupplier ready, Runnable action) {
        }

        @Override
        public void start(Stage stage) throws IOException {
            String show = option("--show", "none");
            String theme = option("--theme", "light");
            String dir = option("--workspace", null);
            Path workspace;
            if (dir == null) {
                Path plain = Path.of(System.getProperty("java.io.tmpdir"), "tagmirror-demo");
                throwaway = Files.exists(plain) ? Files.createTempDirectory("tagmirror-demo") : Files.createDirectory(plain);
                workspace = throwaway.resolve("workspace");
                Path scratch = throwaway;
                // A preview killed from outside skips stop(); its scratch folder still goes.
                Runtime.getRuntime().addShutdownHook(new NamedThreadFactory("tagmirror-preview-cleanup")
                        .newThread(() -> deleteTree(scratch)));
            } else {
                workspace = Path.of(dir);
            }

            InMemoryConsoleSettings settings = new InMemoryConsoleSettings();
            settings.put("theme", theme.equalsIgnoreCase("dark") ? "DARK" : "LIGHT");
            settings.put("section", show.equals("history") ? "HISTORY" : "MIRRORS");
            BackgroundTasks tasks = new BackgroundTasks();
            runner = new BackgroundTaskRunner(tasks);
            ConsoleServices services = new ConsoleServices(settings, runner, tasks, new AppInfo("TagMirror", "preview"));
            workflows = new Workflows(services);
            shell = ConsoleShell.builder(services)
                    .workspaceScreen(Section.HISTORY, workflows::historyScreen)
                    .open(stage);
            workflows.guardClose(stage);
            shell.openWorkspace(StartupWorkspace.at(new WorkspaceLocation(workspace,
                    dir == null ? WorkspaceLocation.Source.DEFAULT : WorkspaceLocation.Source.OPTION)));
            script(show);
            Timeline timer = new Timeline(new KeyFrame(Duration.millis(100), e -> tick()));
            timer.setCycleCount(Timeline.INDEFINITE);
            timer.play();
        }

        private String option(String name, String fallback) {
            var args = getParameters().getRaw();
            int i = args.indexOf(name);
            return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : fallback;
        }

        private void tick() {
            while (!steps.isEmpty() && steps.peekFirst().ready().getAsBoolean()) {
                steps.pollFirst().action().run();
            }
        }

        private void then(BooleanSupplier ready, Runnable action) {
            steps.addLast(new Step(ready, action));
        }

        private void script(String show) {
            then(() -> shell.sessions().getSession() != null, () -> { });
            if (show.equals("none")) {
                return;
            }
            boolean conflicts = show.equals("wizard-conflicts");
            ReplayViewModel[] replay = new ReplayViewModel[1];
            then(() -> true, () -> {
                ReplayScreen screen = workflows.replayScreen();
                replay[0] = screen.model();
                if (show.startsWith("replay")) {
                    workflows.openReplayWindow(shell.stage(), null);
                } else {
                    screen.onShow();
                }
            });
            then(() -> !replay[0].form().devices().isEmpty(), () -> {
                ReplayFormViewModel form = replay[0].form();
                if (conflicts) {
                    conflictPlan(form);
                } else {
                    form.suggestDemoFaults();
                    form.writersProperty().set("2");
                }
                if (show.equals("replay-running")) {
                    form.crashProperty().set(false);
                    form.countProperty().set("200000");
                    form.rateLimitProperty().set("1500");
                }
                replay[0].start();
            });
            if (show.equals("replay-running")) {
                return;
            }
            then(() -> replay[0].stateProperty().get() == RunState.FINISHED, () -> { });
            if (show.startsWith("replay")) {
                return;
            }
            if (show.equals("history")) {
                RepairWizard[] w = new RepairWizard[1];
                then(() -> true, () -> w[0] = workflows.openRepairWizard(shell.stage(), "demo"));
                driveTo(w, WizardStep.REPORT, false);
                then(() -> w[0].model().getStep() == WizardStep.REPORT, () -> {
                    w[0].stage().close();
                    shell.model().show(Section.HISTORY);
                    workflows.historyScreen().model().reload();
                });
                then(() -> !workflows.historyScreen().model().rows().isEmpty(), () ->
                        workflows.historyScreen().model().selectedProperty().set(
                                workflows.historyScreen().model().rows().get(1)));
                return;
            }
            WizardStep target = switch (show) {
                case "wizard-choose" -> WizardStep.CHOOSE;
                case "wizard-precheck" -> WizardStep.PRECHECK;
                case "wizard-review", "wizard-conflicts" -> WizardStep.REVIEW;
                case "wizard-confirm" -> WizardStep.CONFIRM;
                case "wizard-repair" -> WizardStep.REPAIR;
                case "wizard-verify" -> WizardStep.VERIFY;
                default -> WizardStep.REPORT;
            };
            RepairWizard[] w = new RepairWizard[1];
            then(() -> true, () -> w[0] = workflows.openRepairWizard(shell.stage(), "demo"));
            driveTo(w, target, conflicts);
        }

        /** Two writers, each device missing the other's window on hot blocks: conflicting newest writes. */
        private static void conflictPlan(ReplayFormViewModel form) {
            form.patternProperty().set(PatternKind.ZIPF);
            form.countProperty().set("1200");
            form.sizesProperty().set("4k");
            form.writersProperty().set("2");
            form.crashProperty().set(false);
            form.offline().clear();
            form.tears().clear();
            ReplayFormViewModel.OfflineRow b = form.addOffline();
            b.deviceProperty().set(form.devices().get(1));
            b.fromProperty().set("400");
            b.toProperty().set("800");
            ReplayFormViewModel.OfflineRow a = form.addOffline();
            a.deviceProperty().set(form.devices().get(0));
            a.fromProperty().set("800");
            a.toProperty().set("1199");
        }

        private void driveTo(RepairWizard[] w, WizardStep target, boolean conflicts) {
            BooleanSupplier idle = () -> w[0] != null && !w[0].model().busyProperty().get();
            if (target == WizardStep.CHOOSE) {
                return;
            }
            then(() -> idle.getAsBoolean() && w[0].model().chooseStep().mirrorProperty().get() != null, () -> w[0].model().next());
            if (target == WizardStep.PRECHECK) {
                return;
            }
            then(() -> idle.getAsBoolean() && w[0].model().canGoNextProperty().get(), () -> w[0].model().next());
            then(() -> idle.getAsBoolean() && w[0].model().getStep() == WizardStep.REVIEW, () -> { });
            if (target == WizardStep.REVIEW) {
                return;
            }
            then(() -> true, () -> {
                RepairWizardViewModel m = w[0].model();
                if (!m.reviewStep().conflictRows().isEmpty()) {
                    PlanRow first = m.reviewStep().conflictRows().get(0);
                    m.reviewStep().choose(first.index(), ConflictChoice.prefer(first.range().sides().get(0).device()));
                    m.reviewStep().chooseForAll(ConflictChoice.NEWEST_SEQUENCE);
                }
                m.next();
            });
            if (target == WizardStep.CONFIRM) {
                return;
            }
            then(() -> idle.getAsBoolean() && w[0].model().getStep() == WizardStep.CONFIRM, () -> {
                w[0].model().confirmStep().confirmedProperty().set(true);
                w[0].model().next();
                if (target == WizardStep.REPAIR) {
                    w[0].model().work().pause();
                }
            });
            if (target == WizardStep.REPAIR) {
                return;
            }
            then(() -> idle.getAsBoolean() && w[0].model().getStep() == WizardStep.VERIFY, () -> { });
            if (target == WizardStep.VERIFY) {
                return;
            }
            then(() -> true, () -> w[0].model().next());
        }

        @Override
        public void stop() {
            if (workflows != null) {
                workflows.close();
            }
            if (shell != null) {
                shell.close();
            }
            if (runner != null) {
                runner.close();
            }
            if (throwaway != null) {
                deleteTree(throwaway);
            }
        }

        private static void deleteTree(Path root) {
            try (Stream<Path> paths = Files.walk(root)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a preview's scratch folder; the OS cleans its temp folder too
            }
        }
    }
}
