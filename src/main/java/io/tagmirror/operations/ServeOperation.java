package io.tagmirror.operations;

import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.serve.ControlSocket;
import io.tagmirror.serve.ServeSettings;
import io.tagmirror.serve.ServedClient;
import io.tagmirror.serve.ServedMirror;
import io.tagmirror.workspace.OpenMirror;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Serve: a mirror of the workspace opened and held for as long as it is served over NBD, so clients
 * use it as a disk. Not kept in the history: the tags of the clients' writes are the record.
 *
 * <p>Both faces serve the same way: the NBD server, the background resyncs, and the control socket
 * ({@code run/NAME.ctl}) that the other commands reach the mirror through while it is served, whether
 * {@code tagmirror serve} or the console serves it. What the control socket runs is the command line's
 * to say ({@code commands}).
 */
public final class ServeOperation {

    private ServeOperation() {
    }

    /** Where a mirror's Unix socket is by default: {@code run/NAME.sock} in the workspace. */
    public static Path defaultSocket(Workspace workspace, String mirror) {
        return workspace.directory().resolve("run").resolve(mirror + ".sock");
    }

    /**
     * Opens mirror {@code name} (read-only devices for a read-only export) and starts serving it.
     * Nothing is left open or listening when it is refused; a mirror another process serves is refused
     * with {@link MirrorAlreadyServedException}.
     */
    public static Serving start(Workspace workspace, String name, DurabilityMode mode, ServeSettings settings)
            throws IOException {
        return start(workspace, name, mode, settings, ResyncOperation.DEFAULT_RATE);
    }

    /**
     * As {@link #start(Workspace, String, DurabilityMode, ServeSettings)}, resynchronising members that
     * come back at most {@code resyncRate} bytes per second; a member brought back before and not yet
     * resynchronised (the catalog says so) starts its resync at once.
     */
    public static Serving start(Workspace workspace, String name, DurabilityMode mode, ServeSettings settings,
                                long resyncRate) throws IOException {
        return start(workspace, name, mode, settings, resyncRate, null);
    }

    /**
     * As {@link #start(Workspace, String, DurabilityMode, ServeSettings, long)}, with the control socket
     * beside the NBD socket, whose requests {@code commands} answers on the mirror served.
     */
    public static Serving start(Workspace workspace, String name, DurabilityMode mode, ServeSettings settings,
                                long resyncRate, Function<Serving, ControlSocket.Handler> commands) throws IOException {
        // Before its devices are opened: they would be refused as in use by that process, which says
        // less than where the mirror is served.
        Optional<ControlClient> served = ControlClient.find(workspace, name);
        if (served.isPresent()) {
            throw MirrorAlreadyServedException.of(name, served.get());
        }
        OpenMirror opened = OpenMirror.open(workspace, name, mode, settings.readOnly());
        Serving serving;
        try {
            AssembledMirror on = AssembledMirror.of(workspace, opened);
            serving = new Serving(opened::close, on, ServedMirror.start(opened.mirror(), settings),
                    new BackgroundResync(on, resyncRate));
        } catch (IOException | RuntimeException e) {
            try {
                opened.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        serving.begin(workspace, commands, settings.readOnly());
        return serving;
    }

    /**
     * Serves mirror {@code on}, held open by someone else (the console's session), which stays open when
     * serving stops, with its control socket as {@code tagmirror serve} has it, answered by
     * {@code commands}; members brought back before and not yet resynchronised start their resync at
     * once unless the export is read-only. Refused, with nothing listening, when another process
     * serves the mirror ({@link MirrorAlreadyServedException}).
     */
    public static Serving serveHeld(AssembledMirror on, ServeSettings settings, long resyncRate,
                                    Function<Serving, ControlSocket.Handler> commands) throws IOException {
        Optional<ControlClient> served = ControlClient.find(on.workspace(), on.name());
        if (served.isPresent()) {
            throw MirrorAlreadyServedException.of(on.name(), served.get());
        }
        Serving serving = new Serving(() -> { }, on, ServedMirror.start(on.mirror(), settings),
                new BackgroundResync(on, resyncRate));
        serving.begin(on.workspace(), commands, settings.readOnly());
        return serving;
    }

    /** A mirror being served; closing it stops serving (answering what is in flight), flushes and closes the mirror. */
    public static final class Serving implements AutoCloseable {
        private final java.io.Closeable release;
        private final AssembledMirror on;
        private final ServedMirror served;
        private final BackgroundResync resyncs;
        private volatile ControlSocket control;

        private Serving(java.io.Closeable release, AssembledMirror on, ServedMirror served, BackgroundResync resyncs) {
            this.release = release;
            this.on = on;
            this.served = served;
            this.resyncs = resyncs;
        }

        /**
         * Opens the control socket (when {@code commands} is given) and starts the resyncs left over;
         * when that fails, stops serving again (releasing what it holds) and says why.
         */
        private void begin(Workspace workspace, Function<Serving, ControlSocket.Handler> commands, boolean readOnly)
                throws IOException {
            try {
                if (commands != null) {
                    control = ControlSocket.start(ControlClient.socketOf(workspace, on.name()), commands.apply(this));
                }
                if (!readOnly) {
                    resyncs.startForStaleMembers();
                }
            } catch (IOException | RuntimeException e) {
                try {
                    close();
                } catch (IOException | RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }

        /** The control socket the other commands reach the mirror through, when serving has one. */
        public Optional<Path> controlSocket() {
            ControlSocket c = control;
            return c == null ? Optional.empty() : Optional.of(c.path());
        }

        /** The resyncs of members that came back, running in the background while clients use the mirror. */
        public BackgroundResync resyncs() {
            return resyncs;
        }

        /** The mirror as every other operation takes it, for work done while it is served. */
        public AssembledMirror mirror() {
            return on;
        }

        public ServedMirror served() {
            return served;
        }

        /** Where clients connect, as NBD URIs: the Unix socket's first, then TCP's. */
        public List<String> uris() {
            return served.uris();
        }

        /** The clients connected now, each with what it did since it connected. */
        public List<ServedClient> clients() {
            return served.clients();
        }

        @Override
        public void close() throws IOException {
            try {
                // first the commands of other processes (a running one stops at its next consistent
                // step), then the resyncs, so none copies while the last requests are answered and the
                // mirror flushed
                ControlSocket c = control;
                if (c != null) {
                    c.close();
                }
                resyncs.close();
                served.close();
            } finally {
                release.close();
            }
        }
    }
}
