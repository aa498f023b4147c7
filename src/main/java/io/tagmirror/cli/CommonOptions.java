package io.tagmirror.cli;

import io.tagmirror.workspace.Json;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command takes: which workspace, and whether to answer in JSON. */
public final class CommonOptions {
    @Option(names = "--workspace", paramLabel = "DIR",
            description = "workspace directory (default: $TAGMIRROR_WORKSPACE, else the user's data directory)")
    Path workspace;

    @Option(names = "--json", description = "print one JSON object on stdout")
    boolean json;

    Workspace openWorkspace() throws IOException {
        return Workspace.open(workspace != null ? workspace : Workspace.defaultDirectory());
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
