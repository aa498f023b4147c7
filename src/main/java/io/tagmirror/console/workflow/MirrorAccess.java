package io.tagmirror.console.workflow;

import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import javafx.beans.Observable;

/**
 * Where the guided workflows (compare and repair, replay, history) get the open workspace's catalog and
 * exclusive use of one of its mirrors.
 *
 * <p>The console keeps its mirrors assembled in one place, so a workflow borrows a mirror rather than
 * opening its devices a second time (a device is open once per process). Methods that return a lease
 * may block on drives: call them off the FX thread.
 */
public interface MirrorAccess {

    /** The open workspace's catalog, or empty while none is open. */
    Optional<Workspace> workspace();

    /** The names of the open workspace's mirrors, sorted; empty while none is open. */
    default List<String> mirrorNames() throws IOException {
        Optional<Workspace> ws = workspace();
        if (ws.isEmpty()) {
            return List.of();
        }
        return ws.get().mirrors().stream().map(m -> m.name()).sorted().toList();
    }

    /**
     * Exclusive use of mirror {@code name} for {@code purpose} (e.g. "the repair wizard") until the lease
     * is closed; refused with a message naming the holder while another workflow uses it.
     */
    MirrorLease lease(String name, String purpose) throws IOException;

    /** What holds mirror {@code name} now, e.g. "a workload replay", or empty when it is free. */
    Optional<String> holder(String name);

    /** Fires when the workspace is opened or switched, or its catalog changes; observed on the FX thread. */
    Observable changes();

    /** Tells the other screens that mirror {@code name} changed (entries, state); callable from any thread. */
    void mirrorChanged(String name);
}
