package io.tagmirror.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.tagmirror.engine.TagMirrorException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The control socket of a served mirror ({@code run/NAME.ctl} beside its NBD socket, owner-only): the
 * way the other commands reach the mirror while this process holds it, as {@code drbdadm} reaches its
 * daemon. Each connection carries one command line ({@link ControlProtocol}); the {@link Handler} runs
 * it against the mirror held here, its progress goes back as it happens, and the client may cancel it.
 *
 * <p>Threads: one accepting thread; per connection, one running the request and one watching the
 * connection for a cancel or its end. {@link #close} stops accepting, cancels what runs and waits.
 */
public final class ControlSocket implements AutoCloseable {

    /** What a request can tell and ask of the connection while it runs. */
    public interface Session {
        /** Sends progress to the client; cheap, and never fails the request. */
        void progress(String phase, long done, long total);

        /** Whether the client asked to stop, or went away. */
        boolean cancelled();
    }

    /** Runs one command line against the mirror this process serves. */
    @FunctionalInterface
    public interface Handler {
        ControlProtocol.Reply handle(List<String> args, Session session);
    }

    private final Path path;
    private final Handler handler;
    private final ServerSocketChannel listener;
    private final Thread acceptor;
    private final List<Connection> connections = new ArrayList<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private volatile boolean closing;

    private ControlSocket(Path path, Handler handler, ServerSocketChannel listener) {
        this.path = path;
        this.handler = handler;
        this.listener = listener;
        this.acceptor = new Thread(this::accept, "control-accept");
        acceptor.setDaemon(true);
    }

    /**
     * Listens on {@code path} (mode 0600; a socket a live server holds is refused, a stale one is removed
     * first) and answers requests with {@code handler}.
     */
    public static ControlSocket start(Path path, Handler handler) throws IOException {
        ControlSocket socket = new ControlSocket(path, handler, UnixSocketFile.bind(path));
        socket.acceptor.start();
        return socket;
    }

    public Path path() {
        return path;
    }

    private void accept() {
        while (!closing) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (ClosedChannelException stopped) {
                return;
            } catch (IOException e) {
                if (closing) {
                    return;
                }
                continue;
            }
            Connection c = new Connection(nextId.getAndIncrement(), channel);
            synchronized (this) {
                if (closing) {
                    c.closeQuietly();
                    return;
                }
                connections.add(c);
            }
            c.start();
        }
    }

    private synchronized void ended(Connection c) {
        connections.remove(c);
        notifyAll();
    }

    /** One client's request: read, run, answer. */
    private final class Connection implements Session {
        private final long id;
        private final SocketChannel channel;
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private final Object writing = new Object();
        private final Thread runner;

        Connection(long id, SocketChannel channel) {
            this.id = id;
            this.channel = channel;
            this.runner = new Thread(this::run, "control-" + id);
            runner.setDaemon(true);
        }

        void start() {
            runner.start();
        }

        private void run() {
            try {
                ControlProtocol.LineReader reader = new ControlProtocol.LineReader();
                List<byte[]> lines = List.of();
                while (lines.isEmpty() && !reader.ended()) {
                    lines = reader.read(channel);
                }
                if (lines.isEmpty()) {
                    return;
                }
                ControlProtocol.Reply reply;
                try {
                    List<String> args = ControlProtocol.args(ControlProtocol.parse(lines.get(0)));
                    watchForCancel(reader, lines.subList(1, lines.size()));
                    reply = handler.handle(args, this);
                } catch (TagMirrorException e) {
                    reply = new ControlProtocol.Reply("", "tagmirror: " + e.getMessage() + "\n", 2);
                }
                send(ControlProtocol.result(reply));
            } catch (IOException | RuntimeException e) {
                // the client went away or sent garbage: nothing more to tell it
            } finally {
                cancelled.set(true);
                closeQuietly();
                ended(this);
            }
        }

        /** Watches the rest of the connection: a cancel line, or the client going away, stops the request. */
        private void watchForCancel(ControlProtocol.LineReader reader, List<byte[]> already) {
            if (already.stream().anyMatch(this::isCancel)) {
                cancelled.set(true);
                return;
            }
            Thread watcher = new Thread(() -> {
                try {
                    while (!cancelled.get()) {
                        List<byte[]> more = reader.read(channel);
                        if (reader.ended() || more.stream().anyMatch(this::isCancel)) {
                            cancelled.set(true);
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    cancelled.set(true);
                }
            }, "control-" + id + "-watch");
            watcher.setDaemon(true);
            watcher.start();
        }

        private boolean isCancel(byte[] line) {
            try {
                JsonNode m = ControlProtocol.parse(line);
                return m.path("cancel").asBoolean(false);
            } catch (TagMirrorException e) {
                return false;
            }
        }

        private void send(byte[] line) throws IOException {
            synchronized (writing) {
                ControlProtocol.write(channel, line);
            }
        }

        @Override
        public void progress(String phase, long done, long total) {
            try {
                send(ControlProtocol.progress(phase, done, total));
            } catch (IOException e) {
                cancelled.set(true); // the client is gone
            }
        }

        @Override
        public boolean cancelled() {
            return cancelled.get() || closing;
        }

        void cancel() {
            cancelled.set(true);
        }

        void closeQuietly() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing is all that was left
            }
        }
    }

    /** Stops accepting, cancels the requests running (they stop at their next consistent step) and waits for them. */
    @Override
    public void close() {
        List<Connection> running;
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
            running = new ArrayList<>(connections);
        }
        try {
            listener.close();
        } catch (IOException ignored) {
            // the socket file is removed below all the same
        }
        for (Connection c : running) {
            c.cancel();
        }
        boolean interrupted = false;
        try {
            acceptor.join(TimeUnit.SECONDS.toMillis(5));
            synchronized (this) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!connections.isEmpty() && System.nanoTime() < deadline) {
                    TimeUnit.NANOSECONDS.timedWait(this, deadline - System.nanoTime());
                }
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a socket left behind is cleaned by the next server
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
