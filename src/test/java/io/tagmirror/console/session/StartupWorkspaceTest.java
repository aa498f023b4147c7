package io.tagmirror.console.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.workspace.Workspace;
import io.tagmirror.workspace.WorkspaceLocation;
import io.tagmirror.workspace.WorkspaceLocation.Source;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the console makes the demo in the workspace it starts on. */
class StartupWorkspaceTest {

    @TempDir
    Path dir;

    @Test
    void aNewWorkspaceGetsTheDemo() {
        WorkspaceLocation location = new WorkspaceLocation(dir.resolve("new"), Source.ENVIRONMENT);

        assertThat(StartupWorkspace.at(location)).isEqualTo(new StartupWorkspace(location, true));
    }

    @Test
    void anExistingWorkspaceIsOpenedAsItIs() throws Exception {
        Workspace.open(dir.resolve("old")).close();

        assertThat(StartupWorkspace.at(new WorkspaceLocation(dir.resolve("old"), Source.DEFAULT)).createDemo()).isFalse();
    }
}
