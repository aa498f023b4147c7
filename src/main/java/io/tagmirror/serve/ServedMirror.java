package io.tagmirror.serve;

import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorState;
import io.tagmirror.engine.TagMirrorException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A mirror served over NBD: its listeners, its export and the clients connected now. The seam the rest
 * of the serving process hooks into: a control socket beside the NBD socket, the console's list of
 * clients and rates. The mirror stays its opener's: closing this stops serving and flushes, and the
 * opener closes the mirror after.
 *
 * <p>Threads: one accepting thread per listener, and per client a reading thread and a writer thread;
 * one flush thread for the mirror. Every method is safe from any thread.
 */
public final class ServedMirror implements AutoCloseable {
    /** What all requests read and not yet answered may hold: the heap stays bounded whatever clients send. */
    static final long SERVER_BUDGET = 128L << 20;
    /**
     * One client's part of it: a quarter, which is one request of the largest size clients are told of
     * (a larger one is refused), so up to three clients that never read their replies hold at most three
     * quarters and a fourth is still served, its largest requests too. A client that stops reading then
     * stalls only itself. (Half, as it was, let two such clients hold all of it.)
     */
    static final long CONNECTION_BUDGET = SERVER_BUDGET / 4;
    /** More clients than this are turned away (their connection is closed at once). */
    static final int MAX_CLIENTS = 256;
    private static final long STOP_GRACE_SECONDS = 30;

    /**
     * Told of each client as it connects (before its handshake) and as it leaves, with what it did:
     * what a service logs. Called on the accepting and the client's threads with this server locked,
     * so a client's leaving is never told before its connecting; it must only hand the news on.
     */
    public interface ClientListener {
        void connected(ServedClient client);

        void left(ServedClient client);
    }

    private final Mirror mirror;
    private final ServeSettings settings;
    private final Export export;
    private final InFlightBudget budget;
    private final long connectionBudget;
    private final List<ServerSocketChannel> listeners = new ArrayList<>();
    private final List<Thread> acceptors = new ArrayList<>();
    private final List<ClientConnection> clients = new ArrayList<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final List<ClientListener> clientListeners = new CopyOnWriteArrayList<>();
    private InetSocketAddress tcpBound;
    /** Whether the socket file is this server's: only then is it removed on close. */
    private volatile boolean ownsSocket;
    private volatile boolean closing;
    private boolean closed;

    private ServedMirror(Mirror mirror, ServeSettings settings, long serverBudget, long connectionBudget) throws IOException {
        this.mirror = mirror;
        this.settings = settings;
        // Reads are spread over the members only when they agree everywhere: entries an earlier crash
        // left name blocks that may differ, and two reads of one block must never disagree.
        this.export = new Export(mirror, settings.readOnly(), mirror.state() == MirrorState.IN_SYNC);
        this.budget = new InFlightBudget(serverBudget);
        this.connectionBudget = connectionBudget;
    }

    /** Starts serving {@code mirror}; refused, with nothing listening, when an address cannot be used. */
    public static ServedMirror start(Mirror mirror, ServeSettings settings) throws IOException {
        return start(mirror, settings, SERVER_BUDGET, CONNECTION_BUDGET);
    }

    static ServedMirror start(Mirror mirror, ServeSettings settings, long serverBudget, long connectionBudget)
            throws IOException {
        InetSocketAddress tcp = settings.tcpOrNull();
        if (tcp != null && !tcp.isUnresolved() && !tcp.getAddress().isLoopbackAddress()
                && settings.tlsOrNull() == null && !settings.insecureListen()) {
            throw new TagMirrorException("--listen " + hostPort(tcp) + " is not a loopback address: give --tls-cert and"
                    + " --tls-key so clients are served over TLS, or --insecure-listen to serve the mirror unencrypted"
                    + " to the network");
        }
        if (tcp != null && tcp.isUnresolved()) {
            throw new TagMirrorException("--listen: cannot resolve host " + tcp.getHostString());
        }
        ServedMirror served = new ServedMirror(mirror, settings, serverBudget, connectionBudget);
        try {
            served.listen();
        } catch (IOException | RuntimeException e) {
            served.closeListeners();
            try {
                served.export.close();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            throw e;
        }
        return served;
    }

    private void listen() throws IOException {
        ServerSocketChannel unix = UnixSocketFile.bind(settings.unixSocket());
        listeners.add(unix);
        ownsSocket = true;
        if (settings.tcpOrNull() != null) {
            ServerSocketChannel tcp = ServerSocketChannel.open();
            listeners.add(tcp);
            try {
                tcp.bind(settings.tcpOrNull());
            } catch (IOException e) {
                throw new TagMirrorException("cannot listen on " + hostPort(settings.tcpOrNull()) + ": " + e.getMessage()
                        + "; is another NBD server on that port? give another with --listen HOST:PORT", e);
            }
            tcpBound = (InetSocketAddress) tcp.getLocalAddress();
        }
        for (ServerSocketChannel l : listeners) {
            Thread t = new Thread(() -> accept(l), "nbd-accept-" + (l == unix ? "unix" : "tcp"));
            t.setDaemon(true);
            acceptors.add(t);
            t.start();
        }
    }

    private void accept(ServerSocketChannel listener) {
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
            admit(channel);
        }
    }

    private void admit(SocketChannel channel) {
        String remote;
        try {
            SocketAddress a = channel.getRemoteAddress();
            remote = a instanceof InetSocketAddress inet ? hostPort(inet) : "unix socket";
            if (a instanceof InetSocketAddress) {
                channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            }
        } catch (IOException e) {
            closeQuietly(channel);
            return;
        }
        synchronized (this) {
            if (closing || clients.size() >= MAX_CLIENTS) {
                closeQuietly(channel);
                return;
            }
            ClientConnection c = new ClientConnection(nextId.getAndIncrement(), channel, remote, this, connectionBudget);
            Thread t = new Thread(c, "nbd-client-" + c.id());
            t.setDaemon(true);
            clients.add(c);
            ServedClient joined = c.snapshot();
            for (ClientListener l : clientListeners) {
                l.connected(joined);
            }
            t.start();
        }
    }

    /** Called by a connection's thread as it ends. */
    synchronized void ended(ClientConnection c) {
        clients.remove(c);
        ServedClient gone = c.snapshot();
        for (ClientListener l : clientListeners) {
            l.left(gone);
        }
        notifyAll();
    }

    /**
     * Tells {@code listener} of every client that connects or leaves from now on; returns the clients
     * connected now, which it was not told of.
     */
    public synchronized List<ServedClient> watchClients(ClientListener listener) {
        clientListeners.add(listener);
        return clients();
    }

    Export export() {
        return export;
    }

    TlsCredentials tls() {
        return settings.tlsOrNull();
    }

    InFlightBudget budget() {
        return budget;
    }

    /** The mirror served. */
    public Mirror mirror() {
        return mirror;
    }

    public ServeSettings settings() {
        return settings;
    }

    /** The Unix socket clients connect to. */
    public Path socket() {
        return settings.unixSocket();
    }

    /** The TCP address listened on, with the port the system gave when port 0 was asked for. */
    public Optional<InetSocketAddress> tcpAddress() {
        return Optional.ofNullable(tcpBound);
    }

    /** The URIs a client uses, as libnbd's tools and QEMU take them: the Unix socket's first. */
    public List<String> uris() {
        boolean tls = settings.tlsOrNull() != null;
        List<String> out = new ArrayList<>();
        out.add((tls ? "nbds+unix" : "nbd+unix") + ":///" + mirror.name() + "?socket=" + settings.unixSocket().toAbsolutePath());
        if (tcpBound != null) {
            out.add((tls ? "nbds" : "nbd") + "://" + hostPort(tcpBound) + "/" + mirror.name());
        }
        return out;
    }

    /** The clients connected now, with their counters. */
    public synchronized List<ServedClient> clients() {
        List<ServedClient> out = new ArrayList<>();
        for (ClientConnection c : clients) {
            out.add(c.snapshot());
        }
        return out;
    }

    /** Bytes that requests read and not yet answered hold now, over all clients. */
    public long heldBytes() {
        return budget.held();
    }

    /**
     * Stops serving: no new clients; every client's requests in flight are answered (a client that
     * does not take its replies within a grace period is dropped); then the mirror is flushed and the
     * socket removed. The mirror itself stays open for its opener to close.
     */
    @Override
    public void close() throws IOException {
        List<ClientConnection> connected;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            closing = true;
            connected = new ArrayList<>(clients);
        }
        closeListeners();
        for (ClientConnection c : connected) {
            c.stopReading();
        }
        boolean interrupted = false;
        try {
            if (!awaitClients(TimeUnit.SECONDS.toNanos(STOP_GRACE_SECONDS))) {
                synchronized (this) {
                    for (ClientConnection c : clients) {
                        c.drop();
                    }
                }
                awaitClients(TimeUnit.SECONDS.toNanos(STOP_GRACE_SECONDS));
            }
            export.close();
        } catch (InterruptedException e) {
            interrupted = true;
        }
        try {
            if (!settings.readOnly()) {
                mirror.flush();
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private synchronized boolean awaitClients(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        while (!clients.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    private void closeListeners() {
        for (ServerSocketChannel l : listeners) {
            closeQuietly(l);
        }
        for (Thread t : acceptors) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (ownsSocket) {
            try {
                Files.deleteIfExists(settings.unixSocket());
            } catch (IOException ignored) {
                // a socket left behind is cleaned by the next server
            }
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing is all that was left
        }
    }

    static String hostPort(InetSocketAddress a) {
        String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
