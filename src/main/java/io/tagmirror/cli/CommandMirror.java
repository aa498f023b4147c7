package io.tagmirror.cli;

import io.tagmirror.operations.AssembledMirror;
import io.tagmirror.workspace.OpenMirror;
import java.io.IOException;

/**
 * The mirror a command works on: opened for this command (and closed after it), or the one this process
 * serves, which stays open for its clients.
 */
final class CommandMirror implements AutoCloseable {
    private final AssembledMirror on;
    private final OpenMirror opened;
    private final boolean served;

    private CommandMirror(AssembledMirror on, OpenMirror opened, boolean served) {
        this.on = on;
        this.opened = opened;
        this.served = served;
    }

    static CommandMirror opened(AssembledMirror on, OpenMirror opened) {
        return new CommandMirror(on, opened, false);
    }

    static CommandMirror served(AssembledMirror on) {
        return new CommandMirror(on, null, true);
    }

    AssembledMirror on() {
        return on;
    }

    /** Whether this process serves it: clients write to it meanwhile, and a resync runs in the background. */
    boolean served() {
        return served;
    }

    @Override
    public void close() throws IOException {
        if (opened != null) {
            opened.close();
        }
    }
}
