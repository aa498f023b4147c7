package io.tagmirror.console.drives;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.console.task.DirectTaskRunner;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The drives view model on its own: no toolkit, no stage, background work run inline. */
class DrivesViewModelTest {

    static final List<DriveInfo> MACHINE = List.of(
            new DriveInfo("/proc", "proc", "proc", 0, 0, 0),
            new DriveInfo("/", "/dev/sda2", "ext4", 500L << 30, 200L << 30, 180L << 30),
            new DriveInfo("/sys/fs/cgroup", "cgroup2", "cgroup2", 0, 0, 0),
            new DriveInfo("/mnt/backup", "nas:/backup", "nfs4", 4L << 40, 1L << 40, 1L << 40),
            new DriveInfo("/dev/shm", "tmpfs", "tmpfs", 8L << 30, 8L << 30, 8L << 30));

    private final FakeSource source = new FakeSource();
    private final DrivesViewModel model = new DrivesViewModel(source, new DirectTaskRunner());

    @Test
    void startsEmptyAndUnloaded() {
        assertThat(model.drives()).isEmpty();
        assertThat(model.loadedProperty().get()).isFalse();
        assertThat(model.placeholderProperty().get()).isEqualTo("No drives found");
    }

    @Test
    void refreshListsRealDrivesSortedByMountPointAndHidesPseudoOnes() {
        model.refresh();

        assertThat(model.drives()).extracting(DriveInfo::mountPoint).containsExactly("/", "/mnt/backup");
        assertThat(model.allDrives()).hasSize(5);
        assertThat(model.summaryProperty().get()).isEqualTo("2 drives · 3 system file systems hidden");
        assertThat(model.isLoading()).isFalse();
        assertThat(model.loadedProperty().get()).isTrue();
    }

    @Test
    void showAllListsPseudoFileSystemsWithoutReadingAgain() {
        model.refresh();
        model.showAllProperty().set(true);

        assertThat(model.drives()).hasSize(5);
        assertThat(model.summaryProperty().get()).isEqualTo("5 drives");
        assertThat(source.calls).isEqualTo(1);

        model.showAllProperty().set(false);
        assertThat(model.drives()).hasSize(2);
    }

    @Test
    void isLoadingWhileTheSourceIsBeingRead() {
        source.whileListing = () -> source.sawLoading.add(model.isLoading());
        model.refresh();

        assertThat(source.sawLoading).containsExactly(true);
        assertThat(model.isLoading()).isFalse();
    }

    @Test
    void aFailedReadKeepsTheOldRowsAndSaysWhy() {
        model.refresh();
        source.failure = new IOException("mount table unreadable");
        model.refresh();

        assertThat(model.drives()).hasSize(2);
        assertThat(model.errorProperty().get()).isEqualTo("mount table unreadable");
        assertThat(model.summaryProperty().get()).isEqualTo("Could not read the drives: mount table unreadable");

        source.failure = null;
        model.refresh();
        assertThat(model.errorProperty().get()).isNull();
    }

    @Test
    void aFailureWithoutMessageNamesTheException() {
        source.failure = new IOException();
        model.refresh();

        assertThat(model.errorProperty().get()).isEqualTo("IOException");
        assertThat(model.placeholderProperty().get()).isEqualTo("The drives could not be read. Try Refresh.");
    }

    @Test
    void refreshIfNeverLoadedReadsOnlyOnce() {
        model.refreshIfNeverLoaded();
        model.refreshIfNeverLoaded();
        assertThat(source.calls).isEqualTo(1);

        model.refresh();
        assertThat(source.calls).isEqualTo(2);
    }

    @Test
    void singleDriveIsSingular() {
        source.drives = List.of(MACHINE.get(1), MACHINE.get(0));
        model.refresh();
        assertThat(model.summaryProperty().get()).isEqualTo("1 drive · 1 system file system hidden");
    }

    @Test
    void nearlyFullFromNinetyPercent() {
        assertThat(DrivesViewModel.isNearlyFull(0.89)).isFalse();
        assertThat(DrivesViewModel.isNearlyFull(0.9)).isTrue();
        assertThat(DrivesViewModel.isNearlyFull(-1)).isFalse();
    }

    /** Returns made-up stores and counts how often it was asked. */
    static final class FakeSource implements FileStoreSource {
        List<DriveInfo> drives = MACHINE;
        IOException failure;
        Runnable whileListing = () -> { };
        final List<Boolean> sawLoading = new ArrayList<>();
        int calls;

        @Override
        public List<DriveInfo> list() throws IOException {
            calls++;
            whileListing.run();
            if (failure != null) {
                throw failure;
            }
            return drives;
        }
    }
}
