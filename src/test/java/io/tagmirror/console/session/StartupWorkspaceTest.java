package io.tagmirror.console.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.workspace.Workspace;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which workspace the console opens at start, and when it makes the demo. */
class StartupWorkspaceTest {

    @TempDir
    Path dir;

    @Test
    void aNewDefaultWorkspaceGetsTheDemo() {
        StartupWorkspace start = StartupWorkspace.choose(Optional.empty(), dir.resolve("default"));

        assertThat(start).isEqualTo(new StartupWorkspace(dir.resolve("default"), true));
    }

    @Test
    void anExistingDefaultWorkspaceIsOpenedAsItIs() throws Exception {
        Workspace.open(dir.resolve("default")).close();

        assertThat(StartupWorkspace.choose(Optional.empty(), dir.resolve("default")).createDemo()).isFalse();
    }

    @Test
    void theLastWorkspaceWinsWhileItExists() throws Exception {
        Workspace.open(dir.resolve("last")).close();

        assertThat(StartupWorkspace.choose(Optional.of(dir.resolve("last")), dir.resolve("default")))
                .isEqualTo(new StartupWorkspace(dir.resolve("last"), false));
        assertThat(StartupWorkspace.choose(Optional.of(dir.resolve("gone")), dir.resolve("default")))
                .isEqualTo(new StartupWorkspace(dir.resolve("default"), true));
    }
}
