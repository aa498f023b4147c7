package io.tagmirror.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tagmirror.engine.TagMirrorException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The control socket's protocol: JSON objects, one a line, over a Unix socket.
 *
 * <pre>
 * client: {"args": ["compare", "vol1", "--json"]}        the command line to run, as typed
 * server: {"progress": {"phase": "...", "done": 3, "total": 10}}   zero or more, while it runs
 * client: {"cancel": true}                                 at any time: stop at the next consistent step
 * server: {"result": {"out": "...", "err": "...", "exitCode": 0}}  last: what it printed and its exit code
 * </pre>
 *
 * A client that closes its end cancels its request. One request a connection.
 */
public final class ControlProtocol {
    /** A line longer than this is refused: a bad client cannot make the server hold more. */
    static final int MAX_LINE = 1 << 20;
    static final ObjectMapper JSON = new ObjectMapper();

    /** What a request printed on its standard output and error, and how it ended. */
    public record Reply(String out, String err, int exitCode) {
    }

    private ControlProtocol() {
    }

    static byte[] line(JsonNode message) throws IOException {
        byte[] text = JSON.writeValueAsBytes(message);
        byte[] line = new byte[text.length + 1];
        System.arraycopy(text, 0, line, 0, text.length);
        line[text.length] = '\n';
        return line;
    }

    /** The request line for a command line. */
    public static byte[] request(List<String> args) throws IOException {
        ObjectNode m = JSON.createObjectNode();
        m.putArray("args").addAll(args.stream().map(a -> (JsonNode) JSON.getNodeFactory().textNode(a)).toList());
        return line(m);
    }

    /** The line that cancels the running request. */
    public static byte[] cancel() throws IOException {
        ObjectNode m = JSON.createObjectNode();
        m.put("cancel", true);
        return line(m);
    }

    static byte[] progress(String phase, long done, long total) throws IOException {
        ObjectNode m = JSON.createObjectNode();
        ObjectNode p = m.putObject("progress");
        p.put("phase", phase);
        p.put("done", done);
        p.put("total", total);
        return line(m);
    }

    static byte[] result(Reply reply) throws IOException {
        ObjectNode m = JSON.createObjectNode();
        ObjectNode r = m.putObject("result");
        r.put("out", reply.out());
        r.put("err", reply.err());
        r.put("exitCode", reply.exitCode());
        return line(m);
    }

    static List<String> args(JsonNode request) throws TagMirrorException {
        JsonNode args = request.get("args");
        if (args == null || !args.isArray() || args.isEmpty()) {
            throw new TagMirrorException("a control request names the command line to run: {\"args\": [...]}");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode a : args) {
            if (!a.isTextual()) {
                throw new TagMirrorException("a control request's args are strings");
            }
            out.add(a.asText());
        }
        return out;
    }

    /** Parses one line; a line that is not a JSON object is refused. */
    public static JsonNode parse(byte[] line) throws TagMirrorException {
        try {
            JsonNode node = JSON.readTree(line);
            if (node == null || !node.isObject()) {
                throw new TagMirrorException("a control message is one JSON object a line");
            }
            return node;
        } catch (IOException e) {
            throw new TagMirrorException("a control message is not JSON: " + e.getMessage());
        }
    }

    /** The reply a result line carries. */
    public static Reply reply(JsonNode result) {
        return new Reply(result.path("out").asText(""), result.path("err").asText(""), result.path("exitCode").asInt(1));
    }

    /** Splits what a channel delivers into lines, each at most {@link #MAX_LINE} bytes. */
    public static final class LineReader {
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private final ByteBuffer buffer = ByteBuffer.allocate(8192);
        private final List<byte[]> lines = new ArrayList<>();
        private boolean ended;

        /**
         * Reads what the channel has (blocking or not, as it is configured) and returns the complete
         * lines, empty when none is complete yet; {@link #ended()} says when the other end closed.
         */
        public List<byte[]> read(SocketChannel channel) throws IOException {
            lines.clear();
            buffer.clear();
            int n = channel.read(buffer);
            if (n < 0) {
                ended = true;
                return List.of();
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                byte b = buffer.get();
                if (b == '\n') {
                    lines.add(pending.toByteArray());
                    pending.reset();
                } else if (pending.size() == MAX_LINE) {
                    throw new TagMirrorException("a control message is longer than " + MAX_LINE + " bytes");
                } else {
                    pending.write(b);
                }
            }
            return List.copyOf(lines);
        }

        public boolean ended() {
            return ended;
        }
    }

    /** Writes all of {@code bytes}. */
    public static void write(SocketChannel channel, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }
}
