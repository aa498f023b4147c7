package io.tagmirror.console.devices;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.console.TestWorkspaces;
import io.tagmirror.console.session.DeviceSummary;
import io.tagmirror.console.session.DeviceSurvey;
import io.tagmirror.console.session.Notices;
import io.tagmirror.console.session.SessionViewModel;
import io.tagmirror.console.task.DirectTaskRunner;
import io.tagmirror.console.task.UiThread;
import io.tagmirror.engine.device.DirectoryDevice;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Forgetting and importing devices from the console. */
class DeviceActionsViewModelTest {

    @TempDir
    Path dir;
    private TestWorkspaces.Lab lab;
    private final Notices notices = new Notices();
    private SessionViewModel sessions;
    private DeviceActionsViewModel actions;

    @BeforeEach
    void open() throws Exception {
        lab = TestWorkspaces.diverged(dir);
        sessions = new SessionViewModel(new DirectTaskRunner(), UiThread.INLINE, notices);
        sessions.open(lab.workspace(), false, path -> { });
        actions = new DeviceActionsViewModel(sessions, new DirectTaskRunner(), notices);
    }

    @AfterEach
    void close() {
        sessions.close();
    }

    @Test
    void forgettingADeviceRemovesItFromTheCatalogOnlyAndImportingBringsItBack() throws Exception {
        DeviceSummary b = DeviceSurvey.survey(sessions.getSession()).get(1);
        assertThat(actions.describeForget(b)).contains(lab.deviceB().toString()).contains("Nothing on the device is touched")
                .contains("Mirror lab");

        actions.forget(b);

        assertThat(sessions.getSession().workspace().devices()).hasSize(1);
        assertThat(DirectoryDevice.isDevice(lab.deviceB())).isTrue();
        assertThat(notices.getText()).contains("its files are untouched");

        actions.importDevice(lab.deviceB());
        assertThat(sessions.getSession().workspace().devices()).hasSize(2);
        assertThat(notices.getText()).contains("Imported device " + lab.deviceB());

        actions.importDevice(dir.resolve("nowhere"));
        assertThat(notices.errorProperty().get()).isTrue();
        assertThat(notices.getText()).startsWith("Cannot import").contains("not a TagMirror device");
    }

    @Test
    void aDeviceIsNotForgottenWhileAWorkflowHoldsOneOfItsMirrors() throws Exception {
        var session = sessions.getSession();
        var labMirror = session.workspace().requireMirror("lab");
        session.lease(labMirror, "the compare and repair wizard");
        DeviceSummary b = DeviceSurvey.survey(sessions.getSession()).get(1);

        assertThat(actions.mayForget(b)).as("refused before any confirmation").isFalse();
        actions.forget(b);

        assertThat(sessions.getSession().workspace().devices()).as("nothing forgotten").hasSize(2);
        assertThat(notices.errorProperty().get()).isTrue();
        assertThat(notices.getText()).isEqualTo("Cannot forget device " + lab.deviceB()
                + ": mirror lab is in use by the compare and repair wizard; finish or stop that first.");

        session.endLease(labMirror.uuid()); // the wizard finished
        assertThat(actions.mayForget(b)).isTrue();
        actions.forget(b);
        assertThat(sessions.getSession().workspace().devices()).hasSize(1);
    }
}
