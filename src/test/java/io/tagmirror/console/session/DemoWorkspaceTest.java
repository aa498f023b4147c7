package io.tagmirror.console.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.console.task.DirectTaskRunner;
import io.tagmirror.console.task.UiThread;
import io.tagmirror.engine.MirrorState;
import io.tagmirror.engine.device.DirectoryDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo workspace: what the first start makes, and that removing it deletes exactly that. */
class DemoWorkspaceTest {

    @TempDir
    Path dir;

    private final Notices notices = new Notices();

    private SessionViewModel openWithDemo(Path workspace) {
        SessionViewModel sessions = new SessionViewModel(new DirectTaskRunner(), UiThread.INLINE, notices);
        sessions.open(workspace, true, path -> { });
        return sessions;
    }

    @Test
    void theFirstStartMakesTwoDevicesAMirrorAndTheEntriesTheOfflineDeviceMissed() throws Exception {
        Path workspace = dir.resolve("ws");
        SessionViewModel sessions = openWithDemo(workspace);
        try {
            WorkspaceSession session = sessions.getSession();
            assertThat(sessions.demoPresentProperty().get()).isTrue();
            assertThat(session.workspace().devices()).hasSize(2);
            assertThat(session.workspace().mirrors()).singleElement()
                    .satisfies(m -> assertThat(m.name()).isEqualTo(DemoWorkspace.MIRROR));
            Path a = workspace.resolve("demo").resolve("device-a");
            Path b = workspace.resolve("demo").resolve("device-b");
            try (DirectoryDevice da = DirectoryDevice.open(a, true); DirectoryDevice db = DirectoryDevice.open(b, true)) {
                assertThat(da.tagTable().count()).isEqualTo(DemoWorkspace.WRITES);
                assertThat(db.tagTable().count())
                        .isEqualTo(DemoWorkspace.WRITES - (DemoWorkspace.OUTAGE_TO - DemoWorkspace.OUTAGE_FROM));
            }
            MirrorState state = session.mirror(session.workspace().mirrors().get(0)).mirror().state();
            assertThat(state).isEqualTo(MirrorState.DIVERGED);
        } finally {
            sessions.close();
        }
    }

    @Test
    void removingTheDemoDeletesOnlyItsFoldersAndCatalogEntries() throws Exception {
        Path workspace = dir.resolve("ws");
        SessionViewModel sessions = openWithDemo(workspace);
        Path unrelated = Files.writeString(workspace.resolve("notes.txt"), "keep me");
        try {
            String[] shown = new String[1];
            sessions.demoRemovalText(text -> shown[0] = text);
            String text = shown[0];
            assertThat(text).contains(workspace.resolve("demo").resolve("device-a").toString())
                    .contains(workspace.resolve("demo").resolve("device-b").toString())
                    .contains("nothing else");

            sessions.removeDemo();

            assertThat(workspace.resolve("demo")).doesNotExist();
            assertThat(sessions.getSession().workspace().devices()).isEmpty();
            assertThat(sessions.getSession().workspace().mirrors()).isEmpty();
            assertThat(sessions.demoPresentProperty().get()).isFalse();
            assertThat(unrelated).hasContent("keep me");
            assertThat(workspace.resolve("catalog.db")).exists();
        } finally {
            sessions.close();
        }
    }

    @Test
    void whileAWorkflowHoldsTheDemoMirrorItIsNotRemovedNorIsRemovalOffered() throws Exception {
        Path workspace = dir.resolve("ws");
        SessionViewModel sessions = openWithDemo(workspace);
        try {
            WorkspaceSession session = sessions.getSession();
            io.tagmirror.engine.MirrorDefinition demo = session.workspace().mirrors().get(0);
            session.lease(demo, "a workload replay");

            String[] shown = new String[1];
            sessions.demoRemovalText(text -> shown[0] = text);
            assertThat(shown[0]).as("no confirmation is asked").isNull();
            assertThat(notices.textProperty().get())
                    .isEqualTo("Cannot remove the demo: its mirror is in use by a workload replay; finish or stop that first.");

            sessions.removeDemo(); // as if confirmed just before the replay started
            assertThat(notices.textProperty().get()).contains("is in use by a workload replay");
            assertThat(workspace.resolve("demo").resolve("device-a")).isDirectory();
            assertThat(session.workspace().mirrors()).hasSize(1);
            assertThat(session.assembled(demo.uuid())).as("the held mirror stays open").isPresent();
            assertThat(sessions.demoPresentProperty().get()).isTrue();

            session.endLease(demo.uuid());
            sessions.removeDemo();
            assertThat(workspace.resolve("demo")).doesNotExist();
        } finally {
            sessions.close();
        }
    }

    @Test
    void anExistingWorkspaceGetsNoDemo() throws Exception {
        Path workspace = dir.resolve("ws");
        openWithDemo(workspace).close();
        Path demo = workspace.resolve("demo");
        SessionViewModel again = openWithDemo(workspace);
        try {
            assertThat(again.getSession().workspace().mirrors()).hasSize(1);
            assertThat(demo).isDirectory();
        } finally {
            again.close();
        }
    }
}
