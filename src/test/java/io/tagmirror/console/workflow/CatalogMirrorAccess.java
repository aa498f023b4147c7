package io.tagmirror.console.workflow;

import io.tagmirror.engine.Device;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.workspace.OpenMirror;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javafx.beans.Observable;
import javafx.beans.property.SimpleIntegerProperty;

/**
 * {@link MirrorAccess} over a workspace catalog this object opened itself, keeping each mirror
 * assembled until {@link #close()}: for tests that drive a workflow without a console session (the
 * console itself reaches its mirrors only through the session's {@link SessionMirrorAccess}).
 */
public final class CatalogMirrorAccess implements MirrorAccess, AutoCloseable {

    private final Workspace workspace;
    private final DurabilityMode durability;
    private final LeaseRegistry registry = new LeaseRegistry();
    private final Map<String, OpenMirror> open = new HashMap<>();
    private final SimpleIntegerProperty changes = new SimpleIntegerProperty(this, "changes");

    /**
     * @param workspace the catalog; closed with this object
     * @param durability the mode mirrors are assembled in
     */
    public CatalogMirrorAccess(Workspace workspace, DurabilityMode durability) {
        this.workspace = Objects.requireNonNull(workspace, "workspace");
        this.durability = Objects.requireNonNull(durability, "durability");
    }

    @Override
    public Optional<Workspace> workspace() {
        return Optional.of(workspace);
    }

    @Override
    public MirrorLease lease(String name, String purpose) throws IOException {
        registry.take(name, purpose);
        try {
            OpenMirror mirror = assembled(name);
            return new Lease(name, mirror);
        } catch (IOException | RuntimeException e) {
            registry.give(name);
            throw e;
        }
    }

    private synchronized OpenMirror assembled(String name) throws IOException {
        OpenMirror mirror = open.get(name);
        if (mirror == null) {
            mirror = OpenMirror.open(workspace, name, durability, false);
            open.put(name, mirror);
        }
        return mirror;
    }

    @Override
    public Optional<String> holder(String name) {
        return registry.holder(name);
    }

    @Override
    public Observable changes() {
        return changes;
    }

    @Override
    public void mirrorChanged(String name) {
        // Nothing else watches this catalog's mirrors.
    }

    /** Closes every assembled mirror (an orderly close flushes it), then the catalog. */
    @Override
    public synchronized void close() throws IOException {
        IOException first = null;
        for (OpenMirror mirror : open.values()) {
            try {
                mirror.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        open.clear();
        try {
            workspace.close();
        } catch (IOException e) {
            first = first == null ? e : first;
        }
        if (first != null) {
            throw first;
        }
    }

    /** A lease on one of the assembled mirrors. */
    private final class Lease implements MirrorLease {

        private final String name;
        private final OpenMirror open;
        private boolean ended;

        Lease(String name, OpenMirror open) {
            this.name = name;
            this.open = open;
        }

        @Override
        public Mirror mirror() {
            return open.mirror();
        }

        @Override
        public Workspace workspace() {
            return workspace;
        }

        @Override
        public Map<UUID, Device> devices() {
            Map<UUID, Device> out = new LinkedHashMap<>();
            for (Device d : open.devices()) {
                out.put(d.uuid(), d);
            }
            return out;
        }

        @Override
        public Map<UUID, Path> locations() {
            Map<UUID, Path> out = new LinkedHashMap<>();
            MirrorDefinition def = open.mirror().definition();
            for (UUID uuid : def.devices()) {
                try {
                    out.put(uuid, workspace.devicePath(uuid).orElse(Path.of(uuid.toString())));
                } catch (IOException e) {
                    out.put(uuid, Path.of(uuid.toString()));
                }
            }
            return out;
        }

        @Override
        public Map<UUID, String> unavailable() {
            return open.unavailable();
        }

        @Override
        public String readOnlyReason() {
            return null;
        }

        @Override
        public void abandonAsCrashed() throws IOException {
            synchronized (CatalogMirrorAccess.this) {
                CatalogMirrorAccess.this.open.remove(name);
            }
            // The devices close without the mirror: closing the mirror would flush, and a flush of a
            // whole mirror trims the entries that name the crashed write.
            IOException first = null;
            for (Device d : open.devices()) {
                try {
                    d.close();
                } catch (IOException e) {
                    first = first == null ? e : first;
                }
            }
            close();
            if (first != null) {
                throw first;
            }
        }

        @Override
        public void close() {
            if (!ended) {
                ended = true;
                registry.give(name);
            }
        }
    }
}
