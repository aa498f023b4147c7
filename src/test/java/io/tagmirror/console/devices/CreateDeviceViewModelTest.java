package io.tagmirror.console.devices;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.console.session.Notices;
import io.tagmirror.console.session.SessionViewModel;
import io.tagmirror.console.task.DirectTaskRunner;
import io.tagmirror.console.task.UiThread;
import io.tagmirror.engine.device.DirectoryDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The "Create device" form: what it refuses before the engine is asked, and what the engine refuses. */
class CreateDeviceViewModelTest {

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
    void saysWhatIsMissingOrWrongBeforeAnythingIsFormatted() {
        CreateDeviceViewModel form = new CreateDeviceViewModel(actions, Set.of(dir.resolve("known")), "");

        assertThat(form.problemProperty().get()).startsWith("Choose the folder");
        form.folderProperty().set("relative/dir");
        assertThat(form.problemProperty().get()).startsWith("Give the full path");
        form.folderProperty().set(dir.resolve("known").toString());
        assertThat(form.problemProperty().get()).contains("already at");
        form.folderProperty().set(dir.resolve("new").toString());
        form.blockSizeProperty().set("3000");
        assertThat(form.problemProperty().get()).contains("power of two");
        form.blockSizeProperty().set("lots");
        assertThat(form.problemProperty().get()).contains("is not a size");
        form.blockSizeProperty().set("64k");
        assertThat(form.problemProperty().get()).isNull();
        assertThat(form.canCreateProperty().get()).isTrue();
    }

    @Test
    void createsTheDeviceAndAddsItToTheCatalog() throws Exception {
        CreateDeviceViewModel form = new CreateDeviceViewModel(actions, Set.of(), dir.resolve("dev").toString());
        boolean[] closed = {false};

        form.create(() -> closed[0] = true);

        assertThat(closed[0]).isTrue();
        assertThat(DirectoryDevice.isDevice(dir.resolve("dev"))).isTrue();
        assertThat(sessions.getSession().workspace().devices()).singleElement()
                .satisfies(d -> assertThat(d.path()).isEqualTo(dir.resolve("dev")));
        assertThat(notices.getText()).startsWith("Created device");
    }

    @Test
    void theEnginesRefusalIsShownAsItsMessageAndNothingIsTouched() throws Exception {
        Path full = Files.createDirectories(dir.resolve("full"));
        Files.writeString(full.resolve("photo.jpg"), "precious");
        CreateDeviceViewModel form = new CreateDeviceViewModel(actions, Set.of(), full.toString());
        boolean[] closed = {false};

        form.create(() -> closed[0] = true);

        assertThat(closed[0]).isFalse();
        assertThat(form.refusalProperty().get()).contains("is not empty").doesNotContain("Exception");
        assertThat(full.resolve("photo.jpg")).hasContent("precious");
        assertThat(form.busyProperty().get()).isFalse();
        form.folderProperty().set(dir.resolve("other").toString());
        assertThat(form.refusalProperty().get()).as("a new attempt starts clean").isNull();
    }
}
