package io.tagmirror.cli;

import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.operations.AssembledMirror;
import io.tagmirror.operations.ControlClient;
import io.tagmirror.serve.ControlProtocol;
import io.tagmirror.serve.ControlSocket;
import io.tagmirror.workspace.OpenMirror;
import io.tagmirror.workspace.Json;
import io.tagmirror.workspace.Workspace;
import io.tagmirror.workspace.WorkspaceLocation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** Options every command takes: which workspace, and whether to answer in JSON. */
public final class CommonOptions {
    @Option(names = "--workspace", paramLabel = "DIR",
            description = "workspace directory (default: $TAGMIRROR_WORKSPACE, else the user's data directory);"
                    + " only device create, mirror create and mirror import make one where there is none")
    Path workspace;

    @Option(names = "--json", description = "print one JSON object on stdout")
    boolean json;

    private final StopRequest stop;
    /** The mirror this process serves, when the command came through its control socket; else null. */
    private final HeldMirror held;
    private final ControlSocket.Session session;

    /** Options whose operations stop when {@code stop} is requested. */
    CommonOptions(StopRequest stop) {
        this(stop, null, null);
    }

    /** Options of a command run on {@code held}, the mirror this process serves, for a control socket's client. */
    CommonOptions(StopRequest stop, HeldMirror held, ControlSocket.Session session) {
        this.stop = stop;
        this.held = held;
        this.session = session;
    }

    /** The administrator's request to stop, for a command that runs until asked to end. */
    StopRequest stopRequest() {
        return stop;
    }

    /** The progress display of one operation, through which it also learns of a request to stop. */
    TerminalProgress progress() {
        return session != null ? new TerminalProgress(session) : new TerminalProgress(json, stop);
    }

    /** The mirror this process serves, when the command came through its control socket. */
    Optional<HeldMirror> held() {
        return Optional.ofNullable(held);
    }

    /** What a command does on its mirror, given its workspace and the mirror as {@link #mirror} gives it. */
    @FunctionalInterface
    interface MirrorWork {
        int run(Workspace ws, CommandMirror mirror) throws Exception;
    }

    /**
     * Runs a command on mirror {@code name}: when another process serves it, there, through that
     * process's control socket (as {@link #runWhereServed}); else {@code work} on the mirror this process
     * serves or opens for it (read-only devices when {@code readOnly}), closed after it. Returns the
     * command's exit code.
     */
    int onMirror(String name, CommandSpec spec, boolean readOnly, MirrorWork work) throws Exception {
        try (Workspace ws = openWorkspace()) {
            Integer served = runWhereServed(ws, name, spec);
            if (served != null) {
                return served;
            }
            try (CommandMirror cm = mirror(ws, name, readOnly)) {
                return work.run(ws, cm);
            }
        }
    }

    /**
     * When another process serves mirror {@code name}, runs this command line there, through its
     * control socket, prints what it printed and returns its exit code; else null, and the command
     * opens the mirror itself.
     */
    Integer runWhereServed(Workspace ws, String name, CommandSpec spec) throws IOException {
        if (held != null) {
            return null;
        }
        Optional<ControlClient> served = ControlClient.find(ws, name);
        if (served.isEmpty()) {
            return null;
        }
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        TerminalProgress progress = progress();
        ControlProtocol.Reply reply;
        try {
            reply = served.get().run(args, progress);
        } finally {
            progress.finish();
        }
        spec.commandLine().getOut().print(reply.out());
        spec.commandLine().getOut().flush();
        spec.commandLine().getErr().print(reply.err());
        spec.commandLine().getErr().flush();
        return reply.exitCode();
    }

    /**
     * The mirror {@code name} for this command: the one this process serves when it is that one, else
     * opened from the workspace (read-only devices when {@code readOnly}).
     */
    CommandMirror mirror(Workspace ws, String name, boolean readOnly) throws IOException {
        if (held != null && held.name().equals(name)) {
            return CommandMirror.served(held.on(ws));
        }
        OpenMirror om = OpenMirror.open(ws, name, DurabilityMode.POWER_SAFE, readOnly);
        try {
            return CommandMirror.opened(AssembledMirror.of(ws, om), om);
        } catch (IOException | RuntimeException e) {
            om.close();
            throw e;
        }
    }

    /**
     * Opens the workspace, which must exist: a command that reads or changes what a workspace knows
     * refuses a mistyped path rather than make an empty workspace there and report it empty.
     */
    Workspace openWorkspace() throws IOException {
        if (held != null) {
            // the serving process's own workspace, whatever --workspace the client was given
            return Workspace.open(held.workspaceDirectory());
        }
        WorkspaceLocation at = location();
        Path dir = at.directory();
        if (!Workspace.exists(dir)) {
            String where = switch (at.source()) {
                case OPTION -> "--workspace " + workspace;
                case ENVIRONMENT -> "$" + Workspace.ENVIRONMENT_VARIABLE + " (" + dir + ")";
                case LAST_USED, DEFAULT -> "the default workspace " + dir;
            };
            throw new TagMirrorException("no workspace at " + where + ": check the path; 'device create',"
                    + " 'mirror create' and 'mirror import DIR' make a workspace where there is none");
        }
        return Workspace.open(dir);
    }

    /** Opens the workspace, making it when missing: for the commands that add devices or mirrors to it. */
    Workspace openOrCreateWorkspace() throws IOException {
        return Workspace.open(location().directory());
    }

    /** The order both faces follow; the command line remembers no workspace, so it has no "used last". */
    private WorkspaceLocation location() {
        return WorkspaceLocation.resolve(workspace, Optional.empty());
    }

    /** Prints {@code value} as JSON when asked, else the text. */
    void print(PrintWriter out, Object value, String text) throws IOException {
        if (json) {
            out.println(Json.MAPPER.writeValueAsString(value));
        } else {
            out.println(text);
        }
        out.flush();
    }
}
