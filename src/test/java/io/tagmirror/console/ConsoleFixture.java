package io.tagmirror.console;

import io.tagmirror.console.drives.DriveInfo;
import io.tagmirror.console.drives.FileStoreSource;
import io.tagmirror.console.mirrors.MirrorWorkflows;
import io.tagmirror.console.repair.PreChecks;
import io.tagmirror.console.settings.InMemoryConsoleSettings;
import io.tagmirror.console.shell.Section;
import io.tagmirror.console.shell.WorkspaceChooser;
import io.tagmirror.console.task.BackgroundTaskRunner;
import io.tagmirror.console.task.BackgroundTasks;
import io.tagmirror.console.task.UiThread;
import io.tagmirror.console.workflow.FilePicker;
import io.tagmirror.operations.disks.DiskSurvey;
import io.tagmirror.operations.disks.FakeSystemTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javafx.scene.Node;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A console as the desktop runs it, real background threads included, but with settings in memory,
 * made-up drives and disks, a workspace in a temporary folder and no native dialogs; for TestFX tests.
 */
public final class ConsoleFixture implements AutoCloseable {

    /** Two real drives and three pseudo file systems. */
    public static final List<DriveInfo> DRIVES = List.of(
            new DriveInfo("/", "/dev/nvme0n1p2", "ext4", 512L << 30, 200L << 30, 175L << 30),
            new DriveInfo("/proc", "proc", "proc", 0, 0, 0),
            new DriveInfo("/srv/mirror-a", "/dev/sdb1", "xfs", 4L << 40, 100L << 30, 100L << 30),
            new DriveInfo("/sys/fs/cgroup", "cgroup2", "cgroup2", 0, 0, 0),
            new DriveInfo("/dev/shm", "tmpfs", "tmpfs", 8L << 30, 8L << 30, 8L << 30));

    public final InMemoryConsoleSettings settings;
    public final BackgroundTasks backgroundTasks = new BackgroundTasks();
    public final BackgroundTaskRunner runner = new BackgroundTaskRunner(backgroundTasks);
    public final AtomicInteger exits = new AtomicInteger();
    /** A scratch folder for this console, deleted on close. */
    public final Path scratch;
    /** What the fake "Open workspace" dialog answers: a workspace inside {@link #scratch}. */
    public final Path workspace;
    /** What the fake folder dialog of the device actions answers; null for "cancelled". */
    public final AtomicReference<Path> pickedFolder = new AtomicReference<>();
    /** The disks the drives screen surveys: {@link FakeSystemTree#standard}'s, inside {@link #scratch}. */
    public final FakeSystemTree disks;
    public ConsoleShell shell;

    public ConsoleFixture() {
        this(new InMemoryConsoleSettings());
    }

    public ConsoleFixture(InMemoryConsoleSettings settings) {
        this.settings = settings;
        try {
            this.scratch = Files.createTempDirectory("tagmirror-console-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.workspace = scratch.resolve("workspace");
        try {
            this.disks = FakeSystemTree.standard(scratch.resolve("system"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens the console on {@code stage} with the made-up drives. */
    public ConsoleShell open(Stage stage) {
        return open(stage, () -> DRIVES);
    }

    public ConsoleShell open(Stage stage, FileStoreSource drives) {
        return open(stage, drives, builder -> { });
    }

    /**
     * Opens the console as the desktop does, with the replay and history screens and the wizard of
     * {@code workflows}; files it would save go to {@link #scratch}.
     */
    public ConsoleShell openWithWorkflows(Stage stage, Workflows workflows) {
        return open(stage, () -> DRIVES, builder -> builder
                .workspaceScreen(Section.HISTORY, workflows::historyScreen)
                .workspaceScreen(Section.REPLAY, ctx -> workflows.replayScreen(ctx, Section.REPLAY))
                .mirrorWorkflows(new MirrorWorkflows() {
                    @Override
                    public void openRepair(Node anchor, String mirror) {
                        workflows.openRepairWizard(anchor, mirror);
                    }

                    @Override
                    public void openReplay(Node anchor, String mirror) {
                        workflows.showReplay(anchor.getScene().getWindow(), mirror);
                    }

                    @Override
                    public boolean available() {
                        return true;
                    }
                }));
    }

    /** The workflows a console of this fixture uses: background engine threads, files saved to the scratch folder. */
    public Workflows workflows() {
        FilePicker files = new FilePicker() {
            @Override
            public Optional<Path> save(Window owner, String title, String initialName) {
                return Optional.of(scratch.resolve(initialName));
            }

            @Override
            public Optional<Path> open(Window owner, String title) {
                return Optional.empty();
            }
        };
        return new Workflows(runner, null, UiThread.FX, files, PreChecks.FreeSpace.SYSTEM);
    }

    private ConsoleShell open(Stage stage, FileStoreSource drives, Consumer<ConsoleShell.Builder> extra) {
        WorkspaceChooser chooser = (owner, initial) -> Optional.of(workspace);
        ConsoleServices services = new ConsoleServices(settings, runner, backgroundTasks, new AppInfo("TagMirror", "dev"));
        ConsoleShell.Builder builder = ConsoleShell.builder(services);
        extra.accept(builder);
        shell = builder
                .fileStores(drives)
                .diskSurvey(new DiskSurvey(disks.tree()))
                .workspaceChooser(chooser)
                .directoryPicker((owner, title, initial) -> Optional.ofNullable(pickedFolder.get()))
                .onExit(exits::incrementAndGet)
                // a notification popping up over a button would take a test's click: tests check by hand
                .watchEvents(false)
                .open(stage);
        stage.requestFocus();
        return shell;
    }

    /** Opens the workspace in {@code dir} as the console does at start, and waits until it is open. */
    public void openWorkspace(Path dir) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> shell.sessions().open(dir, false, shell.model()::openWorkspace))
                .get(60, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> shell.sessions().getSession() != null);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Override
    public void close() {
        if (shell != null) {
            try {
                WaitForAsyncUtils.asyncFx(shell::close).get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("the console did not close", e);
            }
        }
        runner.close();
        try (Stream<Path> files = Files.walk(scratch)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary folder is no test failure.
        }
    }
}
