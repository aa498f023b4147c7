package io.tagmirror.cli;

import io.tagmirror.operations.AssembledMirror;
import io.tagmirror.operations.BackgroundResync;
import io.tagmirror.operations.ServeOperation;
import io.tagmirror.serve.ServedClient;
import io.tagmirror.workspace.Workspace;
import java.nio.file.Path;
import java.util.List;

/**
 * The mirror this process serves: the commands that reach it through its control socket run here, on
 * it, instead of opening its devices (which this process holds).
 */
record HeldMirror(ServeOperation.Serving serving, Path workspaceDirectory) {

    String name() {
        return serving.mirror().name();
    }

    /** The held mirror, as the operations take it, with {@code workspace} (the request's own catalog connection). */
    AssembledMirror on(Workspace workspace) {
        AssembledMirror held = serving.mirror();
        return AssembledMirror.of(workspace, held.mirror(), held.locationNames(), held.unavailable(), held.openDevices());
    }

    BackgroundResync resyncs() {
        return serving.resyncs();
    }

    List<ServedClient> clients() {
        return serving.served().clients();
    }
}
