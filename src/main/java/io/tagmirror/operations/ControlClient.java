package io.tagmirror.operations;

import com.fasterxml.jackson.databind.JsonNode;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.serve.ControlProtocol;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The other end of a served mirror's control socket: runs a command line in the process that serves
 * the mirror, which holds its devices, and hands back what it printed and its exit code, with its
 * progress as it goes and a cancel when the monitor asks for one. Both faces use it.
 */
public final class ControlClient {
    /** How often a waiting request looks at its monitor for a cancel. */
    private static final long POLL_MILLIS = 100;

    private final Path socket;

    private ControlClient(Path socket) {
        this.socket = socket;
    }

    /** Where the control socket of mirror {@code mirror} is: {@code run/NAME.ctl} in the workspace. */
    public static Path socketOf(Workspace workspace, String mirror) {
        return workspace.directory().resolve("run").resolve(mirror + ".ctl");
    }

    /**
     * The control socket of mirror {@code mirror} when a live server listens on it; empty when the
     * mirror is not served (no socket, or one a server that died left behind).
     */
    public static Optional<ControlClient> find(Workspace workspace, String mirror) {
        Path path = socketOf(workspace, mirror);
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            return Optional.of(new ControlClient(path));
        } catch (IOException | RuntimeException notServed) {
            return Optional.empty();
        }
    }

    public Path socket() {
        return socket;
    }

    /**
     * Runs {@code args} (a command line, as typed after {@code tagmirror}) in the serving process;
     * progress goes to {@code monitor}, and its cancel is passed on. Refused when the server went away
     * before it answered.
     */
    public ControlProtocol.Reply run(List<String> args, TaskMonitor monitor) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                throw new TagMirrorException("the process serving the mirror does not answer on " + socket + " ("
                        + e.getMessage() + "); is it still running?", e);
            }
            ControlProtocol.write(channel, ControlProtocol.request(args));
            channel.configureBlocking(false);
            boolean cancelSent = false;
            ControlProtocol.LineReader reader = new ControlProtocol.LineReader();
            try (Selector selector = Selector.open()) {
                channel.register(selector, SelectionKey.OP_READ);
                while (true) {
                    if (!cancelSent && monitor.isCancelled()) {
                        // a few bytes: the socket's buffer takes them even without blocking
                        ControlProtocol.write(channel, ControlProtocol.cancel());
                        cancelSent = true;
                    }
                    selector.select(POLL_MILLIS);
                    selector.selectedKeys().clear();
                    for (byte[] line : reader.read(channel)) {
                        JsonNode message = ControlProtocol.parse(line);
                        if (message.has("result")) {
                            return ControlProtocol.reply(message.get("result"));
                        }
                        JsonNode p = message.get("progress");
                        if (p != null) {
                            monitor.progress(p.path("phase").asText(), p.path("done").asLong(), p.path("total").asLong());
                        }
                    }
                    if (reader.ended()) {
                        throw new TagMirrorException("the process serving the mirror closed the control socket " + socket
                                + " before it answered; see its output");
                    }
                }
            }
        }
    }
}
