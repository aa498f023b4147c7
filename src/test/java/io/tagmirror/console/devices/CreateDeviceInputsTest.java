package io.tagmirror.console.devices;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.console.session.Notices;
import io.tagmirror.console.session.SessionViewModel;
import io.tagmirror.console.task.DirectTaskRunner;
import io.tagmirror.console.task.UiThread;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's Create device follows the command line's rules: one size parser, no parent made. */
class CreateDeviceInputsTest {

    @TempDir
    Path dir;

    private final Notices notices = new Notices();
    private SessionViewModel sessions;
    private DeviceActionsViewModel actions;

    @BeforeEach
    void openWorkspace() {
        sessions = new SessionViewModel(new DirectTaskRunner(), UiThread.INLINE, notices);
        sessions.open(dir.resolve("ws"), false, path -> { });
        actions = new DeviceActionsViewModel(sessions, new DirectTaskRunner(), notices);
    }

    @AfterEach
    void close() {
        sessions.close();
    }

    @Test
    void aFolderWhoseParentIsMissingIsRefusedAndNothingIsMade() throws Exception {
        Path unmounted = dir.resolve("mnt").resolve("usb-disk");
        CreateDeviceViewModel form = new CreateDeviceViewModel(actions, Set.of(), unmounted.resolve("tm").toString());
        boolean[] closed = {false};

        form.create(() -> closed[0] = true);

        assertThat(closed[0]).isFalse();
        assertThat(form.refusalProperty().get()).contains(unmounted + " does not exist").contains("mounted");
        assertThat(dir.resolve("mnt")).doesNotExist();
        assertThat(sessions.getSession().workspace().devices()).isEmpty();
    }

    @Test
    void aDecimalLookingBlockSizeIsRefusedAsTheCommandLineRefusesIt() {
        CreateDeviceViewModel form = new CreateDeviceViewModel(actions, Set.of(), dir.resolve("dev").toString());
        form.blockSizeProperty().set("4KB");
        assertThat(form.problemProperty().get()).contains("ambiguous").contains("4KiB");
        form.blockSizeProperty().set("4KiB");
        assertThat(form.problemProperty().get()).isNull();
    }
}
