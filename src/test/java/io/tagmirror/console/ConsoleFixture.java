package io.tagmirror.console;

import io.tagmirror.console.drives.DriveInfo;
import io.tagmirror.console.drives.FileStoreSource;
import io.tagmirror.console.settings.InMemoryConsoleSettings;
import io.tagmirror.console.shell.WorkspaceChooser;
import io.tagmirror.console.task.BackgroundTaskRunner;
import io.tagmirror.console.task.BackgroundTasks;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.stage.Stage;

/**
 * A console as the desktop runs it, real background threads included, but with settings in memory,
 * made-up drives and no native dialogs; for TestFX tests.
 */
public final class ConsoleFixture implements AutoCloseable {

    /** Two real drives and three pseudo file systems. */
    public static final List<DriveInfo> DRIVES = List.of(
            new DriveInfo("/", "/dev/nvme0n1p2", "ext4", 512L << 30, 200L << 30, 175L << 30),
            new DriveInfo("/proc", "proc", "proc", 0, 0, 0),
            new DriveInfo("/srv/mirror-a", "/dev/sdb1", "xfs", 4L << 40, 100L << 30, 100L << 30),
            new DriveInfo("/sys/fs/cgroup", "cgroup2", "cgroup2", 0, 0, 0),
            new DriveInfo("/dev/shm", "tmpfs", "tmpfs", 8L << 30, 8L << 30, 8L << 30));

    /** What the fake folder dialog answers. */
    public static final Path WORKSPACE = Path.of("workspaces", "lab").toAbsolutePath();

    public final InMemoryConsoleSettings settings;
    public final BackgroundTasks backgroundTasks = new BackgroundTasks();
    public final BackgroundTaskRunner runner = new BackgroundTaskRunner(backgroundTasks);
    public final AtomicInteger exits = new AtomicInteger();
    public ConsoleShell shell;

    public ConsoleFixture() {
        this(new InMemoryConsoleSettings());
    }

    public ConsoleFixture(InMemoryConsoleSettings settings) {
        this.settings = settings;
    }

    /** Opens the console on {@code stage} with the made-up drives. */
    public ConsoleShell open(Stage stage) {
        return open(stage, () -> DRIVES);
    }

    public ConsoleShell open(Stage stage, FileStoreSource drives) {
        WorkspaceChooser chooser = (owner, initial) -> Optional.of(WORKSPACE);
        ConsoleServices services = new ConsoleServices(settings, runner, backgroundTasks, new AppInfo("TagMirror", "dev"));
        shell = ConsoleShell.builder(services)
                .fileStores(drives)
                .workspaceChooser(chooser)
                .onExit(exits::incrementAndGet)
                .open(stage);
        stage.requestFocus();
        return shell;
    }

    @Override
    public void close() {
        runner.close();
    }
}
