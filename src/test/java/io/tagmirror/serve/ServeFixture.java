package io.tagmirror.serve;

import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.engine.VerifyReport;
import io.tagmirror.engine.device.DirectoryDevice;
import io.tagmirror.operations.ServeOperation;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A workspace with mirror "vol1" on two devices, served in this process as {@code tagmirror serve} serves it. */
final class ServeFixture implements AutoCloseable {
    static final String MIRROR = "vol1";

    final Path root;
    final Workspace workspace;
    ServeOperation.Serving serving;

    ServeFixture(Path root, long sizeBytes) throws IOException {
        this.root = root;
        workspace = Workspace.open(root.resolve("ws"));
        try (DirectoryDevice a = DirectoryDevice.format(root.resolve("a"), 4096);
             DirectoryDevice b = DirectoryDevice.format(root.resolve("b"), 4096);
             Mirror mirror = Mirror.create(MIRROR, sizeBytes, List.of(a, b), DurabilityMode.CRASH_SAFE)) {
            workspace.addDevice(a.uuid(), root.resolve("a"));
            workspace.addDevice(b.uuid(), root.resolve("b"));
            workspace.addMirror(mirror.definition());
        }
    }

    /** The default settings: the workspace's Unix socket, no TCP, no TLS. */
    ServeSettings unixOnly(boolean readOnly) {
        return new ServeSettings(ServeOperation.defaultSocket(workspace, MIRROR), null, null, readOnly, false);
    }

    ServedMirror serve(ServeSettings settings) throws IOException {
        serving = ServeOperation.start(workspace, MIRROR, DurabilityMode.CRASH_SAFE, settings);
        return serving.served();
    }

    ServedMirror serve() throws IOException {
        return serve(unixOnly(false));
    }

    Mirror mirror() {
        return serving.mirror().mirror();
    }

    /** The Unix socket's URI, as libnbd's tools take it. */
    String uri() {
        return serving.served().uris().get(0);
    }

    /** Every block of both members compared. */
    VerifyReport verify() throws IOException {
        return mirror().verify(TaskMonitor.NONE);
    }

    /** Stops serving and closes the mirror, as Ctrl-C does. */
    void stop() throws IOException {
        if (serving != null) {
            serving.close();
            serving = null;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            stop();
        } finally {
            workspace.close();
        }
    }
}
