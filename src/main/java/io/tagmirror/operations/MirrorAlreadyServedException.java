package io.tagmirror.operations;

import com.fasterxml.jackson.databind.JsonNode;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.serve.ControlProtocol;
import io.tagmirror.workspace.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A mirror is served already, by another process whose control socket answers: serving it twice is
 * refused, naming that process and where its clients connect, rather than as a device in use.
 */
public final class MirrorAlreadyServedException extends TagMirrorException {
    private static final long serialVersionUID = 1L;

    private final transient OptionalLong process;
    private final String uri;

    private MirrorAlreadyServedException(String mirror, Path control, OptionalLong process, String uri) {
        super("mirror " + mirror + " is already served" + (process.isPresent() ? " by process " + process.getAsLong() : "")
                + (uri != null ? " at " + uri : "") + " (control socket " + control + "): connect clients there, or stop"
                + " that server first" + (process.isPresent() ? " (kill -TERM " + process.getAsLong() + ")" : ""));
        this.process = process;
        this.uri = uri;
    }

    /**
     * The refusal for serving {@code mirror} while {@code served} answers for it: asks that server for its
     * process and its first URI through its status; a server that does not say is still named by its socket.
     */
    static MirrorAlreadyServedException of(String mirror, ControlClient served) {
        OptionalLong process = OptionalLong.empty();
        String uri = null;
        try {
            ControlProtocol.Reply reply = served.run(List.of("mirror", "status", mirror, "--json"), TaskMonitor.NONE);
            JsonNode status = Json.MAPPER.readTree(reply.out()).path("served");
            if (status.path("pid").canConvertToLong()) {
                process = OptionalLong.of(status.path("pid").asLong());
            }
            if (status.path("uris").path(0).isTextual()) {
                uri = status.path("uris").path(0).asText();
            }
        } catch (IOException | RuntimeException unanswered) {
            // the refusal stands on the live socket alone
        }
        return new MirrorAlreadyServedException(mirror, served.socket(), process, uri);
    }

    /** The process that serves the mirror, when it said. */
    public OptionalLong process() {
        return process;
    }

    /** Where that server's clients connect (its Unix socket's URI), when it said. */
    public Optional<String> uri() {
        return Optional.ofNullable(uri);
    }
}
