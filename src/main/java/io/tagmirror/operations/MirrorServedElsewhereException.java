package io.tagmirror.operations;

import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.workspace.Workspace;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Work that needs a mirror to itself (the console's repair wizard, a workload replay) is refused while
 * another process serves it ({@code tagmirror serve}): its clients use it as a disk, and that process
 * holds its devices. The refusal names the process and where its clients connect, as the command line
 * names the process a device is in use by, and it comes before any device is opened.
 */
public final class MirrorServedElsewhereException extends TagMirrorException {
    private static final long serialVersionUID = 1L;

    private final transient OptionalLong process;

    private MirrorServedElsewhereException(String message, OptionalLong process) {
        super(message);
        this.process = process;
    }

    /**
     * Refuses {@code purpose} (e.g. "a workload replay") on mirror {@code mirror} when a live server of
     * this workspace serves it; returns when none does.
     */
    public static void refuseIfServed(Workspace workspace, String mirror, String purpose)
            throws MirrorServedElsewhereException {
        Optional<ControlClient> served = ControlClient.find(workspace, mirror);
        if (served.isEmpty()) {
            return;
        }
        // asks the server who it is and where it listens, as a second 'serve' of the mirror does
        MirrorAlreadyServedException server = MirrorAlreadyServedException.of(mirror, served.get());
        OptionalLong process = server.process();
        String by = process.isPresent() ? "process " + process.getAsLong() : "the server on " + served.get().socket();
        throw new MirrorServedElsewhereException("mirror " + mirror + " is served by " + by
                + server.uri().map(uri -> " at " + uri).orElse("") + " and its clients use it as a disk, so " + purpose
                + " cannot take it; stop that server first" + (process.isPresent() ? " (kill -TERM " + process.getAsLong() + ")" : "")
                + ", or use 'tagmirror compare', 'repair' and 'verify', which run in that server", process);
    }

    /** The process that serves the mirror, when it said. */
    public OptionalLong process() {
        return process;
    }
}
