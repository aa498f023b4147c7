package io.tagmirror.console.workflow;

import io.tagmirror.console.session.MirrorHandle;
import io.tagmirror.console.session.SessionViewModel;
import io.tagmirror.console.session.WorkspaceSession;
import io.tagmirror.engine.Device;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.operations.MirrorServedElsewhereException;
import io.tagmirror.operations.ReplayOperation;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import javafx.beans.Observable;

/**
 * {@link MirrorAccess} over the console's open workspace session: the workflows use the very mirrors the
 * other screens show, so the engine's events reach them while a replay or a repair runs.
 */
public final class SessionMirrorAccess implements MirrorAccess {

    private final Supplier<WorkspaceSession> session;
    private final Observable changes;

    private SessionMirrorAccess(Supplier<WorkspaceSession> session, Observable changes) {
        this.session = session;
        this.changes = changes;
    }

    /** Access to whichever workspace {@code sessions} has open, now and later. */
    public static SessionMirrorAccess of(SessionViewModel sessions) {
        Objects.requireNonNull(sessions, "sessions");
        return new SessionMirrorAccess(sessions::getSession, sessions.catalogRevisionProperty());
    }

    /** Access to one session, for tests. */
    static SessionMirrorAccess of(WorkspaceSession session, Observable changes) {
        return new SessionMirrorAccess(() -> session, changes);
    }

    @Override
    public Optional<Workspace> workspace() {
        WorkspaceSession current = session.get();
        return current == null ? Optional.empty() : Optional.of(current.workspace());
    }

    private WorkspaceSession requireSession() throws TagMirrorException {
        WorkspaceSession current = session.get();
        if (current == null) {
            throw new TagMirrorException("no workspace is open; open one with File ▸ Open workspace…");
        }
        return current;
    }

    /**
     * {@inheritDoc} Refused, before any device is opened, while another process serves the mirror
     * ({@link MirrorServedElsewhereException}, naming it).
     */
    @Override
    public MirrorLease lease(String name, String purpose) throws IOException {
        WorkspaceSession current = requireSession();
        MirrorDefinition def = current.workspace().requireMirror(name);
        if (!current.isServed(def.uuid())) {
            // served here, its control socket is this console's own: the session's refusal says so
            MirrorServedElsewhereException.refuseIfServed(current.workspace(), name, purpose);
        }
        return new Lease(current, current.lease(def, purpose));
    }

    @Override
    public Optional<String> holder(String name) {
        WorkspaceSession current = session.get();
        return current == null ? Optional.empty() : current.holder(name);
    }

    @Override
    public Observable changes() {
        return changes;
    }

    @Override
    public void mirrorChanged(String name) {
        WorkspaceSession current = session.get();
        if (current != null) {
            // The session has no finer signal than "the catalog changed"; screens reload on it.
            current.catalogChanged();
        }
    }

    /** A lease on a mirror the session keeps assembled. */
    private final class Lease implements MirrorLease {

        private final WorkspaceSession session;
        private final MirrorHandle handle;
        private boolean ended;

        Lease(WorkspaceSession session, MirrorHandle handle) {
            this.session = session;
            this.handle = handle;
        }

        @Override
        public Mirror mirror() {
            return handle.mirror();
        }

        @Override
        public Workspace workspace() {
            return session.workspace();
        }

        @Override
        public Map<UUID, Device> devices() {
            Map<UUID, Device> out = new LinkedHashMap<>();
            for (UUID uuid : handle.definition().devices()) {
                session.openDevice(uuid).ifPresent(d -> out.put(uuid, d));
            }
            return out;
        }

        @Override
        public Map<UUID, Path> locations() {
            Map<UUID, Path> out = new LinkedHashMap<>();
            for (UUID uuid : handle.definition().devices()) {
                try {
                    out.put(uuid, session.workspace().devicePath(uuid).orElse(Path.of(uuid.toString())));
                } catch (IOException e) {
                    out.put(uuid, Path.of(uuid.toString()));
                }
            }
            return out;
        }

        @Override
        public Map<UUID, String> unavailable() {
            return new HashMap<>(handle.unavailable());
        }

        @Override
        public String readOnlyReason() {
            return handle.readOnlyReason();
        }

        @Override
        public void abandonAsCrashed() throws IOException {
            // the session can only release a mirror by closing it, and closing flushes
            ReplayOperation.fenceAfterCrash(this);
            ended = true;
            try {
                session.endLeaseAndRelease(handle.definition().uuid());
            } finally {
                session.catalogChanged();
            }
        }

        @Override
        public void close() {
            if (!ended) {
                ended = true;
                session.endLease(handle.definition().uuid());
            }
        }
    }
}
