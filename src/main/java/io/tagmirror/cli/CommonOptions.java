package io.tagmirror.cli;

import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.workspace.Json;
import io.tagmirror.workspace.Workspace;
import io.tagmirror.workspace.WorkspaceLocation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
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

    /** Options whose operations stop when {@code stop} is requested. */
    CommonOptions(StopRequest stop) {
        this.stop = stop;
    }

    /** The administrator's request to stop, for a command that runs until asked to end. */
    StopRequest stopRequest() {
        return stop;
    }

    /** The progress display of one operation, through which it also learns of a request to stop. */
    TerminalProgress progress() {
        return new TerminalProgress(json, stop);
    }

    /**
     * Opens the workspace, which must exist: a command that reads or changes what a workspace knows
     * refuses a mistyped path rather than make an empty workspace there and report it empty.
     */
    Workspace openWorkspace() throws IOException {
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
