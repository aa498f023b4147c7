package io.tagmirror.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.workspace.WorkspaceLocation.Source;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one order both faces find a workspace in: --workspace, the variable, the last used, the default. */
class WorkspaceLocationTest {

    @TempDir
    Path dir;

    private Path last;
    private final Map<String, String> withVariable = Map.of(Workspace.ENVIRONMENT_VARIABLE, "/srv/tm/test-ws",
            "XDG_DATA_HOME", "/home/admin/data");
    private final Map<String, String> withoutVariable = Map.of("XDG_DATA_HOME", "/home/admin/data");

    @BeforeEach
    void lastUsedWorkspace() throws Exception {
        last = dir.resolve("last");
        Workspace.open(last).close();
    }

    @Test
    void theOptionWinsOverEverything() {
        WorkspaceLocation at = WorkspaceLocation.resolve(dir.resolve("given"), withVariable, Optional.of(last));

        assertThat(at).isEqualTo(new WorkspaceLocation(dir.resolve("given"), Source.OPTION));
    }

    @Test
    void theVariableWinsOverTheWorkspaceUsedLast() {
        WorkspaceLocation at = WorkspaceLocation.resolve(null, withVariable, Optional.of(last));

        assertThat(at).isEqualTo(new WorkspaceLocation(Path.of("/srv/tm/test-ws"), Source.ENVIRONMENT));
    }

    @Test
    void theWorkspaceUsedLastComesBeforeTheDefaultWhileItExists() {
        assertThat(WorkspaceLocation.resolve(null, withoutVariable, Optional.of(last)))
                .isEqualTo(new WorkspaceLocation(last, Source.LAST_USED));
        assertThat(WorkspaceLocation.resolve(null, withoutVariable, Optional.of(dir.resolve("deleted"))))
                .isEqualTo(new WorkspaceLocation(Path.of("/home/admin/data/tagmirror"), Source.DEFAULT));
    }

    @Test
    void aBlankVariableCountsAsUnset() {
        WorkspaceLocation at = WorkspaceLocation.resolve(null,
                Map.of(Workspace.ENVIRONMENT_VARIABLE, " ", "XDG_DATA_HOME", "/home/admin/data"), Optional.empty());

        assertThat(at).isEqualTo(new WorkspaceLocation(Path.of("/home/admin/data/tagmirror"), Source.DEFAULT));
    }

    @Test
    void withoutXdgDataHomeTheDefaultIsUnderTheHomeFolder() {
        WorkspaceLocation at = WorkspaceLocation.resolve(null, Map.of(), Optional.empty());

        assertThat(at.directory()).isEqualTo(Path.of(System.getProperty("user.home"), ".local", "share", "tagmirror"));
    }

    @Test
    void eachSourceSaysWhereTheFolderCameFrom() {
        assertThat(Source.ENVIRONMENT.description()).isEqualTo("from $TAGMIRROR_WORKSPACE");
        assertThat(Source.OPTION.description()).isEqualTo("from --workspace");
    }
}
